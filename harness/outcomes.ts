// The outcomes of a behaviour and the verdict of a run, defined once. The CLI's verdict line and
// summary.json, the JUnit XML, the behaviour document and the Allure results all derive from these
// functions, so they agree on every count.

/**
 * - passed: the panel did what the spec says;
 * - failed: it did not (a deviation nobody listed);
 * - known-deviation: it failed as the profile's expectations list (accepted, never a failure);
 * - unexpected-pass: a listed deviation no longer happens (the expectations are out of date);
 * - not-run: the behaviour was not run (a setting, a missing key, the panel unreachable…), with why.
 */
export const OUTCOMES = ['passed', 'failed', 'known-deviation', 'unexpected-pass', 'not-run'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What the conformance() wrapper records on a behaviour, and what vitest decided. */
export interface OutcomeInput {
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** Why the wrapper did not run it (or stopped it: no usable answer). */
  notRun?: string | undefined;
  knownIssue?: string | undefined;
  unexpectedPass?: boolean | undefined;
  /** vitest's skip note, for skips the wrapper did not decide (filters, .skip). */
  skipNote?: string | undefined;
}

export interface BehaviourOutcome {
  outcome: Outcome;
  /** not-run: why; known-deviation: the listed reason. */
  reason?: string;
}

/** The outcome of one behaviour. */
export function outcomeOf(input: OutcomeInput): BehaviourOutcome {
  if (input.notRun !== undefined) return { outcome: 'not-run', reason: input.notRun };
  if (input.state === 'skipped') return { outcome: 'not-run', reason: input.skipNote ?? 'skipped (filtered out or marked skip)' };
  if (input.state === 'pending') return { outcome: 'not-run', reason: 'did not finish' };
  if (input.state === 'failed') return { outcome: input.unexpectedPass ? 'unexpected-pass' : 'failed' };
  if (input.knownIssue !== undefined) return { outcome: 'known-deviation', reason: input.knownIssue };
  return { outcome: 'passed' };
}

export interface OutcomeCounts {
  total: number;
  passed: number;
  failed: number;
  /** Known deviations: accepted, never failures. */
  knownDeviation: number;
  unexpectedPass: number;
  notRun: number;
}

export function countOutcomes(outcomes: Iterable<Outcome>): OutcomeCounts {
  const counts: OutcomeCounts = { total: 0, passed: 0, failed: 0, knownDeviation: 0, unexpectedPass: 0, notRun: 0 };
  for (const outcome of outcomes) {
    counts.total++;
    if (outcome === 'passed') counts.passed++;
    else if (outcome === 'failed') counts.failed++;
    else if (outcome === 'known-deviation') counts.knownDeviation++;
    else if (outcome === 'unexpected-pass') counts.unexpectedPass++;
    else counts.notRun++;
  }
  return counts;
}

/** The not-run reasons, grouped, most frequent first. */
export function groupReasons(reasons: Iterable<string>): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
}

/** The reason of a behaviour stopped because the panel gave no usable answer. */
export function unansweredReason(cause: string, panelLost: boolean): string {
  return panelLost ? `panel unreachable: ${cause}` : `no usable answer: ${cause}`;
}

/** The reason of every behaviour of a run whose preflight failed. */
export function couldNotTestReason(cause: string): string {
  return `could not test: ${cause}`;
}

export type VerdictKind = 'conforms' | 'does-not-conform' | 'could-not-test';

export interface Verdict {
  kind: VerdictKind;
  /** could-not-test: why, in a few words (the variable to fix, the panel's cause). */
  cause?: string;
  /** does-not-conform: the behaviours that count against the panel (failed + unexpected passes). */
  behaviours?: number;
  /** The last line of a run. */
  line: string;
  exitCode: number;
}

/** Exit codes of `npm run conformance`. */
export const EXIT_CODES = { conforms: 0, doesNotConform: 1, couldNotTest: 2, secretFound: 3 } as const;

/**
 * The verdict of a run. A failed preflight: could not test. Else any failure or unexpected pass:
 * does not conform (those are definite, even if the panel was lost later). Else behaviours that got
 * no usable answer (the panel lost midway): could not test. Else conforms.
 */
export function verdictOf(counts: OutcomeCounts, problems: { preflight?: string | undefined; unanswered?: string | undefined } = {}): Verdict {
  if (problems.preflight !== undefined) return couldNotTest(problems.preflight);
  const against = counts.failed + counts.unexpectedPass;
  if (against > 0) {
    const parts = [counts.failed ? `${counts.failed} failed` : '', counts.unexpectedPass ? `${counts.unexpectedPass} unexpected ${counts.unexpectedPass === 1 ? 'pass' : 'passes'}` : ''].filter(Boolean);
    const detail = parts.length > 1 || counts.unexpectedPass > 0 ? `: ${parts.join(', ')}` : '';
    return { kind: 'does-not-conform', behaviours: against, line: `does not conform (${against} ${against === 1 ? 'behaviour' : 'behaviours'}${detail})`, exitCode: EXIT_CODES.doesNotConform };
  }
  if (problems.unanswered !== undefined) return couldNotTest(problems.unanswered);
  if (counts.total === 0) return couldNotTest('no behaviour was selected');
  return { kind: 'conforms', line: 'conforms', exitCode: EXIT_CODES.conforms };
}

export function couldNotTest(cause: string): Verdict {
  return { kind: 'could-not-test', cause, line: `could not test (${cause})`, exitCode: EXIT_CODES.couldNotTest };
}

/** Allure's status per outcome: a known deviation passes (labelled), an unexpected pass is "broken" (the expectations are wrong). */
export const ALLURE_STATUS: Record<Outcome, 'passed' | 'failed' | 'broken' | 'skipped'> = {
  passed: 'passed',
  failed: 'failed',
  'known-deviation': 'passed',
  'unexpected-pass': 'broken',
  'not-run': 'skipped',
};

/** The label (tag) Allure results carry per outcome beyond their status. */
export const ALLURE_OUTCOME_TAG: Partial<Record<Outcome, string>> = { 'known-deviation': 'known-deviation', 'unexpected-pass': 'unexpected-pass' };

/** Where a run's summary is written: <reports>/summary.json. */
export const SUMMARY_FILE = 'summary.json';

/** summary.json: the run's verdict and its numbers. */
export interface RunSummary {
  format: 'ptero-summary/1';
  runId: string;
  /** mock, or the panel's origin (never a key). */
  target: { mode: 'mock' | 'live'; url: string };
  profile: string;
  verdict: { kind: VerdictKind; line: string; exitCode: number; cause?: string; behaviours?: number };
  counts: OutcomeCounts;
  notRun: { reason: string; count: number }[];
  /** Behaviours of the loaded suite files the run's selection left out: in no count, no report. */
  notSelected?: number;
  /** Behaviours of other panel profiles (BehaviourMeta.profiles): not selected either, in no count. */
  otherProfiles?: number;
  /** How the run knows its profile: configured, detected from the panel, confirmed by it (harness/preflight.ts runProfile). */
  profileNote?: string;
  coverage: { operations: { exercised: number; total: number }; statuses: { exercised: number; documented: number } };
  requests: number;
  /** Requests that got no usable answer (status 0 in the exchange log). */
  failedRequests: number;
  durationMs: number;
  startedAt: string;
  finishedAt: string;
  /** The preflight's finding on each key (roles and kinds, never keys); absent when it did not run. */
  preflight?: { ok: boolean; cause?: string; paragraph?: string; requests: number; profile?: { id: string; decided: string; note: string }; keys: { role: string; variable: string; kind: string; note: string }[] };
}
