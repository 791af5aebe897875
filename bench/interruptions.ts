// npm run bench:interruptions -- [--runs 10] [--cases group-sigint,npm-sigterm,…] [--seed N]
// Stops a live run with writes allowed (`npm run mock` playing the panel) in each way a run gets
// stopped, `--runs` times per case at random moments (after a random number of ledger entries, or
// while the panel's answer to a random write is held back), and prints the leftovers per case: what
// the panel's store still differs by after the run's own clean-up (interrupts) or after
// `npm run cleanup` (kills). Every number in the leftovers column must be 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integerOption, parseCommandLine, readOptions, UsageError, type CommandSpec } from '../harness/command-line.ts';
import { CASES, runCase, startPanel, type CaseName, type CaseResult, type Moment } from '../scripts/interruption-cases.ts';

const SPEC: CommandSpec = {
  usage: 'npm run bench:interruptions -- [--runs 10] [--cases CASE,…] [--seed N]',
  summary: 'Stops a live run with writes allowed (`npm run mock` as the panel) each way, at random moments, and prints the leftovers per case.',
  options: {
    runs: { type: 'string', value: 'N', description: 'runs per case (default 10)' },
    cases: { type: 'string', value: 'CASE,…', description: `which ways to stop a run (default all: ${CASES.join(', ')})` },
    seed: { type: 'string', value: 'N', description: 'replay the moments of an earlier bench (default from the time)' },
  },
};
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const options = readOptions(SPEC, () => {
  const cases = ((values['cases'] as string | undefined)?.split(',') ?? [...CASES]) as CaseName[];
  for (const name of cases) if (!(CASES as readonly string[]).includes(name)) throw new UsageError(`unknown case "${name}"; one of ${CASES.join(', ')}`);
  return { runs: integerOption(values, 'runs', 1, 10), cases, seed: integerOption(values, 'seed', 0, Date.now() % 100_000) };
});
const { runs, cases } = options;
let seed = options.seed;
console.log(`bench:interruptions: ${runs} run(s) per case, seed ${seed}`);
// A small LCG: the moments can be replayed with --seed.
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
// The suite file records up to 6 entries and sends ~8 writes before it starts removing them.
const momentOf = (): Moment => (random() < 0.5 ? { kind: 'ledger', entries: 1 + Math.floor(random() * 5) } : { kind: 'mid-write', nth: 1 + Math.floor(random() * 7) });

const panel = await startPanel();
const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-bench-interruptions-'));
const rows: { name: CaseName; results: CaseResult[]; errors: string[] }[] = [];
try {
  for (const name of cases) {
    const row = { name, results: [] as CaseResult[], errors: [] as string[] };
    rows.push(row);
    for (let i = 0; i < runs; i++) {
      const moment = momentOf();
      const label = moment.kind === 'ledger' ? `ledger≥${moment.entries}` : `mid-write #${moment.nth}`;
      try {
        const result = await runCase(panel, name, moment, reportsDir);
        row.results.push(result);
        const extra = result.runnerOutlivedMs === undefined ? '' : `, runner outlived its parent by ${result.runnerOutlivedMs} ms, ${result.writesAfterStop} write(s) after, ledger ${result.ledgerEntries}, cleanup exit ${result.cleanup?.code}`;
        console.log(`  ${name} ${i + 1}/${runs} at ${label}: npm exit ${result.code}, leftovers ${result.leftovers}${extra}${/Stopped at once/.test(result.output) ? ' (STOPPED AT ONCE)' : ''}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        row.errors.push(`${label}: ${message.split('\n')[0]}`);
        // The run's last lines: why it ended before the moment came.
        console.log(`  ${name} ${i + 1}/${runs} at ${label}: ERROR ${message.split('\n').slice(0, 1).concat(message.split('\n').slice(-25)).join('\n    ')}`);
      }
    }
  }
} finally {
  await panel.close();
  rmSync(reportsDir, { recursive: true, force: true });
}

console.log('\n| case | runs | leftovers (sum) | runs with leftovers | stopped at once | writes after the parent died | errors |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) {
  const sum = row.results.reduce((n, r) => n + r.leftovers, 0);
  const dirty = row.results.filter((r) => r.leftovers > 0).length;
  const atOnce = row.results.filter((r) => /Stopped at once/.test(r.output)).length;
  const after = row.results.some((r) => r.writesAfterStop !== undefined) ? String(row.results.reduce((n, r) => n + (r.writesAfterStop ?? 0), 0)) : '–';
  console.log(`| ${row.name} | ${row.results.length} | ${sum} | ${dirty} | ${atOnce} | ${after} | ${row.errors.length} |`);
}
const failed = rows.some((r) => r.errors.length > 0 || r.results.some((x) => x.leftovers > 0 || /Stopped at once/.test(x.output)));
process.exitCode = failed ? 1 : 0;
