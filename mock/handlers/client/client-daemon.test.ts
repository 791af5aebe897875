import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { setNodeReachable, setServerDaemonState } from '../../daemon/daemon-state.ts';
import { MockPanel } from '../../panel.ts';
import { DAEMON_TEXT, errorOf, send, storeState, type KeyName, type TestResponse } from './test-requests.ts';

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

const identifier = (id: number) => panel.store.find('servers', id)?.uuidShort ?? 'missing';
const client = (key: KeyName, method: string, serverId: number, action: string, body?: unknown) =>
  send(panel, key, method, `/api/client/servers/${identifier(serverId)}/${action}`, body);
const GENERIC = 'An error was encountered while processing this request.';

describe('GET /servers/{server}/utilization', () => {
  it('reports the daemon’s live numbers as stats', async () => {
    const response = await client('client-owner', 'GET', 1, 'utilization');
    expect(response.status).toBe(200);
    conforms('getClientServerUtilization', response);
    expect(response.json).toEqual({
      object: 'stats',
      attributes: {
        state: 'on',
        memory: { current: 2560, limit: 4096 },
        cpu: { current: 37.512, cores: [20.1, 17.412], limit: 200 },
        disk: { current: 4312, limit: 20480 },
      },
    });
  });

  it('names the run states on / starting / stopping / off', async () => {
    expect((await client('client-owner', 'GET', 2, 'utilization')).json.attributes.state).toBe('off');
    expect((await client('client-root-admin', 'GET', 9, 'utilization')).json.attributes.state).toBe('starting');
    setServerDaemonState(panel, 2, 'stopping');
    expect((await client('client-owner', 'GET', 2, 'utilization')).json.attributes.state).toBe('stopping');
    const installing = await client('client-owner-msmith', 'GET', 3, 'utilization');
    expect(installing.status).toBe(200);
    expect(installing.json.attributes.state).toBe('off');
  });

  it('answers 504 for an unreachable node and for a suspended server (daemon 403)', async () => {
    const refused = await client('client-owner-msmith', 'GET', 5, 'utilization');
    expect(refused.status).toBe(504);
    conforms('getClientServerUtilization', refused);
    expect(errorOf(refused)).toEqual({ code: 'DaemonConnectionException', status: '504', detail: DAEMON_TEXT('E_CONN_REFUSED') });
    const suspended = await client('client-owner-kwilliams', 'GET', 4, 'utilization');
    expect(suspended.status).toBe(504);
    conforms('getClientServerUtilization', suspended);
    expect(errorOf(suspended).detail).toBe(DAEMON_TEXT(403));
    setNodeReachable(panel, 2, true);
    expect((await client('client-owner-msmith', 'GET', 5, 'utilization')).status).toBe(200);
  });
});

describe('POST /servers/{server}/command', () => {
  it('answers 204 while the server runs (owner or subuser with send-command)', async () => {
    const before = storeState(panel, { withoutDaemonKeys: true });
    const owner = await client('client-owner', 'POST', 1, 'command', { command: 'say hi' });
    expect(owner.status).toBe(204);
    expect(owner.rawBody).toBe('');
    conforms('sendClientServerCommand', owner);
    expect((await client('client-subuser-limited', 'POST', 1, 'command', { command: 'list' })).status).toBe(204);
    expect(storeState(panel, { withoutDaemonKeys: true })).toEqual(before);
  });

  it('answers 412 PreconditionFailedHttpException when the server is stopped or installing', async () => {
    const stopped = await client('client-owner', 'POST', 2, 'command', { command: 'say hi' });
    expect(stopped.status).toBe(412);
    conforms('sendClientServerCommand', stopped);
    expect(errorOf(stopped)).toEqual({ code: 'PreconditionFailedHttpException', status: '412', detail: GENERIC });
    expect((await client('client-owner-msmith', 'POST', 3, 'command', { command: 'say hi' })).status).toBe(412);
  });

  it('shows "Server is not online." with debug on', async () => {
    panel = await MockPanel.create({ debug: true });
    const stopped = await client('client-owner', 'POST', 2, 'command', { command: 'say hi' });
    expect(errorOf(stopped).detail).toBe('Server is not online.');
  });

  it('answers 504 for a suspended server (daemon 403) and an unreachable node', async () => {
    const suspended = await client('client-owner-kwilliams', 'POST', 4, 'command', { command: 'say hi' });
    expect(suspended.status).toBe(504);
    conforms('sendClientServerCommand', suspended);
    expect(errorOf(suspended).detail).toBe(DAEMON_TEXT(403));
    const refused = await client('client-owner-msmith', 'POST', 5, 'command', { command: 'say hi' });
    expect(refused.status).toBe(504);
    expect(errorOf(refused).detail).toBe(DAEMON_TEXT('E_CONN_REFUSED'));
  });
});

describe('POST /servers/{server}/power', () => {
  it('answers 204 and moves the simulated state', async () => {
    const start = await client('client-owner', 'POST', 2, 'power', { signal: 'start' });
    expect(start.status).toBe(204);
    conforms('sendClientServerPower', start);
    expect(panel.store.daemon.servers['2']?.state).toBe('running');
    // Starting a running server is a daemon 202: still 204.
    expect((await client('client-owner', 'POST', 2, 'power', { signal: 'start' })).status).toBe(204);
    expect((await client('client-owner', 'POST', 2, 'power', { signal: 'stop' })).status).toBe(204);
    expect(panel.store.daemon.servers['2']?.state).toBe('stopped');
    expect((await client('client-subuser-power', 'POST', 1, 'power', { signal: 'kill' })).status).toBe(204);
    expect(panel.store.daemon.servers['1']?.state).toBe('stopped');
    expect((await client('client-subuser-power', 'POST', 1, 'power', { signal: 'restart' })).status).toBe(204);
    expect(panel.store.daemon.servers['1']?.state).toBe('running');
    expect((await client('client-owner', 'GET', 1, 'utilization')).json.attributes.state).toBe('on');
  });

  it('answers an array-valued signal 500 ErrorException for the owner and a subuser alike, before policy and rules', async () => {
    for (const [key, id] of [['client-owner', 2], ['client-subuser-power', 1], ['client-root-admin', 3]] as [KeyName, number][]) {
      const before = panel.store.daemon.servers[String(id)]?.state;
      const response = await client(key, 'POST', id, 'power', { signal: ['start'] });
      expect(response.status, key).toBe(500);
      conforms('sendClientServerPower', response);
      expect(errorOf(response), key).toEqual({ code: 'ErrorException', status: '500', detail: GENERIC });
      expect(panel.store.daemon.servers[String(id)]?.state).toBe(before);
    }
    // A JSON object decodes to a PHP array as well.
    expect(errorOf(await client('client-owner', 'POST', 2, 'power', { signal: { a: 'start' } })).code).toBe('ErrorException');
  });

  it('lets daemon errors through as generic 500s', async () => {
    const cases: [KeyName, number, string][] = [
      ['client-owner-msmith', 3, 'ServerException'],
      ['client-owner-kwilliams', 4, 'ClientException'],
      ['client-owner-msmith', 5, 'ConnectException'],
    ];
    for (const [key, id, code] of cases) {
      const before = storeState(panel, { withoutDaemonKeys: true });
      const response = await client(key, 'POST', id, 'power', { signal: 'start' });
      expect(response.status).toBe(500);
      conforms('sendClientServerPower', response);
      expect(errorOf(response)).toEqual({ code, status: '500', detail: GENERIC });
      expect(storeState(panel, { withoutDaemonKeys: true })).toEqual(before);
    }
  });

  it('names the request the panel sent, PUT server/power under the daemon base URI, when debug is on', async () => {
    panel = await MockPanel.create({ debug: true });
    const node = panel.store.find('nodes', panel.store.find('servers', 3)!.node_id)!;
    const response = await client('client-owner-msmith', 'POST', 3, 'power', { signal: 'start' });
    expect(response.status).toBe(500);
    expect(errorOf(response).detail).toBe(
      `Server error: \`PUT ${node.scheme}://${node.fqdn}:${node.daemonListen}/v1/server/power\` resulted in a \`500 Internal Server Error\` response`,
    );
  });
});
