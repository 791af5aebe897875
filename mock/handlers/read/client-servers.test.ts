import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { request } from '../../testing/panel-request.ts';
import { filterLevel } from './client-servers.ts';
import { expectConforms, get } from './test-support.ts';

let contract: ResponseContract;
let panel: MockPanel;
beforeAll(async () => {
  contract = await ResponseContract.load();
  panel = await MockPanel.create();
});
beforeEach(() => panel.reset());

const identifiers = (json: { data: { attributes: { identifier: string } }[] }) => json.data.map((d) => d.attributes.identifier);
const uuidShortOf = (...ids: number[]) => ids.map((id) => panel.store.find('servers', id)!.uuidShort);

async function list(key: string, query = '') {
  const response = await get(panel, key, `/api/client${query}`);
  expect(response.status).toBe(200);
  expectConforms(contract, 'listClientServers', response);
  return response.json;
}

describe('GET /api/client filter', () => {
  it('an owner sees owned servers by default and with owner; all/admin fall back to the default', async () => {
    for (const query of ['', '?filter=subuser-of', '?filter=owner', '?filter=all', '?filter=admin', '?filter=nonsense']) {
      expect(identifiers(await list('client-owner', query)), query).toEqual(uuidShortOf(1, 2));
    }
    const json = await list('client-owner');
    expect(json.data.every((s: { attributes: { server_owner: boolean } }) => s.attributes.server_owner)).toBe(true);
  });

  it('a subuser sees the servers they sub-use, none with owner', async () => {
    const json = await list('client-subuser-limited');
    expect(identifiers(json)).toEqual(uuidShortOf(1, 7));
    expect(json.data.map((s: { attributes: { server_owner: boolean } }) => s.attributes.server_owner)).toEqual([false, false]);
    expect(identifiers(await list('client-subuser-limited', '?filter=owner'))).toEqual([]);
    expect(identifiers(await list('client-subuser-limited', '?filter=all'))).toEqual(uuidShortOf(1, 7));
  });

  it('a root admin: default and owner show nothing they do not own or sub-use; all and admin show every server', async () => {
    expect(identifiers(await list('client-root-admin'))).toEqual([]);
    expect(identifiers(await list('client-root-admin', '?filter=owner'))).toEqual([]);
    const every = uuidShortOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(identifiers(await list('client-root-admin', '?filter=all'))).toEqual(every);
    expect(identifiers(await list('client-root-admin', '?filter=admin'))).toEqual(every);
  });

  it('a stranger sees an empty page', async () => {
    const json = await list('client-stranger');
    expect(json).toEqual({
      object: 'list',
      data: [],
      meta: { pagination: { total: 0, count: 0, per_page: 15, current_page: 1, total_pages: 1, links: [] } },
    });
  });

  it('PHP loose switch: 0 and true select all, other values the default', () => {
    expect(filterLevel(0)).toBe('all');
    expect(filterLevel(true)).toBe('all');
    expect(filterLevel(false)).toBe('subuser-of');
    expect(filterLevel(3)).toBe('subuser-of');
    expect(filterLevel(['all'])).toBe('subuser-of');
    expect(filterLevel(null)).toBe('subuser-of');
  });

  it('ignores include on the client API', async () => {
    const json = await list('client-owner', '?include=allocations,user');
    expect(json.data[0].attributes).not.toHaveProperty('relationships');
  });
});

describe('GET /api/client pagination', () => {
  it('uses the client page size and drops query parameters (and the trailing slash) from links', async () => {
    const small = await MockPanel.create({ clientPageSize: 3 });
    const response = await request(small, 'GET', '/api/client/?filter=all&page=2', { key: 'client-root-admin' });
    expect(response.status).toBe(200);
    expectConforms(contract, 'listClientServers', response);
    expect(response.json.meta.pagination).toEqual({
      total: 10, count: 3, per_page: 3, current_page: 2, total_pages: 4,
      links: { previous: 'http://panel.test/api/client?page=1', next: 'http://panel.test/api/client?page=3' },
    });
  });
});

describe('GET /api/client/servers/{server}', () => {
  it('returns the client server object', async () => {
    const [identifier] = uuidShortOf(7);
    const response = await get(panel, 'client-subuser-limited', `/api/client/servers/${identifier}`);
    expect(response.status).toBe(200);
    expectConforms(contract, 'getClientServer', response);
    expect(response.json).toEqual({
      object: 'server',
      attributes: {
        server_owner: false,
        identifier,
        uuid: panel.store.find('servers', 7)!.uuid,
        name: 'Team Voice',
        description: panel.store.find('servers', 7)!.description,
        limits: expect.any(Object),
        feature_limits: expect.any(Object),
      },
    });
  });
});
