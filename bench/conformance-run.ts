// Wall time and request count of a full conformance run against the embedded mock, and the
// requests (and pacing) a read-only live run needs, measured against `npm run mock` as the panel.
// Run: node --import tsx bench/conformance-run.ts [--skip-live]
// The baseline is a run of one small suite file in the same process setup, so the ratio says how
// much the full run costs beyond vitest's own start-up on this (shared, noisy) machine.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine } from '../harness/command-line.ts';
import { readExchangeLog } from '../harness/exchange-log.ts';
import { startStandaloneMock } from '../scripts/standalone-mock.ts';

const { values } = parseCommandLine(process.argv.slice(2), {
  usage: 'node --import tsx bench/conformance-run.ts [--skip-live]',
  summary: 'Wall time and requests of a full conformance run against the embedded mock, and of a read-only live run against `npm run mock`.',
  options: { 'skip-live': { type: 'boolean', description: 'measure the embedded-mock run only' } },
});

interface RunResult {
  seconds: number;
  requests: number;
  code: number;
  methods: Record<string, number>;
}

async function run(args: string[], env: Record<string, string>): Promise<RunResult> {
  const reports = mkdtempSync(join(tmpdir(), 'ptero-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', ...args], {
    env: { ...process.env, ...env, PTERO_REPORTS_DIR: reports },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [code] = await once(child, 'exit');
  const log = readExchangeLog(join(reports, 'run-exchanges.jsonl'));
  const methods: Record<string, number> = {};
  for (const line of log) methods[line.method] = (methods[line.method] ?? 0) + 1;
  return { seconds: (performance.now() - started) / 1000, requests: log.length, code: Number(code), methods };
}

const baseline = await run(['suites/contract/routing.test.ts'], {});
const full = await run([], {});
console.log(`baseline (one small suite file): ${baseline.seconds.toFixed(1)} s, ${baseline.requests} requests`);
console.log(`full run against the embedded mock: ${full.seconds.toFixed(1)} s, ${full.requests} requests, exit ${full.code}; ${(full.seconds / baseline.seconds).toFixed(1)} × the baseline`);

if (values['skip-live'] !== true) {
  const mock = await startStandaloneMock([]);
  const key = (memo: string) => mock.keys[memo] ?? '';
  const live = await run([], { PTERO_URL: mock.url, PTERO_APPLICATION_KEY: key('app-full'), PTERO_CLIENT_KEY: key('client-owner') });
  await mock.stop();
  console.log(
    `read-only live run (npm run mock as the panel, real pacing): ${live.requests} requests (${Object.entries(live.methods).map(([m, n]) => `${m} ${n}`).join(', ')}), ${live.seconds.toFixed(0)} s wall time, exit ${live.code}`,
  );
}
