import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
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

const app = (method: string, url: string, body?: unknown) => send(panel, 'app-full', method, `/api/application${url}`, body);
const server = (id: number) => panel.store.find('servers', id);
/** An egg variable's id, by its egg and env name (ids follow the seeders' order). */
const variableId = (egg: number, env: string) => panel.store.first('egg_variables', (v) => v.egg_id === egg && v.env_variable === env)!.id;

function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Creative',
    user: 7,
    egg: 5,
    docker_image: 'quay.io/pterodactyl/core:java',
    startup: 'java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
    environment: { SERVER_JARFILE: 'custom.jar', VANILLA_VERSION: '1.16.3' },
    limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100 },
    feature_limits: { databases: 1, allocations: 2 },
    allocation: { default: 7, additional: [8] },
    oom_disabled: false,
    ...overrides,
  };
}

const deployBody = (deploy: Record<string, unknown>, limits: Record<string, unknown> = {}) =>
  createBody({
    allocation: undefined,
    deploy: { locations: [1], dedicated_ip: false, port_range: [], ...deploy },
    limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100, ...limits },
  });

describe('POST /servers', () => {
  it('creates the server on the allocation’s node with its variables, allocations and daemon state', async () => {
    const response = await app('POST', '/servers', createBody());
    expect(response.status).toBe(201);
    conforms('createServer', response);
    expect(Object.keys(response.json)).toEqual(['object', 'attributes']);
    const attributes = response.json.attributes;
    expect(attributes).toMatchObject({ name: 'Creative', description: '', user: 7, node: 1, allocation: 7, nest: 1, egg: 5, pack: null, suspended: false });
    expect(attributes.identifier).toBe(attributes.uuid.slice(0, 8));
    expect(attributes.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(attributes.container.installed).toBe(false);
    expect(attributes.container.environment).toMatchObject({ SERVER_JARFILE: 'custom.jar', VANILLA_VERSION: '1.16.3' });

    const row = server(attributes.id);
    expect(row).toMatchObject({ oom_disabled: true, installed: 0, skip_scripts: false, external_id: null, database_limit: 1, allocation_limit: 2 });
    expect(panel.store.find('allocations', 7)?.server_id).toBe(attributes.id);
    expect(panel.store.find('allocations', 8)?.server_id).toBe(attributes.id);
    const variables = panel.store.where('server_variables', (v) => v.server_id === attributes.id);
    expect(variables.map((v) => [v.variable_id, v.variable_value])).toEqual([
      [variableId(5, 'SERVER_JARFILE'), 'custom.jar'],
      [variableId(5, 'VANILLA_VERSION'), '1.16.3'],
    ]);
    expect(panel.store.daemon.servers[String(attributes.id)]?.state).toBe('installing');
    // Creating a server makes no daemon key.
    expect(panel.store.where('daemon_keys', (k) => k.server_id === attributes.id)).toEqual([]);
  });

  it('leaves the daemon state stopped with skip_scripts, and stores pack 0 as none', async () => {
    const response = await app('POST', '/servers', createBody({ skip_scripts: true, pack: 0 }));
    expect(response.status).toBe(201);
    const id = response.json.attributes.id;
    expect(server(id)).toMatchObject({ skip_scripts: true, pack_id: null, installed: 0 });
    expect(panel.store.daemon.servers[String(id)]?.state).toBe('stopped');
  });

  it('rolls everything back with 504 when the node’s daemon is unreachable', async () => {
    const before = storeState(panel);
    const response = await app('POST', '/servers', createBody({ allocation: { default: 23 } }));
    expect(response.status).toBe(504);
    conforms('createServer', response);
    expect(errorOf(response)).toEqual({ code: 'DaemonConnectionException', status: '504', detail: DAEMON_TEXT('E_CONN_REFUSED') });
    expect(storeState(panel)).toEqual(before);
  });

  it('answers 500 QueryException for a pack id that matches no pack, changing nothing', async () => {
    const before = storeState(panel);
    const response = await app('POST', '/servers', createBody({ pack: 99 }));
    expect(response.status).toBe(500);
    conforms('createServer', response);
    expect(errorOf(response).code).toBe('QueryException');
    expect(storeState(panel)).toEqual(before);
  });

  describe('with deploy', () => {
    it('picks the lowest free allocation on a viable public node in the locations', async () => {
      const response = await app('POST', '/servers', deployBody({}));
      expect(response.status).toBe(201);
      conforms('createServer', response);
      expect(response.json.attributes).toMatchObject({ node: 1, allocation: 7 });
    });

    it('filters on port_range, dropping malformed entries', async () => {
      const single = await app('POST', '/servers', deployBody({ port_range: ['abc', '25579'] }));
      expect(single.status).toBe(201);
      expect(single.json.attributes.allocation).toBe(15);
      const range = await app('POST', '/servers', deployBody({ port_range: ['25566-25568'] }));
      expect(range.status).toBe(201);
      expect(range.json.attributes.allocation).toBe(17);
    });

    it('assigns allocation.additional as sent, even one another server holds', async () => {
      const withAdditional = await app('POST', '/servers', { ...deployBody({}), allocation: { additional: [1] } });
      expect(withAdditional.status).toBe(201);
      expect(panel.store.find('allocations', 1)?.server_id).toBe(withAdditional.json.attributes.id);
    });

    it('answers NoViableNodeException when no public node in the locations has room', async () => {
      const before = storeState(panel);
      const response = await app('POST', '/servers', deployBody({}, { memory: 3000 }));
      expect(response.status).toBe(400);
      conforms('createServer', response);
      expect(errorOf(response)).toEqual({
        code: 'NoViableNodeException',
        status: '400',
        detail: 'No nodes satisfying the requirements specified for automatic deployment could be found.',
      });
      expect(storeState(panel)).toEqual(before);
      // Node 3 has room but is not public.
      const privateNode = await app('POST', '/servers', deployBody({ locations: [3] }, { memory: 100, disk: 100 }));
      expect(errorOf(privateNode).code).toBe('NoViableNodeException');
    });

    it('treats an empty location list as every public node', async () => {
      // Only node 2 (unreachable) has room for 3000 MB: the daemon call then fails.
      const response = await app('POST', '/servers', deployBody({ locations: [] }, { memory: 3000 }));
      expect(response.status).toBe(504);
      expect(errorOf(response).detail).toBe(DAEMON_TEXT('E_CONN_REFUSED'));
    });

    it('answers NoViableAllocationException when no allocation qualifies', async () => {
      const dedicated = await app('POST', '/servers', deployBody({ dedicated_ip: true }));
      expect(dedicated.status).toBe(400);
      conforms('createServer', dedicated);
      expect(errorOf(dedicated)).toEqual({
        code: 'NoViableAllocationException',
        status: '400',
        detail: 'No allocations satisfying the requirements for automatic deployment were found.',
      });
      const noPort = await app('POST', '/servers', deployBody({ port_range: ['30000-30010'] }));
      expect(errorOf(noPort).code).toBe('NoViableAllocationException');
    });

    it('rejects a range of more than 1000 ports, after a viable node was found', async () => {
      const response = await app('POST', '/servers', deployBody({ port_range: ['25000-26500'] }));
      expect(response.status).toBe(400);
      conforms('createServer', response);
      expect(errorOf(response)).toEqual({
        code: 'DisplayException',
        status: '400',
        detail: 'Adding more than 1000 ports in a single range at once is not supported.',
      });
      const noNode = await app('POST', '/servers', deployBody({ locations: [4], port_range: ['25000-26500'] }));
      expect(errorOf(noNode).code).toBe('NoViableNodeException');
    });
  });

  it('stores the limits as MySQL does (non-strict): fractions rounded, out-of-range values clipped to the column', async () => {
    const response = await app('POST', '/servers', createBody({ limits: { memory: 1e12, swap: 3e9, disk: 2.5, io: 500, cpu: '99999999999' } }));
    expect(response.status).toBe(201);
    conforms('createServer', response);
    expect(response.json.attributes.limits).toMatchObject({ memory: 4294967295, swap: 2147483647, disk: 3, io: 500, cpu: 4294967295 });
  });

  it('answers 500 FatalThrowableError when deploying with a memory no PHP int holds (setMemory(int))', async () => {
    const before = storeState(panel);
    const response = await app('POST', '/servers', deployBody({}, { memory: 1e20 }));
    expect(response.status).toBe(500);
    conforms('createServer', response);
    expect(errorOf(response).code).toBe('FatalThrowableError');
    expect(storeState(panel)).toEqual(before);
  });

  it('assigns an additional allocation id as MySQL matches it when deploying ("8abc" is 8)', async () => {
    const response = await app('POST', '/servers', { ...deployBody({}), allocation: { additional: ['8abc'] } });
    expect(response.status).toBe(201);
    expect(panel.store.find('allocations', 8)?.server_id).toBe(response.json.attributes.id);
  });

  it('stores the egg default for a nullable variable that was not sent', async () => {
    const response = await app('POST', '/servers', createBody({ egg: 3, environment: { SERVER_JARFILE: 'paper.jar', BUILD_NUMBER: '391' } }));
    expect(response.status).toBe(201);
    const values = panel.store.where('server_variables', (v) => v.server_id === response.json.attributes.id).map((v) => [v.variable_id, v.variable_value]);
    expect(values).toEqual([
      [variableId(3, 'MINECRAFT_VERSION'), 'latest'],
      [variableId(3, 'SERVER_JARFILE'), 'paper.jar'],
      [variableId(3, 'DL_PATH'), ''],
      [variableId(3, 'BUILD_NUMBER'), '391'],
    ]);
  });

  it('validates the egg variables (422 on environment.<ENV>)', async () => {
    const response = await app('POST', '/servers', createBody({ environment: { SERVER_JARFILE: 'not a jar' } }));
    expect(response.status).toBe(422);
    conforms('createServer', response);
    expect(response.json.errors[0].source.field).toBe('environment.SERVER_JARFILE');
  });
});

describe('PATCH /servers/{server}/details', () => {
  it('writes all four fields: omitted external_id becomes null, omitted description ""', async () => {
    const response = await app('PATCH', '/servers/1/details', { name: 'Renamed', user: 7 });
    expect(response.status).toBe(200);
    conforms('updateServerDetails', response);
    expect(response.json.attributes).toMatchObject({ name: 'Renamed', external_id: null, description: '', user: 7 });
    expect(server(1)).toMatchObject({ name: 'Renamed', external_id: null, description: '', owner_id: 7 });
  });

  it('rotates the daemon keys on an owner change', async () => {
    const response = await app('PATCH', '/servers/1/details', { name: 'Survival SMP', user: 8, external_id: 'x-1', description: 'd' });
    expect(response.status).toBe(200);
    conforms('updateServerDetails', response);
    expect(server(1)).toMatchObject({ owner_id: 8, external_id: 'x-1', description: 'd' });
    const keys = panel.store.where('daemon_keys', (k) => k.server_id === 1);
    expect(keys.some((k) => k.user_id === 7)).toBe(false);
    const created = keys.find((k) => k.user_id === 8);
    expect(created?.secret).toMatch(/^i_[A-Za-z0-9]{40}$/);
  });

  it('answers 404 HttpException and changes nothing when the old owner has no daemon key', async () => {
    const before = storeState(panel);
    const response = await app('PATCH', '/servers/5/details', { name: 'Changed', user: 7 });
    expect(response.status).toBe(404);
    conforms('updateServerDetails', response);
    expect(errorOf(response)).toEqual({ code: 'HttpException', status: '404', detail: 'An error was encountered while processing this request.' });
    expect(storeState(panel)).toEqual(before);
    panel = await MockPanel.create({ debug: true });
    const debug = await app('PATCH', '/servers/5/details', { name: 'Changed', user: 7 });
    expect(errorOf(debug)).toMatchObject({ code: 'HttpException', status: '404', detail: '' });
  });

  it('answers 400 DisplayException and changes nothing when the daemon cannot revoke the key', async () => {
    const before = storeState(panel);
    const response = await app('PATCH', '/servers/6/details', { name: 'Changed', user: 7 });
    expect(response.status).toBe(400);
    conforms('updateServerDetails', response);
    expect(errorOf(response)).toEqual({ code: 'DisplayException', status: '400', detail: DAEMON_TEXT('E_CONN_REFUSED') });
    expect(storeState(panel)).toEqual(before);
  });
});

describe('PATCH /servers/{server}/build', () => {
  const limits = { memory: 2048, swap: 0, disk: 10240, io: 500, cpu: 150 };
  const build = (extra: Record<string, unknown>) => ({ allocation: 1, oom_disabled: true, limits, feature_limits: { databases: 2, allocations: null }, ...extra });

  it('adds free allocations of the node and removes assigned ones, skipping the rest', async () => {
    const response = await app('PATCH', '/servers/1/build', build({ add_allocations: [7, 21, 4], remove_allocations: [2, 16] }));
    expect(response.status).toBe(200);
    conforms('updateServerBuild', response);
    expect(response.json.attributes).toMatchObject({ limits, feature_limits: { databases: 2, allocations: null }, allocation: 1 });
    const assigned = panel.store.where('allocations', (a) => a.server_id === 1).map((a) => a.id);
    expect(assigned).toEqual([1, 3, 7]);
    expect(panel.store.find('allocations', 4)?.server_id).toBe(3);
    expect(panel.store.find('allocations', 16)?.server_id).toBe(2);
    expect(panel.store.find('allocations', 21)?.server_id).toBe(5);
    expect(server(1)).toMatchObject({ memory: 2048, cpu: 150, oom_disabled: true, database_limit: 2, allocation_limit: null });
  });

  it('makes the first added allocation the default when the requested default is removed', async () => {
    const response = await app('PATCH', '/servers/1/build', build({ add_allocations: [9, 8], remove_allocations: [1] }));
    expect(response.status).toBe(200);
    expect(response.json.attributes.allocation).toBe(9);
    expect(panel.store.find('allocations', 1)?.server_id).toBeNull();
  });

  it('answers 400 when the requested default is removed without a replacement', async () => {
    const before = storeState(panel);
    const response = await app('PATCH', '/servers/1/build', build({ add_allocations: [4], remove_allocations: [1] }));
    expect(response.status).toBe(400);
    conforms('updateServerBuild', response);
    expect(errorOf(response).detail).toBe(
      'You are attempting to delete the default allocation for this server but there is no fallback allocation to use.',
    );
    expect(storeState(panel)).toEqual(before);
  });

  it('answers 400 when the requested default is not assigned to the server', async () => {
    const before = storeState(panel);
    const response = await app('PATCH', '/servers/1/build', build({ allocation: 7 }));
    expect(response.status).toBe(400);
    conforms('updateServerBuild', response);
    expect(errorOf(response)).toEqual({
      code: 'DisplayException',
      status: '400',
      detail: "The requested default allocation was not found in this server's allocations.",
    });
    expect(storeState(panel)).toEqual(before);
    const moved = await app('PATCH', '/servers/1/build', build({ allocation: 2 }));
    expect(moved.status).toBe(200);
    expect(server(1)?.allocation_id).toBe(2);
  });

  it('accepts the legacy top-level limits; `limits` wins when both are sent', async () => {
    const legacy = await app('PATCH', '/servers/1/build', {
      allocation: 1, oom_disabled: false, memory: 512, swap: -1, disk: 1000, io: 100, cpu: 50, feature_limits: { databases: null, allocations: 1 },
    });
    expect(legacy.status).toBe(200);
    expect(server(1)).toMatchObject({ memory: 512, swap: -1, disk: 1000, io: 100, cpu: 50, oom_disabled: false, database_limit: null, allocation_limit: 1 });
    const both = await app('PATCH', '/servers/1/build', build({ memory: 1 }));
    expect(both.status).toBe(200);
    expect(server(1)?.memory).toBe(2048);
  });

  it('answers 500 ErrorException without feature_limits.allocations and 500 HttpException without oom_disabled', async () => {
    const before = storeState(panel);
    const noAllocations = await app('PATCH', '/servers/1/build', build({ feature_limits: { databases: 1 } }));
    expect(noAllocations.status).toBe(500);
    conforms('updateServerBuild', noAllocations);
    expect(errorOf(noAllocations).code).toBe('ErrorException');
    const { oom_disabled: _omitted, ...withoutOom } = build({ add_allocations: [7] });
    const noOom = await app('PATCH', '/servers/1/build', withoutOom);
    expect(noOom.status).toBe(500);
    conforms('updateServerBuild', noOom);
    expect(errorOf(noOom).code).toBe('HttpException');
    expect(storeState(panel)).toEqual(before);
  });

  it('rolls back with 504 when the daemon is unreachable', async () => {
    const before = storeState(panel);
    const response = await app('PATCH', '/servers/5/build', build({ allocation: 21, add_allocations: [23] }));
    expect(response.status).toBe(504);
    conforms('updateServerBuild', response);
    expect(errorOf(response).detail).toBe(DAEMON_TEXT('E_CONN_REFUSED'));
    expect(storeState(panel)).toEqual(before);
  });
});

describe('PATCH /servers/{server}/startup', () => {
  const startup = (extra: Record<string, unknown> = {}) => ({
    startup: 'java -jar {{SERVER_JARFILE}}',
    environment: { SERVER_JARFILE: 'paper.jar', BUILD_NUMBER: '400' },
    egg: 3,
    image: 'quay.io/pterodactyl/core:java-11',
    skip_scripts: false,
    ...extra,
  });

  it('upserts every egg variable ("" when missing), clears an omitted pack, keeps installed', async () => {
    const response = await app('PATCH', '/servers/1/startup', startup());
    expect(response.status).toBe(200);
    conforms('updateServerStartup', response);
    expect(response.json.attributes).toMatchObject({ pack: null, container: { startup_command: 'java -jar {{SERVER_JARFILE}}', image: 'quay.io/pterodactyl/core:java-11', installed: true } });
    const values = Object.fromEntries(panel.store.where('server_variables', (v) => v.server_id === 1).map((v) => [v.variable_id, v.variable_value]));
    expect(values).toEqual({
      [variableId(3, 'MINECRAFT_VERSION')]: '',
      [variableId(3, 'SERVER_JARFILE')]: 'paper.jar',
      [variableId(3, 'DL_PATH')]: '',
      [variableId(3, 'BUILD_NUMBER')]: '400',
    });
    expect(server(1)).toMatchObject({ pack_id: null, installed: 1, image: 'quay.io/pterodactyl/core:java-11' });
  });

  it('changes the nest with the egg and keeps a sent pack', async () => {
    const response = await app('PATCH', '/servers/2/startup', startup({ egg: 13, environment: { TS_VERSION: '3.13.2', FILE_TRANSFER: '30033' }, pack: 2, skip_scripts: true }));
    expect(response.status).toBe(200);
    expect(response.json.attributes).toMatchObject({ egg: 13, nest: 3, pack: 2 });
    expect(server(2)).toMatchObject({ egg_id: 13, nest_id: 3, pack_id: 2, skip_scripts: true });
    const values = panel.store.where('server_variables', (v) => v.server_id === 2 && (v.variable_id === variableId(13, 'TS_VERSION') || v.variable_id === variableId(13, 'FILE_TRANSFER')));
    expect(values.map((v) => v.variable_value)).toEqual(['3.13.2', '30033']);
  });

  it('rolls back with 504 when the daemon is unreachable', async () => {
    const before = storeState(panel);
    const response = await app('PATCH', '/servers/5/startup', startup({ egg: 7, environment: { SRCDS_MAP: 'de_nuke', STEAM_ACC: 'A7F3C9E1B5D24F8A9C6E0B3D7F1A2C4E', SRCDS_APPID: '740' } }));
    expect(response.status).toBe(504);
    conforms('updateServerStartup', response);
    expect(storeState(panel)).toEqual(before);
  });
});
