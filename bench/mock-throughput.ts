// Requests per second of the mock panel, two comparisons in one run:
// 1. prism: the mock (v0.7.19) beside the Stoplight Prism mock serving the same spec, on the same
//    fixed mix: list users, view a location, an unknown user (404) and a key without permission (403).
//    Target: the mock at least 10× Prism.
// 2. profiles: the v1.11 twin (`npm run mock -- --profile v1.11`) beside the v0.7.19 twin, on a mix
//    both answer 200 (bench-servers.ts sharedMix: the same paths, each twin's own seed keys). Target:
//    the same order of magnitude (v1.11 / v0.7.19 between 0.1 and 10).
// Run: npm run bench:mock-throughput [-- --duration 10 --connections 10 --rounds 3 --only prism|profiles]
//
// Servers run in child processes on 127.0.0.1; autocannon drives them from this process. The mock
// keeps every stage of its pipeline (throttle included, with a limit high enough that no request is
// throttled). Prism and the mock run one after the other, so they never share the two cores; Prism
// cannot tell a 404 or 403 from the request, so those requests also carry `Prefer: code=404|403`
// (which the mock ignores): both get byte-for-byte the same requests. The two twins are started
// together and take turns for `--rounds` rounds (a change in the machine's load hits both); their
// medians, CPU time per request, the load average and the ratio are printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { commandSpec, integerOption, parseCommandLine, readOptions, UsageError } from '../harness/command-line.ts';
import {
  alternateRounds,
  autocannon,
  benchMix,
  freePort,
  loadAverage,
  median,
  sharedMix,
  spawnMock,
  stopChild,
  waitUntilAnswering,
  type AutocannonResult,
  type MixRequest,
} from './bench-servers.ts';

const SPEC = commandSpec('bench:mock-throughput');
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const { duration, connections, rounds, only } = readOptions(SPEC, () => {
  const part = values['only'] as string | undefined;
  if (part !== undefined && part !== 'prism' && part !== 'profiles') throw new UsageError(`--only ${part}: expected prism or profiles`);
  return {
    duration: integerOption(values, 'duration', 1, 10),
    connections: integerOption(values, 'connections', 1, 10),
    rounds: integerOption(values, 'rounds', 1, 3),
    only: part,
  };
});

if (only !== 'profiles') await versusPrism();
if (only !== 'prism') await versusProfiles();

async function versusPrism(): Promise<void> {
  const MIX = benchMix();
  const { child: mock, base: mockBase } = await spawnMock('v0.7.19');
  const mockResult = await measure('mock (mock/server.ts)', mockBase, mock, MIX);
  const prismPort = await freePort();
  const prism = spawn(process.execPath, ['node_modules/@stoplight/prism-cli/dist/index.js', 'mock', 'spec/pterodactyl-v0.7.yaml', '-h', '127.0.0.1', '-p', String(prismPort), '-v', 'error'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  prism.on('error', (error) => console.error(`could not start Prism: ${error.message}`));
  const prismResult = await measure('Stoplight Prism 5 (prism mock)', `http://127.0.0.1:${prismPort}`, prism, MIX);

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
  console.log('');
}

/** Waits until the server answers the mix's first request, runs autocannon (after a 2 s warm-up), stops it. */
async function measure(name: string, base: string, child: ChildProcess, mix: readonly MixRequest[]): Promise<AutocannonResult> {
  try {
    await waitUntilAnswering(base, mix[0]!, child);
    await autocannon({ url: base, connections, duration: 2, requests: mix });
    const result = await autocannon({ url: base, connections, duration, requests: mix });
    console.log(`${name}: ${result.requests.total} requests in ${result.duration.toFixed(1)} s`);
    return result;
  } finally {
    await stopChild(child);
  }
}

async function versusProfiles(): Promise<void> {
  const PROFILES = ['v0.7.19', 'v1.11'] as const;
  const started = await Promise.all(PROFILES.map(async (profile) => ({ profile, mix: sharedMix(profile), ...(await spawnMock(profile)) })));
  try {
    for (const twin of started) {
      await waitUntilAnswering(twin.base, twin.mix[0]!, twin.child);
      // Every request of the mix must be a 200 on both twins, or the comparison compares errors.
      const sizes: string[] = [];
      for (const r of twin.mix) {
        const response = await fetch(`${twin.base}${r.path}`, { headers: r.headers });
        const body = await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`the ${twin.profile} twin answers ${r.path} with ${response.status}, not 200`);
        sizes.push(`${r.path} ${body.byteLength} B`);
      }
      console.log(`${twin.profile} answers: ${sizes.join(', ')}`);
    }
    const loadBefore = loadAverage();
    const sides = started.map((twin) => ({ name: twin.profile, base: twin.base, pid: twin.child.pid!, mix: twin.mix }));
    const figures = await alternateRounds(sides, { rounds, duration, connections });
    const [old, next] = PROFILES.map((profile) => figures.get(profile)!);
    const ratio = median(next!.rates) / median(old!.rates);
    const perRound = next!.rates.map((x, i) => (x / old!.rates[i]!).toFixed(2)).join(' ');
    console.log('');
    console.log(`mix (every answer 200, each twin's own keys): ${started[0]!.mix.map((r) => `${r.method} ${r.path}`).join(', ')}; ${connections} connections, ${rounds} × ${duration} s per twin, alternating`);
    console.log(`load average (1/5/15 min): before ${loadBefore}, after ${loadAverage()}`);
    console.log('| twin | median requests/s | rounds | median CPU µs per request |');
    console.log('|---|---:|---|---:|');
    for (const profile of PROFILES) {
      const { rates, cpu } = figures.get(profile)!;
      console.log(`| ${profile} (npm run mock -- --profile ${profile}) | ${Math.round(median(rates))} | ${rates.map(Math.round).join(' ')} | ${median(cpu).toFixed(0)} |`);
    }
    const sameOrder = ratio >= 0.1 && ratio <= 10;
    console.log(`v1.11 / v0.7.19: ${ratio.toFixed(2)} (median of rounds ${perRound}; same order of magnitude: ${sameOrder ? 'yes' : 'NO'})`);
  } finally {
    for (const twin of started) await stopChild(twin.child);
  }
}
