import { beforeAll, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { expectConforms, get, idsOf, NULL_RESOURCE } from './test-support.ts';

let contract: ResponseContract;
let panel: MockPanel;
beforeAll(async () => {
  contract = await ResponseContract.load();
  panel = await MockPanel.create();
});

const BASE = 'http://panel.test/api/application/users';
const users = (url: string, key = 'app-full') => get(panel, key, `/api/application/users${url}`);

describe('GET /users', () => {
  it('pages 65 users by 50: page 1 has a next link', async () => {
    const response = await users('');
    expect(response.status).toBe(200);
    expectConforms(contract, 'listUsers', response);
    expect(response.json.data).toHaveLength(50);
    expect(idsOf(response.json).slice(0, 3)).toEqual([1, 2, 3]);
    expect(response.json.meta.pagination).toEqual({
      total: 65, count: 50, per_page: 50, current_page: 1, total_pages: 2, links: { next: `${BASE}?page=2` },
    });
    expect(response.body).toContain('"next":"http:\\/\\/panel.test\\/api\\/application\\/users?page=2"');
  });

  it('page 2 has the last 15 and a previous link without the other query parameters', async () => {
    const response = await users('?page=2&include=servers&foo=bar');
    expectConforms(contract, 'listUsers', response);
    expect(idsOf(response.json)).toEqual(Array.from({ length: 15 }, (_, i) => 51 + i));
    expect(response.json.meta.pagination).toMatchObject({ count: 15, current_page: 2, links: { previous: `${BASE}?page=1` } });
    // The include applies to every item.
    for (const user of response.json.data) expect(user.attributes.relationships.servers.object).toBe('list');
  });

  it('a page past the end: no data, count 0, only a previous link', async () => {
    const response = await users('?page=9');
    expectConforms(contract, 'listUsers', response);
    expect(response.json.data).toEqual([]);
    expect(response.json.meta.pagination).toEqual({
      total: 65, count: 0, per_page: 50, current_page: 9, total_pages: 2, links: { previous: `${BASE}?page=8` },
    });
  });

  it('an invalid page is page 1', async () => {
    for (const page of ['abc', '0', '-2', '1.5']) {
      expect((await users(`?page=${page}`)).json.meta.pagination.current_page).toBe(1);
    }
  });

  it('search: relevance order, links [] for a single page; a username substring alone is not enough', async () => {
    const response = await users('?search=alpha');
    expectConforms(contract, 'listUsers', response);
    expect(idsOf(response.json)).toEqual([3, 4, 6]);
    expect(response.json.data.map((u: { attributes: { username: string } }) => u.attributes.username)).not.toContain('betaalpha');
    expect(response.json.meta.pagination).toMatchObject({ total: 3, count: 3, total_pages: 1, links: [] });
  });

  it('an empty or "0" search is no search', async () => {
    expect((await users('?search=')).json.meta.pagination.total).toBe(65);
    expect((await users('?search=0')).json.meta.pagination.total).toBe(65);
  });

  it('an array search is a 500 FatalThrowableError', async () => {
    const response = await users('?search[]=alpha');
    expect(response.status).toBe(500);
    expectConforms(contract, 'listUsers', response);
    expect(response.json.errors[0].code).toBe('FatalThrowableError');
  });
});

describe('GET /users/{user} and /users/external/{external_id}', () => {
  it('returns exactly object and attributes', async () => {
    const response = await users('/7');
    expectConforms(contract, 'getUser', response);
    expect(Object.keys(response.json)).toEqual(['object', 'attributes']);
    expect(response.json.attributes).toMatchObject({ id: 7, username: 'jdoe', '2fa': true });
  });

  it('includes servers, or null_resource for a key that cannot read servers', async () => {
    const full = await users('/7?include=servers');
    expectConforms(contract, 'getUser', full);
    expect(idsOf(full.json.attributes.relationships.servers)).toEqual([1, 2]);
    const limited = await users('/7?include=servers', 'app-users-read-only');
    expectConforms(contract, 'getUser', limited);
    expect(limited.json.attributes.relationships.servers).toEqual(NULL_RESOURCE);
  });

  it('finds a user by external id', async () => {
    const response = await users('/external/whmcs-client-2');
    expectConforms(contract, 'getUserByExternalId', response);
    expect(response.json.attributes.id).toBe(2);
  });
});
