// What the throughput benches share: starting a mock twin on a free loopback port, waiting until a
// started server answers, the seeds' fixture keys, the mixes, and the figures (CPU time, medians).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { panelProfile } from '../harness/profiles.ts';

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

export interface StartedMock {
  readonly child: ChildProcess;
  readonly base: string;
}

/**
 * `npm run mock -- --profile ID` in a child process on a free loopback port, with rate limits no bench
 * reaches (every stage of the pipeline still runs, the throttle included). `nodeArgs` go before the
 * module (e.g. --cpu-prof).
 */
export async function spawnMock(profile: string, nodeArgs: readonly string[] = []): Promise<StartedMock> {
  const port = await freePort();
  const args = [...nodeArgs, '--import', 'tsx', 'mock/cli.ts', '--profile', profile, '--host', '127.0.0.1', '--port', String(port)];
  const child = spawn(process.execPath, [...args, '--application-limit', '1000000000', '--client-limit', '1000000000'], { stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('error', (error) => console.error(`could not start the ${profile} mock: ${error.message}`));
  return { child, base: `http://127.0.0.1:${port}` };
}

/** Stops a child (SIGTERM, SIGKILL after 5 s) and waits for it. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([once(child, 'exit'), sleep(5000).then(() => child.kill('SIGKILL'))]);
}

interface SeedFile {
  tables: {
    api_keys: { memo?: string | null; identifier: string; token: string; user_id: number }[];
    servers: { id: number; uuidShort: string; owner_id: number }[];
  };
}

function readSeed(path: string): SeedFile {
  return parse(readFileSync(path, 'utf8')) as SeedFile;
}

function seedKeyRow(seed: SeedFile, memo: string): SeedFile['tables']['api_keys'][number] {
  const key = seed.tables.api_keys.find((k) => k.memo?.startsWith(`${memo}:`));
  if (!key) throw new Error(`no seed key ${memo}`);
  return key;
}

/** A fixture key of a seed (the 0.7 one by default) by its memo (app-full, app-none…), as `identifier + token`. */
export function seedKey(memo: string, seedPath = 'fixtures/seed.yaml'): string {
  const key = seedKeyRow(readSeed(seedPath), memo);
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

/**
 * The mix both twins answer 200, each from its own seed (harness/profiles.yaml): the same paths, with
 * the profile's app-full and client-owner keys and that owner's server 1. Application API: the users
 * page, one user, one location, one server, the nodes page; client API: the server list and server 1.
 */
export function sharedMix(profile: string): MixRequest[] {
  const seed = readSeed(panelProfile(profile).seed);
  const bearer = (memo: string) => {
    const key = seedKeyRow(seed, memo);
    return { accept: 'application/json', authorization: `Bearer ${key.identifier}${key.token}` };
  };
  const owner = seedKeyRow(seed, 'client-owner');
  const server = seed.tables.servers.find((s) => s.id === 1 && s.owner_id === owner.user_id);
  if (!server) throw new Error(`${profile}: the seed's server 1 is not the client-owner key's`);
  const app = bearer('app-full');
  const client = bearer('client-owner');
  return [
    { method: 'GET', path: '/api/application/users', headers: app },
    { method: 'GET', path: '/api/application/users/1', headers: app },
    { method: 'GET', path: '/api/application/locations/1', headers: app },
    { method: 'GET', path: '/api/application/servers/1', headers: app },
    { method: 'GET', path: '/api/application/nodes', headers: app },
    { method: 'GET', path: '/api/client', headers: client },
    { method: 'GET', path: `/api/client/servers/${server.uuidShort}`, headers: client },
  ];
}

/** User + system CPU time of a process so far, in ms (Linux /proc; 0 elsewhere). */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The load average (1, 5, 15 min): the machine is shared, so every figure is printed with it. */
export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

export interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** A server a bench drives: its URL, its process (for its CPU time) and the requests it gets. */
export interface BenchSide {
  readonly name: string;
  readonly base: string;
  readonly pid: number;
  readonly mix: readonly MixRequest[];
}

/** Per side: requests per second and CPU µs per request, one figure per round. */
export type RoundFigures = Map<string, { rates: number[]; cpu: number[] }>;

/**
 * A warm-up of `warmup` s (default 2) of every side, so V8 has optimised the hot paths (a profile of
 * the mock showed it still recompiling ~10 s into a load), then `rounds` rounds in which the sides take turns for
 * `duration` s each, so a change in the machine's load hits them all. CPU time (user + system) per
 * request served hardly depends on how much of the machine the other processes take, unlike
 * requests/s. Each round is printed as it ends.
 */
export async function alternateRounds(sides: readonly BenchSide[], options: { rounds: number; duration: number; connections: number; warmup?: number }): Promise<RoundFigures> {
  const { rounds, duration, connections, warmup = 2 } = options;
  for (const side of sides) await autocannon({ url: side.base, connections, duration: warmup, requests: side.mix });
  const figures: RoundFigures = new Map(sides.map((side) => [side.name, { rates: [], cpu: [] }]));
  const width = Math.max(...sides.map((side) => side.name.length));
  for (let i = 0; i < rounds; i++) {
    for (const side of sides) {
      const cpuBefore = cpuMs(side.pid);
      const result = await autocannon({ url: side.base, connections, duration, requests: side.mix });
      const cpu = ((cpuMs(side.pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
      const rate = result.requests.total / result.duration;
      const statuses = Object.entries(result.statusCodeStats).map(([s, { count }]) => `${s}×${count}`).join(' ');
      if (result.errors > 0) console.log(`  ${side.name}: ${result.errors} errors`);
      figures.get(side.name)!.rates.push(rate);
      figures.get(side.name)!.cpu.push(cpu);
      console.log(`round ${i + 1} ${side.name.padEnd(width)}: ${Math.round(rate)} requests/s, ${cpu.toFixed(0)} µs CPU per request (${statuses})`);
    }
  }
  return figures;
}
