// Requests per second of the mock beside its floor: a bare node:http server replaying the mock's own
// recorded answers (same status, headers and body bytes) for the same mix, in ONE run.
// Run: npm run bench:mock-floor [-- --duration 5 --rounds 5 --connections 10 --profile DIR]
// (--profile: both servers run under `node --cpu-prof`, their profiles written to DIR/mock, DIR/floor.)
//
// The mix is bench/mock-throughput.ts's (list users, view a location, an unknown user (404), a key
// without permission (403)). Both servers run in child processes on 127.0.0.1, started once; the
// rounds alternate mock, floor, mock, floor… so a change in the machine's load hits both sides, and
// the medians are printed with the load average before and after. Target: mock ≥ 0.5 × floor.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { commandSpec, integerOption, parseCommandLine, readOptions } from '../harness/command-line.ts';
import { benchMix, freePort, waitUntilAnswering } from './bench-servers.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const SPEC = commandSpec('bench:mock-floor');

interface AutocannonResult {
  requests: { total: number };
  duration: number;
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

/** One recorded answer: the raw header pairs as the mock sent them, and the body bytes (base64). */
interface Recorded {
  key: string;
  status: number;
  rawHeaders: string[];
  body: string;
}

const keyOf = (path: string, authorization: string) => `${path} ${authorization}`;

if (process.argv[2] === '--floor') await serveFloor();
else await drive();

/** The floor: answers each (path, Authorization) of the mix with the mock's recorded answer, nothing else. */
async function serveFloor(): Promise<void> {
  const [message] = (await once(process, 'message')) as [Recorded[]];
  const answers = new Map(message.map((r) => [r.key, { status: r.status, headers: r.rawHeaders, body: Buffer.from(r.body, 'base64') }]));
  const server = createHttpServer((req, res) => {
    const answer = answers.get(keyOf(req.url ?? '', req.headers.authorization ?? ''));
    if (!answer) {
      res.writeHead(500).end();
      return;
    }
    // The mock's header list as it sent it (writeHead takes the flat [name, value, …] array).
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('SIGTERM', () => process.exit(0));
}

async function drive(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const { values } = parseCommandLine(process.argv.slice(2), SPEC);
  const { duration, rounds, connections } = readOptions(SPEC, () => ({
    duration: integerOption(values, 'duration', 1, 5),
    rounds: integerOption(values, 'rounds', 1, 5),
    connections: integerOption(values, 'connections', 1, 10),
  }));
  const MIX = benchMix();

  const mockPort = await freePort();
  const profile = (side: string) => (values['profile'] ? ['--cpu-prof', `--cpu-prof-dir=${String(values['profile'])}/${side}`] : []);
  const mock = spawn(process.execPath, [...profile('mock'), '--import', 'tsx', 'mock/cli.ts', '--host', '127.0.0.1', '--port', String(mockPort), '--application-limit', '1000000000', '--client-limit', '1000000000'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const floor = spawn(process.execPath, [...profile('floor'), '--import', 'tsx', fileURLToPath(import.meta.url), '--floor'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const mockBase = `http://127.0.0.1:${mockPort}`;
  try {
    await waitUntilAnswering(mockBase, MIX[0]!, mock);
    const recorded: Recorded[] = [];
    for (const r of MIX) recorded.push({ key: keyOf(r.path, r.headers['authorization'] ?? ''), ...(await record(mockBase, r.path, r.headers)) });
    floor.send(recorded);
    const [{ port: floorPort }] = (await once(floor, 'message')) as [{ port: number }];
    const floorBase = `http://127.0.0.1:${floorPort}`;
    for (const r of MIX) {
      const replay = await record(floorBase, r.path, r.headers);
      const original = recorded.find((x) => x.key === keyOf(r.path, r.headers['authorization'] ?? ''))!;
      if (replay.status !== original.status || replay.body !== original.body) throw new Error(`the floor does not replay ${r.path} as recorded`);
    }
    console.log(`recorded answers: ${recorded.map((r) => `${r.key.split(' ')[0]} ${r.status} ${Buffer.from(r.body, 'base64').length} B`).join(', ')}`);

    const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
    const loadBefore = load();
    // Warm-up (JIT) for both, then alternating measured rounds.
    await autocannon({ url: mockBase, connections, duration: 2, requests: MIX });
    await autocannon({ url: floorBase, connections, duration: 2, requests: MIX });
    const rates = { mock: [] as number[], floor: [] as number[] };
    // CPU time (user + system) each server spent per request served: unlike requests/s, it hardly
    // depends on how much of the machine the other processes take.
    const cpu = { mock: [] as number[], floor: [] as number[] };
    const pids = { mock: mock.pid!, floor: floor.pid! };
    for (let i = 0; i < rounds; i++) {
      for (const [side, base] of [['mock', mockBase], ['floor', floorBase]] as const) {
        const cpuBefore = cpuMs(pids[side]);
        const result = await autocannon({ url: base, connections, duration, requests: MIX });
        cpu[side].push(((cpuMs(pids[side]) - cpuBefore) * 1000) / Math.max(1, result.requests.total));
        const rate = result.requests.total / result.duration;
        const statuses = Object.entries(result.statusCodeStats).map(([s, { count }]) => `${s}×${count}`).join(' ');
        if (result.errors > 0) console.log(`  ${side}: ${result.errors} errors`);
        rates[side].push(rate);
        console.log(`round ${i + 1} ${side.padEnd(5)}: ${Math.round(rate)} requests/s, ${cpu[side].at(-1)!.toFixed(0)} µs CPU per request (${statuses})`);
      }
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const m = median(rates.mock);
    const f = median(rates.floor);
    const perRound = rates.mock.map((x, i) => (x / rates.floor[i]!).toFixed(2)).join(' ');
    console.log('');
    console.log(`mix: ${MIX.map((r) => `${r.method} ${r.path}`).join(', ')}; ${connections} connections, ${rounds} × ${duration} s per side, alternating`);
    console.log(`load average (1/5/15 min): before ${loadBefore}, after ${load()}`);
    console.log('| server | median requests/s | rounds | median CPU µs per request |');
    console.log('|---|---:|---|---:|');
    console.log(`| mock (mock/server.ts) | ${Math.round(m)} | ${rates.mock.map(Math.round).join(' ')} | ${median(cpu.mock).toFixed(0)} |`);
    console.log(`| floor (bare node:http, the mock's recorded answers) | ${Math.round(f)} | ${rates.floor.map(Math.round).join(' ')} | ${median(cpu.floor).toFixed(0)} |`);
    console.log(`mock / floor: ${(m / f).toFixed(2)} (median of rounds ${perRound}; target ≥ 0.5: ${m / f >= 0.5 ? 'met' : 'NOT met'})`);
  } finally {
    await stop(mock);
    await stop(floor);
  }
}

/** User + system CPU time of a process so far, in ms (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** One exchange with the raw header list and body bytes, as the client received them. */
function record(base: string, path: string, headers: Record<string, string>): Promise<Omit<Recorded, 'key'>> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // Connection/Keep-Alive/Transfer-Encoding are the transport's, set by each server itself.
        const hop = new Set(['connection', 'keep-alive', 'transfer-encoding']);
        const raw: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (!hop.has(res.rawHeaders[i]!.toLowerCase())) raw.push(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        resolve({ status: res.statusCode ?? 0, rawHeaders: raw, body: Buffer.concat(chunks).toString('base64') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([once(child, 'exit'), sleep(5000).then(() => child.kill('SIGKILL'))]);
}



