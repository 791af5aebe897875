// npm run report [-- --results DIR] [-- --output DIR]
// Builds the offline HTML report of the last conformance run from its Allure results (Allure 3,
// no Java): ONE self-contained file, allure-report/index.html, that opens from disk. The Awesome
// template's analytics tag and any remote resource are removed and a Content-Security-Policy
// forbids the page any network access (reporters/allure-report-html.ts).
//
// Results that fail the secret scan are refused (exit 3, the files named, never the secret): the
// run's own verdict (ptero-secret-scan.json, written by npm run conformance), then a scan of the
// results and of the page built from them for every secret known here (the keys in the
// environment or .env, the mock's fixture secrets). A page with a finding is deleted.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCommandLine } from '../harness/command-line.ts';
import { dependencyFile } from '../harness/package-paths.ts';
import { childEnvironment, readRunConfig } from '../harness/run-config.ts';
import { fixtureSecrets, formatFindings, readScanVerdict, runSecrets, scanPaths, type KnownSecret } from '../harness/secret-scan.ts';
import { remoteReferences, sanitizeReportHtml } from '../reporters/allure-report-html.ts';
import { allureReportDir, allureResultsDir } from '../reporters/allure-results.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALLURE_CLI = dependencyFile('allure', 'cli.js');
const CONFIG = join(ROOT, 'allurerc.mjs');

const { values } = parseCommandLine(process.argv.slice(2), {
  usage: 'npm run report -- [--results DIR] [--output DIR]',
  summary: "Builds the Allure report of a run's results as one offline HTML file and says which run it rendered.",
  options: {
    results: { type: 'string', value: 'DIR', description: 'the results to render (default ALLURE_RESULTS_DIR, or under PTERO_REPORTS_DIR, from the environment or .env)' },
    output: { type: 'string', value: 'DIR', description: 'where index.html goes (default allure-report/)' },
  },
  epilogue: ['exit codes: 0 written, 1 allure failed, 2 no results there (or a usage error), 3 the results hold a secret'],
});
const option = (name: 'results' | 'output') => values[name] as string | undefined;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

// The directories the run used: PTERO_REPORTS_DIR / ALLURE_RESULTS_DIR from the environment or .env, as the run read them.
const results = resolve(option('results') ?? allureResultsDir());
const output = resolve(option('output') ?? allureReportDir());

if (!existsSync(results) || !readdirSync(results).some((f) => f.endsWith('-result.json'))) {
  fail(`No Allure results in ${results}: run \`npm run conformance\` first (with the same PTERO_REPORTS_DIR / ALLURE_RESULTS_DIR), or pass --results DIR.`, 2);
}
console.log(describeRun(results));

const verdict = readScanVerdict(results);
if (verdict && !verdict.clean) {
  fail(`The run that wrote ${results} failed its secret scan, so no report is built from it. Files with a secret:\n${verdict.files.map((f) => `  ${f}`).join('\n')}\nFix the redaction, delete those files and run again.`, 3);
}
const secrets = knownSecrets();
const tainted = scanPaths([results], secrets);
if (tainted.length > 0) fail(`${formatFindings(tainted)}\nNo report is built from results that hold a secret. Fix the redaction, delete those files and run again.`, 3);

// The files a previous report left (only those: the output directory may hold other things).
for (const name of ['index.html', 'summary.json', 'test-results.json']) rmSync(join(output, name), { force: true });
const generated = spawnSync(process.execPath, [ALLURE_CLI, 'generate', results, '--output', output, '--config', CONFIG, '--cwd', ROOT], {
  cwd: ROOT,
  encoding: 'utf8',
  env: childEnvironment({ NO_COLOR: '1' }),
});
if (generated.status !== 0) fail(`allure generate failed (exit ${generated.status}):\n${generated.stdout}${generated.stderr}`);

const page = join(output, 'index.html');
if (!existsSync(page)) fail(`allure generate wrote no ${page}:\n${generated.stdout}${generated.stderr}`);
const { html, removed } = sanitizeReportHtml(readFileSync(page, 'utf8'));
const remaining = remoteReferences(html);
if (remaining.length > 0) fail(`the report still references remote resources, so it was not written:\n${remaining.map((r) => `  - ${r}`).join('\n')}`);
writeFileSync(page, html);
const leaked = scanPaths([page], secrets);
if (leaked.length > 0) {
  rmSync(page, { force: true });
  fail(`${formatFindings(leaked)}\nThe page held a secret and was deleted.`, 3);
}

const stats = readSummary(join(output, 'summary.json'));
// The report is the one HTML file: Allure's side files (run summary, test index) are not kept.
for (const name of ['summary.json', 'test-results.json']) rmSync(join(output, name), { force: true });
if (removed.length > 0) console.log(`Removed from the page: ${removed.join('; ')}`);
if (stats) console.log(`Tests: ${stats}`);
console.log(`Allure report (one self-contained file, opens from disk): ${page}`);
console.log(`  ${pathToFileURL(page).href}`);

/** Which run the results are from: its id, target and when it ended (environment.properties, written last). */
function describeRun(dir: string): string {
  const path = join(dir, 'environment.properties');
  if (!existsSync(path)) return `Rendering the results in ${dir} (an unfinished run: no environment.properties, so no run id)`;
  const info = Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => /^([^=]+)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] as string, m[2] as string]),
  );
  const ended = statSync(path).mtime.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `Rendering run ${info['run.id'] ?? '(unknown id)'} against ${info['target'] ?? 'an unknown target'}${info['panel.url'] ? ` (${info['panel.url']})` : ''}, ended ${ended}, from ${dir}`;
}

/** Every secret known here: the configured keys (a refused configuration: none) and the mock's fixture secrets. */
function knownSecrets(): KnownSecret[] {
  let configured: KnownSecret[] = [];
  try {
    const config = readRunConfig();
    if (config.target.kind === 'live') configured = runSecrets(config);
  } catch {
    configured = [];
  }
  return [...configured, ...fixtureSecrets()];
}

/**
 * Allure's own counts, in the outcomes' words: known deviations are sent as passed (accepted, see
 * harness/outcomes.ts), so they are counted from their outcome tag and taken out of "passed";
 * broken results are unexpected passes.
 */
function readSummary(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const summary = JSON.parse(readFileSync(path, 'utf8')) as { stats?: Record<string, unknown> };
    const s = summary.stats ?? {};
    const known = knownDeviations();
    const parts = [`${s['total'] ?? 0} total`, `${Number(s['passed'] ?? 0) - known} passed`];
    if (known > 0) parts.push(`${known} known deviations (accepted)`);
    if (Number(s['failed'] ?? 0) > 0) parts.push(`${s['failed']} failed`);
    if (Number(s['broken'] ?? 0) > 0) parts.push(`${s['broken']} unexpected passes`);
    if (Number(s['skipped'] ?? 0) > 0) parts.push(`${s['skipped']} not run`);
    return parts.join(', ');
  } catch {
    return undefined;
  }
}

function knownDeviations(): number {
  let count = 0;
  for (const name of readdirSync(results).filter((f) => f.endsWith('-result.json'))) {
    const result = JSON.parse(readFileSync(join(results, name), 'utf8')) as { labels?: { name: string; value: string }[] };
    if (result.labels?.some((l) => l.name === 'tag' && l.value === 'outcome:known-deviation')) count++;
  }
  return count;
}
