// npm run mutation -- [--only id1,id2 | --subset N] [--jobs N] [--focused] [--list]
// Mutation testing of the suite: for each deviation of mutation/catalogue.yaml, runs the conformance
// project of the deviation's profile (PTERO_PROFILE) against that profile's embedded twin through the
// mutation proxy applying that one deviation, and reports whether the run failed and which checks
// caught it. The baseline of each profile selected (the proxy passing everything through) runs first
// and must pass. Exits 1 when the kill rate is below 100%, 2 on a
// usage or baseline problem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandSpec, integerOption, parseCommandLine, readOptions, UsageError } from '../harness/command-line.ts';
import { ConfigError, readRunConfig } from '../harness/run-config.ts';
import { type Deviation, loadCatalogue, pickSubset, profilesOf } from '../mutation/catalogue.ts';
import { formatOutcome, formatSummary, runBaseline, runDeviations, summarize } from '../mutation/runner.ts';
import { reportsDir } from '../harness/exchange-log.ts';

const SPEC = commandSpec('mutation');

function usage(problem: string): never {
  console.error(`${problem} (usage: ${SPEC.usage}; --help for the options)`);
  process.exit(2);
}

const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const args = readOptions(SPEC, () => {
  const only = (values['only'] as string | undefined)?.split(',').map((s) => s.trim()).filter(Boolean);
  const subset = values['subset'] === undefined ? undefined : integerOption(values, 'subset', 1, 1);
  if (only && subset !== undefined) throw new UsageError('give --only or --subset, not both');
  return { only, subset, jobs: integerOption(values, 'jobs', 1, 1), focused: values['focused'] === true, list: values['list'] === true };
});
const catalogue = loadCatalogue();

if (args.list) {
  for (const d of catalogue.deviations) console.log(`${d.id.padEnd(42)} ${d.family.padEnd(11)} ${d.profile.padEnd(8)} ${d.description}`);
  console.log(`\n${catalogue.deviations.length} deviations in ${catalogue.families().length} families`);
  process.exit(0);
}

try {
  if (readRunConfig().target.kind !== 'mock') usage('mutation testing runs against the embedded mock only: unset PTERO_URL (environment and .env)');
} catch (error) {
  if (error instanceof ConfigError) usage(error.message);
  throw error;
}

let selected: Deviation[];
if (args.only) selected = args.only.map((id) => catalogue.get(id));
else if (args.subset !== undefined) selected = pickSubset(catalogue.deviations, args.subset);
else selected = [...catalogue.deviations];

const started = performance.now();
console.log(`Mutation testing: ${selected.length} of ${catalogue.deviations.length} deviations, ${args.jobs} at a time, ${args.focused ? 'focused suite files where the catalogue names them' : 'the whole conformance project each'}`);
// One baseline per profile the selection deviates: each is the run its deviations are judged against.
let baselineMs = 0;
for (const profile of profilesOf(selected)) {
  console.log(`Baseline (${profile}): the conformance project through the proxy with no deviation…`);
  try {
    const baseline = await runBaseline({ profile });
    baselineMs += baseline.durationMs;
    console.log(`Baseline (${profile}) passed: ${baseline.total} checks in ${(baseline.durationMs / 1000).toFixed(1)}s, ${baseline.stats?.requests ?? '?'} requests through the proxy\n`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error('Aborted: a deviation cannot be judged against a failing baseline.');
    process.exit(2);
  }
}

const width = String(selected.length).length;
const outcomes = await runDeviations(selected, { jobs: args.jobs, focused: args.focused }, (outcome, index) => {
  console.log(formatOutcome(outcome, `[${String(index + 1).padStart(width)}/${selected.length}]`));
});
const summary = summarize(catalogue.deviations.length, outcomes, performance.now() - started);
console.log(formatSummary(summary, baselineMs));

mkdirSync(reportsDir(), { recursive: true });
const jsonPath = join(reportsDir(), 'mutation.json');
writeFileSync(
  jsonPath,
  `${JSON.stringify(
    {
      catalogue: summary.size,
      run: summary.run,
      killed: summary.killed,
      killRate: summary.killRate,
      baselineMs,
      totalMs: summary.totalMs,
      deviations: outcomes.map((o) => ({
        id: o.deviation.id,
        family: o.deviation.family,
        profile: o.deviation.profile,
        verdict: o.verdict,
        durationMs: Math.round(o.run.durationMs),
        failedChecks: o.run.failedCount,
        applied: o.run.stats?.mutated ?? null,
        caughtBy: o.catching.filter((c) => c.named).slice(0, 5).map((c) => ({ file: c.file, check: c.name, message: c.namingLine ?? c.firstLine })),
      })),
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten: ${jsonPath}`);
process.exit(summary.killRate < 1 ? 1 : 0);
