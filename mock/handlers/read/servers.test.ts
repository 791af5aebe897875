import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { expectConforms, get, idsOf, NULL_RESOURCE } from './test-support.ts';

let contract: ResponseContract;
let panel: MockPanel;
beforeAll(async () => {
  contract = await ResponseContract.load();
  panel = await MockPanel.create();
});
beforeEach(() => panel.reset());

const app = (url: string, key = 'app-full') => get(panel, key, `/api/application${url}`);
const ALL_INCLUDES = 'allocations,user,subusers.user,pack,nest,egg.variables,variables.parent,location,node,databases.host';

describe('GET /servers', () => {
  it('lists every server with every include, by id', async () => {
    const response = await app(`/servers?include=${ALL_INCLUDES}`);
    expect(response.status).toBe(200);
    expectConforms(contract, 'listServers', response);
    expect(idsOf(response.json)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(response.json.meta.pagination).toMatchObject({ total: 10, per_page: 50, links: [] });
  });

  it('searches over the owner, the node and the server columns', async () => {
    expect(idsOf((await app('/servers?search=john.doe%40example.com')).json)).toEqual([1, 2]);
    expect(idsOf((await app('/servers?search=FRA-Node-01')).json)).toEqual([5, 6]);
  });
});

describe('GET /servers/{server}', () => {
  it('renders includes the key may not read as null_resource', async () => {
    // A key that may read servers and users only (the seed has none; reset() restores it).
    const key = panel.store.all('api_keys').find((k) => k.memo?.startsWith('app-read-only:'))!;
    Object.assign(key, { r_allocations: 0, r_packs: 0, r_nests: 0, r_eggs: 0, r_locations: 0, r_nodes: 0, r_server_databases: 0 });
    const response = await app(`/servers/1?include=${ALL_INCLUDES}`, 'app-read-only');
    expectConforms(contract, 'getServer', response);
    const rel = response.json.attributes.relationships;
    expect(rel.user.object).toBe('user');
    expect(rel.subusers.data[0]).toMatchObject({ object: 'subuser', attributes: { relationships: { user: { object: 'user' } } } });
    // variables needs r_servers, not r_eggs; its nested parent needs r_eggs.
    expect(rel.variables.data[0].attributes.relationships.parent).toEqual(NULL_RESOURCE);
    for (const name of ['allocations', 'pack', 'nest', 'egg', 'location', 'node', 'databases']) expect(rel[name], name).toEqual(NULL_RESOURCE);
  });

  it('finds a server by external id', async () => {
    const response = await app('/servers/external/rust-weekly');
    expectConforms(contract, 'getServerByExternalId', response);
    expect(response.json.attributes).toMatchObject({ id: 8, external_id: 'rust-weekly' });
  });
});

describe('server databases', () => {
  it('lists them without pagination, with the plaintext password on request', async () => {
    const response = await app('/servers/1/databases?include=password');
    expectConforms(contract, 'listServerDatabases', response);
    expect(Object.keys(response.json)).toEqual(['object', 'data']);
    expect(idsOf(response.json)).toEqual([1, 2]);
    expect(response.json.data[0].object).toBe('server_database');
    expect(response.json.data[0].attributes.relationships.password).toEqual({ object: 'database_password', attributes: { password: 'WQ82p6gCxvT0ui36KlEssAXr' } });
  });

  it('shows one with APP_TIMEZONE timestamps and its host', async () => {
    const response = await app('/servers/1/databases/2?include=host');
    expectConforms(contract, 'getServerDatabase', response);
    expect(response.json.attributes).toMatchObject({ id: 2, created_at: '2019-11-02T13:00:00-04:00' });
    expect(response.json.attributes.relationships.host).toMatchObject({ object: 'database_host', attributes: { id: 1, node: 1 } });
  });

  it('an empty list is still a list', async () => {
    const response = await app('/servers/2/databases');
    expectConforms(contract, 'listServerDatabases', response);
    expect(response.json).toEqual({ object: 'list', data: [] });
  });
});
