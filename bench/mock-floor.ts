// Requests per second of the mock beside its floor: a bare node:http server replaying the mock's own
// recorded answers (same status, headers and body bytes) for the same mix, in ONE run.
// Run: npm run bench:mock-floor [-- --duration 5 --rounds 5 --connections 10 --warmup 10 --profile DIR]
// (--profile: both servers run under `node --cpu-prof`, their profiles written to DIR/mock, DIR/floor.)
//
// The mix is bench/mock-throughput.ts's (list users, view a location, an unknown user (404), a key
// without permission (403)). Both servers run in child processes on 127.0.0.1, started once; the
// rounds alternate mock, floor, mock, floor… so a change in the machine's load hits both sides, and
// the medians are printed with the load average before and after. Target: mock ≥ 0.5 × floor.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { commandSpec, integerOption, parseCommandLine, readOptions } from '../harness/command-line.ts';
import { alternateRounds, benchMix, loadAverage, median, spawnMock, stopChild, waitUntilAnswering } from './bench-servers.ts';

const SPEC = commandSpec('bench:mock-floor');

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
  const { values } = parseCommandLine(process.argv.slice(2), SPEC);
  const { duration, rounds, connections, warmup } = readOptions(SPEC, () => ({
    duration: integerOption(values, 'duration', 1, 5),
    warmup: integerOption(values, 'warmup', 1, 10),
    rounds: integerOption(values, 'rounds', 1, 5),
    connections: integerOption(values, 'connections', 1, 10),
  }));
  const MIX = benchMix();

  const profile = (side: string) => (values['profile'] ? ['--cpu-prof', `--cpu-prof-dir=${String(values['profile'])}/${side}`] : []);
  const { child: mock, base: mockBase } = await spawnMock('v0.7.19', profile('mock'));
  const floor = spawn(process.execPath, [...profile('floor'), '--import', 'tsx', fileURLToPath(import.meta.url), '--floor'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
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

    const loadBefore = loadAverage();
    const sides = [
      { name: 'mock', base: mockBase, pid: mock.pid!, mix: MIX },
      { name: 'floor', base: floorBase, pid: floor.pid!, mix: MIX },
    ];
    const figures = await alternateRounds(sides, { rounds, duration, connections, warmup });
    const rates = { mock: figures.get('mock')!.rates, floor: figures.get('floor')!.rates };
    const cpu = { mock: figures.get('mock')!.cpu, floor: figures.get('floor')!.cpu };
    const m = median(rates.mock);
    const f = median(rates.floor);
    const perRound = rates.mock.map((x, i) => (x / rates.floor[i]!).toFixed(2)).join(' ');
    console.log('');
    console.log(`mix: ${MIX.map((r) => `${r.method} ${r.path}`).join(', ')}; ${connections} connections, ${rounds} × ${duration} s per side, alternating`);
    console.log(`load average (1/5/15 min): before ${loadBefore}, after ${loadAverage()}`);
    console.log('| server | median requests/s | rounds | median CPU µs per request |');
    console.log('|---|---:|---|---:|');
    console.log(`| mock (mock/server.ts) | ${Math.round(m)} | ${rates.mock.map(Math.round).join(' ')} | ${median(cpu.mock).toFixed(0)} |`);
    console.log(`| floor (bare node:http, the mock's recorded answers) | ${Math.round(f)} | ${rates.floor.map(Math.round).join(' ')} | ${median(cpu.floor).toFixed(0)} |`);
    console.log(`mock / floor: ${(m / f).toFixed(2)} (median of rounds ${perRound}; target ≥ 0.5: ${m / f >= 0.5 ? 'met' : 'NOT met'})`);
  } finally {
    await stopChild(mock);
    await stopChild(floor);
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
