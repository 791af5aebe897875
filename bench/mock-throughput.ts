// Requests per second of the mock panel beside the Stoplight Prism mock serving the same spec, in
// the same run, on the same fixed mix of requests: list users, view a location, an unknown user
// (404) and a key without permission (403). Target: the mock at least 10× Prism.
// Run: npm run bench:mock-throughput [-- --duration 10 --connections 10]
//
// Both servers run in child processes on 127.0.0.1, one after the other, so they never share the
// two cores; autocannon drives them from this process. The mock keeps every stage of its pipeline
// (throttle included, with a limit high enough that no request is throttled); Prism cannot tell a
// 404 or 403 from the request, so those requests also carry `Prefer: code=404|403` (which the mock
// ignores): both servers get byte-for-byte the same requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandSpec, integerOption, parseCommandLine, readOptions } from '../harness/command-line.ts';
import { benchMix, freePort, waitUntilAnswering } from './bench-servers.ts';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SPEC = commandSpec('bench:mock-throughput');
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const { duration, connections } = readOptions(SPEC, () => ({ duration: integerOption(values, 'duration', 1, 10), connections: integerOption(values, 'connections', 1, 10) }));
const MIX = benchMix();

const mockPort = await freePort();
const mock = start(process.execPath, ['--import', 'tsx', 'mock/cli.ts', '--host', '127.0.0.1', '--port', String(mockPort), '--application-limit', '1000000000', '--client-limit', '1000000000']);
const mockResult = await measure('mock (mock/server.ts)', `http://127.0.0.1:${mockPort}`, mock);

const prismPort = await freePort();
const prism = start(process.execPath, ['node_modules/@stoplight/prism-cli/dist/index.js', 'mock', 'spec/pterodactyl-v0.7.yaml', '-h', '127.0.0.1', '-p', String(prismPort), '-v', 'error']);
const prismResult = await measure('Stoplight Prism 5 (prism mock)', `http://127.0.0.1:${prismPort}`, prism);

const mockRate = mockResult.requests.total / mockResult.duration;
const prismRate = prismResult.requests.total / prismResult.duration;
console.log('');
console.log(`mix: ${MIX.map((r) => `${r.method} ${r.path}`).join(', ')}; ${connections} connections, ${duration} s each`);
console.log('| server | requests/s | p50 latency | p99 latency | statuses | errors |');
console.log('|---|---:|---:|---:|---|---:|');
for (const [name, r, rate] of [['mock', mockResult, mockRate], ['prism', prismResult, prismRate]] as const) {
  const statuses = Object.entries(r.statusCodeStats).map(([s, { count }]) => `${s}×${count}`).join(' ');
  console.log(`| ${name} | ${Math.round(rate)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${statuses} | ${r.errors} |`);
}
const ratio = mockRate / prismRate;
console.log('');
console.log(`mock / prism: ${ratio.toFixed(1)}× (target ≥ 10×: ${ratio >= 10 ? 'met' : 'NOT met'})`);

/** Starts a server, waits until it answers the mix's first request, runs autocannon, stops it. */
async function measure(name: string, base: string, child: ChildProcess): Promise<AutocannonResult> {
  try {
    await waitUntilAnswering(base, MIX[0] as (typeof MIX)[number], child);
    // A short warm-up (JIT, caches), then the measured run.
    await autocannon({ url: base, connections, duration: 2, requests: MIX });
    const result = await autocannon({ url: base, connections, duration, requests: MIX });
    console.log(`${name}: ${result.requests.total} requests in ${result.duration.toFixed(1)} s`);
    return result;
  } finally {
    child.kill('SIGTERM');
    await Promise.race([once(child, 'exit'), sleep(5000).then(() => child.kill('SIGKILL'))]);
  }
}

function start(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('error', (error) => console.error(`could not start ${args.join(' ')}: ${error.message}`));
  return child;
}



