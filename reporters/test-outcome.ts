// A vitest test's outcome (harness/outcomes.ts) from what the conformance() wrapper recorded: the
// one mapping every reporter uses (summary, JUnit, behaviour document, Allure).
import { outcomeOf, type BehaviourOutcome } from '../harness/outcomes.ts';
import type { RecordedBehaviour } from '../harness/behaviour-meta.ts';

export type TestState = 'passed' | 'failed' | 'skipped' | 'pending';

export function testOutcome(state: TestState, meta: RecordedBehaviour | undefined, skipNote?: string): BehaviourOutcome {
  return outcomeOf({ state, notRun: meta?.notRun, knownIssue: meta?.knownIssue, unexpectedPass: meta?.unexpectedPass, skipNote });
}

/**
 * Whether a test was part of the run: one a name filter left out never reached the conformance()
 * wrapper and has no behaviour record; it counts nowhere (Allure has no result for it either). What
 * the run's selection or profile leaves out is never registered at all (suites/support/conformance.ts).
 */
export function selected(state: string, meta: RecordedBehaviour | undefined): boolean {
  return !(state === 'skipped' && meta === undefined);
}

/** vitest's state of a reported test (TestCase.result().state) as a TestState. */
export function stateOf(state: string): TestState {
  return state === 'passed' || state === 'failed' || state === 'skipped' ? state : 'pending';
}
