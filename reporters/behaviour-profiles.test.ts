// Which behaviours a run of a profile holds (BehaviourMeta.profiles) and how the summary counts the others.
import { describe, expect, it } from 'vitest';
import { countsLine } from './run-summary-reporter.ts';
import { appliesToProfile, DEFAULT_BEHAVIOUR_PROFILES } from '../harness/behaviour-meta.ts';

describe('behaviours by panel profile', () => {
  it('a behaviour without profiles holds for v0.7.19 only; one naming profiles holds for those', () => {
    expect(DEFAULT_BEHAVIOUR_PROFILES).toEqual(['v0.7.19']);
    expect(appliesToProfile({}, 'v0.7.19')).toBe(true);
    expect(appliesToProfile({}, 'v1.11')).toBe(false);
    expect(appliesToProfile({ profiles: ['v1.11'] }, 'v0.7.19')).toBe(false);
    expect(appliesToProfile({ profiles: ['v0.7.19', 'v1.11'] }, 'v1.11')).toBe(true);
  });

  it('the counts line names the behaviours of other profiles it left out, apart from a selection', () => {
    const counts = { total: 3, passed: 3, failed: 0, knownDeviation: 0, unexpectedPass: 0, notRun: 0 };
    expect(countsLine({ counts, profile: 'v1.11', otherProfiles: 716 })).toBe(
      'behaviours: 3 — 3 passed, 0 failed, 0 known deviations (accepted), 0 unexpected passes, 0 not run (716 behaviours of other panel profiles than v1.11 left out: counted nowhere)',
    );
    expect(countsLine({ counts, profile: 'v0.7.19' })).toBe('behaviours: 3 — 3 passed, 0 failed, 0 known deviations (accepted), 0 unexpected passes, 0 not run');
  });
});
