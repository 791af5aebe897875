// The whole mutation catalogue with timing. Run: npm run bench:mutation [-- --jobs N] [-- --only id1,id2].
// Measures, in the same run (the ratios mean something on a noisy shared machine): the conformance
// project straight against the mock (no proxy), the same through the proxy with no deviation (the
// proxy's cost), then every deviation of mutation/catalogue.yaml; prints each deviation's time and
// verdict, the totals and the kill rate. Writes nothing but stdout.
import { performance } from 'node:perf_hooks';
import { integerOption, parseCommandLine, readOptions } from '../harness/command-line.ts';
import { loadCatalogue, profilesOf } from '../mutation/catalogue.ts';
import { formatSummary, runBaseline, runDeviations, runSuite, summarize } from '../mutation/runner.ts';

const SPEC = {
  usage: 'npm run bench:mutation -- [--jobs N] [--only id1,id2]',
  summary: 'The whole mutation catalogue with timing: the conformance project straight to the mock, through the proxy, and per deviation.',
  options: {
    jobs: { type: 'string', value: 'N', description: 'runs at a time (default 1)' },
    only: { type: 'string', value: 'ID,…', description: 'only these deviations (comma-separated ids)' },
  },
} as const;
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const jobs = readOptions(SPEC, () => integerOption(values, 'jobs', 1, 1));

const catalogue = loadCatalogue();
const only = values['only'] as string | undefined;
const deviations = only === undefined ? catalogue.deviations : only.split(',').map((id) => catalogue.get(id.trim()));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const started = performance.now();

// An empty PTERO_MUTATION means no proxy at all (mutation/front.ts).
// Per profile the catalogue deviates: the project straight to that twin, then through the proxy.
let baselinesMs = 0;
for (const profile of profilesOf(deviations)) {
  const direct = await runSuite('', { profile });
  if (direct.exitCode !== 0) throw new Error(`the ${profile} conformance project fails against the mock without the proxy (${direct.failedCount} failing)`);
  const baseline = await runBaseline({ profile });
  baselinesMs += baseline.durationMs + direct.durationMs;
  console.log(`${profile} conformance project, ${direct.total} checks: ${seconds(direct.durationMs)} straight to the mock, ${seconds(baseline.durationMs)} through the proxy (${baseline.stats?.requests ?? '?'} requests, +${(((baseline.durationMs - direct.durationMs) / Math.max(1, baseline.stats?.requests ?? 1)) * 1000).toFixed(0)} µs per request)`);
}
console.log('');

const outcomes = await runDeviations(deviations, { jobs }, (o) => {
  const named = o.catching.filter((c) => c.named).length;
  const line = `${o.deviation.id.padEnd(42)} ${o.deviation.family.padEnd(11)} ${o.deviation.profile.padEnd(8)} ${o.verdict.padEnd(11)} ${seconds(o.run.durationMs).padStart(7)}  ${String(o.run.stats?.mutated ?? '?').padStart(5)} answers  ${String(o.run.failedCount).padStart(4)} failed / ${named} naming it`;
  console.log(line);
});
const totalMs = performance.now() - started;
const times = outcomes.map((o) => o.run.durationMs).sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
console.log(`\nper deviation: min ${seconds(times[0] ?? 0)}, median ${seconds(median)}, max ${seconds(times[times.length - 1] ?? 0)}, mean ${seconds(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length))}; ${jobs} at a time`);
console.log(formatSummary(summarize(catalogue.deviations.length, outcomes, totalMs), baselinesMs));
