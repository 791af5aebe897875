import { describe, expect, it } from 'vitest';
import { ConnectivityError } from '../harness/connectivity-error.ts';
import { failureOf } from '../harness/failure.ts';
import { claimVerdicts, docsVerdictOf, profileVerdicts, type ClaimInput } from './behaviour-claims.ts';
import { legacyClaims } from '../harness/legacy-claims.ts';
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

describe('a claim\'s verdict per panel profile', () => {
  const sources = {
    'v0.7.19': { verdict: 'false' as const, source: ['v0.7.19:app/Http/Kernel.php#L75-L89'], note: '120 and 60' },
    'v1.11': { verdict: 'holds' as const, source: ['v1.11.8:config/http.php#L14-L20'], note: '240' },
  };

  it('is observed for the run\'s profile and from source, cited, for the other', () => {
    expect(profileVerdicts('false', 'v1.11', sources)).toEqual({
      'v1.11': { verdict: 'false', basis: 'observed' },
      'v0.7.19': { verdict: 'false', basis: 'source', source: ['v0.7.19:app/Http/Kernel.php#L75-L89'], note: '120 and 60' },
    });
  });

  it('falls back to the source for the run\'s own profile only when the run saw nothing to judge by', () => {
    expect(profileVerdicts('not checked', 'v1.11', sources)['v1.11']).toEqual({ verdict: 'holds', basis: 'source', source: ['v1.11.8:config/http.php#L14-L20'], note: '240' });
    expect(profileVerdicts('not checked', 'v1.11', {})['v1.11']).toEqual({ verdict: 'not checked', basis: 'observed' });
  });

  const judge = (profile: string, rateLimits: Record<string, number[]>) =>
    claimVerdicts({
      document: { operations: [], rateLimits, target: { mode: 'mock', url: 'http://127.0.0.1:1', label: 'mock', profile } } as unknown as ClaimInput['document'],
      claims: legacyClaims(),
      behaviours: [],
      log: [],
      expectationLinks: new Map(),
    }).find((c) => c.id === 'intro.rate-limit')!;

  it('judges 240 a minute against the panel the run faces: holds on 1.11\'s application API, false for a deviating answer', () => {
    const stock = judge('v1.11', { application: [240] });
    expect(stock.profiles?.['v1.11']).toEqual({ verdict: 'holds', basis: 'observed' });
    expect(stock.profiles?.['v0.7.19']).toMatchObject({ verdict: 'false', basis: 'source' });
    // A 1.11 panel answering another limit makes the observed verdict false.
    expect(judge('v1.11', { application: [240], client: [720] }).profiles?.['v1.11']).toEqual({ verdict: 'false', basis: 'observed' });
    expect(judge('v1.11', { application: [60] }).profiles?.['v1.11']).toEqual({ verdict: 'false', basis: 'observed' });
  });

  it('gives every claim of the claims file a verdict for both profiles', () => {
    const all = claimVerdicts({
      document: { operations: [], rateLimits: {}, target: { mode: 'mock', url: 'http://127.0.0.1:1', label: 'mock', profile: 'v0.7.19' } } as unknown as ClaimInput['document'],
      claims: legacyClaims(),
      behaviours: [],
      log: [],
      expectationLinks: new Map(),
    });
    const missing = all.filter((c) => !c.profiles?.['v0.7.19'] || !c.profiles?.['v1.11']).map((c) => c.id);
    expect(missing).toEqual([]);
    // Nothing was observed: both columns come from source, and the 1.x client API's operations hold on 1.11.
    expect(all.find((c) => c.id === 'client.files.list-files')?.profiles).toMatchObject({ 'v0.7.19': { verdict: 'false', basis: 'source' }, 'v1.11': { verdict: 'holds', basis: 'source' } });
  });
});
