import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { errorOf, send, storeState, type TestResponse } from './account-test-requests.ts';
import { CONFIGURATION_NOT_PERSISTED, NODE_HAS_SERVERS } from './nodes.ts';

let contract: ResponseContract;
let panel: MockPanel;

beforeAll(async () => {
  contract = await ResponseContract.load();
});
beforeEach(async () => {
  // A frozen clock: the created and changed rows' timestamps are known exactly.
  panel = await MockPanel.create({ clock: '2020-10-05T12:00:00Z' });
});

function conforms(operationId: string, response: TestResponse): void {
  expect(contract.check(operationId, { status: response.status, headers: response.headers, rawBody: response.rawBody })).toEqual([]);
}

const NOW = '2020-10-05 12:00:00';
const node = (id: number) => panel.store.find('nodes', id);

const createBody = {
  name: 'LON-Node-01',
  location_id: 1,
  fqdn: 'lon01.nodes.example.com',
  scheme: 'https',
  memory: 32768,
  memory_overallocate: 0,
  disk: 204800,
  disk_overallocate: -1,
  daemon_listen: 8080,
  daemon_sftp: 2022,
};

/** Node 1's current values as a full PATCH body (every required field). */
function node1Body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const row = node(1)!;
  return {
    name: row.name,
    location_id: row.location_id,
    fqdn: row.fqdn,
    scheme: row.scheme,
    memory: row.memory,
    memory_overallocate: row.memory_overallocate,
    disk: row.disk,
    disk_overallocate: row.disk_overallocate,
    daemon_listen: row.daemonListen,
    daemon_sftp: row.daemonSFTP,
    daemon_base: row.daemonBase,
    ...overrides,
  };
}

describe('POST /nodes', () => {
  it('creates the node with the defaults, a 36-character secret and meta.resource; no daemon call', async () => {
    for (const id of ['1', '2', '3']) panel.store.daemon.nodes[id] = { reachable: false };
    const response = await send(panel, 'POST', '/api/application/nodes', createBody);
    expect(response.status).toBe(201);
    conforms('createNode', response);
    expect(Object.keys(response.json)).toEqual(['object', 'attributes', 'meta']);
    expect(response.json.meta).toEqual({ resource: 'http://panel.test/api/application/nodes/4' });
    expect(response.json.attributes).toEqual({
      id: 4,
      public: true,
      name: 'LON-Node-01',
      description: '',
      location_id: 1,
      fqdn: 'lon01.nodes.example.com',
      scheme: 'https',
      behind_proxy: false,
      maintenance_mode: false,
      memory: 32768,
      memory_overallocate: 0,
      disk: 204800,
      disk_overallocate: -1,
      upload_size: 100,
      daemon_listen: 8080,
      daemon_sftp: 2022,
      daemon_base: '/srv/daemon-data',
      created_at: '2020-10-05T12:00:00+00:00',
      updated_at: '2020-10-05T12:00:00+00:00',
    });
    const row = node(4)!;
    expect(row.daemonSecret).toMatch(/^[A-Za-z0-9]{36}$/);
    expect(row).toMatchObject({ created_at: NOW, updated_at: NOW });
    expect(panel.store.daemon.nodes['4']).toEqual({ reachable: false });
  });

  it('stores the optional fields and converts numeric strings as MySQL does', async () => {
    const response = await send(panel, 'POST', '/api/application/nodes', {
      ...createBody,
      public: false,
      behind_proxy: '1',
      upload_size: '512',
      memory: '2048.5',
      daemon_listen: '8443',
      daemon_base: '/var/lib/pterodactyl',
    });
    expect(response.status).toBe(201);
    conforms('createNode', response);
    expect(response.json.attributes).toMatchObject({
      public: false,
      behind_proxy: true,
      upload_size: 512,
      memory: 2049,
      daemon_listen: 8443,
      daemon_base: '/var/lib/pterodactyl',
    });
  });

  it('ignores description and maintenance_mode (not rule keys)', async () => {
    const response = await send(panel, 'POST', '/api/application/nodes', { ...createBody, description: 'x', maintenance_mode: true });
    expect(response.json.attributes).toMatchObject({ description: '', maintenance_mode: false });
  });
});

describe('PATCH /nodes/{node}', () => {
  it('saves the change, pushes it to the reachable daemon and answers 200', async () => {
    const secret = node(1)!.daemonSecret;
    const response = await send(panel, 'PATCH', '/api/application/nodes/1', node1Body({ memory: 24576, public: false }));
    expect(response.status).toBe(200);
    conforms('updateNode', response);
    expect(Object.keys(response.json)).toEqual(['object', 'attributes']);
    expect(response.json.attributes).toMatchObject({ id: 1, memory: 24576, public: false, updated_at: '2020-10-05T12:00:00+00:00' });
    expect(node(1)).toMatchObject({ memory: 24576, public: false, daemonSecret: secret, updated_at: NOW });
  });

  it('resets an omitted daemon_base to /srv/daemon-data', async () => {
    node(1)!.daemonBase = '/data/pterodactyl';
    const { daemon_base: _omitted, ...body } = node1Body();
    const response = await send(panel, 'PATCH', '/api/application/nodes/1', body);
    expect(response.status).toBe(200);
    expect(response.json.attributes.daemon_base).toBe('/srv/daemon-data');
    expect(node(1)?.daemonBase).toBe('/srv/daemon-data');
  });

  it('regenerates the secret only for reset_secret === true', async () => {
    const secret = node(1)!.daemonSecret;
    const before = node(1)!.updated_at;
    for (const value of ['1', 1, 'true']) {
      expect((await send(panel, 'PATCH', '/api/application/nodes/1', node1Body({ reset_secret: value }))).status).toBe(200);
      expect(node(1)?.daemonSecret).toBe(secret);
    }
    expect(node(1)?.updated_at).toBe(before);
    expect((await send(panel, 'PATCH', '/api/application/nodes/1', node1Body({ reset_secret: true }))).status).toBe(200);
    expect(node(1)?.daemonSecret).toMatch(/^[A-Za-z0-9]{36}$/);
    expect(node(1)?.daemonSecret).not.toBe(secret);
    expect(node(1)?.updated_at).toBe(NOW);
  });

  it('commits the change and answers 400 ConfigurationNotPersistedException when the daemon is unreachable', async () => {
    const row = node(2)!;
    const secret = row.daemonSecret;
    const response = await send(panel, 'PATCH', '/api/application/nodes/2', {
      name: row.name,
      location_id: 3,
      fqdn: 'fra01-new.example.com',
      scheme: row.scheme,
      memory: row.memory,
      memory_overallocate: row.memory_overallocate,
      disk: row.disk,
      disk_overallocate: row.disk_overallocate,
      daemon_listen: row.daemonListen,
      daemon_sftp: row.daemonSFTP,
      reset_secret: true,
    });
    expect(response.status).toBe(400);
    conforms('updateNode', response);
    expect(response.json).toEqual({ errors: [{ code: 'ConfigurationNotPersistedException', status: '400', detail: CONFIGURATION_NOT_PERSISTED }] });
    // The panel's exceptions.node.daemon_off_config_updated text (v0.7.19), HTML included.
    expect(CONFIGURATION_NOT_PERSISTED).toBe(
      'The daemon configuration <strong>has been updated</strong>, however there was an error encountered while attempting to automatically update the configuration file on the Daemon. You will need to manually update the configuration file (core.json) for the daemon to apply these changes.',
    );
    expect(response.rawBody).toContain('<strong>has been updated<\\/strong>');
    expect(node(2)).toMatchObject({ location_id: 3, fqdn: 'fra01-new.example.com', updated_at: NOW });
    expect(node(2)?.daemonSecret).not.toBe(secret);
  });
});

describe('DELETE /nodes/{node}', () => {
  it('deletes a node without servers, its allocations, and detaches its database hosts', async () => {
    const created = await send(panel, 'POST', '/api/application/nodes', createBody);
    expect(created.status).toBe(201);
    expect((await send(panel, 'POST', '/api/application/nodes/4/allocations', { ip: '192.0.2.1', ports: ['30000', '30001'] })).status).toBe(204);
    const host = panel.store.all('database_hosts')[0]!;
    host.node_id = 4;

    const response = await send(panel, 'DELETE', '/api/application/nodes/4');
    expect(response.status).toBe(204);
    expect(response.rawBody).toBe('');
    conforms('deleteNode', response);
    expect(node(4)).toBeUndefined();
    expect(panel.store.where('allocations', (a) => a.node_id === 4)).toEqual([]);
    expect(panel.store.find('database_hosts', host.id)?.node_id).toBeNull();
    expect(panel.store.daemon.nodes['4']).toBeUndefined();
  });

  it('refuses a node with servers: 400 HasActiveServersException, nothing changed', async () => {
    const before = storeState(panel);
    const response = await send(panel, 'DELETE', '/api/application/nodes/1');
    expect(response.status).toBe(400);
    conforms('deleteNode', response);
    expect(errorOf(response)).toEqual({ code: 'HasActiveServersException', status: '400', detail: NODE_HAS_SERVERS });
    expect(NODE_HAS_SERVERS).toBe('A node must have no servers linked to it in order to be deleted.');
    expect(storeState(panel)).toEqual(before);
  });
});
