// Application API, servers and their databases (legacy docs pages application/servers and
// application/server-databases).
// Statements say what a stock v0.7.19 panel MUST do; those marked SHARED_PROFILES hold for a stock v1.11.8 panel
// too, with the values that differ by profile (perProfile). 0.7-only: ?search= (1.x filters with filter[...]
// instead, servers.list.filter), packs and daemon keys (gone in 1.x), rebuild (no route in 1.x), and the
// answers 1.x gives otherwise (include nesting, server variables, request types, build without a limit or oom_disabled).
import { unavailable, violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import { ABSENT_ID } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { perProfile, SHARED_PROFILES } from '../support/per-profile.ts';
import { createRecorded, forgetDatabasesOf, runName } from '../support/created-resources.ts';
import { discover, discoverClient } from '../support/discovery.ts';
import type { ExchangeAssertion } from '../support/expect-conformance.ts';
import type { Session } from '../support/session.ts';
import { capMessage, walkPages } from '../support/page-walk.ts';
import { expectPartialFilter } from '../support/list-filters.ts';

const app = ['application' as const];
const appAndWriteOnly = ['application' as const, 'application-write-only' as const];
const appAndClient = ['application' as const, 'client' as const];

// Bodies were checked against the spec before any behaviour reads them.
type Attrs = Record<string, any>;
interface Item {
  object: string;
  attributes: Attrs;
}

const SERVER_INCLUDES = ['allocations', 'user', 'subusers', 'pack', 'nest', 'egg', 'variables', 'location', 'node', 'databases'] as const;
/**
 * The server includes each profile offers: 1.x has no packs (v1.11.8:app/Transformers/Api/Application/ServerTransformer.php#L18-L30);
 * its `transfer` include is left out, a stock panel has no transfer to render.
 */
const ALL_SERVER_INCLUDES = perProfile<readonly (typeof SERVER_INCLUDES)[number][]>({ 'v0.7.19': SERVER_INCLUDES, 'v1.11': SERVER_INCLUDES.filter((n) => n !== 'pack') });
/**
 * feature_limits with the limits a profile requires: 1.x requires feature_limits.backups to be present
 * (v1.11.8:app/Models/Server.php#L169, v1.11.8:app/Http/Requests/Api/Application/Servers/StoreServerRequest.php#L21-L50)
 * and renders it; 0 backups here.
 */
function featureLimits(databases: number | null, allocations: number | null): Record<string, number | null> {
  return { databases, allocations, ...perProfile<Record<string, number>>({ 'v0.7.19': {}, 'v1.11': { backups: 0 } }) };
}
/** The object name each server include renders its items with (v0.7.19:app/Transformers/Api/Application/ServerTransformer.php#L127-L136, #L282-L291). */
const SERVER_INCLUDE_OBJECTS: Record<(typeof SERVER_INCLUDES)[number], { list: boolean; object: string }> = {
  allocations: { list: true, object: 'allocation' },
  user: { list: false, object: 'user' },
  subusers: { list: true, object: 'subuser' },
  pack: { list: false, object: 'pack' },
  nest: { list: false, object: 'nest' },
  egg: { list: false, object: 'egg' },
  variables: { list: true, object: 'server_variable' },
  location: { list: false, object: 'location' },
  node: { list: false, object: 'node' },
  databases: { list: true, object: 'databases' },
};

/** DaemonConnectionException's text for a refused connection (v1.11.8:app/Exceptions/Http/Connection/DaemonConnectionException.php#L29-L62). */
const DAEMON_ERROR = perProfile({
  'v0.7.19': 'There was an exception while attempting to communicate with the daemon resulting in a HTTP/E_CONN_REFUSED response code. This exception has been logged.',
  'v1.11': 'Could not establish a connection to the machine running this server. Please try again.',
});
/** container.installed: a boolean on 0.7, the integer 1 or 0 on 1.x (v1.11.8:app/Transformers/Api/Application/ServerTransformer.php#L93). */
const INSTALLED = perProfile({ 'v0.7.19': { yes: true, no: false }, 'v1.11': { yes: 1, no: 0 } } as Record<string, { yes: boolean | number; no: boolean | number }>);
/** A server's limits as rendered: 1.x adds threads and oom_disabled (v1.11.8:app/Transformers/Api/Application/ServerTransformer.php#L74-L82). */
function renderedLimits(limits: Record<string, unknown>): Record<string, unknown> {
  return { ...limits, ...perProfile<Record<string, unknown>>({ 'v0.7.19': {}, 'v1.11': { threads: null, oom_disabled: true } }) };
}
/**
 * A server variable's timestamps as the include renders them: the raw row on 0.7; 1.x's model serializes
 * them as ISO 8601 in UTC with microseconds (v1.11.8:app/Transformers/Api/Application/ServerVariableTransformer.php#L28-L31).
 */
const VARIABLE_TIMESTAMP = perProfile({
  'v0.7.19': { what: 'raw timestamps', pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/ },
  'v1.11': { what: 'ISO 8601 UTC timestamps with microseconds', pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/ },
});
/**
 * The database limit of the server the database behaviours share: 1.x enforces it on the application API too
 * (v1.11.8:app/Services/Databases/DatabaseManagementService.php#L78-L84) and stores a null limit as 0
 * (v1.11.8:app/Services/Servers/ServerCreationService.php#L162), so a roomy one there.
 */
/** BuildModificationService's text for a default allocation the server does not hold (v1.11.8:app/Services/Servers/BuildModificationService.php#L100-L102). */
const DEFAULT_NOT_HELD = perProfile({
  'v0.7.19': "The requested default allocation was not found in this server's allocations.",
  'v1.11': 'The requested default allocation is not currently assigned to this server.',
});
/**
 * A suspension the daemon cannot be told of: 0.7 turns the daemon error into a DisplayException (400); 1.x lets
 * the DaemonConnectionException through (504); both roll the flag back
 * (v1.11.8:app/Services/Servers/SuspensionService.php#L33-L61).
 */
const SUSPEND_UNREACHABLE = perProfile({ 'v0.7.19': { code: 'DisplayException', status: 400 }, 'v1.11': { code: 'DaemonConnectionException', status: 504 } });
const SHARED_DATABASE_LIMIT = perProfile({ 'v0.7.19': 1, 'v1.11': 100 });
/**
 * Whether {database} is looked up among {server}'s databases: on 1.x `Route::model('database')` binds it
 * explicitly, before and outside scopeBindings(), so any server's database answers
 * (v1.11.8:app/Providers/RouteServiceProvider.php#L30-L33).
 */
const DATABASE_BINDING_SCOPED = perProfile({ 'v0.7.19': true, 'v1.11': false });
/** ServerController's allowedFilters (v1.11.8:app/Http/Controllers/Api/Application/Servers/ServerController.php#L35-L38). */
const SERVER_FILTERS = ['uuid', 'uuidShort', 'name', 'description', 'image', 'external_id'];
/** The query that finds servers by name: 0.7's search, 1.x's filter[name] (v1.11.8:app/Http/Controllers/Api/Application/Servers/ServerController.php#L35-L38). */
const NAME_QUERY = perProfile({ 'v0.7.19': 'search', 'v1.11': 'filter[name]' });
const DATABASE_LIMIT_ENFORCED = perProfile({ 'v0.7.19': false, 'v1.11': true });
const RAW_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const LIMITS = { memory: 128, swap: 0, disk: 512, io: 500, cpu: 50 };

// ---------------------------------------------------------------------------------------------
// Discovery helpers (read calls only)

interface EggBlueprint {
  nestId: number;
  eggId: number;
  dockerImage: string;
  startup: string;
  environment: Record<string, string | null>;
  variables: Attrs[];
}

const blueprints = new WeakMap<Session, Promise<EggBlueprint>>();

/** The discovered egg, with an environment made of its variables' defaults. */
function eggBlueprint(s: Session): Promise<EggBlueprint> {
  let pending = blueprints.get(s);
  if (!pending) {
    pending = (async () => {
      const { nestId, eggId } = await discover(s);
      return blueprintOf(s, nestId, eggId);
    })();
    blueprints.set(s, pending);
  }
  return pending;
}

async function blueprintOf(s: Session, nestId: number, eggId: number): Promise<EggBlueprint> {
  const egg = (await call(s, 'getNestEgg', { params: { nest: nestId, egg: eggId }, query: { include: 'variables' } })).status(200).json.attributes;
  const variables = (egg.relationships.variables.data as Item[]).map((v) => v.attributes);
  const environment: Record<string, string | null> = {};
  for (const v of variables) environment[String(v.env_variable)] = v.default_value === '' ? null : String(v.default_value);
  return { nestId, eggId, dockerImage: String(egg.docker_image), startup: String(egg.startup), environment, variables };
}

/** An egg of another nest whose required variables all have a default (so its defaults pass its rules). */
async function eggElsewhere(s: Session, nestId: number): Promise<EggBlueprint> {
  const nests = (await call(s, 'listNests')).status(200).json.data as Item[];
  for (const nest of nests.filter((n) => n.attributes.id !== nestId)) {
    const eggs = (await call(s, 'listNestEggs', { params: { nest: nest.attributes.id }, query: { include: 'variables' } })).status(200).json.data as Item[];
    for (const egg of eggs) {
      const variables = (egg.attributes.relationships.variables.data as Item[]).map((v) => v.attributes);
      if (variables.every((v) => !String(v.rules).split('|').includes('required') || (v.default_value ?? '') !== '')) {
        return blueprintOf(s, Number(nest.attributes.id), Number(egg.attributes.id));
      }
    }
  }
  unavailable(`discovery: no egg outside nest ${nestId} whose required variables all have defaults`);
}

/**
 * The first allocation of a node that `wanted` accepts, reading pages only until it is found: a
 * node can hold a thousand allocations (twenty pages), and a free one is usually on the first.
 */
async function firstAllocation(s: Session, nodeId: number, wanted: (a: Attrs) => boolean): Promise<Attrs | undefined> {
  const options = { params: { node: nodeId }, maxPages: 100, until: (d: { attributes: Attrs }) => wanted(d.attributes) };
  const walk = await walkPages(s, 'listNodeAllocations', options);
  if (walk.capped) unavailable(`discovery: ${capMessage('listNodeAllocations', walk, options)}`);
  return walk.found?.attributes;
}

const freedAllocations = new WeakMap<Session, { allocationId: number; nodeId: number }>();

/** One free allocation per node (the discovered node first), from the allocation lists' `assigned`; nodes are read only as far as asked. */
async function* eachFreeAllocation(s: Session, exclude: number[] = []): AsyncGenerator<{ allocationId: number; nodeId: number }> {
  // The allocation the last server of this run left when it was deleted: free, and handed out once.
  const freed = freedAllocations.get(s);
  freedAllocations.delete(s);
  if (freed && !exclude.includes(freed.allocationId)) yield freed;
  const { nodeId } = await discover(s);
  const free = await firstAllocation(s, nodeId, (a) => a.assigned === false && !exclude.includes(Number(a.id)));
  if (free) yield { allocationId: Number(free.id), nodeId };
  const nodes = (await call(s, 'listNodes')).status(200).json.data as Item[];
  for (const id of nodes.map((n) => Number(n.attributes.id)).filter((id) => id !== nodeId)) {
    const other = await firstAllocation(s, id, (a) => a.assigned === false && !exclude.includes(Number(a.id)));
    if (other) yield { allocationId: Number(other.id), nodeId: id };
  }
}

const NO_FREE_ALLOCATION = 'discovery: no node has a free allocation (assigned false); add one before running the server behaviours';

/** A free allocation on one node, other than those excluded. */
async function freeAllocationOn(s: Session, nodeId: number, exclude: number[]): Promise<{ allocationId: number; nodeId: number } | undefined> {
  const free = await firstAllocation(s, nodeId, (a) => a.assigned === false && !exclude.includes(Number(a.id)));
  return free ? { allocationId: Number(free.id), nodeId } : undefined;
}

/** The first free allocation (the discovered node's, when it has one): no other node is read. */
async function firstFreeAllocation(s: Session, exclude: number[] = []): Promise<{ allocationId: number; nodeId: number }> {
  for await (const free of eachFreeAllocation(s, exclude)) return free;
  unavailable(NO_FREE_ALLOCATION);
}

/**
 * An allocation some server holds, other than those excluded (the asking server's own). The held
 * allocations of the first page that has one are read once per run: the servers holding them then
 * are other behaviours' shared servers or not this run's, and keep them to the end of the file.
 */
async function assignedAllocation(s: Session, exclude: number[] = []): Promise<number> {
  const { nodeId } = await discover(s);
  const held = await once(assignedAllocations, s, async () => {
    const walk = await walkPages(s, 'listNodeAllocations', { params: { node: nodeId }, maxPages: 100, until: (d: { attributes: Attrs }) => d.attributes['assigned'] === true });
    if (walk.capped) unavailable(`discovery: ${capMessage('listNodeAllocations', walk, { maxPages: 100 })}`);
    return walk.items.filter((d) => d.attributes['assigned'] === true).map((d) => Number(d.attributes['id']));
  });
  const id = held.find((a) => !exclude.includes(a));
  if (id === undefined) unavailable(`discovery: node ${nodeId} has no assigned allocation${exclude.length ? ` besides ${exclude.join(', ')}` : ''}`);
  return id;
}

/** A user other than `userId`, from the first page of users read once per run. */
async function otherUser(s: Session, userId: number): Promise<number> {
  const users = await once(userIds, s, async () => ((await call(s, 'listUsers')).status(200).json.data as Item[]).map((u) => Number(u.attributes.id)));
  const other = users.find((id) => id !== userId);
  if (other === undefined) unavailable('discovery: the panel has a single user; an owner change needs two');
  return other;
}

/** The user the client key belongs to (the owner of the server client discovery finds). */
const clientUsers = new WeakMap<Session, Promise<number>>();
const assignedAllocations = new WeakMap<Session, Promise<number[]>>();
const userIds = new WeakMap<Session, Promise<number[]>>();
const databaseHosts = new WeakMap<Session, Promise<number>>();

/** Discovery done once per run (a failure is not kept: the next behaviour asks again). */
function once<T>(cache: WeakMap<Session, Promise<T>>, s: Session, find: (s: Session) => Promise<T>): Promise<T> {
  let pending = cache.get(s);
  if (!pending) {
    pending = find(s);
    cache.set(s, pending);
    pending.catch(() => cache.delete(s));
  }
  return pending;
}

function clientUser(s: Session): Promise<number> {
  return once(clientUsers, s, findClientUser);
}

function databaseHost(s: Session): Promise<number> {
  return once(databaseHosts, s, findDatabaseHost);
}

async function findClientUser(s: Session): Promise<number> {
  const { ownedUuid } = { ownedUuid: (await discoverClient(s)).ownedServerUuid };
  const options = { maxPages: 100, until: (d: { attributes: Attrs }) => d.attributes['uuid'] === ownedUuid };
  const walk = await walkPages(s, 'listServers', options);
  if (walk.found) return Number(walk.found.attributes['user']);
  if (walk.capped) unavailable(`discovery: ${capMessage('listServers', walk, options)}`);
  unavailable(`discovery: server ${ownedUuid} of the client key is not in the application list`);
}

/** A database host id, learnt from an existing server database (hosts have no endpoint in 0.7). */
async function findDatabaseHost(s: Session): Promise<number> {
  const servers = (await call(s, 'listServers', { query: { include: 'databases' } })).status(200).json.data as Item[];
  for (const server of servers) {
    const first = (server.attributes.relationships.databases.data as Item[])[0];
    if (first) return Number(first.attributes.host);
  }
  unavailable('discovery: no server on the first page has a database, so no database host id is known');
}

/** A server database and the server holding it. */
async function existingDatabase(s: Session): Promise<{ serverId: number; databaseId: number }> {
  const d = await discover(s);
  if (d.databaseId !== undefined) return { serverId: d.serverId, databaseId: d.databaseId };
  const servers = (await call(s, 'listServers', { query: { include: 'databases' } })).status(200).json.data as Item[];
  for (const server of servers) {
    const first = (server.attributes.relationships.databases.data as Item[])[0];
    if (first) return { serverId: Number(server.attributes.id), databaseId: Number(first.attributes.id) };
  }
  unavailable('discovery: no server on the first page has a database');
}

// ---------------------------------------------------------------------------------------------
// Servers this run creates

interface CreatedServer {
  answer: ExchangeAssertion;
  id: number;
  nodeId: number;
  allocationId: number;
  body: Record<string, unknown>;
}

interface CreateOptions {
  /** Changes to the default body. */
  body?: Record<string, unknown>;
  as?: 'application' | 'application-write-only';
  include?: string;
  egg?: EggBlueprint;
}

async function serverBody(s: Session, label: string, allocationId: number, options: CreateOptions): Promise<Record<string, unknown>> {
  const { userId } = await discover(s);
  const egg = options.egg ?? (await eggBlueprint(s));
  return {
    name: runName(s, label).slice(0, 191),
    user: userId,
    egg: egg.eggId,
    docker_image: egg.dockerImage,
    startup: egg.startup,
    environment: { ...egg.environment },
    limits: { ...LIMITS },
    feature_limits: featureLimits(1, 1),
    allocation: { default: allocationId },
    ...options.body,
  };
}

/**
 * Creates a server on a free allocation (recorded for teardown). A node whose daemon cannot be
 * reached answers 504, so the next node with a free allocation is tried.
 */
async function createServer(s: Session, label: string, options: CreateOptions = {}): Promise<CreatedServer> {
  let last: ExchangeAssertion | undefined;
  for await (const candidate of eachFreeAllocation(s)) {
    const body = await serverBody(s, label, candidate.allocationId, options);
    const answer = await createRecorded(
      s,
      'createServer',
      { body, ...(options.as ? { as: options.as } : {}), ...(options.include ? { query: { include: options.include } } : {}) },
      (created) => ({ kind: 'server', deleteOperation: 'deleteServer', params: { server: Number(created.attributes['id']) }, name: String(body['name']) }),
    );
    last = answer;
    if (answer.exchange.response.status === 504) continue;
    answer.status(201);
    return { answer, id: Number(answer.json.attributes.id), nodeId: Number(answer.json.attributes.node), allocationId: candidate.allocationId, body };
  }
  if (!last) unavailable(NO_FREE_ALLOCATION);
  unavailable(`every node with a free allocation refused the server (daemon unreachable): ${last.exchange.response.rawBody}`);
}

/** A create expected to fail; recorded all the same, so a panel that accepts it leaves nothing behind. */
function attemptCreate(s: Session, body: Record<string, unknown>): Promise<ExchangeAssertion> {
  return createRecorded(s, 'createServer', { body }, (created) => ({
    kind: 'server',
    deleteOperation: 'deleteServer',
    params: { server: Number(created.attributes['id']) },
    name: String(body['name'] ?? 'unnamed'),
  }));
}

/** Deletes a server this run created (frees its allocation for the next behaviour; its databases go with it). */
async function removeServer(s: Session, id: number): Promise<boolean> {
  const answer = await call(s, 'deleteServer', { params: { server: id } });
  if (answer.exchange.response.status === 204 || answer.exchange.response.status === 404) s.ledger.forget('deleteServer', { server: id });
  if (answer.exchange.response.status === 204) forgetDatabasesOf(s, id);
  return answer.exchange.response.status === 204;
}

/**
 * The servers this run shares between behaviours, made once per run by the first behaviour that
 * needs one (a server costs a create and a delete, on a live panel's 120 requests a minute):
 * `refusals` for behaviours whose changes the panel refuses or that write back what the server
 * already holds (made with an external_id, which the details validation sends back unchanged);
 * `databases` for the database behaviours, each with a database name of its own. The file's
 * teardown removes them (their databases with them).
 */
type SharedServerRole = 'refusals' | 'databases';
const sharedServers = new WeakMap<Session, Map<SharedServerRole, Promise<CreatedServer>>>();

function sharedServer(s: Session, role: SharedServerRole): Promise<CreatedServer> {
  let byRole = sharedServers.get(s);
  if (!byRole) sharedServers.set(s, (byRole = new Map()));
  let pending = byRole.get(role);
  if (!pending) {
    pending = createServer(s, `shared-${role}`, role === 'refusals' ? { body: { external_id: runName(s, 'shared-ext').slice(0, 191) } } : { body: { feature_limits: featureLimits(SHARED_DATABASE_LIMIT, 1) } });
    byRole.set(role, pending);
    // A failed create is not cached: the next behaviour tries again (and reports its own failure).
    pending.catch(() => byRole.delete(role));
  }
  return pending;
}

async function withServer(s: Session, label: string, options: CreateOptions, body: (server: CreatedServer) => Promise<void>): Promise<void> {
  const server = await createServer(s, label, options);
  try {
    await body(server);
  } finally {
    // Deleting a server sets its allocations' server_id to null (the foreign key's ON DELETE SET NULL,
    // v0.7.19:database/migrations/2017_07_08_154416_SetAllocationToReferenceNullOnServerDelete.php#L17):
    // the next server can take the default allocation without reading the allocation list again.
    if (await removeServer(s, server.id)) freedAllocations.set(s, { allocationId: server.allocationId, nodeId: server.nodeId });
  }
}

async function getServer(s: Session, id: number, include?: string): Promise<Attrs> {
  return (await call(s, 'getServer', { params: { server: id }, ...(include ? { query: { include } } : {}) })).status(200).json.attributes;
}

function buildBody(server: CreatedServer, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    allocation: server.allocationId,
    oom_disabled: true,
    limits: { ...LIMITS },
    feature_limits: featureLimits(1, 1),
    ...extra,
  };
}

function startupBody(egg: EggBlueprint, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { startup: egg.startup, environment: { ...egg.environment }, egg: egg.eggId, image: egg.dockerImage, skip_scripts: false, ...extra };
}

async function unreachable(s: Session, nodeId: number, body: () => Promise<void>): Promise<void> {
  const control = s.control;
  if (!control) unavailable('needs the mock control surface');
  await control.setNodeReachable(nodeId, false);
  try {
    await body();
  } finally {
    await control.setNodeReachable(nodeId, true);
  }
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) violate(`${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`, { kind: 'value' });
}

function checkIncludeObjects(server: Attrs, where: string): void {
  const relationships = server.relationships as Attrs;
  for (const name of ALL_SERVER_INCLUDES) {
    const rendered = relationships[name] as Item | { object: 'list'; data: Item[] };
    const { list, object } = SERVER_INCLUDE_OBJECTS[name];
    if (rendered.object === 'null_resource') continue;
    if (list) {
      if (rendered.object !== 'list') violate(`${where}: include ${name} has object ${JSON.stringify(rendered.object)}, expected "list"`, { kind: 'include' });
      for (const item of (rendered as { data: Item[] }).data) {
        if (item.object !== object) violate(`${where}: an item of include ${name} has object ${JSON.stringify(item.object)}, expected "${object}"`, { kind: 'include' });
      }
    } else if (rendered.object !== object) {
      violate(`${where}: include ${name} has object ${JSON.stringify(rendered.object)}, expected "${object}"`, { kind: 'include' });
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('GET /api/application/servers', () => {
  conformance(
    'GET /api/application/servers?search= MUST find a server by a prefix of its name and return nothing for a term matching no server',
    { operation: 'listServers', behaviour: 'servers.list.search', effect: 'read', keys: app },
    async (s) => {
      const { serverId } = await discover(s);
      const server = await getServer(s, serverId);
      const word = String(server.name).split(/\s+/)[0] ?? '';
      const prefix = word.slice(0, Math.min(word.length, 5));
      if (prefix === '') violate(`server ${serverId} has an empty name`, { kind: 'value' });
      const found = (await call(s, 'listServers', { query: { search: prefix } })).status(200);
      found.paginated({ perPage: 50, page: 1 });
      if (!(found.json.data as Item[]).some((d) => d.attributes.id === serverId)) {
        violate(`search "${prefix}" (a prefix of "${server.name}") did not return server ${serverId}`, { kind: 'listing' });
      }
      const upper = (await call(s, 'listServers', { query: { search: prefix.toUpperCase() } })).status(200);
      if (!(upper.json.data as Item[]).some((d) => d.attributes.id === serverId)) violate(`search "${prefix.toUpperCase()}" (upper case) did not return server ${serverId}`, { kind: 'listing' });
      const none = (await call(s, 'listServers', { query: { search: 'zq9xw7-no-such-server' } })).status(200);
      none.paginated({ perPage: 50, page: 1, total: 0 });
    },
  );

  conformance(
    'GET /api/application/servers?search= MUST find a server by its identifier (uuidShort) and by a substring of its name (a name substring alone reaches the threshold)',
    { operation: 'listServers', behaviour: 'servers.list.search-columns', effect: 'read', keys: app },
    async (s) => {
      const { serverId } = await discover(s);
      const server = await getServer(s, serverId);
      const byIdentifier = (await call(s, 'listServers', { query: { search: String(server.identifier) } })).status(200);
      const first = (byIdentifier.json.data as Item[])[0];
      if (first?.attributes.id !== serverId) violate(`search by identifier ${server.identifier} did not rank server ${serverId} first`, { kind: 'listing' });
      const name = String(server.name);
      const words = name.split(/\s+/).filter((w) => w.length >= 2);
      const inner = words.length > 1 ? (words[words.length - 1] as string) : name.slice(1);
      const bySubstring = (await call(s, 'listServers', { query: { search: inner } })).status(200);
      if (!(bySubstring.json.data as Item[]).some((d) => d.attributes.id === serverId)) violate(`search "${inner}" (a substring of "${name}") did not return server ${serverId}`, { kind: 'listing' });
    },
  );

  conformance(
    'GET /api/application/servers?search= MUST find the servers of the owner whose exact username is searched',
    { operation: 'listServers', behaviour: 'servers.list.search-owner', effect: 'read', keys: app },
    async (s) => {
      const { serverId } = await discover(s);
      const server = await getServer(s, serverId);
      const owner = (await call(s, 'getUser', { params: { user: server.user } })).status(200).json.attributes;
      const found = (await call(s, 'listServers', { query: { search: String(owner.username) } })).status(200);
      if (!(found.json.data as Item[]).some((d) => d.attributes.id === serverId)) {
        violate(`search "${owner.username}" (the owner's username) did not return server ${serverId}`, { kind: 'listing' });
      }
    },
  );

  conformance(
    'GET /api/application/servers?search= (empty) MUST answer 422 string: the empty value becomes null and fails the string rule',
    { operation: 'listServers', behaviour: 'servers.list.search-empty', effect: 'read', keys: app },
    async (s) => {
      (await call(s, 'listServers', { query: { search: '' } })).validation({ code: 'string', field: 'search', detail: 'The search must be a string.' });
    },
  );

  conformance(
    'GET /api/application/servers?search[]=… MUST answer 422 string for an array search',
    { operation: 'listServers', behaviour: 'servers.list.search-array', effect: 'read', keys: app },
    async (s) => {
      (await call(s, 'listServers', { query: { 'search[]': 'survival' } })).validation({ code: 'string', field: 'search', detail: 'The search must be a string.' });
    },
  );

  conformance(
    'GET /api/application/servers MUST answer 422 max for a search term longer than 100 characters',
    { operation: 'listServers', behaviour: 'servers.list.search-too-long', effect: 'read', keys: app },
    async (s) => {
      (await call(s, 'listServers', { query: { search: 'a'.repeat(101) } })).validation({
        code: 'max',
        field: 'search',
        detail: 'The search may not be greater than 100 characters.',
      });
      (await call(s, 'listServers', { query: { search: 'a'.repeat(100) } })).status(200);
    },
  );

  conformance(
    'GET /api/application/servers?filter[name]= MUST find a server by a case-insensitive piece of its name, ignore search, and answer 400 InvalidFilterQuery for another filter',
    { operation: 'listServers', behaviour: 'servers.list.filter', effect: 'read', keys: app, profiles: ['v1.11'] },
    async (s) => {
      const { serverId } = await discover(s);
      const name = String((await getServer(s, serverId)).name);
      if (name.length < 3) unavailable(`discovery: server ${serverId}'s name ${name} is too short for a piece of it`);
      await expectPartialFilter(s, { operationId: 'listServers', allowed: SERVER_FILTERS, filter: 'name', piece: name.slice(1, -1), id: serverId });
    },
  );

  conformance(
    `GET /api/application/servers?include=… MUST render every include for a key that may read everything${ALL_SERVER_INCLUDES.includes('pack') ? ' (pack only when the server has one)' : ''}`,
    { operation: 'listServers', behaviour: 'servers.list.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const answer = (await call(s, 'listServers', { query: { include: ALL_SERVER_INCLUDES.join(',') } })).status(200);
      for (const name of ALL_SERVER_INCLUDES.filter((n) => n !== 'pack')) answer.include(name, 'rendered');
      for (const item of answer.json.data as Item[]) {
        const pack = item.attributes.relationships.pack as Item | undefined;
        const want = item.attributes.pack === null ? 'null_resource' : 'pack';
        if (pack && pack.object !== want) violate(`server ${item.attributes.id} (pack ${item.attributes.pack}): include pack has object ${JSON.stringify(pack.object)}, expected "${want}"`, { kind: 'include' });
        checkIncludeObjects(item.attributes, `server ${item.attributes.id}`);
      }
    },
  );
});

describe('GET /api/application/servers/{server}', () => {
  conformance(
    'GET /api/application/servers/{server} MUST answer the server object without relationships when no include is asked',
    { operation: 'getServer', behaviour: 'servers.view', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const answer = (await call(s, 'getServer', { params: { server: serverId } })).status(200).include('allocations', 'absent');
      expectEqual('id', answer.json.attributes.id, serverId);
      expectEqual('top-level keys', Object.keys(answer.json).sort(), ['attributes', 'object']);
      if (answer.json.attributes.relationships !== undefined) violate('relationships is present although no include was asked', { kind: 'include' });
    },
  );

  conformance(
    `GET /api/application/servers/{server}?include=… MUST render each include under its name: databases items as "databases", subusers items as "subuser", variables as server_variable with ${VARIABLE_TIMESTAMP.what}`,
    { operation: 'getServer', behaviour: 'servers.view.include-object-names', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = await getServer(s, serverId, ALL_SERVER_INCLUDES.join(','));
      checkIncludeObjects(server, `server ${serverId}`);
      const listed = (await call(s, 'listServers', { query: { include: 'databases,subusers,variables' } })).status(200).json.data as Item[];
      const all = [server, ...listed.map((d) => d.attributes)];
      const databases = all.flatMap((a) => a.relationships.databases.data as Item[]);
      const subusers = all.flatMap((a) => a.relationships.subusers.data as Item[]);
      const variables = all.flatMap((a) => a.relationships.variables.data as Item[]);
      if (databases.length === 0 || subusers.length === 0 || variables.length === 0) {
        violate(`the first page holds ${databases.length} databases, ${subusers.length} subusers and ${variables.length} server variables; each object name needs one`, { kind: 'listing' });
      }
      for (const d of databases) expectEqual('included database object', d.object, 'databases');
      for (const d of subusers) expectEqual('included subuser object', d.object, 'subuser');
      for (const v of variables) {
        expectEqual('included variable object', v.object, 'server_variable');
        for (const field of ['created_at', 'updated_at']) {
          const value = v.attributes[field];
          if (value !== null && !VARIABLE_TIMESTAMP.pattern.test(String(value))) violate(`server_variable ${v.attributes.id} ${field} ${JSON.stringify(value)} is not one of ${VARIABLE_TIMESTAMP.what}`, { kind: 'value' });
        }
      }
    },
  );

  conformance(
    'GET /api/application/servers/{server}?include=… MUST silently ignore unknown include names (no relationships when none is known)',
    { operation: 'getServer', behaviour: 'servers.view.include-unknown', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = await getServer(s, serverId, 'no-such-include, ,owner');
      if (server.relationships !== undefined) violate(`relationships is ${JSON.stringify(server.relationships)} for unknown include names`, { kind: 'include' });
      const mixed = await getServer(s, serverId, ' node ,no-such-include');
      expectEqual('relationships keys', Object.keys(mixed.relationships), ['node']);
    },
  );

  conformance(
    'GET /api/application/servers/{server}?include=allocations.node.location MUST render two levels (allocations and their node) and cut the third',
    { operation: 'getServer', behaviour: 'servers.view.include-nesting', effect: 'read', keys: app },
    async (s) => {
      const { serverId } = await discover(s);
      const server = await getServer(s, serverId, 'allocations.node.location');
      const allocations = server.relationships.allocations.data as Item[];
      if (allocations.length === 0) violate(`server ${serverId} holds no allocation`, { kind: 'value' });
      for (const allocation of allocations) {
        const node = allocation.attributes.relationships?.node as Item | undefined;
        expectEqual(`node included in allocation ${allocation.attributes.id}`, node?.object, 'node');
        expectEqual(`node of allocation ${allocation.attributes.id}`, node?.attributes.id, server.node);
        if (node?.attributes.relationships !== undefined) violate(`the third level was rendered: ${JSON.stringify(node.attributes.relationships)}`, { kind: 'value' });
      }
    },
  );

  conformance(
    'GET /api/application/servers/{server}?include=pack MUST render the null_resource for a server without a pack, even for a key that may read packs',
    { operation: 'getServer', behaviour: 'servers.view.include-pack-none', effect: 'read', keys: app },
    async (s) => {
      const servers = (await call(s, 'listServers')).status(200).json.data as Item[];
      const packless = servers.find((d) => d.attributes.pack === null);
      if (!packless) unavailable('every server on the first page has a pack; one without is needed');
      (await call(s, 'getServer', { params: { server: packless.attributes.id }, query: { include: 'pack' } })).status(200).include('pack', 'null_resource');
    },
  );

  conformance(
    'GET /api/application/servers/external/{external_id} MUST answer the server holding that external_id',
    { operation: 'getServerByExternalId', behaviour: 'servers.view-external', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverExternalId } = await discover(s);
      if (serverExternalId === undefined) unavailable('no server on the first page has an external_id');
      const answer = (await call(s, 'getServerByExternalId', { params: { external_id: serverExternalId } })).status(200);
      expectEqual('external_id', answer.json.attributes.external_id, serverExternalId);
      const byId = await getServer(s, Number(answer.json.attributes.id));
      expectEqual('the server by id', byId, answer.json.attributes);
    },
  );
});

describe('POST /api/application/servers', () => {
  conformance(
    'POST /api/application/servers MUST answer 201 with the server (no meta), not installed, the nest of the egg and the STARTUP, P_SERVER_LOCATION and P_SERVER_UUID environment',
    { operation: 'createServer', behaviour: 'servers.create', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const egg = await eggBlueprint(s);
      await withServer(s, 'create', { body: { description: 'Conformance create', feature_limits: featureLimits(2, 3) } }, async (server) => {
        const json = server.answer.json;
        expectEqual('top-level keys', Object.keys(json).sort(), ['attributes', 'object']);
        const a = json.attributes;
        expectEqual('name', a.name, server.body['name']);
        expectEqual('description', a.description, 'Conformance create');
        expectEqual('external_id', a.external_id, null);
        expectEqual('suspended', a.suspended, false);
        expectEqual('user', a.user, server.body['user']);
        expectEqual('egg', a.egg, egg.eggId);
        expectEqual('nest (taken from the egg)', a.nest, egg.nestId);
        expectEqual('allocation', a.allocation, server.allocationId);
        expectEqual('limits', a.limits, renderedLimits(LIMITS));
        expectEqual('feature_limits', a.feature_limits, featureLimits(2, 3));
        if (ALL_SERVER_INCLUDES.includes('pack')) expectEqual('pack', a.pack, null);
        expectEqual('container.installed', a.container.installed, INSTALLED.no);
        expectEqual('container.startup_command', a.container.startup_command, egg.startup);
        expectEqual('container.image', a.container.image, egg.dockerImage);
        const node = (await call(s, 'getNode', { params: { node: a.node } })).status(200).json.attributes;
        const location = (await call(s, 'getLocation', { params: { location: node.location_id } })).status(200).json.attributes;
        const env = a.container.environment as Record<string, unknown>;
        expectEqual('environment.STARTUP', env['STARTUP'], egg.startup);
        expectEqual('environment.P_SERVER_UUID', env['P_SERVER_UUID'], a.uuid);
        expectEqual('environment.P_SERVER_LOCATION', env['P_SERVER_LOCATION'], location.short);
        for (const [key, value] of Object.entries(egg.environment)) expectEqual(`environment.${key}`, env[key], value);
        const allocation = await firstAllocation(s, Number(a.node), (x) => x.id === server.allocationId);
        expectEqual('the default allocation is now assigned', allocation?.assigned, true);
        expectEqual('the server read back', await getServer(s, server.id), a);
      });
    },
  );

  conformance(
    'POST /api/application/servers MUST validate oom_disabled as a boolean and accept false (the stored flag is always true)',
    { operation: 'createServer', behaviour: 'servers.create.oom-disabled', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const free = await firstFreeAllocation(s);
      const body = await serverBody(s, 'oom-invalid', free?.allocationId ?? ABSENT_ID, { body: { oom_disabled: 'sometimes' } });
      (await attemptCreate(s, body)).validation({ code: 'boolean', field: 'oom_disabled' });
      await withServer(s, 'oom', { body: { oom_disabled: false } }, async (server) => {
        expectEqual('description (not sent)', server.answer.status(201).json.attributes.description, '');
      });
    },
  );

  conformance(
    'POST /api/application/servers?include=variables MUST store the egg variables, their raw timestamps in the panel timezone (the offset server databases show)',
    { operation: 'createServer', behaviour: 'servers.create.variables', effect: 'write', keys: app },
    async (s) => {
      const egg = await eggBlueprint(s);
      await withServer(s, 'variables', { include: 'variables' }, async (server) => {
        const a = server.answer.json.attributes;
        const variables = a.relationships.variables.data as Item[];
        const ids = new Map(egg.variables.map((v) => [Number(v.id), String(v.env_variable)]));
        expectEqual('variables stored', variables.map((v) => ids.get(Number(v.attributes.variable_id))).sort(), [...ids.values()].sort());
        for (const v of variables) {
          const env = ids.get(Number(v.attributes.variable_id)) as string;
          expectEqual(`variable_value of ${env}`, v.attributes.variable_value ?? null, egg.environment[env] ?? null);
          expectEqual(`server_id of ${env}`, v.attributes.server_id, server.id);
        }
        // A database made now shows the panel timezone's offset; the raw variable time read in that offset is the server's creation instant.
        const database = (await createDatabase(s, server.id, databaseName(s))).status(201).json.attributes;
        const offset = String(database.created_at).slice(19);
        for (const v of variables) {
          const raw = String(v.attributes.created_at);
          if (!RAW_TIMESTAMP.test(raw)) violate(`server_variable created_at ${JSON.stringify(raw)} is not "YYYY-MM-DD HH:MM:SS"`, { kind: 'value' });
          const drift = Math.abs(Date.parse(`${raw.replace(' ', 'T')}${offset}`) - Date.parse(String(a.created_at)));
          if (!(drift < 10 * 60 * 1000)) violate(`server_variable created_at ${raw} read at ${offset} is ${drift / 1000}s away from the server's ${a.created_at}: not the panel timezone`, { kind: 'value' });
        }
      });
    },
  );

  conformance(
    'POST /api/application/servers MUST answer 422 required (present for environment) for each missing field',
    { operation: 'createServer', behaviour: 'servers.create.validation.required', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      (await attemptCreate(s, {})).validation(
        { code: 'required', field: 'name' },
        { code: 'required', field: 'user' },
        { code: 'required', field: 'egg' },
        { code: 'required', field: 'docker_image' },
        { code: 'required', field: 'startup' },
        { code: 'present', field: 'environment' },
        { code: 'required', field: 'limits' },
        { code: 'required', field: 'feature_limits' },
        { code: 'required', field: 'allocation.default' },
      );
      const { serverExternalId } = await discover(s);
      const body = await serverBody(s, 'exists', ABSENT_ID, { body: { user: ABSENT_ID, egg: ABSENT_ID, ...(serverExternalId ? { external_id: serverExternalId } : {}) } });
      (await attemptCreate(s, body)).validation(
        { code: 'exists', field: 'user' },
        { code: 'exists', field: 'egg' },
        ...(serverExternalId ? [{ code: 'unique', field: 'external_id' }] : []),
      );
    },
  );

  conformance(
    'POST /api/application/servers MUST check limits.* (required, min, io between 10 and 1000) and require feature_limits.databases to be present',
    { operation: 'createServer', behaviour: 'servers.create.validation.limits', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const free = await firstFreeAllocation(s);
      const allocationId = free?.allocationId ?? ABSENT_ID;
      const low = await serverBody(s, 'limits', allocationId, {
        body: { limits: { memory: -1, swap: -2, disk: -1, io: 5, cpu: -1 }, feature_limits: { allocations: 1 } },
      });
      (await attemptCreate(s, low)).validation(
        { code: 'min', field: 'limits.memory', detail: 'The limits.memory must be at least 0.' },
        { code: 'min', field: 'limits.swap', detail: 'The limits.swap must be at least -1.' },
        { code: 'min', field: 'limits.disk', detail: 'The limits.disk must be at least 0.' },
        { code: 'between', field: 'limits.io', detail: 'The limits.io must be between 10 and 1000.' },
        { code: 'min', field: 'limits.cpu', detail: 'The limits.cpu must be at least 0.' },
        { code: 'present', field: 'feature_limits.databases' },
      );
      const missing = await serverBody(s, 'limits', allocationId, { body: { limits: { swap: 0, disk: 512, io: 1001, cpu: 10 } } });
      (await attemptCreate(s, missing)).validation(
        { code: 'required', field: 'limits.memory', detail: 'The limits.memory field is required.' },
        { code: 'between', field: 'limits.io' },
      );
    },
  );

  conformance(
    'POST /api/application/servers MUST require allocation.default when deploy is absent, and refuse an allocation a server already holds (exists)',
    { operation: 'createServer', behaviour: 'servers.create.validation.allocation', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const without = await serverBody(s, 'no-allocation', ABSENT_ID, {});
      delete without['allocation'];
      (await attemptCreate(s, without)).validation({ code: 'required', field: 'allocation.default' });
      const held = await assignedAllocation(s);
      (await attemptCreate(s, await serverBody(s, 'held-allocation', held, {}))).validation({
        code: 'exists',
        field: 'allocation.default',
        detail: 'The selected allocation.default is invalid.',
      });
    },
  );

  conformance(
    'POST /api/application/servers MUST check the types of the optional fields, naming wildcard fields by their raw path',
    { operation: 'createServer', behaviour: 'servers.create.validation.types', effect: 'write', keys: app },
    async (s) => {
      const held = await assignedAllocation(s);
      const free = await firstFreeAllocation(s);
      const body = await serverBody(s, 'types', free?.allocationId ?? ABSENT_ID, {
        body: { external_id: 'e'.repeat(192), pack: -1, skip_scripts: 'no', start_on_completion: 'no', allocation: { default: free?.allocationId ?? ABSENT_ID, additional: ['x', held] } },
      });
      (await attemptCreate(s, body)).validation(
        { code: 'between', field: 'external_id' },
        { code: 'min', field: 'pack' },
        { code: 'boolean', field: 'skip_scripts', detail: 'The skip scripts field must be true or false.' },
        { code: 'boolean', field: 'start_on_completion' },
        { code: 'integer', field: 'allocation.additional.0', detail: 'The allocation.additional.0 must be an integer.' },
        { code: 'exists', field: 'allocation.additional.1', detail: 'The selected allocation.additional.1 is invalid.' },
      );
    },
  );

  conformance(
    'POST /api/application/servers with deploy MUST require deploy.dedicated_ip (required_with deploy) and deploy.port_range, and check the wildcard entries',
    { operation: 'createServer', behaviour: 'servers.create.validation.deploy', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const partial = await serverBody(s, 'deploy-validation', ABSENT_ID, { body: { deploy: { locations: [] } } });
      delete partial['allocation'];
      (await attemptCreate(s, partial)).validation(
        { code: 'required_with', field: 'deploy.dedicated_ip', detail: 'The deploy.dedicated ip field is required when deploy / boolean is present.' },
        { code: 'present', field: 'deploy.port_range', detail: 'The deploy.port range field must be present.' },
      );
      const wrongTypes = await serverBody(s, 'deploy-validation', ABSENT_ID, { body: { deploy: { locations: ['x'], dedicated_ip: false, port_range: [25565] } } });
      delete wrongTypes['allocation'];
      (await attemptCreate(s, wrongTypes)).validation(
        { code: 'integer', field: 'deploy.locations.0', detail: 'The deploy.locations.0 must be an integer.' },
        { code: 'string', field: 'deploy.port_range.0', detail: 'The deploy.port_range.0 must be a string.' },
      );
      const empty = await serverBody(s, 'deploy-validation', ABSENT_ID, { body: { deploy: {} } });
      delete empty['allocation'];
      (await attemptCreate(s, empty)).validation({ code: 'required', field: 'deploy' }, { code: 'required', field: 'allocation.default' });
    },
  );

  conformance(
    'POST /api/application/servers MUST assign allocation.additional to the new server besides its default',
    { operation: 'createServer', behaviour: 'servers.create.additional-allocations', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const first = await firstFreeAllocation(s);
      if (!first) unavailable('no free allocation');
      const second = await freeAllocationOn(s, first.nodeId, [first.allocationId]);
      if (!second) unavailable(`node ${first.nodeId} has a single free allocation; two are needed`);
      const body = await serverBody(s, 'additional', first.allocationId, { body: { allocation: { default: first.allocationId, additional: [second.allocationId] } } });
      const answer = await createRecorded(s, 'createServer', { body, query: { include: 'allocations' } }, (created) => ({
        kind: 'server',
        deleteOperation: 'deleteServer',
        params: { server: Number(created.attributes['id']) },
        name: String(body['name']),
      }));
      answer.status(201);
      try {
        expectEqual('allocation (default)', answer.json.attributes.allocation, first.allocationId);
        const held = (answer.json.attributes.relationships.allocations.data as Item[]).map((d) => d.attributes.id).sort((a: number, b: number) => a - b);
        expectEqual('allocations held', held, [first.allocationId, second.allocationId].sort((a, b) => a - b));
      } finally {
        await removeServer(s, Number(answer.json.attributes.id));
      }
    },
  );

  conformance(
    'POST /api/application/servers MUST validate each egg variable against its own rules (422 on environment.<ENV>, label "<name> variable")',
    { operation: 'createServer', behaviour: 'servers.create.validation.egg-variable', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const egg = await eggBlueprint(s);
      const required = egg.variables.find((v) => String(v.rules).split('|').includes('required'));
      if (!required) unavailable(`egg ${egg.eggId} has no variable with a required rule; pin an egg that has (PTERO_PIN_EGG)`);
      const env = String(required.env_variable);
      const environment = { ...egg.environment };
      delete environment[env];
      const free = await firstFreeAllocation(s);
      const body = await serverBody(s, 'egg-variable', free?.allocationId ?? ABSENT_ID, { body: { environment } });
      const answer = await attemptCreate(s, body);
      answer.validation({ code: 'required', field: `environment.${env}`, detail: `The ${String(required.name)} variable field is required.` });
    },
  );

  conformance(
    'POST /api/application/servers with deploy MUST answer 400 NoViableNodeException when no public node has room',
    { operation: 'createServer', behaviour: 'servers.create.deploy.no-viable-node', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const body = await serverBody(s, 'deploy', ABSENT_ID, {
        body: { limits: { ...LIMITS, memory: 1_000_000_000 }, deploy: { locations: [], dedicated_ip: false, port_range: [] } },
      });
      delete body['allocation'];
      const answer = await attemptCreate(s, body);
      answer.error({ code: 'NoViableNodeException', status: 400, detail: 'No nodes satisfying the requirements specified for automatic deployment could be found.' });
    },
  );

  conformance(
    'POST /api/application/servers with deploy MUST answer 400 NoViableAllocationException when the port range holds no free allocation of the chosen node',
    { operation: 'createServer', behaviour: 'servers.create.deploy.no-viable-allocation', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const body = await serverBody(s, 'deploy-ports', ABSENT_ID, { body: { deploy: { locations: [], dedicated_ip: false, port_range: ['1030'] } } });
      delete body['allocation'];
      (await attemptCreate(s, body)).error({
        code: 'NoViableAllocationException',
        status: 400,
        detail: 'No allocations satisfying the requirements for automatic deployment were found.',
      });
    },
  );

  conformance(
    'POST /api/application/servers with deploy MUST answer 400 DisplayException for a port range spanning more than 1000 ports',
    { operation: 'createServer', behaviour: 'servers.create.deploy.port-range-too-large', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const body = await serverBody(s, 'deploy-range', ABSENT_ID, { body: { deploy: { locations: [], dedicated_ip: false, port_range: ['20000-21001'] } } });
      delete body['allocation'];
      (await attemptCreate(s, body)).error({ code: 'DisplayException', status: 400, detail: 'Adding more than 1000 ports in a single range at once is not supported.' });
    },
  );

  conformance(
    'POST /api/application/servers with deploy MUST place the server on a free allocation of a public node in the requested location',
    { operation: 'createServer', behaviour: 'servers.create.deploy', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await discover(s);
      const node = (await call(s, 'getNode', { params: { node: nodeId } })).status(200).json.attributes;
      if (node.public !== true) unavailable(`node ${nodeId} is not public; pin a public node (PTERO_PIN_NODE)`);
      const body = await serverBody(s, 'deploy-ok', ABSENT_ID, { body: { deploy: { locations: [node.location_id], dedicated_ip: false, port_range: [] } } });
      delete body['allocation'];
      const answer = (await attemptCreate(s, body)).status(201);
      const id = Number(answer.json.attributes.id);
      try {
        const placed = (await call(s, 'getNode', { params: { node: answer.json.attributes.node } })).status(200).json.attributes;
        expectEqual('location of the chosen node', placed.location_id, node.location_id);
        const allocation = await firstAllocation(s, Number(placed.id), (a) => a.id === answer.json.attributes.allocation);
        expectEqual('the chosen allocation is assigned', allocation?.assigned, true);
      } finally {
        await removeServer(s, id);
      }
    },
  );

  conformance(
    'POST /api/application/servers MUST answer 504 DaemonConnectionException when the node\'s daemon refuses the connection, and keep nothing',
    { operation: 'createServer', behaviour: 'servers.create.daemon-unreachable', provokes: 'server-error', effect: 'write', keys: app, mockOnly: true, profiles: SHARED_PROFILES },
    async (s) => {
      const free = await firstFreeAllocation(s);
      if (!free) unavailable('no free allocation');
      const body = await serverBody(s, 'create-unreachable', free.allocationId, {});
      await unreachable(s, free.nodeId, async () => {
        (await attemptCreate(s, body)).error({ code: 'DaemonConnectionException', status: 504, detail: DAEMON_ERROR });
      });
      const allocation = await firstAllocation(s, free.nodeId, (a) => a.id === free.allocationId);
      expectEqual('the allocation after the failed create (rolled back)', allocation?.assigned, false);
      const listed = (await call(s, 'listServers', { query: { [NAME_QUERY]: String(body['name']) } })).status(200);
      expectEqual('servers named like the failed one', listed.json.meta.pagination.total, 0);
    },
  );

  conformance(
    'POST /api/application/servers?include=… MUST render every include as the null_resource for a key that may write servers but read nothing',
    { operation: 'createServer', behaviour: 'servers.create.include-without-permission', concerns: 'access', effect: 'write', keys: appAndWriteOnly, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'include-write-only', { as: 'application-write-only', include: ALL_SERVER_INCLUDES.join(',') }, async (server) => {
        for (const name of ALL_SERVER_INCLUDES) server.answer.include(name, 'null_resource');
      });
    },
  );
});

describe('PATCH /api/application/servers/{server}/details', () => {
  conformance(
    'PATCH /api/application/servers/{server}/details MUST replace every field: name is required again, an omitted external_id is cleared to null and an omitted description becomes ""',
    { operation: 'updateServerDetails', behaviour: 'servers.details.full-replacement', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const externalId = runName(s, 'ext').slice(0, 191);
      await withServer(s, 'details', { body: { external_id: externalId, description: 'before' } }, async (server) => {
        expectEqual('external_id after create', server.answer.json.attributes.external_id, externalId);
        const user = server.body['user'];
        (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { user } })).validation({
          code: 'required',
          field: 'name',
          detail: 'The Server Name field is required.',
        });
        const renamed = `${String(server.body['name'])}-renamed`.slice(0, 191);
        const updated = (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { name: renamed, user } })).status(200).freshTimestamps('updated_at');
        expectEqual('name', updated.json.attributes.name, renamed);
        expectEqual('external_id (omitted)', updated.json.attributes.external_id, null);
        expectEqual('description (omitted)', updated.json.attributes.description, '');
        (await call(s, 'getServerByExternalId', { params: { external_id: externalId } })).error({ code: 'NotFoundHttpException', status: 404 });
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/details MUST accept the server\'s own external_id and refuse another server\'s (unique) and an unknown user (exists)',
    { operation: 'updateServerDetails', behaviour: 'servers.details.validation', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverExternalId } = await discover(s);
      const server = await sharedServer(s, 'refusals');
      const externalId = String(server.body['external_id']);
      const base = { name: server.body['name'], user: server.body['user'] };
      const own = (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { ...base, external_id: externalId } })).status(200);
      expectEqual('external_id (own, kept)', own.json.attributes.external_id, externalId);
      (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { ...base, user: ABSENT_ID } })).validation({
        code: 'exists',
        field: 'user',
        detail: 'The selected User ID is invalid.',
      });
      if (serverExternalId !== undefined) {
        (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { ...base, external_id: serverExternalId } })).validation({ code: 'unique', field: 'external_id' });
      }
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/details MUST change the owner (200) once the old owner holds a daemon key for the server',
    { operation: 'updateServerDetails', behaviour: 'servers.details.owner-change', effect: 'write', keys: appAndClient },
    async (s) => {
      const owner = await clientUser(s);
      await withServer(s, 'owner-change', { body: { user: owner } }, async (server) => {
        // The client API creates the owner's daemon key on first access (v0.7.19:app/Http/Middleware/Api/Client/AuthenticateClientAccess.php#L47-L56).
        (await call(s, 'getClientServer', { params: { server: String(server.answer.json.attributes.identifier) } })).status(200);
        const newOwner = await otherUser(s, owner);
        const updated = (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { name: server.body['name'], user: newOwner } })).status(200);
        expectEqual('user', updated.json.attributes.user, newOwner);
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/details MUST answer 400 DisplayException with HTTP/E_CONN_REFUSED when revoking the old owner\'s daemon key fails, and change nothing',
    { operation: 'updateServerDetails', behaviour: 'servers.details.owner-change-daemon-unreachable', effect: 'write', keys: appAndClient, mockOnly: true },
    async (s) => {
      const owner = await clientUser(s);
      await withServer(s, 'owner-unreachable', { body: { user: owner } }, async (server) => {
        (await call(s, 'getClientServer', { params: { server: String(server.answer.json.attributes.identifier) } })).status(200);
        const newOwner = await otherUser(s, owner);
        await unreachable(s, server.nodeId, async () => {
          (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { name: 'ptero-conformance-owner-unreachable', user: newOwner } })).error({
            code: 'DisplayException',
            status: 400,
            detail: DAEMON_ERROR,
          });
        });
        const after = await getServer(s, server.id);
        expectEqual('owner after the failed change', after.user, owner);
        expectEqual('name after the failed change (rolled back)', after.name, server.body['name']);
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/details MUST answer 404 HttpException for an owner change when the old owner has no daemon key, and change nothing',
    { operation: 'updateServerDetails', behaviour: 'servers.details.owner-change-without-daemon-key', effect: 'write', keys: app },
    async (s) => {
      const server = await sharedServer(s, 'refusals');
      const owner = Number(server.body['user']);
      const newOwner = await otherUser(s, owner);
      (await call(s, 'updateServerDetails', { params: { server: server.id }, body: { name: 'ptero-conformance-owner-changed', user: newOwner } })).error({
        code: 'HttpException',
        status: 404,
      });
      const after = await getServer(s, server.id);
      expectEqual('owner after the failed change', after.user, owner);
      expectEqual('name after the failed change (rolled back)', after.name, server.body['name']);
    },
  );
});

describe('PATCH /api/application/servers/{server}/build', () => {
  conformance(
    'PATCH /api/application/servers/{server}/build MUST answer 200 with the new limits and feature limits',
    { operation: 'updateServerBuild', behaviour: 'servers.build.update', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'build', {}, async (server) => {
        const limits = { memory: 256, swap: -1, disk: 1024, io: 600, cpu: 75 };
        const updated = (
          await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { limits, feature_limits: featureLimits(4, null) }) })
        ).status(200);
        expectEqual('limits', updated.json.attributes.limits, renderedLimits(limits));
        expectEqual('feature_limits', updated.json.attributes.feature_limits, featureLimits(4, null));
        expectEqual('allocation', updated.json.attributes.allocation, server.allocationId);
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/build MUST answer 500 ErrorException when feature_limits.allocations is omitted',
    { operation: 'updateServerBuild', behaviour: 'servers.build.missing-allocation-limit', provokes: 'server-error', effect: 'write', keys: app },
    async (s) => {
      await withServer(s, 'build-no-alloc-limit', {}, async (server) => {
        (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { feature_limits: { databases: 1 } }) })).error({
          code: 'ErrorException',
          status: 500,
        });
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/build MUST answer 500 HttpException when oom_disabled is omitted',
    { operation: 'updateServerBuild', behaviour: 'servers.build.missing-oom-disabled', provokes: 'server-error', effect: 'write', keys: app },
    async (s) => {
      await withServer(s, 'build-no-oom', {}, async (server) => {
        const body = buildBody(server);
        delete body['oom_disabled'];
        (await call(s, 'updateServerBuild', { params: { server: server.id }, body })).error({ code: 'HttpException', status: 500 });
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/build MUST answer 400 DisplayException for a default allocation the server does not hold',
    { operation: 'updateServerBuild', behaviour: 'servers.build.unassigned-default', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'refusals');
      const free = await firstFreeAllocation(s, [server.allocationId]);
      if (!free) unavailable('no second free allocation');
      (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { allocation: free.allocationId }) })).error({
        code: 'DisplayException',
        status: 400,
        detail: DEFAULT_NOT_HELD,
      });
      expectEqual('allocation after the refused change', (await getServer(s, server.id)).allocation, server.allocationId);
    },
  );
});

describe('PATCH /api/application/servers/{server}/build, validation', () => {
  conformance(
    'PATCH /api/application/servers/{server}/build MUST answer 422 for missing fields (limits or the top-level legacy limits, feature_limits) and for a default held by another server',
    { operation: 'updateServerBuild', behaviour: 'servers.build.validation', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'refusals');
      (await call(s, 'updateServerBuild', { params: { server: server.id }, body: {} })).validation(
        { code: 'required', field: 'allocation' },
        { code: 'required_without', field: 'memory', detail: 'The memory field is required when limits is not present.' },
        { code: 'required_without', field: 'swap' },
        { code: 'required_without', field: 'disk' },
        { code: 'required_without', field: 'io' },
        { code: 'required_without', field: 'cpu' },
        { code: 'required', field: 'feature_limits' },
        { code: 'present', field: 'feature_limits.databases', detail: 'The Database Limit field must be present.' },
      );
      (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { limits: { memory: 256 } }) })).validation(
        { code: 'required_with', field: 'limits.swap', detail: 'The limits.swap field is required when limits is present.' },
        { code: 'required_with', field: 'limits.disk' },
        { code: 'required_with', field: 'limits.io' },
        { code: 'required_with', field: 'limits.cpu' },
      );
      (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { limits: { ...LIMITS, io: 5, memory: -1 } }) })).validation(
        { code: 'between', field: 'limits.io' },
        { code: 'min', field: 'limits.memory' },
      );
      const held = await assignedAllocation(s, [server.allocationId]);
      (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { allocation: held }) })).validation({ code: 'unique', field: 'allocation' });
      (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { allocation: ABSENT_ID }) })).validation({ code: 'exists', field: 'allocation' });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/build MUST accept the limits as top-level fields (memory, swap, disk, io, cpu) instead of limits',
    { operation: 'updateServerBuild', behaviour: 'servers.build.top-level-limits', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'build-top-level', {}, async (server) => {
        const limits = { memory: 300, swap: 0, disk: 600, io: 400, cpu: 10 };
        const body = buildBody(server, limits);
        delete body['limits'];
        const updated = (await call(s, 'updateServerBuild', { params: { server: server.id }, body })).status(200);
        expectEqual('limits', updated.json.attributes.limits, renderedLimits(limits));
      });
    },
  );
});

describe('PATCH /api/application/servers/{server}/build, allocations', () => {
  conformance(
    'PATCH /api/application/servers/{server}/build MUST answer 400 DisplayException when the requested default is removed and nothing is added',
    { operation: 'updateServerBuild', behaviour: 'servers.build.remove-default-without-fallback', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'refusals');
      (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { remove_allocations: [server.allocationId] }) })).error({
        code: 'DisplayException',
        status: 400,
        detail: 'You are attempting to delete the default allocation for this server but there is no fallback allocation to use.',
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/build MUST make the first added allocation the default when the requested default is removed',
    { operation: 'updateServerBuild', behaviour: 'servers.build.replace-default', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'build-replace-default', {}, async (server) => {
        const free = await freeAllocationOn(s, server.nodeId, [server.allocationId]);
        if (!free) unavailable(`node ${server.nodeId} has no second free allocation`);
        const updated = (
          await call(s, 'updateServerBuild', {
            params: { server: server.id },
            body: buildBody(server, { add_allocations: [free.allocationId], remove_allocations: [server.allocationId] }),
            query: { include: 'allocations' },
          })
        ).status(200);
        expectEqual('allocation (the added one)', updated.json.attributes.allocation, free.allocationId);
        const held = (updated.json.attributes.relationships.allocations.data as Item[]).map((d) => d.attributes.id);
        expectEqual('allocations held', held, [free.allocationId]);
      });
    },
  );
});

describe('PATCH /api/application/servers/{server}/startup', () => {
  conformance(
    'PATCH /api/application/servers/{server}/startup MUST require image (not docker_image as on create) and a boolean skip_scripts (null fails)',
    { operation: 'updateServerStartup', behaviour: 'servers.startup.validation', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const egg = await eggBlueprint(s);
      const server = await sharedServer(s, 'refusals');
      const withDockerImage = startupBody(egg, { docker_image: egg.dockerImage });
      delete withDockerImage['image'];
      (await call(s, 'updateServerStartup', { params: { server: server.id }, body: withDockerImage })).validation({ code: 'required', field: 'image' });
      (await call(s, 'updateServerStartup', { params: { server: server.id }, body: startupBody(egg, { skip_scripts: null }) })).validation({
        code: 'boolean',
        field: 'skip_scripts',
      });
      const noSkip = startupBody(egg);
      delete noSkip['skip_scripts'];
      (await call(s, 'updateServerStartup', { params: { server: server.id }, body: noSkip })).validation({ code: 'present', field: 'skip_scripts' });
      const required = egg.variables.find((v) => String(v.rules).split('|').includes('required'));
      if (required) {
        const environment = { ...egg.environment };
        delete environment[String(required.env_variable)];
        (await call(s, 'updateServerStartup', { params: { server: server.id }, body: startupBody(egg, { environment }) })).validation({
          code: 'required',
          field: `environment.${String(required.env_variable)}`,
          detail: `The ${String(required.name)} variable field is required.`,
        });
      }
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/startup MUST answer 200 with the new startup, clear the pack when pack is omitted and leave installed unchanged',
    { operation: 'updateServerStartup', behaviour: 'servers.startup.update', effect: 'write', keys: app },
    async (s) => {
      // A server with a pack teaches a pack id and its egg; without one, the default egg is used.
      const servers = (await call(s, 'listServers', { query: { include: 'pack' } })).status(200).json.data as Item[];
      const packed = servers.find((d) => d.attributes.pack !== null);
      const egg = packed ? await blueprintOf(s, Number(packed.attributes.nest), Number(packed.attributes.egg)) : await eggBlueprint(s);
      const pack = packed ? Number(packed.attributes.pack) : null;
      await withServer(s, 'startup', { egg, body: pack === null ? {} : { pack } }, async (server) => {
        expectEqual('pack after create', server.answer.json.attributes.pack, pack);
        const before = await getServer(s, server.id);
        const startup = `${egg.startup} --conformance`;
        const updated = (await call(s, 'updateServerStartup', { params: { server: server.id }, body: startupBody(egg, { startup }) })).status(200);
        const a = updated.json.attributes;
        expectEqual('container.startup_command', a.container.startup_command, startup);
        expectEqual('environment.STARTUP', a.container.environment.STARTUP, startup);
        expectEqual('pack (omitted)', a.pack, null);
        expectEqual('container.installed', a.container.installed, before.container.installed);
        expectEqual('egg', a.egg, egg.eggId);
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/startup MUST move the server to the nest of a new egg and store "" for each variable left out of environment',
    { operation: 'updateServerStartup', behaviour: 'servers.startup.change-egg', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const current = await eggBlueprint(s);
      const target = await eggElsewhere(s, current.nestId);
      const optional = target.variables.find((v) => !String(v.rules).split('|').includes('required'));
      const environment = { ...target.environment };
      if (optional) delete environment[String(optional.env_variable)];
      await withServer(s, 'startup-egg', {}, async (server) => {
        const updated = (await call(s, 'updateServerStartup', { params: { server: server.id }, body: startupBody(target, { environment }) })).status(200);
        const a = updated.json.attributes;
        expectEqual('egg', a.egg, target.eggId);
        expectEqual('nest (follows the egg)', a.nest, target.nestId);
        expectEqual('container.image', a.container.image, target.dockerImage);
        for (const [key, value] of Object.entries(environment)) expectEqual(`environment.${key}`, a.container.environment[key], value ?? '');
        if (optional) expectEqual(`environment.${String(optional.env_variable)} (left out)`, a.container.environment[String(optional.env_variable)], '');
      });
    },
  );

  conformance(
    'PATCH /api/application/servers/{server}/startup MUST leave an installed server installed (installed is guarded)',
    { operation: 'updateServerStartup', behaviour: 'servers.startup.installed-unchanged', effect: 'destructive', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const before = await getServer(s, serverId);
      if (before.container.installed !== INSTALLED.yes) unavailable(`server ${serverId} is not installed; pin an installed server (PTERO_PIN_SERVER)`);
      const environment: Record<string, unknown> = { ...before.container.environment };
      for (const key of ['STARTUP', 'P_SERVER_LOCATION', 'P_SERVER_UUID']) delete environment[key];
      const body = { startup: before.container.startup_command, environment, egg: before.egg, image: before.container.image, pack: before.pack, skip_scripts: false };
      const updated = (await call(s, 'updateServerStartup', { params: { server: serverId }, body })).status(200);
      expectEqual('container.installed', updated.json.attributes.container.installed, INSTALLED.yes);
      expectEqual('pack (sent unchanged)', updated.json.attributes.pack, before.pack);
    },
  );
});

describe('POST /api/application/servers/{server}/suspend, unsuspend, reinstall and rebuild', () => {
  conformance(
    'POST /api/application/servers/{server}/suspend and /unsuspend MUST answer 204 and set the suspended flag (repeating one is a no-op 204)',
    { operation: 'suspendServer', behaviour: 'servers.suspend', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'suspend', {}, async (server) => {
        (await call(s, 'suspendServer', { params: { server: server.id } })).status(204);
        expectEqual('suspended after suspend', (await getServer(s, server.id)).suspended, true);
        (await call(s, 'suspendServer', { params: { server: server.id } })).status(204);
        (await call(s, 'unsuspendServer', { params: { server: server.id } })).status(204);
        expectEqual('suspended after unsuspend', (await getServer(s, server.id)).suspended, false);
        (await call(s, 'unsuspendServer', { params: { server: server.id } })).status(204);
      });
    },
  );

  conformance(
    'POST /api/application/servers/{server}/reinstall MUST answer 204 and mark the server not installed',
    { operation: 'reinstallServer', behaviour: 'servers.reinstall', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'reinstall', {}, async (server) => {
        const answer = (await call(s, 'reinstallServer', { params: { server: server.id } })).status(204);
        expectEqual('body', answer.exchange.response.rawBody, '');
        expectEqual('container.installed', (await getServer(s, server.id)).container.installed, INSTALLED.no);
      });
    },
  );

  conformance(
    'After a reinstall the server MUST show installed again once its daemon reports the install finished (POST /daemon/install)',
    { operation: 'reinstallServer', behaviour: 'servers.reinstall.finished', effect: 'write', keys: app, mockOnly: true },
    async (s) => {
      const control = s.control;
      if (!control) unavailable('needs the mock control surface');
      await withServer(s, 'reinstall-done', {}, async (server) => {
        (await call(s, 'reinstallServer', { params: { server: server.id } })).status(204);
        expectEqual('container.installed while installing', (await getServer(s, server.id)).container.installed, INSTALLED.no);
        await control.finishInstall(server.id);
        // The panel's markInstall is an Eloquent update: installed and updated_at change now.
        const viewed = (await call(s, 'getServer', { params: { server: server.id } })).status(200).freshTimestamps('updated_at');
        expectEqual('container.installed after the install', viewed.json.attributes.container.installed, INSTALLED.yes);
      });
    },
  );

  conformance(
    'POST /api/application/servers/{server}/rebuild MUST answer 204 with an empty body',
    { operation: 'rebuildServer', behaviour: 'servers.rebuild', effect: 'write', keys: app },
    async (s) => {
      await withServer(s, 'rebuild', {}, async (server) => {
        const answer = (await call(s, 'rebuildServer', { params: { server: server.id } })).status(204);
        expectEqual('body', answer.exchange.response.rawBody, '');
      });
    },
  );
});

describe('DELETE /api/application/servers/{server}', () => {
  conformance(
    'DELETE /api/application/servers/{server} MUST answer 204 and remove the server',
    { operation: 'deleteServer', behaviour: 'servers.delete', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await createServer(s, 'delete');
      (await call(s, 'deleteServer', { params: { server: server.id } })).status(204);
      s.ledger.forget('deleteServer', { server: server.id });
      (await call(s, 'getServer', { params: { server: server.id } })).error({ code: 'NotFoundHttpException', status: 404 });
      const allocation = await firstAllocation(s, server.nodeId, (a) => a.id === server.allocationId);
      expectEqual('the allocation is free again', allocation?.assigned, false);
    },
  );

  conformance(
    'DELETE /api/application/servers/{server}/force MUST answer 204 and remove the server',
    { operation: 'forceDeleteServer', behaviour: 'servers.delete.force', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await createServer(s, 'force-delete');
      (await call(s, 'forceDeleteServer', { params: { server: server.id, force: 'force' } })).status(204);
      s.ledger.forget('deleteServer', { server: server.id });
      (await call(s, 'getServer', { params: { server: server.id } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'DELETE /api/application/servers/{server}/{other} MUST delete normally (204) when the last segment is not "force"',
    { operation: 'forceDeleteServer', behaviour: 'servers.delete.other-segment', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await createServer(s, 'other-segment');
      (await call(s, 'forceDeleteServer', { params: { server: server.id, force: 'please' } })).status(204);
      s.ledger.forget('deleteServer', { server: server.id });
      (await call(s, 'getServer', { params: { server: server.id } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );
});

describe('Server actions when the daemon cannot be reached', () => {
  conformance(
    'PATCH build and startup, POST reinstall and rebuild MUST answer 504 DaemonConnectionException when the node\'s daemon refuses the connection',
    { operation: 'updateServerBuild', behaviour: 'servers.daemon-unreachable.504', provokes: 'server-error', effect: 'write', keys: app, mockOnly: true },
    async (s) => {
      const egg = await eggBlueprint(s);
      await withServer(s, 'unreachable', {}, async (server) => {
        await unreachable(s, server.nodeId, async () => {
          const expected = { code: 'DaemonConnectionException', status: 504, detail: DAEMON_ERROR };
          (await call(s, 'updateServerBuild', { params: { server: server.id }, body: buildBody(server, { limits: { ...LIMITS, memory: 512 } }) })).error(expected);
          (await call(s, 'updateServerStartup', { params: { server: server.id }, body: startupBody(egg) })).error(expected);
          (await call(s, 'reinstallServer', { params: { server: server.id } })).error(expected);
          (await call(s, 'rebuildServer', { params: { server: server.id } })).error(expected);
        });
        expectEqual('limits.memory after the failed build (rolled back)', (await getServer(s, server.id)).limits.memory, LIMITS.memory);
      });
    },
  );

  conformance(
    `POST /api/application/servers/{server}/suspend MUST answer ${perProfile({ 'v0.7.19': '400 DisplayException with HTTP/E_CONN_REFUSED', 'v1.11': '504 DaemonConnectionException' })} and roll the flag back when the daemon refuses the connection`,
    { operation: 'suspendServer', behaviour: 'servers.daemon-unreachable.suspend', ...perProfile<{ provokes?: 'server-error' }>({ 'v0.7.19': {}, 'v1.11': { provokes: 'server-error' } }), effect: 'write', keys: app, mockOnly: true, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'unreachable-suspend', {}, async (server) => {
        await unreachable(s, server.nodeId, async () => {
          (await call(s, 'suspendServer', { params: { server: server.id } })).error({ ...SUSPEND_UNREACHABLE, detail: DAEMON_ERROR });
        });
        expectEqual('suspended after the failed suspend', (await getServer(s, server.id)).suspended, false);
      });
    },
  );

  conformance(
    'DELETE /api/application/servers/{server}/{other} MUST delete normally (504 when the daemon refuses the connection) while /force answers 204',
    { operation: 'forceDeleteServer', behaviour: 'servers.daemon-unreachable.delete', provokes: 'server-error', effect: 'write', keys: app, mockOnly: true, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await createServer(s, 'unreachable-delete');
      try {
        await unreachable(s, server.nodeId, async () => {
          const expected = { code: 'DaemonConnectionException', status: 504, detail: DAEMON_ERROR };
          (await call(s, 'deleteServer', { params: { server: server.id } })).error(expected);
          (await call(s, 'forceDeleteServer', { params: { server: server.id, force: 'forced' } })).error(expected);
          await getServer(s, server.id);
          (await call(s, 'forceDeleteServer', { params: { server: server.id, force: 'force' } })).status(204);
          s.ledger.forget('deleteServer', { server: server.id });
        });
        (await call(s, 'getServer', { params: { server: server.id } })).error({ code: 'NotFoundHttpException', status: 404 });
      } finally {
        await removeServer(s, server.id);
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Server databases

async function createDatabase(s: Session, serverId: number, name: string, options: { as?: 'application-write-only'; include?: string; host?: number } = {}) {
  const host = options.host ?? (await databaseHost(s));
  return createRecorded(
    s,
    'createServerDatabase',
    {
      params: { server: serverId },
      body: { database: name, remote: '%', host },
      ...(options.as ? { as: options.as } : {}),
      ...(options.include ? { query: { include: options.include } } : {}),
    },
    (created) => ({ kind: 'database', deleteOperation: 'deleteServerDatabase', params: { server: serverId, database: Number(created.attributes['id']) }, name }),
  );
}

/** A database name of this run; `tag` keeps the names on the shared server apart (24 characters at most). */
function databaseName(s: Session, tag = ''): string {
  return `c${s.config.runId.slice(-8)}${tag}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 20);
}

/** The databases this run made on a server and has not removed: all its list may show when the run made the server. */
function recordedDatabases(s: Session, serverId: number): number[] {
  return s.ledger
    .pending()
    .filter((e) => e.deleteOperation === 'deleteServerDatabase' && Number(e.params['server']) === serverId)
    .map((e) => Number(e.params['database']))
    .sort((a, b) => a - b);
}

describe('GET /api/application/servers/{server}/databases', () => {
  conformance(
    'GET /api/application/servers/{server}/databases MUST answer the server\'s databases as a list that is not paginated (no meta)',
    { operation: 'listServerDatabases', behaviour: 'server-databases.list', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await existingDatabase(s);
      const answer = (await call(s, 'listServerDatabases', { params: { server: serverId } })).status(200);
      expectEqual('object', answer.json.object, 'list');
      expectEqual('top-level keys', Object.keys(answer.json).sort(), ['data', 'object']);
      for (const d of answer.json.data as Item[]) {
        expectEqual('item object', d.object, 'server_database');
        expectEqual('item server', d.attributes.server, serverId);
      }
      if ((answer.json.data as Item[]).length === 0) violate(`server ${serverId} answered no database`, { kind: 'value' });
    },
  );

  conformance(
    'GET /api/application/servers/{server}/databases/{database} MUST answer the database, named s<server>_<name>, with timestamps carrying an offset',
    { operation: 'getServerDatabase', behaviour: 'server-databases.view', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId, databaseId } = await existingDatabase(s);
      const answer = (await call(s, 'getServerDatabase', { params: { server: serverId, database: databaseId } })).status(200).include('host', 'absent');
      const a = answer.json.attributes;
      expectEqual('object', answer.json.object, 'server_database');
      expectEqual('id', a.id, databaseId);
      expectEqual('server', a.server, serverId);
      if (!String(a.database).startsWith(`s${serverId}_`)) violate(`database name ${a.database} does not start with s${serverId}_`, { kind: 'value' });
      if (!new RegExp(`^u${serverId}_[A-Za-z0-9]{10}$`).test(String(a.username))) violate(`username ${a.username} is not u${serverId}_ + 10 alphanumerics`, { kind: 'value' });
      for (const field of ['created_at', 'updated_at']) {
        if (!ISO_WITH_OFFSET.test(String(a[field]))) violate(`${field} ${a[field]} is not ISO-8601 with a numeric offset`, { kind: 'value' });
      }
      if ('password' in a) violate('the password is an attribute; it must only come through include=password', { kind: 'include' });
    },
  );

  conformance(
    `GET /api/application/servers/{server}/databases/{database} MUST answer ${DATABASE_BINDING_SCOPED ? '404 NotFoundHttpException for a database of another server' : 'a database of another server as its own (the binding is not scoped)'} and 404 NotFoundHttpException for an unknown id`,
    { operation: 'getServerDatabase', behaviour: 'server-databases.view.wrong-server', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId, databaseId } = await existingDatabase(s);
      const servers = (await call(s, 'listServers')).status(200).json.data as Item[];
      const other = servers.find((d) => d.attributes.id !== serverId);
      if (!other) unavailable('the panel has a single server; a wrong parent needs two');
      const elsewhere = await call(s, 'getServerDatabase', { params: { server: other.attributes.id, database: databaseId } });
      if (DATABASE_BINDING_SCOPED) elsewhere.error({ code: 'NotFoundHttpException', status: 404 });
      else if (elsewhere.status(200).json.attributes.server !== serverId) violate(`database ${databaseId} asked through server ${String(other.attributes.id)} answered server ${String(elsewhere.json.attributes.server)}, not its own ${serverId}`, { kind: 'value', pointer: '/attributes/server' }, elsewhere.exchange);
      (await call(s, 'getServerDatabase', { params: { server: serverId, database: ABSENT_ID } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'GET /api/application/servers/{server}/databases/{database}?include=password,host MUST render database_password with the password and the database_host',
    { operation: 'getServerDatabase', behaviour: 'server-databases.view.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId, databaseId } = await existingDatabase(s);
      const answer = (await call(s, 'getServerDatabase', { params: { server: serverId, database: databaseId }, query: { include: 'password,host' } }))
        .status(200)
        .include('password', 'rendered')
        .include('host', 'rendered');
      const r = answer.json.attributes.relationships;
      expectEqual('password object', r.password.object, 'database_password');
      if (typeof r.password.attributes.password !== 'string' || r.password.attributes.password === '') violate('database_password carries no password', { kind: 'value' });
      expectEqual('host object', r.host.object, 'database_host');
      expectEqual('host id', r.host.attributes.id, answer.json.attributes.host);
    },
  );
});

describe('POST and DELETE /api/application/servers/{server}/databases', () => {
  conformance(
    'POST /api/application/servers/{server}/databases MUST answer 201 with the database (s<server>_<name>, u<server>_ + 10 characters), meta.resource, and timestamps in the panel timezone',
    { operation: 'createServerDatabase', behaviour: 'server-databases.create', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'databases');
      const name = databaseName(s, 'cr');
      const host = await databaseHost(s);
      const created = (await createDatabase(s, server.id, name, { host })).status(201);
      const a = created.json.attributes;
      expectEqual('object', created.json.object, 'server_database');
      expectEqual('database', a.database, `s${server.id}_${name}`);
      expectEqual('server', a.server, server.id);
      expectEqual('host', a.host, host);
      expectEqual('remote', a.remote, '%');
      if (!new RegExp(`^u${server.id}_[A-Za-z0-9]{10}$`).test(String(a.username))) violate(`username ${a.username} is not u${server.id}_ + 10 alphanumerics`, { kind: 'value' });
      if (!String(created.json.meta.resource).endsWith(`/api/application/servers/${server.id}/databases/${a.id}`)) {
        violate(`meta.resource ${created.json.meta.resource} does not point at database ${a.id} of server ${server.id}`, { kind: 'value' });
      }
      // The database's local time with its APP_TIMEZONE offset and the server's UTC time are the same instant.
      if (!ISO_WITH_OFFSET.test(String(a.created_at))) violate(`created_at ${a.created_at} is not ISO-8601 with a numeric offset`, { kind: 'value' });
      const drift = Math.abs(Date.parse(String(a.created_at)) - Date.parse(String(server.answer.json.attributes.created_at)));
      if (!(drift < 10 * 60 * 1000)) violate(`created_at ${a.created_at} is ${drift / 1000}s away from the server's ${server.answer.json.attributes.created_at}: the offset does not match the local time`, { kind: 'value' });
      const list = (await call(s, 'listServerDatabases', { params: { server: server.id } })).status(200);
      expectEqual('databases listed', (list.json.data as Item[]).map((d) => Number(d.attributes.id)).sort((x, y) => x - y), recordedDatabases(s, server.id));
    },
  );

  conformance(
    'POST /api/application/servers/{server}/databases?include=host,password MUST render host as the null_resource for a key without database-host read, and the password always',
    { operation: 'createServerDatabase', behaviour: 'server-databases.create.include-without-permission', concerns: 'access', effect: 'write', keys: appAndWriteOnly, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'databases');
      const created = (await createDatabase(s, server.id, databaseName(s, 'wo'), { as: 'application-write-only', include: 'host,password' }))
        .status(201)
        .include('host', 'null_resource')
        .include('password', 'rendered');
      expectEqual('password object', created.json.attributes.relationships.password.object, 'database_password');
    },
  );

  conformance(
    'POST /api/application/servers/{server}/databases MUST answer 422 for a missing field, a remote outside ^[0-9%.]{1,15}$ and a name over 24 characters',
    { operation: 'createServerDatabase', behaviour: 'server-databases.create.validation', effect: 'write', keys: app },
    async (s) => {
      const { serverId } = await existingDatabase(s);
      (await call(s, 'createServerDatabase', { params: { server: serverId }, body: {} })).validation(
        { code: 'required', field: 'database', detail: 'The Database Name field is required.' },
        { code: 'required', field: 'remote', detail: 'The Remote Connection String field is required.' },
        { code: 'required', field: 'host', detail: 'The Database Host Server ID field is required.' },
      );
      const host = await databaseHost(s);
      (await call(s, 'createServerDatabase', { params: { server: serverId }, body: { database: 'x'.repeat(25), remote: 'any host', host } })).validation(
        { code: 'max', field: 'database', detail: 'The Database Name may not be greater than 24 characters.' },
        { code: 'regex', field: 'remote', detail: 'The Remote Connection String format is invalid.' },
      );
      (await call(s, 'createServerDatabase', { params: { server: serverId }, body: { database: 'valid', remote: '%', host: ABSENT_ID } })).validation({
        code: 'exists',
        field: 'host',
      });
    },
  );

  conformance(
    'POST /api/application/servers/{server}/databases MUST answer 400 DuplicateDatabaseNameException for a name the server already has on that host',
    { operation: 'createServerDatabase', behaviour: 'server-databases.create.duplicate', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'databases');
      const name = databaseName(s, 'dup');
      const host = await databaseHost(s);
      (await createDatabase(s, server.id, name, { host })).status(201);
      (await createDatabase(s, server.id, name, { host })).error({
        code: 'DuplicateDatabaseNameException',
        status: 400,
        detail: perProfile({ 'v0.7.19': 'A database with those details already exists for the specified server.', 'v1.11': 'A database with that name already exists for this server.' }),
      });
    },
  );

  conformance(
    'POST /api/application/servers/{server}/databases MUST answer 500 HttpException for a name the model refuses (s<server>_<name> must be alpha_dash)',
    { operation: 'createServerDatabase', behaviour: 'server-databases.create.model-rules', provokes: 'server-error', effect: 'write', keys: app },
    async (s) => {
      await withServer(s, 'database-model-rules', {}, async (server) => {
        (await createDatabase(s, server.id, 'bad.name')).error({ code: 'HttpException', status: 500 });
        const list = (await call(s, 'listServerDatabases', { params: { server: server.id } })).status(200);
        expectEqual('databases listed', list.json.data, []);
      });
    },
  );

  conformance(
    `POST /api/application/servers/{server}/databases MUST ${DATABASE_LIMIT_ENFORCED ? 'answer 400 TooManyDatabasesException at' : 'NOT enforce'} the server's database limit`,
    { operation: 'createServerDatabase', behaviour: 'server-databases.create.limit-not-enforced', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      await withServer(s, 'database-limit', { body: { feature_limits: featureLimits(0, 0) } }, async (server) => {
        expectEqual('feature_limits.databases', server.answer.json.attributes.feature_limits.databases, 0);
        const answer = await createDatabase(s, server.id, databaseName(s));
        if (DATABASE_LIMIT_ENFORCED) answer.error({ code: 'TooManyDatabasesException', status: 400, detail: 'Operation aborted: creating a new database would put this server over the defined limit.' });
        else answer.status(201);
      });
    },
  );

  conformance(
    'POST reset-password and DELETE /api/application/servers/{server}/databases/{database} MUST NOT check that the database belongs to {server}',
    { operation: 'deleteServerDatabase', behaviour: 'server-databases.write.no-ownership-check', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = await sharedServer(s, 'databases');
      const created = (await createDatabase(s, server.id, databaseName(s, 'own'))).status(201);
      const id = Number(created.json.attributes.id);
      // The read is scoped where the binding is (DATABASE_BINDING_SCOPED); the writes are not, on either profile.
      const read = await call(s, 'getServerDatabase', { params: { server: serverId, database: id } });
      if (DATABASE_BINDING_SCOPED) read.error({ code: 'NotFoundHttpException', status: 404 });
      else read.status(200);
      (await call(s, 'resetServerDatabasePassword', { params: { server: serverId, database: id } })).status(204);
      (await call(s, 'deleteServerDatabase', { params: { server: serverId, database: id } })).status(204);
      s.ledger.forget('deleteServerDatabase', { server: server.id, database: id });
      (await call(s, 'getServerDatabase', { params: { server: server.id, database: id } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'POST /api/application/servers/{server}/databases/{database}/reset-password MUST answer 204 and change the password',
    { operation: 'resetServerDatabasePassword', behaviour: 'server-databases.reset-password', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'databases');
      const created = (await createDatabase(s, server.id, databaseName(s, 'rst'), { include: 'password' })).status(201);
      const id = Number(created.json.attributes.id);
      const before = created.json.attributes.relationships.password.attributes.password;
      const answer = (await call(s, 'resetServerDatabasePassword', { params: { server: server.id, database: id } })).status(204);
      expectEqual('body', answer.exchange.response.rawBody, '');
      const after = (await call(s, 'getServerDatabase', { params: { server: server.id, database: id }, query: { include: 'password' } })).status(200);
      if (after.json.attributes.relationships.password.attributes.password === before) violate('the password did not change', { kind: 'state' });
    },
  );

  conformance(
    'DELETE /api/application/servers/{server}/databases/{database} MUST answer 204 and remove the database',
    { operation: 'deleteServerDatabase', behaviour: 'server-databases.delete', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const server = await sharedServer(s, 'databases');
      const created = (await createDatabase(s, server.id, databaseName(s, 'del'))).status(201);
      const id = Number(created.json.attributes.id);
      (await call(s, 'deleteServerDatabase', { params: { server: server.id, database: id } })).status(204);
      s.ledger.forget('deleteServerDatabase', { server: server.id, database: id });
      (await call(s, 'getServerDatabase', { params: { server: server.id, database: id } })).error({ code: 'NotFoundHttpException', status: 404 });
      // Gone for a second DELETE too (teardown no longer meets the 404: a deleted server takes its databases with it).
      (await call(s, 'deleteServerDatabase', { params: { server: server.id, database: id } })).error({ code: 'NotFoundHttpException', status: 404 });
      const list = (await call(s, 'listServerDatabases', { params: { server: server.id } })).status(200);
      expectEqual('databases listed', (list.json.data as Item[]).map((d) => Number(d.attributes.id)).sort((x, y) => x - y), recordedDatabases(s, server.id));
    },
  );
});
