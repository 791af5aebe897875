// Daemon failures of the application API the mock can stage: a
// node's daemon answering node-level calls with HTTP 500. Mock only; each behaviour restores the node.
// 0.7-only: the demoted admin's daemon keys (1.x has none, its user update calls no daemon) and the
// unsuspension (1.x answers Wings' 500 as a DaemonConnectionException 500, which its spec does not describe yet).
import { unavailable, violate } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { perProfile, SHARED_PROFILES } from '../support/per-profile.ts';
import type { Session } from '../support/session.ts';

const DAEMON_500 = 'There was an exception while attempting to communicate with the daemon resulting in a HTTP/500 response code. This exception has been logged.';
const app = ['application' as const];
/**
 * A node PATCH whose configuration push gets an HTTP error: 0.7 answers the daemon's failure and keeps
 * nothing; 1.x commits the change and answers 400 ConfigurationNotPersistedException
 * (v1.11.8:app/Services/Nodes/NodeUpdateService.php#L40-L75, the text v1.11.8:resources/lang/en/exceptions.php#L7).
 */
const CONFIG_PUSH_FAILED = perProfile({
  'v0.7.19': { statement: '504 DaemonConnectionException and keep nothing', error: { code: 'DaemonConnectionException', status: 504, detail: DAEMON_500 }, kept: false, provokes: 'server-error' as const },
  'v1.11': {
    statement: '400 ConfigurationNotPersistedException and keep the change',
    error: {
      code: 'ConfigurationNotPersistedException',
      status: 400,
      detail:
        'The daemon configuration <strong>has been updated</strong>, however there was an error encountered while attempting to automatically update the configuration file on the Daemon. You will need to manually update the configuration file (config.yml) for the daemon to apply these changes.',
    },
    kept: true,
    provokes: undefined,
  },
});

type Item = { attributes: Record<string, any> }; // any: bodies were checked against the spec

async function list(s: Session, operationId: string): Promise<Item[]> {
  return (await call(s, operationId)).status(200).json.data as Item[];
}

/** Runs `body` while node `nodeId`'s daemon answers every node-level call with HTTP 500. */
async function withFailingDaemon(s: Session, nodeId: number, body: () => Promise<void>): Promise<void> {
  const control = s.control as NonNullable<Session['control']>;
  await control.setNodeReachable(nodeId, true, 500);
  try {
    await body();
  } finally {
    await control.setNodeReachable(nodeId, true, null);
  }
}

conformance(
  'PATCH /api/application/users/{user} MUST answer 504 DaemonConnectionException when revoking a demoted root admin\'s daemon keys fails',
  { operation: 'updateUser', behaviour: 'users.update.daemon-failure', provokes: 'server-error', effect: 'destructive', keys: app, mockOnly: true },
  async (s) => {
    const servers = await list(s, 'listServers');
    const admins = (await list(s, 'listUsers')).filter((u) => u.attributes['root_admin'] === true);
    const owned = servers.find((server) => admins.some((u) => u.attributes['id'] === server.attributes['user']));
    if (!owned) unavailable('no root admin owns a server on the first pages: nothing has a daemon key to revoke');
    const admin = admins.find((u) => u.attributes['id'] === owned.attributes['user']) as Item;
    const { email, username, first_name, last_name } = admin.attributes;
    await withFailingDaemon(s, owned.attributes['node'] as number, async () => {
      (await call(s, 'updateUser', { params: { user: admin.attributes['id'] as number }, body: { email, username, first_name, last_name } })).error({
        code: 'DaemonConnectionException',
        status: 504,
        detail: DAEMON_500,
      });
    });
  },
);

conformance(
  `PATCH /api/application/nodes/{node} MUST answer ${CONFIG_PUSH_FAILED.statement} when the daemon answers the configuration push with an HTTP error`,
  { operation: 'updateNode', behaviour: 'nodes.update.daemon-http-error', ...(CONFIG_PUSH_FAILED.provokes ? { provokes: CONFIG_PUSH_FAILED.provokes } : {}), effect: 'destructive', keys: app, mockOnly: true, profiles: SHARED_PROFILES },
  async (s) => {
    const node = (await list(s, 'listNodes'))[0] as Item;
    const a = node.attributes;
    const body = {
      name: a['name'], location_id: a['location_id'], fqdn: a['fqdn'], scheme: a['scheme'], memory: a['memory'], memory_overallocate: a['memory_overallocate'],
      disk: a['disk'], disk_overallocate: a['disk_overallocate'], daemon_listen: a['daemon_listen'], daemon_sftp: a['daemon_sftp'],
    };
    await withFailingDaemon(s, a['id'] as number, async () => {
      (await call(s, 'updateNode', { params: { node: a['id'] as number }, body: { ...body, name: `${String(a['name'])}-x` } })).error(CONFIG_PUSH_FAILED.error);
    });
    const after = (await call(s, 'getNode', { params: { node: a['id'] as number } })).status(200);
    const name = CONFIG_PUSH_FAILED.kept ? `${String(a['name'])}-x` : a['name'];
    if (after.json.attributes.name !== name) violate(`after the failed push the name is ${after.json.attributes.name}, expected ${String(name)} (${CONFIG_PUSH_FAILED.kept ? 'the change is kept' : 'nothing is kept'})`, { kind: 'state' });
    // The seed's node goes back to its name for the behaviours after this one.
    if (CONFIG_PUSH_FAILED.kept) (await call(s, 'updateNode', { params: { node: a['id'] as number }, body })).status(200);
  },
);

conformance(
  'POST /api/application/servers/{server}/unsuspend MUST answer 400 DisplayException with the daemon error text when the daemon fails, and keep the server suspended',
  { operation: 'unsuspendServer', behaviour: 'servers.unsuspend.daemon-failure', effect: 'destructive', keys: app, mockOnly: true },
  async (s) => {
    const suspended = (await list(s, 'listServers')).find((server) => server.attributes['suspended'] === true);
    if (!suspended) unavailable('no suspended server on the first page');
    const id = suspended.attributes['id'] as number;
    await withFailingDaemon(s, suspended.attributes['node'] as number, async () => {
      (await call(s, 'unsuspendServer', { params: { server: id } })).error({ code: 'DisplayException', status: 400, detail: DAEMON_500 });
    });
    const after = (await call(s, 'getServer', { params: { server: id } })).status(200);
    if (after.json.attributes.suspended !== true) violate('the server was unsuspended although the daemon failed', { kind: 'state' });
  },
);
