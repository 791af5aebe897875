// Daemon failures of the application API the mock can stage: a
// node's daemon answering node-level calls with HTTP 500. Mock only; each behaviour restores the node.
import { unavailable, violate } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import type { Session } from '../support/session.ts';

const DAEMON_500 = 'There was an exception while attempting to communicate with the daemon resulting in a HTTP/500 response code. This exception has been logged.';
const app = ['application' as const];

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
  'PATCH /api/application/nodes/{node} MUST answer 504 DaemonConnectionException when the daemon answers the configuration push with an HTTP error',
  { operation: 'updateNode', behaviour: 'nodes.update.daemon-http-error', provokes: 'server-error', effect: 'destructive', keys: app, mockOnly: true },
  async (s) => {
    const node = (await list(s, 'listNodes'))[0] as Item;
    const a = node.attributes;
    const body = {
      name: a['name'], location_id: a['location_id'], fqdn: a['fqdn'], scheme: a['scheme'], memory: a['memory'], memory_overallocate: a['memory_overallocate'],
      disk: a['disk'], disk_overallocate: a['disk_overallocate'], daemon_listen: a['daemon_listen'], daemon_sftp: a['daemon_sftp'],
    };
    await withFailingDaemon(s, a['id'] as number, async () => {
      (await call(s, 'updateNode', { params: { node: a['id'] as number }, body: { ...body, name: `${String(a['name'])}-x` } })).error({
        code: 'DaemonConnectionException',
        status: 504,
        detail: DAEMON_500,
      });
    });
    const after = (await call(s, 'getNode', { params: { node: a['id'] as number } })).status(200);
    if (after.json.attributes.name !== a['name']) violate(`the failed update was kept: name is ${after.json.attributes.name}`, { kind: 'state' });
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
