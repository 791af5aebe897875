// The request budget of a live run: `npm run mock` plays a stock v0.7.19 panel (stock rate limits,
// no control surface), and the suite runs against it as against a real panel, read-only and then
// with writes allowed. Prints per mode: requests, covered (operation, status) pairs, requests per
// covered pair, wall time, and the behaviours (and hooks) that spent the most requests.
// Run: npm run bench:live-budget [-- --mode read-only|write|mock] [-- --top 15] [-- --pairs-out FILE.json]
// Each mode gets a fresh mock, so one mode's rate-limit window does not slow the other.
// --mode mock: the wall time of `npm run conformance` against the embedded mock, `--rounds` times,
// split into start-up (until vitest's RUN line), vitest's own Duration, and the rest (vitest's
// summary until the command exits: the documents, the secret scan); with `--against DIR` (another
// checkout, e.g. a `git worktree` of the commit before) the rounds alternate between the two trees
// under the same load, and the ratio of the medians is printed beside the load average.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { integerOption, parseCommandLine, readOptions, UsageError, type CommandSpec } from '../harness/command-line.ts';
import { coverageMatrix } from '../reporters/coverage-matrix.ts';
import { readExchangeLog, type ExchangeLogLine } from '../harness/exchange-log.ts';
import { startStandaloneMock } from '../scripts/standalone-mock.ts';
import { operations } from '../harness/spec-operations.ts';

const SPEC: CommandSpec = {
  usage: 'npm run bench:live-budget -- [--mode read-only|write|mock] [--top N] [--pairs-out FILE.json] [--rounds N] [--against DIR]',
  summary: 'The request budget of a live run: the suite against `npm run mock` playing a stock panel, read-only and with writes.',
  options: {
    mode: { type: 'string', value: 'MODE', multiple: true, description: 'read-only, write or mock (the embedded-mock run); repeat for several (default read-only and write)' },
    rounds: { type: 'string', value: 'N', description: 'mock mode: runs per tree (default 3)' },
    against: { type: 'string', value: 'DIR', description: 'mock mode: also run the checkout in DIR, alternating, and print the ratio' },
    top: { type: 'string', value: 'N', description: 'how many of the costliest behaviours to print (default 12)' },
    'pairs-out': { type: 'string', value: 'FILE.json', description: 'also write the covered (operation, status) pairs per mode' },
  },
};
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const { modes, top, rounds } = readOptions(SPEC, () => {
  const modes = (values['mode'] as string[] | undefined) ?? ['read-only', 'write'];
  for (const mode of modes) if (mode !== 'read-only' && mode !== 'write' && mode !== 'mock') throw new UsageError(`--mode must be read-only, write or mock, got "${mode}"`);
  return { modes: modes as Array<'read-only' | 'write' | 'mock'>, top: integerOption(values, 'top', 1, 12), rounds: integerOption(values, 'rounds', 1, 3) };
});
const against = values['against'] as string | undefined;
const pairsOut = values['pairs-out'] as string | undefined;

interface ModeResult {
  mode: string;
  code: number;
  seconds: number;
  requests: number;
  pairs: string[];
  log: ExchangeLogLine[];
}

async function runMode(mode: 'read-only' | 'write'): Promise<ModeResult> {
  const mock = await startStandaloneMock([]);
  const reports = mkdtempSync(join(tmpdir(), `ptero-budget-${mode}-`));
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts'], {
      env: {
        ...process.env,
        PTERO_URL: mock.url,
        PTERO_APPLICATION_KEY: mock.keys['app-full'] ?? '',
        PTERO_CLIENT_KEY: mock.keys['client-owner'] ?? '',
        PTERO_REPORTS_DIR: reports,
        PTERO_ALLOW_WRITES: mode === 'write' ? '1' : '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [code] = await once(child, 'exit');
    const seconds = (performance.now() - started) / 1000;
    const log = readExchangeLog(join(reports, 'run-exchanges.jsonl'));
    const pairs = coverageMatrix(operations(), log).flatMap((row) => row.exercised.map((status) => `${row.operationId} ${status}`));
    return { mode, code: Number(code), seconds, requests: log.length, pairs, log };
  } finally {
    await mock.stop();
  }
}

function topSpenders(log: ExchangeLogLine[]): string[] {
  const by = new Map<string, number>();
  for (const line of log) {
    const who = line.behaviour ?? '(no behaviour)';
    by.set(who, (by.get(who) ?? 0) + 1);
  }
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([who, n]) => `    ${String(n).padStart(4)}  ${who}`);
}

interface MockRun {
  tree: string;
  code: number;
  wall: number;
  /** Until vitest printed its RUN line. */
  startup: number;
  /** vitest's own Duration line. */
  vitest: number;
  /** From vitest's summary to the command's exit. */
  after: number;
  /** User + system CPU seconds of the whole process tree (NaN without /usr/bin/time). */
  cpu: number;
}

/**
 * One `npm run conformance` against the embedded mock in `tree`, timed by its output lines. Each tree
 * keeps one reports directory over its rounds, so a run removes the last run's Allure results as
 * a run in a checkout does.
 */
async function mockRun(tree: string, reports: string): Promise<MockRun> {
  const started = performance.now();
  // GNU time, where there is one, adds the CPU seconds of the whole process tree (steadier than wall time on a busy machine).
  const timeFile = join(reports, 'cpu-time.txt');
  const command = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%U %S', '-o', timeFile, process.execPath] : [process.execPath];
  const child = spawn(command[0] as string, [...command.slice(1), '--import', 'tsx', 'scripts/conformance.ts'], {
    cwd: tree,
    env: { ...process.env, PTERO_REPORTS_DIR: reports, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let runLine: number | undefined;
  let summaryLine: number | undefined;
  let vitest = Number.NaN;
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (runLine === undefined && /^\s*RUN\s+v\d/.test(line)) runLine = performance.now();
      const duration = /^\s*Duration\s+([\d.]+)(m?s)/.exec(line);
      if (duration) {
        summaryLine = performance.now();
        vitest = Number(duration[1]) / (duration[2] === 'ms' ? 1000 : 1);
      }
    }
  });
  const [code] = await once(child, 'exit');
  const ended = performance.now();
  const cpu = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((sum, v) => sum + Number(v), 0) : Number.NaN;
  return { tree, code: Number(code), wall: (ended - started) / 1000, startup: ((runLine ?? started) - started) / 1000, vitest, after: (ended - (summaryLine ?? ended)) / 1000, cpu };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function mockWall(): Promise<void> {
  const trees = [process.cwd(), ...(against ? [against] : [])];
  const reports = new Map(trees.map((tree) => [tree, mkdtempSync(join(tmpdir(), 'ptero-wall-'))]));
  const runs: MockRun[] = [];
  const loads: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternating, the later tree first every other round: neither gets the quieter half of the session.
    for (const tree of round % 2 ? [...trees].reverse() : trees) {
      loads.push(loadavg()[0] as number);
      const run = await mockRun(tree, reports.get(tree) as string);
      runs.push(run);
      console.log(`  ${tree}: ${run.wall.toFixed(1)} s wall = ${run.startup.toFixed(1)} s start-up + ${run.vitest.toFixed(1)} s vitest + ${(run.wall - run.startup - run.vitest - run.after).toFixed(1)} s between + ${run.after.toFixed(1)} s documents and scan; ${run.cpu.toFixed(1)} s CPU; exit ${run.code}`);
    }
  }
  const medians = trees.map((tree) => median(runs.filter((r) => r.tree === tree).map((r) => r.wall)));
  const cpuMedians = trees.map((tree) => median(runs.filter((r) => r.tree === tree).map((r) => r.cpu)));
  const load = `load average ${median(loads).toFixed(2)} (1 min, median at the starts; ${cpus().length} cores)`;
  console.log(`mock: median wall ${medians.map((m, i) => `${m.toFixed(1)} s (${trees[i]})`).join(' vs ')}${medians.length > 1 ? `, ratio ${((medians[0] as number) / (medians[1] as number)).toFixed(2)}` : ''}; median CPU ${cpuMedians.map((m) => `${m.toFixed(1)} s`).join(' vs ')}${cpuMedians.length > 1 ? `, ratio ${((cpuMedians[0] as number) / (cpuMedians[1] as number)).toFixed(2)}` : ''}; ${load}`);
}

const results: ModeResult[] = [];
for (const mode of modes) {
  if (mode === 'mock') {
    await mockWall();
    continue;
  }
  const result = await runMode(mode);
  results.push(result);
  const perPair = result.pairs.length ? (result.requests / result.pairs.length).toFixed(2) : '—';
  const minutes = `${Math.floor(result.seconds / 60)} m ${Math.round(result.seconds % 60)} s`;
  console.log(`${mode}: ${result.requests} requests, ${result.pairs.length} covered pairs, ${perPair} requests per pair, ${minutes} wall, exit ${result.code}`);
  console.log(`  most requests:\n${topSpenders(result.log).join('\n')}`);
}
if (pairsOut) {
  writeFileSync(pairsOut, `${JSON.stringify(Object.fromEntries(results.map((r) => [r.mode, { requests: r.requests, seconds: r.seconds, pairs: r.pairs }])), null, 2)}\n`);
}
