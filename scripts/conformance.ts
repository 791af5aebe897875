// npm run conformance [-- --help | --list | --category C --operation ID --behaviour ID --effect E --bail N] [file filters]
// Runs suites/ against the target (the embedded mock unless PTERO_URL is set) and exits non-zero
// when the panel deviates. The options (scripts/conformance-options.ts): --list prints the behaviours
// (the v0.7 specification) and whether each would run here; --help and --list write nothing.
//
// A run's output is redacted and teed: printed, and written to <reports>/run.log. After every run
// the secret scan searches the run's own Allure results directory, the reports directory and run.log
// for every secret the run knew; a finding fails the run (exit 3) whatever the tests said.
// The last line is the verdict (harness/outcomes.ts): `conforms`, `does not conform (N behaviours)` or
// `could not test (cause)`; <reports>/summary.json holds it with the run's numbers.
// Exit codes: 0 conforms, 1 does not conform, 2 could not test (invalid configuration, failed
// preflight, the panel lost midway, a run that wrote no summary), 3 a secret was found.
import { spawn } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { couldNotTest, EXIT_CODES, type RunSummary, type Verdict } from '../harness/outcomes.ts';
import { dependencyFile } from '../harness/package-paths.ts';
import { redactText } from '../harness/redaction.ts';
import { childEnvironment, ConfigError, readRunConfig, setting, type RunConfig } from '../harness/run-config.ts';
import { formatFindings, runSecrets, scanPaths, writeScanVerdict } from '../harness/secret-scan.ts';
import { reportsDir, summaryPath } from '../harness/exchange-log.ts';
import { prepareRun } from './conformance-options.ts';
import { parentLink } from '../harness/parent-liveness.ts';
import { forgetStopCause, readStopCause, stopCausePath, stopCauseSentence } from '../harness/stop-cause.ts';
import { cleanUpInterruptedRun, forwardInterrupts, guardOutput } from './interruption.ts';
import { PreflightNoiseFilter } from './vitest-preflight-noise.ts';
import { stripAnsi } from '../harness/ansi.ts';

// The suites and the vitest config are the package's own, wherever it is installed; the current
// directory keeps what the run writes (reports/, allure-results/) and the .env it reads.
const VITEST = dependencyFile('vitest', 'vitest.mjs');
guardOutput(); // a reader gone (npm, a closed terminal) must not stop the clean-up
// --help, --list and usage errors end here, before anything is written.
const prepared = await prepareRun(process.argv.slice(2));

// Refuse a partial or invalid configuration before vitest starts and before any request.
let config: RunConfig;
try {
  config = readRunConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    console.log(couldNotTest('invalid configuration: see above').line);
    process.exit(EXIT_CODES.couldNotTest);
  }
  throw error;
}

const secretsOfRun = runSecrets(config);
const secrets = secretsOfRun.map((s) => s.value);
mkdirSync(reportsDir(), { recursive: true });
const runLogPath = join(reportsDir(), 'run.log');
const runLog = createWriteStream(runLogPath);

const target = config.target.kind === 'live' ? `live panel ${config.target.url}` : 'the embedded mock panel';
const mode = config.target.kind === 'mock' ? '' : config.allowDestructive ? ' (writes and destructive checks allowed)' : config.allowWrites ? ' (writes allowed)' : ' (read-only)';
emitLine(process.stdout, `Conformance run ${config.runId} against ${target}${mode}`);

// The vitest process gets this run's id (ledger file, resource names) and a process group of its own:
// an interrupt is forwarded to all of it, then what the run created is removed (scripts/interruption.ts).
// It also gets a pipe from this process: when this process dies without cleaning up, the runner stops (harness/parent-liveness.ts).
// The verdict is printed here, last, after the secret scan (the summary reporter only writes it: PTERO_VERDICT_BY_PARENT).
rmSync(summaryPath(), { force: true }); // a summary from an earlier run must not pass for this one's
forgetStopCause(stopCausePath(reportsDir()));
const link = parentLink();
const child = spawn(process.execPath, [VITEST, ...prepared.vitestArgs], {
  detached: true,
  stdio: link.stdio,
  // The output is piped through redaction; keep the colours a terminal would have had.
  env: childEnvironment({
    ...prepared.env,
    ...link.env,
    PTERO_RUN_ID: config.runId,
    PTERO_VERDICT_BY_PARENT: '1',
    ...(process.stdout.isTTY && setting('FORCE_COLOR') === undefined && setting('NO_COLOR') === undefined ? { FORCE_COLOR: '1' } : {}),
  }),
});
// What only the end needs loads while vitest starts, not before it (the reporters' modules pull in the spec's).
const endModules = Promise.all([import('../reporters/allure-results.ts'), import('../reporters/run-summary-reporter.ts')]);
endModules.catch(() => undefined); // awaited (and thrown) at the end, not an unhandled rejection meanwhile
const interruption = forwardInterrupts(child, () => emitLine(process.stderr, 'Stopped at once: the ledger under the reports directory keeps what is left for npm run cleanup.'));
const piped = [tee(child.stdout as Readable, process.stdout), tee(child.stderr as Readable, process.stderr)];
const [code] = (await once(child, 'close')) as [number | null];
await Promise.all(piped);
if (interruption.signal) {
  await interruption.groupGone();
  await cleanUpInterruptedRun(config, (line) => emitLine(process.stdout, line));
}
// A panel that stopped answering usably: the cause once, with how many behaviours it stopped.
const stop = readStopCause(stopCausePath(reportsDir()), config.runId);
if (stop) emitLine(process.stdout, `\n${stopCauseSentence(stop)}`);

// The scan: every file this run wrote (its own results directory and reports, not a stale
// ./allure-results of another run), for every secret the run knew (never printing one).
const [{ allureResultsDir }, { writeSummary }] = await endModules;
const scanned = [...new Set([resolve(allureResultsDir()), resolve(reportsDir()), resolve(runLogPath)])];
await new Promise<void>((done) => runLog.end(done));
const findings = scanPaths(scanned, secretsOfRun);
// npm run report refuses results this scan failed, even where it does not know the run's keys.
writeScanVerdict(resolve(allureResultsDir()), findings);
const summary = readSummary(config.runId);
let verdict: Verdict;
if (interruption.signal) verdict = couldNotTest(`interrupted by ${interruption.signal}`);
else if (summary) verdict = { ...summary.verdict };
else verdict = couldNotTest(`the run wrote no summary: vitest exited with ${code ?? 'a signal'}${code === 1 ? ' (a suite file failed to load, or the global setup failed: see above)' : ''}`);
if (findings.length > 0) {
  console.error(`\n${formatFindings(findings)}\nA secret reached a file: the run fails. Redact it where it is written (harness/redaction.ts), then delete the files above.`);
  verdict = { kind: 'could-not-test', cause: 'a secret was found in what the run wrote; publish nothing', line: 'could not test (a secret was found in what the run wrote; publish nothing)', exitCode: EXIT_CODES.secretFound };
  if (summary) writeSummary({ ...summary, verdict });
} else {
  console.log(`\nsecret scan: no secret in ${scanned.map((p) => relativeToCwd(p)).join(', ')} (${secretsOfRun.length} secrets looked for)`);
}
// The last line: the verdict (run.log, already scanned, gets it too: it holds no secret). An interrupted run keeps the signal's exit code.
const closing = [...(summary?.preflight && !summary.preflight.ok && summary.preflight.paragraph ? ['', summary.preflight.paragraph] : []), verdict.line];
for (const line of closing) console.log(line);
appendFileSync(runLogPath, `${closing.join('\n')}\n`);
process.exitCode = interruption.exitCode ?? verdict.exitCode;

/** This run's summary.json (written by reporters/run-summary-reporter.ts), if it wrote one. */
function readSummary(runId: string): RunSummary | undefined {
  if (!existsSync(summaryPath())) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(summaryPath(), 'utf8')) as RunSummary;
    return parsed.runId === runId ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Copies a child's stream line by line, redacted: to the console (keeping colours when the line
 * holds nothing secret) and, without colours, to run.log. Resolves when the stream ends.
 */
function tee(from: Readable, to: Writable): Promise<void> {
  let pending = '';
  const noise = new PreflightNoiseFilter();
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.flatMap((l) => noise.push(l))) emitLine(to, line);
    // A line without end for a long time (1 MiB) is flushed: the log must not wait forever.
    if (pending.length > 1 << 20) {
      emitLine(to, pending);
      pending = '';
    }
  });
  return once(from, 'end').then(() => {
    for (const line of noise.end()) emitLine(to, line);
    if (pending !== '') emitLine(to, pending, false);
  });
}

function emitLine(to: Writable, line: string, newline = true): void {
  const plain = stripAnsi(line.replace(/\r$/, ''));
  const redacted = redactText(plain, secrets);
  const end = newline ? '\n' : '';
  to.write(redacted === plain ? `${line}${end}` : `${redacted}${end}`);
  (runLog as WriteStream).write(`${redacted}${end}`);
}


function relativeToCwd(path: string): string {
  const cwd = process.cwd();
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}
