import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactText } from '../harness/redaction.ts';
import { type Deviation, PASSTHROUGH } from './catalogue.ts';
import type { ProxyStats } from './proxy.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
export const DEFAULT_RUN_TIMEOUT_MS = 180_000;

/** One failing check of a run: its file, its statement and its message (before the stack). */
export interface FailedCheck {
  file: string;
  name: string;
  lines: string[];
}

/** One conformance run against the embedded mock, through the proxy with one deviation (or none). */
export interface SuiteRun {
  mutation: string;
  durationMs: number;
  exitCode: number | null;
  timedOut: boolean;
  total: number;
  failedCount: number;
  failed: FailedCheck[];
  /** Errors outside a test (setup, teardown, a file that failed to load). */
  runErrors: string[];
  stats: ProxyStats | undefined;
  /** The last lines vitest printed, for a run that produced no report. */
  outputTail: string;
}

export interface RunOptions {
  /** The panel profile to run (PTERO_PROFILE of the run: its spec, suites and embedded twin); unset, the environment's. */
  profile?: string;
  /** Suite files to run instead of the whole conformance project. */
  files?: string[];
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}

/** Runs the conformance project once with PTERO_MUTATION=<mutation>, reading the vitest JSON report. */
export async function runSuite(mutation: string, options: RunOptions = {}): Promise<SuiteRun> {
  const work = mkdtempSync(join(tmpdir(), 'ptero-mutation-'));
  const reportPath = join(work, 'vitest.json');
  const statsPath = join(work, 'proxy-stats.json');
  const args = [VITEST, 'run', '--project', 'conformance', '--reporter=json', `--outputFile=${reportPath}`, ...(options.files ?? [])];
  const env: Record<string, string | undefined> = {
    ...(options.env ?? process.env),
    ...(options.profile !== undefined ? { PTERO_PROFILE: options.profile } : {}),
    PTERO_MUTATION: mutation,
    PTERO_MUTATION_STATS: statsPath,
    // Each run keeps its exchange log, coverage and ledger to itself (runs may be parallel).
    PTERO_REPORTS_DIR: join(work, 'reports'),
  };
  const started = performance.now();
  try {
    const { exitCode, timedOut, output } = await spawnBounded(process.execPath, args, env, options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS);
    const durationMs = performance.now() - started;
    const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJson) : undefined;
    const stats = existsSync(statsPath) ? (JSON.parse(readFileSync(statsPath, 'utf8')) as ProxyStats) : undefined;
    const failed: FailedCheck[] = [];
    const runErrors: string[] = [];
    for (const file of report?.testResults ?? []) {
      const path = relative(ROOT, file.name);
      for (const test of file.assertionResults) {
        if (test.status !== 'failed') continue;
        failed.push({ file: path, name: test.fullName, lines: messageLines(test.failureMessages) });
      }
      if (file.status === 'failed' && file.message) runErrors.push(`${path}: ${messageLines([file.message])[0] ?? file.message}`);
    }
    if (!report && !timedOut) runErrors.push(`vitest wrote no report (exit ${exitCode})`);
    return {
      mutation,
      durationMs,
      exitCode,
      timedOut,
      total: report?.numTotalTests ?? 0,
      failedCount: report?.numFailedTests ?? failed.length,
      failed,
      runErrors,
      stats,
      outputTail: redactText(output.split('\n').slice(-15).join('\n')),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface VitestJson {
  numTotalTests: number;
  numFailedTests: number;
  success: boolean;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

/** The message part of each failure (the stack dropped, the error class prefix removed), redacted. */
function messageLines(messages: string[]): string[] {
  const out: string[] = [];
  for (const message of messages) {
    for (const line of message.split('\n')) {
      if (/^\s+at /.test(line)) break;
      if (line.trim() === '') continue;
      out.push(redactText(line.replace(/^(?:\w*Error|AssertionError|Error): /, '')));
    }
  }
  return out;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

export function spawnBounded(command: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<{ exitCode: number | null; timedOut: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a run over its time limit is killed with the vitest workers it
    // forked (killing vitest alone left them running, holding the output pipes open).
    const child = spawn(command, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, timedOut, output });
    });
  });
}

/**
 * killed       the run failed and a failing check names the deviation (one of its `names`);
 * not-named    the run failed, but no failure says what is wrong (or the run timed out);
 * survived     every check passed although the deviation changed answers: a gap in the suite;
 * not-applied  every check passed and the deviation never changed an answer (no request matched).
 */
export type Verdict = 'killed' | 'not-named' | 'survived' | 'not-applied';

export interface CatchingCheck {
  file: string;
  name: string;
  firstLine: string;
  /** The first message line naming the deviation, when it is not the first line. */
  namingLine: string | undefined;
  named: boolean;
}

export interface Outcome {
  deviation: Deviation;
  verdict: Verdict;
  run: SuiteRun;
  catching: CatchingCheck[];
}

export function judge(deviation: Deviation, run: SuiteRun): Outcome {
  const tokens = deviation.names.map((n) => n.toLowerCase());
  const catching = run.failed
    .map((f): CatchingCheck => {
      const namingIndex = f.lines.findIndex((line) => tokens.some((t) => line.toLowerCase().includes(t)));
      return {
        file: f.file,
        name: f.name,
        firstLine: f.lines[0] ?? '(no message)',
        namingLine: namingIndex > 0 ? f.lines[namingIndex] : undefined,
        named: namingIndex !== -1,
      };
    })
    .sort((a, b) => Number(b.named) - Number(a.named));
  const runFailed = run.failedCount > 0 || run.runErrors.length > 0 || run.exitCode !== 0 || run.timedOut;
  let verdict: Verdict;
  if (!runFailed) verdict = run.stats && run.stats.mutated === 0 && run.stats.requestsRewritten === 0 ? 'not-applied' : 'survived';
  else verdict = catching.some((c) => c.named) ? 'killed' : 'not-named';
  return { deviation, verdict, run, catching };
}

/** Runs the baseline (the proxy passing everything through) of one profile (options.profile); throws when it does not pass. */
export async function runBaseline(options: RunOptions = {}): Promise<SuiteRun> {
  const run = await runSuite(PASSTHROUGH, options);
  if (run.exitCode !== 0 || run.failedCount > 0 || run.runErrors.length > 0 || run.timedOut) {
    const first = run.failed.slice(0, 5).map((f) => `  ✗ ${f.file} › ${f.name}\n    ${f.lines[0] ?? ''}`);
    throw new Error(
      `the ${options.profile ?? 'default profile'}'s baseline (no deviation, through the proxy) does not pass: ${run.failedCount} failing check(s)${run.timedOut ? ', timed out' : ''}\n${[...first, ...run.runErrors.map((e) => `  ${e}`)].join('\n')}${first.length === 0 && run.runErrors.length === 0 ? `\n${run.outputTail}` : ''}`,
    );
  }
  return run;
}

/** Runs every deviation, `jobs` at a time, reporting each outcome as it arrives (in catalogue order per slot). */
export async function runDeviations(
  deviations: readonly Deviation[],
  options: RunOptions & { jobs?: number; focused?: boolean },
  onOutcome: (outcome: Outcome, index: number) => void,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(deviations.length);
  let next = 0;
  const worker = async () => {
    while (next < deviations.length) {
      const index = next++;
      const deviation = deviations[index] as Deviation;
      const files = options.focused && deviation.suites ? deviation.suites : options.files;
      // Each deviation runs against the twin of its profile.
      const run = await runSuite(deviation.id, { ...options, profile: deviation.profile, ...(files ? { files } : {}) });
      const outcome = judge(deviation, run);
      outcomes[index] = outcome;
      onOutcome(outcome, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 1) }, worker));
  return outcomes;
}

const LABELS: Record<Verdict, string> = { killed: 'KILLED', 'not-named': 'NOT NAMED', survived: 'SURVIVED', 'not-applied': 'NOT APPLIED' };

/** One deviation's outcome as printed lines. */
export function formatOutcome(outcome: Outcome, position: string, maxChecks = 3): string {
  const { deviation, run, verdict, catching } = outcome;
  const applied = run.stats ? `applied to ${run.stats.mutated} answer(s)${run.stats.requestsRewritten ? `, ${run.stats.requestsRewritten} request(s) rewritten` : ''}` : 'proxy counters unavailable';
  const head = `${position} ${LABELS[verdict].padEnd(11)} ${deviation.id} (${deviation.family}, ${deviation.profile}) ${(run.durationMs / 1000).toFixed(1)}s, ${applied}`;
  const lines = [head];
  if (verdict === 'survived' || verdict === 'not-applied') {
    lines.push(`      ${deviation.description}`);
    lines.push(verdict === 'survived' ? '      no check failed: the suite has no check for this deviation' : '      no request of the suite matched: the entry or the suite coverage needs a look');
  } else {
    const named = catching.filter((c) => c.named).length;
    lines.push(`      ${run.failedCount} check(s) failed, ${named} naming it (${deviation.names.join(' | ')})${run.timedOut ? '; the run TIMED OUT' : ''}`);
    for (const c of catching.slice(0, maxChecks)) {
      lines.push(`      ✗ ${c.file.replace(/^suites\//, '')} › ${c.name}`);
      lines.push(`          ${c.firstLine}`);
      if (c.namingLine) lines.push(`          ${c.namingLine.trim()}`);
    }
    if (catching.length > maxChecks) lines.push(`      … and ${catching.length - maxChecks} more`);
    for (const e of run.runErrors.slice(0, 3)) lines.push(`      run error: ${e}`);
  }
  return lines.join('\n');
}

export interface Summary {
  size: number;
  run: number;
  killed: number;
  killRate: number;
  survivors: Outcome[];
  totalMs: number;
}

export function summarize(catalogueSize: number, outcomes: readonly Outcome[], totalMs: number): Summary {
  const killed = outcomes.filter((o) => o.verdict === 'killed').length;
  return {
    size: catalogueSize,
    run: outcomes.length,
    killed,
    killRate: outcomes.length === 0 ? 1 : killed / outcomes.length,
    survivors: outcomes.filter((o) => o.verdict !== 'killed'),
    totalMs,
  };
}

export function formatSummary(summary: Summary, baselineMs: number): string {
  const perDeviation = summary.run === 0 ? 0 : (summary.totalMs - baselineMs) / summary.run;
  const lines = [
    '',
    `Catalogue: ${summary.size} deviations; run: ${summary.run}; killed: ${summary.killed}`,
    `Kill rate: ${(summary.killRate * 100).toFixed(1)}% (${summary.killed}/${summary.run})`,
    `Time: ${(summary.totalMs / 1000).toFixed(1)}s in all (baseline ${(baselineMs / 1000).toFixed(1)}s, ${(perDeviation / 1000).toFixed(1)}s per deviation)`,
  ];
  if (summary.survivors.length > 0) {
    lines.push('', 'Not killed (each is a gap: a deviation the suite lets through or does not name):');
    for (const o of summary.survivors) lines.push(`  - ${o.deviation.id} [${o.verdict}] (${o.deviation.family}): ${o.deviation.description}`);
  }
  return lines.join('\n');
}
