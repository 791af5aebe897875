// Client API, servers (legacy docs page client/servers).
// Statements say what a stock v0.7.19 panel MUST do. The daemon-status behaviours set the simulated
// daemon through the mock's control surface and restore the seed state afterwards.
// Those marked SHARED_PROFILES hold for a stock v1.11.8 panel too (the subuser and validation ones, with the
// permission names per profile). The rest are 0.7's: utilization is `resources` on 1.x, the list's ?filter=
// became ?type= with 50 a page, the server object, the unknown-identifier answer (1.x: 404), the daemon
// answers (Wings, 502 for a stopped server) and the seed-driven daemon states differ.
import { unavailable, violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import { readYamlFile } from '../../harness/parsed-yaml-cache.ts';
import type { KeyRole } from '../../harness/run-config.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';
import { ABSENT_IDENTIFIER } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { perProfile, SHARED_PROFILES } from '../support/per-profile.ts';
import { discoverClient } from '../support/discovery.ts';
import type { ExchangeAssertion } from '../support/expect-conformance.ts';
import { legacyOperations, notRoutedStatement } from '../../harness/legacy-claims.ts';
import { expectNotRouted } from '../support/not-routed.ts';
import type { Session } from '../support/session.ts';

const owner = ['client' as const];
/**
 * The subuser permissions the command and power routes ask for: 0.7's send-command and power-<signal>;
 * 1.x's control.console and control.start|stop|restart, stop also for kill, `__invalid` for anything else
 * (v1.11.8:app/Http/Requests/Api/Client/Servers/SendCommandRequest.php#L13-L16, v1.11.8:app/Http/Requests/Api/Client/Servers/SendPowerRequest.php#L13-L26).
 */
const COMMAND_PERMISSION = perProfile({ 'v0.7.19': 'send-command', 'v1.11': 'control.console' });
const POWER_PERMISSION = perProfile({ 'v0.7.19': 'power-<signal>', 'v1.11': 'control.<start|stop|restart>' });
const PER_PAGE = 15;
const SIGNALS = ['stop', 'kill', 'start', 'restart'] as const; // ends with the server running
const HARMLESS_COMMAND = 'help';

type Item = { object: string; attributes: Record<string, unknown> };

/** Every page of GET /api/client for a key and filter (bounded), with the first page's answer. */
async function listAll(s: Session, as: KeyRole, filter?: string): Promise<{ first: ExchangeAssertion; items: Item[] }> {
  const query: Record<string, string | number> = filter === undefined ? {} : { filter };
  const first = (await call(s, 'listClientServers', { query, as })).status(200);
  first.paginated({ perPage: PER_PAGE, page: 1 });
  const items: Item[] = [...first.json.data];
  const pages = Math.min(Number(first.json.meta.pagination.total_pages), 20);
  for (let page = 2; page <= pages; page++) {
    const next = (await call(s, 'listClientServers', { query: { ...query, page }, as })).status(200);
    next.paginated({ perPage: PER_PAGE, page, total: first.json.meta.pagination.total });
    items.push(...next.json.data);
  }
  return { first, items };
}

function identifiers(items: Item[]): string[] {
  return items.map((i) => String(i.attributes['identifier'])).sort();
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The owned server's application-side ids (numeric id and node), found by its uuid on GET /api/application/servers. */
const ownedCache = new WeakMap<Session, Promise<{ id: number; node: number; identifier: string }>>();
function ownedServer(s: Session): Promise<{ id: number; node: number; identifier: string }> {
  let pending = ownedCache.get(s);
  if (!pending) {
    pending = (async () => {
      const { ownedIdentifier, ownedServerUuid } = await discoverClient(s);
      for (let page = 1; page <= 100; page++) {
        const list = (await call(s, 'listServers', { query: { page } })).status(200);
        const found = (list.json.data as Item[]).find((d) => d.attributes['uuid'] === ownedServerUuid);
        if (found) return { id: Number(found.attributes['id']), node: Number(found.attributes['node']), identifier: ownedIdentifier };
        if (page >= Number(list.json.meta.pagination.total_pages)) break;
      }
      violate(`the client's server ${ownedServerUuid} is not listed by GET /api/application/servers`, { kind: 'value' });
    })();
    ownedCache.set(s, pending);
  }
  return pending;
}

// The seed's simulated daemon (the profile's seed, fixtures/seed.yaml `daemon` for v0.7.19), the state mock-only behaviours restore.
let seedDaemon: { nodes: Record<string, { reachable: boolean }>; servers: Record<string, { state: string }> } | undefined;
function seed() {
  // Through the parse cache: a plain parse of the seed cost most of a second of the worker.
  seedDaemon ??= (readYamlFile(selectedProfile().seed) as { daemon: NonNullable<typeof seedDaemon> }).daemon;
  return seedDaemon;
}

function control(s: Session) {
  if (!s.control) unavailable('this behaviour needs the embedded mock');
  return s.control;
}

/** Runs `body` with the owned server's daemon in `state`, then restores the seed state. */
async function withServerState(s: Session, state: string, body: (identifier: string) => Promise<void>): Promise<void> {
  const { id, identifier } = await ownedServer(s);
  const restore = seed().servers[String(id)]?.state ?? 'running';
  await control(s).setServerState(id, state);
  try {
    await body(identifier);
  } finally {
    await control(s).setServerState(id, restore);
  }
}

/** Runs `body` with the owned server's node refusing connections, then restores the seed reachability. */
async function withNodeUnreachable(s: Session, body: (identifier: string) => Promise<void>): Promise<void> {
  const { node, identifier } = await ownedServer(s);
  const restore = seed().nodes[String(node)]?.reachable ?? true;
  await control(s).setNodeReachable(node, false);
  try {
    await body(identifier);
  } finally {
    await control(s).setNodeReachable(node, restore);
  }
}

function daemonText(status: number | 'E_CONN_REFUSED'): string {
  return `There was an exception while attempting to communicate with the daemon resulting in a HTTP/${status} response code. This exception has been logged.`;
}

function expectEmpty(answer: ExchangeAssertion): void {
  if (answer.exchange.response.rawBody !== '') violate(`expected an empty body, got ${answer.exchange.response.rawBody.length} bytes`, { kind: 'value' });
}

describe('GET /api/client', () => {
  conformance(
    'GET /api/client MUST answer a paginated list of 15 client servers per page with consistent pagination',
    { operation: 'listClientServers', behaviour: 'client.servers.list.pagination', effect: 'read', keys: owner },
    async (s) => {
      const { first } = await listAll(s, 'client');
      const pastEnd = Number(first.json.meta.pagination.total_pages) + 1;
      (await call(s, 'listClientServers', { query: { page: pastEnd } })).status(200).paginated({ perPage: PER_PAGE, page: pastEnd, total: first.json.meta.pagination.total });
    },
  );

  conformance(
    'GET /api/client MUST list the servers the user owns or sub-uses, server_owner telling them apart, and filter=owner only the owned ones',
    { operation: 'listClientServers', behaviour: 'client.servers.list.filter-owner', effect: 'read', keys: owner },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const all = (await listAll(s, 'client')).items;
      const owned = (await listAll(s, 'client', 'owner')).items;
      if (!identifiers(all).includes(ownedIdentifier)) violate(`the default list lacks the owned server ${ownedIdentifier}`, { kind: 'value' });
      const notOwned = owned.filter((i) => i.attributes['server_owner'] !== true);
      if (notOwned.length > 0) violate(`filter=owner lists servers with server_owner false: ${identifiers(notOwned).join(', ')}`, { kind: 'listing' });
      const ownedInDefault = all.filter((i) => i.attributes['server_owner'] === true);
      if (!sameSet(identifiers(ownedInDefault), identifiers(owned))) {
        violate(`filter=owner lists [${identifiers(owned).join(', ')}], the default list's owned servers are [${identifiers(ownedInDefault).join(', ')}]`, { kind: 'listing' });
      }
    },
  );

  conformance(
    'GET /api/client MUST treat filter=all, filter=admin and an unknown filter like the default (subuser-of) for a user who is not a root admin',
    { operation: 'listClientServers', behaviour: 'client.servers.list.filter-non-admin', effect: 'read', keys: owner },
    async (s) => {
      const base = identifiers((await listAll(s, 'client')).items);
      for (const filter of ['subuser-of', 'all', 'admin', 'ptero-conformance-unknown']) {
        const got = identifiers((await listAll(s, 'client', filter)).items);
        if (!sameSet(got, base)) violate(`filter=${filter} lists [${got.join(', ')}] instead of the default [${base.join(', ')}]`, { kind: 'listing' });
      }
    },
  );

  conformance(
    'GET /api/client MUST give a root admin every server with filter=all, and with filter=admin every server the admin neither owns nor sub-uses',
    { operation: 'listClientServers', behaviour: 'client.servers.list.filter-root-admin', effect: 'read', keys: ['client-root-admin', 'application'] },
    async (s) => {
      const every = (await call(s, 'listServers')).status(200).json.meta.pagination.total as number;
      const all = (await listAll(s, 'client-root-admin', 'all')).items;
      const admin = identifiers((await listAll(s, 'client-root-admin', 'admin')).items);
      const own = identifiers((await listAll(s, 'client-root-admin')).items);
      if (all.length !== every) violate(`filter=all lists ${all.length} servers; the panel has ${every}`, { kind: 'listing' });
      const overlap = admin.filter((i) => own.includes(i));
      if (overlap.length > 0) violate(`filter=admin lists servers the admin owns or sub-uses: ${overlap.join(', ')}`, { kind: 'listing' });
      const union = [...admin, ...own].sort();
      if (!sameSet(union, identifiers(all))) violate(`filter=admin [${admin.join(', ')}] plus the default [${own.join(', ')}] is not filter=all [${identifiers(all).join(', ')}]`, { kind: 'listing' });
    },
  );

  conformance(
    'GET /api/client MUST ignore include (the client server transformer has no includes)',
    { operation: 'listClientServers', behaviour: 'client.servers.list.include-ignored', effect: 'read', keys: owner },
    async (s) => {
      const answer = (await call(s, 'listClientServers', { query: { include: 'egg,subusers' } })).status(200);
      answer.include('egg', 'absent').include('subusers', 'absent');
    },
  );
});

describe('GET /api/client/servers/{server}', () => {
  conformance(
    "GET /api/client/servers/{server} MUST answer the owner's client server object with server_owner true and no suspended or installed flag",
    { operation: 'getClientServer', behaviour: 'client.servers.view.owner', effect: 'read', keys: owner },
    async (s) => {
      const { ownedIdentifier, ownedServerUuid } = await discoverClient(s);
      const answer = (await call(s, 'getClientServer', { params: { server: ownedIdentifier } })).status(200);
      const a = answer.json.attributes as Record<string, unknown>;
      if (answer.json.object !== 'server') violate(`object is ${JSON.stringify(answer.json.object)}, expected "server"`, { kind: 'value' });
      if (a['server_owner'] !== true) violate(`server_owner is ${JSON.stringify(a['server_owner'])} for the owner`, { kind: 'value' });
      if (a['identifier'] !== ownedIdentifier || a['uuid'] !== ownedServerUuid) violate(`asked for ${ownedIdentifier}, got ${String(a['identifier'])} (${String(a['uuid'])})`, { kind: 'value' });
      const leaked = ['suspended', 'installed', 'relationships'].filter((k) => k in a);
      if (leaked.length > 0) violate(`the client server object exposes ${leaked.join(', ')}`, { kind: 'value' });
      const listed = (await listAll(s, 'client')).items.find((i) => i.attributes['identifier'] === ownedIdentifier);
      if (JSON.stringify(listed?.attributes) !== JSON.stringify(a)) violate('the view differs from the same server in GET /api/client', { kind: 'value' });
    },
  );

  conformance(
    'GET /api/client/servers/{server} MUST answer a subuser with server_owner false',
    { operation: 'getClientServer', behaviour: 'client.servers.view.subuser', effect: 'read', keys: ['client', 'client-subuser-limited'], profiles: SHARED_PROFILES },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const answer = (await call(s, 'getClientServer', { params: { server: ownedIdentifier }, as: 'client-subuser-limited' })).status(200);
      if (answer.json.attributes.server_owner !== false) violate(`server_owner is ${JSON.stringify(answer.json.attributes.server_owner)} for a subuser`, { kind: 'value' });
    },
  );

  conformance(
    'GET /api/client/servers/{server} MUST answer a root admin who does not own the server, with server_owner false',
    { operation: 'getClientServer', behaviour: 'client.servers.view.root-admin', effect: 'read', keys: ['client', 'client-root-admin'], profiles: SHARED_PROFILES },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const answer = (await call(s, 'getClientServer', { params: { server: ownedIdentifier }, as: 'client-root-admin' })).status(200);
      if (answer.json.attributes.server_owner !== false) violate(`server_owner is ${JSON.stringify(answer.json.attributes.server_owner)} for a root admin who does not own it`, { kind: 'value' });
    },
  );

  conformance(
    'GET /api/client/servers/{server} MUST answer 404 NotFoundHttpException, with the rate-limit headers, to a user who neither owns, sub-uses nor administers the server',
    { operation: 'getClientServer', behaviour: 'client.servers.view.stranger', effect: 'read', keys: ['client', 'client-stranger'] },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      (await call(s, 'getClientServer', { params: { server: ownedIdentifier }, as: 'client-stranger' })).error({ code: 'NotFoundHttpException', status: 404 }).rateLimitHeaders(60);
    },
  );

  conformance(
    'GET /api/client/servers/{server} MUST answer 500 FatalThrowableError (not 404), with the rate-limit headers, for an identifier that matches no server',
    { operation: 'getClientServer', behaviour: 'client.servers.view.unknown-identifier', provokes: 'server-error', effect: 'read', keys: owner },
    async (s) => {
      (await call(s, 'getClientServer', { params: { server: ABSENT_IDENTIFIER } })).error({ code: 'FatalThrowableError', status: 500 }).rateLimitHeaders(60);
    },
  );
});

describe('GET /api/client and GET /api/client/servers/{server} without the daemon', () => {
  conformance(
    'GET /api/client/servers/{server} and GET /api/client MUST answer 200 for a suspended server and with its node unreachable (no daemon call)',
    { operation: 'getClientServer', behaviour: 'client.servers.view.no-daemon-call', effect: 'read', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      const check = async (identifier: string) => {
        (await call(s, 'getClientServer', { params: { server: identifier } })).status(200);
        const listed = identifiers((await listAll(s, 'client')).items);
        if (!listed.includes(identifier)) violate(`GET /api/client no longer lists ${identifier}`, { kind: 'state' });
      };
      await withServerState(s, 'suspended', check);
      await withNodeUnreachable(s, check);
    },
  );
});

describe('GET /api/client/servers/{server}/utilization', () => {
  conformance(
    "GET /api/client/servers/{server}/utilization MUST answer the live stats object with the server's limits, under the group's 60/min headers",
    { operation: 'getClientServerUtilization', behaviour: 'client.servers.utilization', effect: 'read', keys: owner },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const server = (await call(s, 'getClientServer', { params: { server: ownedIdentifier } })).status(200);
      const answer = (await call(s, 'getClientServerUtilization', { params: { server: ownedIdentifier } })).status(200).rateLimitHeaders(60);
      const stats = answer.json.attributes;
      const limits = server.json.attributes.limits;
      if (answer.json.object !== 'stats') violate(`object is ${JSON.stringify(answer.json.object)}, expected "stats"`, { kind: 'value' });
      if (!['on', 'off', 'starting', 'stopping'].includes(stats.state)) violate(`state ${JSON.stringify(stats.state)} is not on, off, starting or stopping`, { kind: 'value' });
      for (const [name, limit] of [['memory', limits.memory], ['cpu', limits.cpu], ['disk', limits.disk]] as const) {
        if (Number(stats[name].limit) !== Number(limit)) violate(`${name}.limit is ${stats[name].limit}, the server's limits.${name} is ${limit}`, { kind: 'value' });
      }
      if (!Array.isArray(stats.cpu.cores)) violate('cpu.cores is not an array', { kind: 'value' });
    },
  );

  conformance(
    'GET /api/client/servers/{server}/utilization MUST report state on for a running server',
    { operation: 'getClientServerUtilization', behaviour: 'client.servers.utilization.running', effect: 'read', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withServerState(s, 'running', async (identifier) => {
        const answer = (await call(s, 'getClientServerUtilization', { params: { server: identifier } })).status(200);
        if (answer.json.attributes.state !== 'on') violate(`state is ${JSON.stringify(answer.json.attributes.state)} for a running server`, { kind: 'value' });
      });
    },
  );

  conformance(
    'GET /api/client/servers/{server}/utilization MUST report state off for a stopped and for an installing server',
    { operation: 'getClientServerUtilization', behaviour: 'client.servers.utilization.off', effect: 'read', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      for (const state of ['stopped', 'installing']) {
        await withServerState(s, state, async (identifier) => {
          const answer = (await call(s, 'getClientServerUtilization', { params: { server: identifier } })).status(200);
          if (answer.json.attributes.state !== 'off') violate(`state is ${JSON.stringify(answer.json.attributes.state)} for a ${state} server`, { kind: 'value' });
        });
      }
    },
  );

  conformance(
    'GET /api/client/servers/{server}/utilization MUST answer 504 DaemonConnectionException naming HTTP/403 for a suspended server',
    { operation: 'getClientServerUtilization', behaviour: 'client.servers.utilization.suspended', provokes: 'server-error', effect: 'read', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withServerState(s, 'suspended', async (identifier) => {
        (await call(s, 'getClientServerUtilization', { params: { server: identifier } })).error({ code: 'DaemonConnectionException', status: 504, detail: daemonText(403) });
      });
    },
  );

  conformance(
    'GET /api/client/servers/{server}/utilization MUST answer 504 DaemonConnectionException naming HTTP/E_CONN_REFUSED when the node is unreachable',
    { operation: 'getClientServerUtilization', behaviour: 'client.servers.utilization.node-unreachable', provokes: 'server-error', effect: 'read', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withNodeUnreachable(s, async (identifier) => {
        (await call(s, 'getClientServerUtilization', { params: { server: identifier } })).error({ code: 'DaemonConnectionException', status: 504, detail: daemonText('E_CONN_REFUSED') });
      });
    },
  );

  conformance(
    'GET /api/client/servers/{server}/utilization MUST answer 404 to a stranger and 500 FatalThrowableError for an unknown identifier',
    { operation: 'getClientServerUtilization', behaviour: 'client.servers.utilization.access', provokes: 'server-error', effect: 'read', keys: ['client', 'client-stranger'] },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      (await call(s, 'getClientServerUtilization', { params: { server: ownedIdentifier }, as: 'client-stranger' })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'getClientServerUtilization', { params: { server: ABSENT_IDENTIFIER } })).error({ code: 'FatalThrowableError', status: 500 });
    },
  );
});

describe('POST /api/client/servers/{server}/command', () => {
  conformance(
    'POST /api/client/servers/{server}/command MUST answer 204 with an empty body for a running server',
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command', effect: 'destructive', keys: owner },
    async (s) => {
      const run = async (identifier: string) => expectEmpty((await call(s, 'sendClientServerCommand', { params: { server: identifier }, body: { command: HARMLESS_COMMAND } })).status(204));
      if (s.control) return withServerState(s, 'running', run);
      // A live panel: the behaviour needs the discovered server to be running; say so rather than report a 412.
      const { ownedIdentifier } = await discoverClient(s);
      const state = (await call(s, 'getClientServerUtilization', { params: { server: ownedIdentifier } })).status(200).json.attributes.state;
      if (state !== 'on') unavailable(`precondition: the server ${ownedIdentifier} must be running (its state is ${JSON.stringify(state)}); start it and run again`);
      await run(ownedIdentifier);
    },
  );

  conformance(
    'POST /api/client/servers/{server}/command MUST answer 422 required for a missing or empty command and string for a non-string one',
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command.validation', effect: 'write', keys: owner, profiles: SHARED_PROFILES },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const params = { server: ownedIdentifier };
      (await call(s, 'sendClientServerCommand', { params, body: {} })).validation({ code: 'required', field: 'command', detail: 'The command field is required.' });
      (await call(s, 'sendClientServerCommand', { params, body: { command: '' } })).validation({ code: 'required', field: 'command' });
      (await call(s, 'sendClientServerCommand', { params, body: { command: 123 } })).validation({ code: 'string', field: 'command', detail: 'The command must be a string.' });
    },
  );

  conformance(
    `POST /api/client/servers/{server}/command MUST let a subuser with ${COMMAND_PERMISSION} through the permission check (422 for a missing command, not 403)`,
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command.subuser', effect: 'write', keys: ['client', 'client-subuser-limited'], profiles: SHARED_PROFILES },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      (await call(s, 'sendClientServerCommand', { params: { server: ownedIdentifier }, body: {}, as: 'client-subuser-limited' })).validation({ code: 'required', field: 'command' });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/command MUST answer 404 to a stranger and 500 FatalThrowableError for an unknown identifier',
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command.access', provokes: 'server-error', effect: 'write', keys: ['client', 'client-stranger'] },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      (await call(s, 'sendClientServerCommand', { params: { server: ownedIdentifier }, body: {}, as: 'client-stranger' })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'sendClientServerCommand', { params: { server: ABSENT_IDENTIFIER }, body: {} })).error({ code: 'FatalThrowableError', status: 500 });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/command MUST answer 412 PreconditionFailedHttpException when the server is stopped',
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command.stopped', effect: 'destructive', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withServerState(s, 'stopped', async (identifier) => {
        const answer = (await call(s, 'sendClientServerCommand', { params: { server: identifier }, body: { command: HARMLESS_COMMAND } })).error({ code: 'PreconditionFailedHttpException', status: 412 });
        const error = answer.json.errors[0];
        if (error.source !== undefined && error.detail !== 'Server is not online.') violate(`debug detail is ${JSON.stringify(error.detail)}, expected "Server is not online."`, { kind: 'value' });
      });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/command MUST answer 412 PreconditionFailedHttpException while the server is installing',
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command.installing', effect: 'destructive', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withServerState(s, 'installing', async (identifier) => {
        (await call(s, 'sendClientServerCommand', { params: { server: identifier }, body: { command: HARMLESS_COMMAND } })).error({ code: 'PreconditionFailedHttpException', status: 412 });
      });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/command MUST answer 504 DaemonConnectionException naming HTTP/403 for a suspended server',
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command.suspended', provokes: 'server-error', effect: 'destructive', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withServerState(s, 'suspended', async (identifier) => {
        (await call(s, 'sendClientServerCommand', { params: { server: identifier }, body: { command: HARMLESS_COMMAND } })).error({ code: 'DaemonConnectionException', status: 504, detail: daemonText(403) });
      });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/command MUST answer 504 DaemonConnectionException naming HTTP/E_CONN_REFUSED when the node is unreachable',
    { operation: 'sendClientServerCommand', behaviour: 'client.servers.command.node-unreachable', provokes: 'server-error', effect: 'destructive', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withNodeUnreachable(s, async (identifier) => {
        (await call(s, 'sendClientServerCommand', { params: { server: identifier }, body: { command: HARMLESS_COMMAND } })).error({ code: 'DaemonConnectionException', status: 504, detail: daemonText('E_CONN_REFUSED') });
      });
    },
  );
});

describe('POST /api/client/servers/{server}/power', () => {
  conformance(
    'POST /api/client/servers/{server}/power MUST answer 204 with an empty body for each of stop, kill, start and restart',
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power', effect: 'destructive', keys: owner },
    async (s) => {
      const run = async (identifier: string) => {
        for (const signal of SIGNALS) expectEmpty((await call(s, 'sendClientServerPower', { params: { server: identifier }, body: { signal } })).status(204));
      };
      // On a live panel the server ends up running (restart is the last signal).
      if (s.control) await withServerState(s, 'running', run);
      else await run((await discoverClient(s)).ownedIdentifier);
    },
  );

  conformance(
    'POST /api/client/servers/{server}/power MUST answer the owner 422 required for a missing signal and in for one outside start, stop, restart, kill',
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.validation', effect: 'write', keys: owner, profiles: SHARED_PROFILES },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const params = { server: ownedIdentifier };
      (await call(s, 'sendClientServerPower', { params, body: {} })).validation({ code: 'required', field: 'signal', detail: 'The signal field is required.' });
      (await call(s, 'sendClientServerPower', { params, body: { signal: 'explode' } })).validation({ code: 'in', field: 'signal', detail: 'The selected signal is invalid.' });
    },
  );

  conformance(
    `POST /api/client/servers/{server}/power MUST answer a subuser 403 for a missing or invalid signal (${POWER_PERMISSION} is checked before validation)`,
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.subuser-invalid-signal', effect: 'write', keys: ['client', 'client-subuser-limited'], profiles: SHARED_PROFILES },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const params = { server: ownedIdentifier };
      (await call(s, 'sendClientServerPower', { params, body: {}, as: 'client-subuser-limited' })).error({ code: 'AccessDeniedHttpException', status: 403 });
      (await call(s, 'sendClientServerPower', { params, body: { signal: 'explode' }, as: 'client-subuser-limited' })).error({ code: 'AccessDeniedHttpException', status: 403 });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/power MUST answer 500 ErrorException to an array-valued signal, for the owner and a subuser alike (the permission name is built from it before validation)',
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.array-signal', effect: 'write', keys: ['client', 'client-subuser-limited'], provokes: 'server-error' },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      const params = { server: ownedIdentifier };
      (await call(s, 'sendClientServerPower', { params, body: { signal: ['start'] } })).error({ code: 'ErrorException', status: 500 });
      (await call(s, 'sendClientServerPower', { params, body: { signal: ['start'] }, as: 'client-subuser-limited' })).error({ code: 'ErrorException', status: 500 });
    },
  );

  conformance(
    `POST /api/client/servers/{server}/power MUST answer 403 AccessDeniedHttpException to a subuser without the ${POWER_PERMISSION} permission`,
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.subuser-without-permission', concerns: 'access', effect: 'destructive', keys: ['client', 'client-subuser-limited'], profiles: SHARED_PROFILES },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      // client-subuser-limited holds power-start and send-command only (0.7); control.console, start and restart (1.x seed).
      for (const signal of ['stop', 'kill']) {
        (await call(s, 'sendClientServerPower', { params: { server: ownedIdentifier }, body: { signal }, as: 'client-subuser-limited' })).error({ code: 'AccessDeniedHttpException', status: 403 });
      }
    },
  );

  conformance(
    'POST /api/client/servers/{server}/power MUST answer 404 to a stranger and 500 FatalThrowableError for an unknown identifier',
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.access', provokes: 'server-error', effect: 'write', keys: ['client', 'client-stranger'] },
    async (s) => {
      const { ownedIdentifier } = await discoverClient(s);
      (await call(s, 'sendClientServerPower', { params: { server: ownedIdentifier }, body: { signal: 'explode' }, as: 'client-stranger' })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'sendClientServerPower', { params: { server: ABSENT_IDENTIFIER }, body: { signal: 'explode' } })).error({ code: 'FatalThrowableError', status: 500 });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/power MUST answer 500 ClientException (the daemon 403 is not caught) for a suspended server',
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.suspended', provokes: 'server-error', effect: 'destructive', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withServerState(s, 'suspended', async (identifier) => {
        (await call(s, 'sendClientServerPower', { params: { server: identifier }, body: { signal: 'start' } })).error({ code: 'ClientException', status: 500 });
      });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/power MUST answer 500 ServerException (the daemon 500 is not caught) to start while the server is installing',
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.installing-start', provokes: 'server-error', effect: 'destructive', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withServerState(s, 'installing', async (identifier) => {
        (await call(s, 'sendClientServerPower', { params: { server: identifier }, body: { signal: 'start' } })).error({ code: 'ServerException', status: 500 });
      });
    },
  );

  conformance(
    'POST /api/client/servers/{server}/power MUST answer 500 ConnectException (the refused connection is not caught) when the node is unreachable',
    { operation: 'sendClientServerPower', behaviour: 'client.servers.power.node-unreachable', provokes: 'server-error', effect: 'destructive', keys: ['client', 'application'], mockOnly: true },
    async (s) => {
      await withNodeUnreachable(s, async (identifier) => {
        (await call(s, 'sendClientServerPower', { params: { server: identifier }, body: { signal: 'start' } })).error({ code: 'ConnectException', status: 500 });
      });
    },
  );
});

describe('Client API, servers (legacy docs page client/servers): documented operations not routed by a stock v0.7.19 panel', () => {
  for (const op of legacyOperations({ api: 'client', category: 'servers', inV07: false })) {
    conformance(
      notRoutedStatement(op),
      { behaviour: `${op.id}.not-routed`, effect: op.method === 'GET' ? 'read' : 'write', keys: owner, category: 'client/servers' },
      async (s) => {
        const { ownedIdentifier } = await discoverClient(s);
        await expectNotRouted(s, op, { server: ownedIdentifier });
      },
    );
  }
});
