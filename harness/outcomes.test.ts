import { describe, expect, it } from 'vitest';
import { countOutcomes, groupReasons, outcomeOf, verdictOf } from './outcomes.ts';

describe('outcomes', () => {
  it('derives one outcome per behaviour from what the wrapper recorded and vitest decided', () => {
    expect(outcomeOf({ state: 'passed' })).toEqual({ outcome: 'passed' });
    expect(outcomeOf({ state: 'passed', knownIssue: 'listed' })).toEqual({ outcome: 'known-deviation', reason: 'listed' });
    expect(outcomeOf({ state: 'failed' })).toEqual({ outcome: 'failed' });
    expect(outcomeOf({ state: 'failed', unexpectedPass: true })).toEqual({ outcome: 'unexpected-pass' });
    expect(outcomeOf({ state: 'skipped', notRun: 'panel unreachable: connection refused' })).toEqual({ outcome: 'not-run', reason: 'panel unreachable: connection refused' });
    expect(outcomeOf({ state: 'pending' }).outcome).toBe('not-run');
  });

  it('groups not-run reasons, most frequent first', () => {
    expect(groupReasons(['a', 'b', 'b'])).toEqual([
      { reason: 'b', count: 2 },
      { reason: 'a', count: 1 },
    ]);
  });

  it('gives one verdict: a failed preflight, else failures, else a lost panel, else conforms', () => {
    const counts = (o: Parameters<typeof countOutcomes>[0]) => countOutcomes(o);
    expect(verdictOf(counts(['passed', 'known-deviation']))).toMatchObject({ kind: 'conforms', line: 'conforms', exitCode: 0 });
    expect(verdictOf(counts(['passed', 'failed']))).toMatchObject({ line: 'does not conform (1 behaviour)', exitCode: 1 });
    expect(verdictOf(counts(['failed', 'failed', 'unexpected-pass'])).line).toBe('does not conform (3 behaviours: 2 failed, 1 unexpected pass)');
    expect(verdictOf(counts(['failed', 'not-run']), { unanswered: 'panel unreachable: x' }).kind).toBe('does-not-conform');
    expect(verdictOf(counts(['passed', 'not-run']), { unanswered: 'panel unreachable: x' })).toMatchObject({ line: 'could not test (panel unreachable: x)', exitCode: 2 });
    expect(verdictOf(counts([]), { preflight: 'PTERO_CLIENT_KEY is refused by the panel' }).line).toBe('could not test (PTERO_CLIENT_KEY is refused by the panel)');
    expect(verdictOf(counts([])).kind).toBe('could-not-test');
  });
});
