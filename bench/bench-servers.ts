// What the throughput benches share: a free loopback port, waiting until a started server answers
// the first request of the mix, and the seed's fixture keys.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';

/** Waits (at most 180 s) until `base` answers `first` with 200; fails when the child exits first. */
export async function waitUntilAnswering(base: string, first: { path: string; headers: Record<string, string> }, child: ChildProcess): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server at ${base} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}${first.path}`, { headers: first.headers });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the server at ${base} did not answer within 180 s`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A fixture key of the seed by its memo (app-full, app-none…), as `identifier + token`. */
export function seedKey(memo: string): string {
  const seed = parse(readFileSync('fixtures/seed.yaml', 'utf8')) as { tables: { api_keys: { memo?: string; identifier: string; token: string }[] } };
  const key = seed.tables.api_keys.find((k) => k.memo?.startsWith(`${memo}:`));
  if (!key) throw new Error(`no seed key ${memo}`);
  return key.identifier + key.token;
}

export interface MixRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/**
 * The fixed mix both throughput benches drive: a 50-user page, one location, a 404 and a 403 (the
 * seed's app-full key, and app-none, which has no permission at all). `prefer` is for Prism.
 */
export function benchMix(): MixRequest[] {
  const full = { accept: 'application/json', authorization: `Bearer ${seedKey('app-full')}` };
  const none = { accept: 'application/json', authorization: `Bearer ${seedKey('app-none')}` };
  return [
    { method: 'GET', path: '/api/application/users', headers: full },
    { method: 'GET', path: '/api/application/locations/1', headers: full },
    { method: 'GET', path: '/api/application/users/987654', headers: { ...full, prefer: 'code=404' } },
    { method: 'GET', path: '/api/application/nodes', headers: { ...none, prefer: 'code=403' } },
  ];
}
