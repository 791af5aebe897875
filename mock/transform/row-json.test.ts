import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockPanel } from '../panel.ts';
import { request } from '../testing/panel-request.ts';
import { JoinMemo } from './row-json.ts';
import { userTransformer } from './transformers/user.ts';

// The rows' kept JSON (row-json.ts) against a panel that has never encoded them: the same store
// (restored from a snapshot, so new row objects with no kept entry), the same clock. Every answer
// of the cached panel must be byte for byte the fresh one, after reads that fill the entries,
// writes through the API and straight into the store, includes and clock changes.

const LIMITS = { application: 1_000_000, client: 1_000_000, utilization: 1_000_000 };
const START = '2021-03-04T05:06:07Z';
let cached: MockPanel;
let fresh: MockPanel;

beforeEach(async () => {
  cached = await MockPanel.create({ clock: START, limits: LIMITS });
  fresh = await MockPanel.create({ clock: START, limits: LIMITS });
});
afterEach(() => vi.restoreAllMocks());

const READS = [
  '/api/application/users',
  '/api/application/users?page=2',
  '/api/application/users/1',
  '/api/application/users/external/whmcs-client-2',
  '/api/application/locations',
  '/api/application/locations/1',
  '/api/application/nodes',
  '/api/application/nodes/1',
  '/api/application/nodes/1/allocations',
  '/api/application/nests',
  '/api/application/nests/1',
  '/api/application/nests/1/eggs',
  '/api/application/nests/1/eggs/1',
  '/api/application/servers/1/databases',
  '/api/application/servers/1/databases/1',
  '/api/application/servers',
];

async function send(panel: MockPanel, method: string, url: string, body?: unknown) {
  return request(panel, method, url, { key: 'app-full', ...(body === undefined ? {} : { body }) });
}

/** GET `url` from the cached panel (twice: the second from its entries) and from a fresh copy of its store and clock. */
async function expectSameAsFresh(url: string): Promise<string> {
  const first = await send(cached, 'GET', url);
  const again = await send(cached, 'GET', url);
  fresh.store.restore(cached.store.snapshot());
  fresh.clock.set(cached.clock.nowMs(), true);
  const expected = await send(fresh, 'GET', url);
  expect(expected.status, url).toBe(200);
  expect(first.body, url).toBe(expected.body);
  expect(again.body, url).toBe(expected.body);
  return first.body;
}

async function expectAllSameAsFresh(): Promise<void> {
  for (const url of READS) await expectSameAsFresh(url);
}

describe('kept row JSON', () => {
  it('answers every read as a panel that never kept any, after API writes and clock changes', async () => {
    await expectAllSameAsFresh();

    cached.clock.advance(3600);
    const renamed = { email: 'renamed@example.com', username: 'renamed', first_name: 'Re', last_name: 'Named' };
    expect((await send(cached, 'PATCH', '/api/application/users/1', renamed)).status).toBe(200);
    // The write's own timestamp is rendered, not the one kept before it.
    expect(await expectSameAsFresh('/api/application/users/1')).toContain('"updated_at":"2021-03-04T06:06:07+00:00"');
    expect(await expectSameAsFresh('/api/application/users')).toContain('"email":"renamed@example.com"');

    cached.clock.advance(86_400);
    const created = await send(cached, 'POST', '/api/application/users', { email: 'new@example.com', username: 'newbie', first_name: 'New', last_name: 'Bie' });
    expect(created.status).toBe(201);
    expect((await send(cached, 'DELETE', `/api/application/users/${created.json.attributes.id}`)).status).toBe(204);
    expect((await send(cached, 'PATCH', '/api/application/locations/1', { short: 'moved', long: 'Moved/Elsewhere' })).status).toBe(200);
    expect(await expectSameAsFresh('/api/application/locations/1')).toContain('"long":"Moved\\/Elsewhere","updated_at":"2021-03-05T06:06:07+00:00"');
    await expectAllSameAsFresh();
  });

  it('sees a change written straight into a row, a field added, and non-ASCII text', async () => {
    await expectAllSameAsFresh();
    const user = cached.store.find('users', 2)!;
    user.name_first = 'Zoë/Ünal';
    expect(await expectSameAsFresh('/api/application/users')).toContain('"first_name":"Zo\\u00eb\\/\\u00dcnal"');
    user.use_totp = !user.use_totp;
    await expectSameAsFresh('/api/application/users/2');
    (cached.store.find('locations', 1) as unknown as Record<string, unknown>)['extra'] = 1;
    cached.store.find('locations', 1)!.short = 'renamed';
    expect(await expectSameAsFresh('/api/application/locations')).toContain('"short":"renamed"');
    cached.store.find('databases', 1)!.remote = '10.0.0.%';
    expect(await expectSameAsFresh('/api/application/servers/1/databases/1')).toContain('"remote":"10.0.0.%"');
  });

  it('renders includes in full, the same as without kept JSON', async () => {
    await expectAllSameAsFresh();
    for (const url of [
      '/api/application/users?include=servers',
      '/api/application/users/1?include=servers',
      '/api/application/locations/1?include=nodes,servers',
      '/api/application/nodes?include=allocations,location',
      '/api/application/nests/1?include=eggs',
    ]) {
      expect(await expectSameAsFresh(url), url).toContain('"relationships":');
    }
    await expectAllSameAsFresh();
  });

  it('transforms a row again only when it changed, and a store restored (reset) from scratch', async () => {
    const transform = vi.spyOn(userTransformer, 'transform');
    await send(cached, 'GET', '/api/application/users');
    const firstPage = transform.mock.calls.length;
    expect(firstPage).toBe(50);
    await send(cached, 'GET', '/api/application/users');
    expect(transform.mock.calls.length).toBe(firstPage);
    cached.store.find('users', 3)!.email = 'changed@example.com';
    await send(cached, 'GET', '/api/application/users');
    expect(transform.mock.calls.length).toBe(firstPage + 1);
    cached.reset();
    await send(cached, 'GET', '/api/application/users');
    expect(transform.mock.calls.length).toBe(2 * firstPage + 1);
  });
});

describe('JoinMemo', () => {
  it('joins whatever it is given, whichever parts came before', () => {
    const memo = new JoinMemo();
    const sequence: string[][] = [['a', 'b'], ['a', 'b'], ['a', 'c'], ['ab'], [], ['a', 'b'], ['', 'ab'], [['x', 'y'].join(''), 'z'], ['xy', 'z'], ['x', 'yz']];
    for (const parts of sequence) expect(memo.join(parts), JSON.stringify(parts)).toBe(parts.join(''));
  });
});
