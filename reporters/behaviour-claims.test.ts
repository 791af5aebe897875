import { describe, expect, it } from 'vitest';
import { ConnectivityError } from '../harness/connectivity-error.ts';
import { failureOf } from '../harness/failure.ts';
import { docsVerdictOf } from './behaviour-claims.ts';
import type { BehaviourRecord } from './behaviour-document.ts';

const claim = (over: Partial<BehaviourRecord>): BehaviourRecord => ({
  id: 'legacy-docs.rate-limit.application',
  statement: 'Legacy docs claim: 240 requests per minute',
  file: 'suites/legacy-docs/claims.test.ts',
  category: 'legacy-docs',
  outcome: 'failed',
  ...over,
});

describe('a legacy-docs claim that rests on requests without an answer', () => {
  it('is "not checked", never "false"', () => {
    const refused = new ConnectivityError('refused', 'connection refused: nothing listens on 127.0.0.1:1', 'GET http://127.0.0.1:1/api/application/users');
    expect(docsVerdictOf(claim({ message: refused.message, failure: failureOf(refused) })).verdict).toBe('not checked');
    expect(docsVerdictOf(claim({ outcome: 'not-run', reason: 'panel unreachable: connection refused', unanswered: true })).verdict).toBe('not checked');
    // A real answer that contradicts the claim is still false.
    expect(docsVerdictOf(claim({ message: 'expected X-RateLimit-Limit 240, got 120' })).verdict).toBe('false');
  });
});
