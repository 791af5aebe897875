// The mock under load: 100 concurrent clients, each its own client IP (X-Forwarded-For, a mock that
// trusts proxies), each sending a fixed mix of list, view, 404 and 403 requests past its limit.
// No request errors, the server stays up, and the group throttle admits exactly `limit` requests
// per window per IP — never one more — in the order they came. Bounded: 100 × 45 requests.
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from './server.ts';
import { fixtureKey } from './testing/fixture-keys.ts';

const CLIENTS = 100;
const LIMIT = 30;
const PER_CLIENT = LIMIT + 15;

let mock: RunningMock;
let agent: Agent;
let appKey: string;
let noneKey: string;

beforeAll(async () => {
  mock = await startMock({ trustProxy: true, limits: { application: LIMIT, client: 20, utilization: 15 } }, { host: '127.0.0.1', port: 0 });
  // A frozen clock: no window can end while the test runs, however slow the machine.
  mock.panel.clock.set(mock.panel.clock.nowMs(), true);
  appKey = fixtureKey(mock.panel, 'app-full');
  noneKey = fixtureKey(mock.panel, 'app-none');
  agent = new Agent({ connections: CLIENTS, headersTimeout: 30_000, bodyTimeout: 30_000 });
});

afterAll(async () => {
  await agent.close();
  await mock.close();
});

/** The i-th request of a client: list, view, 404 (unknown id of a known route) and 403 (a key without permission), in turn. */
function nth(i: number): { path: string; key: string; expected: number } {
  switch (i % 4) {
    case 0:
      return { path: '/api/application/users', key: appKey, expected: 200 };
    case 1:
      return { path: '/api/application/locations/1', key: appKey, expected: 200 };
    case 2:
      return { path: '/api/application/users/987654', key: appKey, expected: 404 };
    default:
      return { path: '/api/application/nodes', key: noneKey, expected: 403 };
  }
}

/** Documentation addresses (RFC 5737), only ever written into a header: all traffic goes to 127.0.0.1. */
function ipOf(client: number): string {
  return client < 50 ? `192.0.2.${client + 1}` : `198.51.100.${client - 49}`;
}

describe('the mock under 100 concurrent clients', () => {
  it('answers every request, and admits exactly the limit per window per client IP', async () => {
    const started = performance.now();
    const statuses = new Map<string, number[]>();
    const errors: string[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const ip = ipOf(client);
        const seen: number[] = [];
        statuses.set(ip, seen);
        for (let i = 0; i < PER_CLIENT; i++) {
          const { path, key } = nth(i);
          try {
            const response = await request(`${mock.url}${path}`, {
              dispatcher: agent,
              headers: { accept: 'application/vnd.pterodactyl.v1+json', authorization: `Bearer ${key}`, 'x-forwarded-for': ip },
            });
            await response.body.text();
            seen.push(response.statusCode);
          } catch (error) {
            errors.push(`${ip} #${i}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }),
    );
    const elapsed = performance.now() - started;
    const total = CLIENTS * PER_CLIENT;
    console.log(`mock load: ${total} requests from ${CLIENTS} concurrent clients in ${Math.round(elapsed)} ms (${Math.round(total / (elapsed / 1000))} requests/s)`);

    expect(errors).toEqual([]);
    for (const [ip, seen] of statuses) {
      expect(seen, ip).toHaveLength(PER_CLIENT);
      // The first LIMIT answers are the routed ones, in the mix's order; every later one is a 429.
      const expected = Array.from({ length: PER_CLIENT }, (_, i) => (i < LIMIT ? nth(i).expected : 429));
      expect(seen, ip).toEqual(expected);
    }
    const all = [...statuses.values()].flat();
    const count = (status: number) => all.filter((s) => s === status).length;
    // Exactly LIMIT per IP admitted, never one more.
    expect(count(429)).toBe(CLIENTS * (PER_CLIENT - LIMIT));
    expect(all.filter((s) => s !== 429)).toHaveLength(CLIENTS * LIMIT);
    expect(count(200) + count(404) + count(403)).toBe(CLIENTS * LIMIT);
    expect(count(500)).toBe(0);

    // Still up, and the counters are per IP: a new address starts a fresh window.
    const fresh = await request(`${mock.url}/api/application/users`, {
      dispatcher: agent,
      headers: { accept: 'application/vnd.pterodactyl.v1+json', authorization: `Bearer ${appKey}`, 'x-forwarded-for': '203.0.113.7' },
    });
    await fresh.body.text();
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
  }, 60_000);
});
