// The request budget of a live run: `npm run mock` plays a stock v0.7.19 panel (stock rate limits,
// no control surface), and the suite runs against it as against a real panel, read-only and then
// with writes allowed. Prints per mode: requests, covered (operation, status) pairs, requests per
// covered pair, wall time, and the behaviours (and hooks) that spent the most requests.
// Run: npm run bench:live-budget [-- --mode read-only|write] [-- --top 15] [-- --pairs-out FILE.json]
// Each mode gets a fresh mock, so one mode's rate-limit window does not slow the other.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integerOption, parseCommandLine, readOptions, UsageError, type CommandSpec } from '../harness/command-line.ts';
import { coverageMatrix } from '../reporters/coverage-matrix.ts';
import { readExchangeLog, type ExchangeLogLine } from '../harness/exchange-log.ts';
import { startStandaloneMock } from '../scripts/standalone-mock.ts';
import { operations } from '../harness/spec-operations.ts';

const SPEC: CommandSpec = {
  usage: 'npm run bench:live-budget -- [--mode read-only|write] [--top N] [--pairs-out FILE.json]',
  summary: 'The request budget of a live run: the suite against `npm run mock` playing a stock panel, read-only and with writes.',
  options: {
    mode: { type: 'string', value: 'MODE', multiple: true, description: 'read-only or write; repeat for both (default both)' },
    top: { type: 'string', value: 'N', description: 'how many of the costliest behaviours to print (default 12)' },
    'pairs-out': { type: 'string', value: 'FILE.json', description: 'also write the covered (operation, status) pairs per mode' },
  },
};
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const { modes, top } = readOptions(SPEC, () => {
  const modes = (values['mode'] as string[] | undefined) ?? ['read-only', 'write'];
  for (const mode of modes) if (mode !== 'read-only' && mode !== 'write') throw new UsageError(`--mode must be read-only or write, got "${mode}"`);
  return { modes: modes as Array<'read-only' | 'write'>, top: integerOption(values, 'top', 1, 12) };
});
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

const results: ModeResult[] = [];
for (const mode of modes) {
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
