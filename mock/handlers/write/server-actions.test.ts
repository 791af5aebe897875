import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { forgetDaemonServer } from '../../daemon/daemon-state.ts';
import { MockPanel } from '../../panel.ts';
import { DAEMON_TEXT, errorOf, send, storeState, type TestResponse } from '../client/test-requests.ts';

let contract: ResponseContract;
let panel: MockPanel;

beforeAll(async () => {
  contract = await ResponseContract.load();
});
beforeEach(async () => {
  panel = await MockPanel.create();
});

function conforms(operationId: string, response: TestResponse): void {
  expect(contract.check(operationId, { status: response.status, headers: response.headers, rawBody: response.rawBody })).toEqual([]);
}

const app = (method: string, url: string) => send(panel, 'app-full', method, `/api/application${url}`);
const server = (id: number) => panel.store.find('servers', id);
const daemonState = (id: number) => panel.store.daemon.servers[String(id)]?.state;

describe('suspend / unsuspend', () => {
  it('suspends a running server and tells the daemon; a second suspend does nothing', async () => {
    const response = await app('POST', '/servers/1/suspend');
    expect(response.status).toBe(204);
    expect(response.rawBody).toBe('');
    conforms('suspendServer', response);
    expect(server(1)?.suspended).toBe(true);
    expect(daemonState(1)).toBe('suspended');
    const before = storeState(panel);
    const again = await app('POST', '/servers/1/suspend');
    expect(again.status).toBe(204);
    expect(storeState(panel)).toEqual(before);
  });

  it('unsuspends a suspended server', async () => {
    const response = await app('POST', '/servers/4/unsuspend');
    expect(response.status).toBe(204);
    conforms('unsuspendServer', response);
    expect(server(4)?.suspended).toBe(false);
    expect(daemonState(4)).toBe('stopped');
    const before = storeState(panel);
    expect((await app('POST', '/servers/4/unsuspend')).status).toBe(204);
    expect(storeState(panel)).toEqual(before);
  });

  it('answers 400 DisplayException with the daemon status and rolls the flag back', async () => {
    const before = storeState(panel);
    const refused = await app('POST', '/servers/5/suspend');
    expect(refused.status).toBe(400);
    conforms('suspendServer', refused);
    expect(errorOf(refused)).toEqual({ code: 'DisplayException', status: '400', detail: DAEMON_TEXT('E_CONN_REFUSED') });
    expect(storeState(panel)).toEqual(before);

    forgetDaemonServer(panel, 4);
    const unknown = await app('POST', '/servers/4/unsuspend');
    expect(unknown.status).toBe(400);
    conforms('unsuspendServer', unknown);
    expect(errorOf(unknown).detail).toBe(DAEMON_TEXT(404));
    expect(server(4)?.suspended).toBe(true);
  });
});

describe('reinstall / rebuild', () => {
  it('reinstall sets installed = 0 and starts the install on the daemon', async () => {
    const response = await app('POST', '/servers/1/reinstall');
    expect(response.status).toBe(204);
    conforms('reinstallServer', response);
    expect(server(1)?.installed).toBe(0);
    expect(daemonState(1)).toBe('installing');
  });

  it('reinstall answers 504 and keeps installed when the daemon is unreachable', async () => {
    const before = storeState(panel);
    const response = await app('POST', '/servers/5/reinstall');
    expect(response.status).toBe(504);
    conforms('reinstallServer', response);
    expect(errorOf(response)).toEqual({ code: 'DaemonConnectionException', status: '504', detail: DAEMON_TEXT('E_CONN_REFUSED') });
    expect(storeState(panel)).toEqual(before);
  });

  it('rebuild changes nothing on the panel and answers 504 for an unreachable daemon', async () => {
    const before = storeState(panel);
    const ok = await app('POST', '/servers/1/rebuild');
    expect(ok.status).toBe(204);
    conforms('rebuildServer', ok);
    expect(storeState(panel)).toEqual(before);
    const refused = await app('POST', '/servers/5/rebuild');
    expect(refused.status).toBe(504);
    conforms('rebuildServer', refused);
  });
});

describe('delete', () => {
  it('deletes the server with its databases, variables, subusers and daemon keys, freeing its allocations', async () => {
    const response = await app('DELETE', '/servers/1');
    expect(response.status).toBe(204);
    conforms('deleteServer', response);
    expect(server(1)).toBeUndefined();
    expect(panel.store.where('databases', (d) => d.server_id === 1)).toEqual([]);
    expect(panel.store.where('server_variables', (v) => v.server_id === 1)).toEqual([]);
    expect(panel.store.where('subusers', (s) => s.server_id === 1)).toEqual([]);
    expect(panel.store.where('daemon_keys', (k) => k.server_id === 1)).toEqual([]);
    expect([1, 2, 3].map((id) => panel.store.find('allocations', id)?.server_id)).toEqual([null, null, null]);
    expect(daemonState(1)).toBeUndefined();
    // Other servers' rows are untouched.
    expect(panel.store.where('databases', (d) => d.server_id !== 1)).toHaveLength(2);
  });

  it('answers 504 and deletes nothing when the daemon fails; a daemon 404 counts as deleted', async () => {
    const before = storeState(panel);
    const refused = await app('DELETE', '/servers/5');
    expect(refused.status).toBe(504);
    conforms('deleteServer', refused);
    expect(storeState(panel)).toEqual(before);

    forgetDaemonServer(panel, 2);
    const gone = await app('DELETE', '/servers/2');
    expect(gone.status).toBe(204);
    expect(server(2)).toBeUndefined();
  });

  it('forces only with the exact segment `force`', async () => {
    const before = storeState(panel);
    const other = await app('DELETE', '/servers/5/Force');
    expect(other.status).toBe(504);
    conforms('forceDeleteServer', other);
    expect(storeState(panel)).toEqual(before);

    const forced = await app('DELETE', '/servers/5/force');
    expect(forced.status).toBe(204);
    conforms('forceDeleteServer', forced);
    expect(server(5)).toBeUndefined();
    expect(panel.store.find('databases', 4)).toBeUndefined();
    expect(panel.store.find('allocations', 21)?.server_id).toBeNull();

    const normal = await app('DELETE', '/servers/2/anything');
    expect(normal.status).toBe(204);
    expect(server(2)).toBeUndefined();
  });
});
