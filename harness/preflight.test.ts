// The preflight against the mock panel (a stock v0.7.19 twin) with its fixture keys: a correct
// setup passes; swapped keys, a key of no panel, a key lacking read permissions, a key with more
// than its role, and a closed port each fail with the cause and the variable to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../scripts/broken-panel-server.ts';
import { startMock } from '../mock/server.ts';
import { fixtureKey } from '../mock/testing/fixture-keys.ts';
import { OperationIndex } from './operation-index.ts';
import { Pacer } from './pacer.ts';
import { PanelClient } from './panel-client.ts';
import { preflight, type PreflightResult } from './preflight.ts';
import type { KeyRole, RunConfig } from './run-config.ts';
import { loadSpec } from './spec-source.ts';

let mock: Awaited<ReturnType<typeof startMock>>;
let index: OperationIndex;
const key = (name: string) => fixtureKey(mock.panel, name);
const NOBODY = 'Q'.repeat(16) + 'z'.repeat(32);

beforeAll(async () => {
  mock = await startMock({ control: true }, { host: '127.0.0.1', port: 0 });
  index = new OperationIndex(await loadSpec());
});
afterAll(() => mock.close());

async function check(keys: Partial<Record<KeyRole, string>>, url = mock.url): Promise<PreflightResult> {
  const config = { keys, allowWrites: false, timeoutMs: 2000 } as RunConfig;
  // The mock's window is reset before each request: these tests send more than a minute's budget.
  const client = new PanelClient(url, config, index, new Pacer(async () => void (await fetch(`${mock.url}/__control/rate-limits/reset`, { method: 'POST' }))));
  try {
    return await preflight(client, config, url);
  } finally {
    await client.close();
  }
}

describe('preflight', () => {
  it('passes a correct setup: every key is of its type, authenticates and reads what its role needs', async () => {
    const result = await check({
      application: key('app-full'),
      client: key('client-owner'),
      'application-read-only': key('app-read-only'),
      'application-none': key('app-none'),
      'application-users-read-only': key('app-users-read-only'),
      'client-stranger': key('client-stranger'),
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.keys.find((k) => k.role === 'application')).toMatchObject({ kind: 'application', note: expect.stringContaining('r_server_databases') });
    expect(result.keys.find((k) => k.role === 'client')).toMatchObject({ kind: 'client', note: expect.stringMatching(/sees [1-9]\d* server/) });
    // 8 probes for each of the two full-read roles, one for each other role; the key without
    // permissions gets 403 on r_users, so one more on /api/client tells it is no client key.
    expect(result.requests).toBe(8 + 1 + 8 + (1 + 1) + 1 + 1);
  });

  it('names swapped keys in one cause, and says to swap them', async () => {
    const result = await check({ application: key('client-owner'), client: key('app-full') });
    expect(result.ok).toBe(false);
    expect(result.cause).toBe('PTERO_APPLICATION_KEY and PTERO_CLIENT_KEY are swapped');
    expect(result.paragraph).toMatch(/swap their values\. No behaviour was run\.$/);
  });

  it('a client key given as the application key: wrong type, the variable named', async () => {
    const result = await check({ application: key('client-owner'), client: key('client-owner') });
    expect(result.ok).toBe(false);
    expect(result.cause).toBe('PTERO_APPLICATION_KEY is a client key');
    expect(result.paragraph).toContain('Set PTERO_APPLICATION_KEY to an application key');
  });

  it('a key of no panel is refused on both APIs', async () => {
    const result = await check({ application: key('app-full'), client: NOBODY });
    expect(result.ok).toBe(false);
    expect(result.cause).toBe('PTERO_CLIENT_KEY is refused by the panel');
    expect(result.paragraph).toContain('403 on /api/application and on /api/client');
  });

  it('a key that cannot read what its role needs: the r_* columns named', async () => {
    const result = await check({ application: key('app-users-read-only') });
    expect(result.ok).toBe(false);
    expect(result.paragraph).toMatch(/PTERO_APPLICATION_KEY cannot read r_servers, r_nodes, r_allocations, r_locations, r_nests, r_eggs, r_server_databases/);
  });

  it('a key with more than its role (a full key as the key without permissions)', async () => {
    const result = await check({ 'application-none': key('app-full') });
    expect(result.ok).toBe(false);
    expect(result.paragraph).toContain('PTERO_KEY_APPLICATION_NONE can read r_users');
  });

  it('a panel that is down: the cause in plain words and PTERO_URL to check, after one request', async () => {
    const port = await closedPort();
    const result = await check({ application: key('app-full') }, `http://127.0.0.1:${port}`);
    expect(result.ok).toBe(false);
    expect(result.cause).toBe(`panel unreachable: connection refused: nothing listens on 127.0.0.1:${port}`);
    expect(result.paragraph).toContain('Check PTERO_URL');
    expect(result.requests).toBe(1);
  });
});
