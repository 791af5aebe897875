import { describe, expect, it } from 'vitest';
import { SuiteError } from '../../harness/failure.ts';
import { profileIds } from '../../harness/profiles.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';
import { perProfile, SHARED_PROFILES } from './per-profile.ts';

describe('perProfile', () => {
  const codes = { 'v0.7.19': 'FatalThrowableError', 'v1.11': 'TypeError' };

  it("answers the named profile's value, and the run's profile by default", () => {
    expect(perProfile(codes, 'v0.7.19')).toBe('FatalThrowableError');
    expect(perProfile(codes, 'v1.11')).toBe('TypeError');
    expect(perProfile(codes)).toBe(perProfile(codes, selectedProfile().id));
  });

  it('keeps falsy values (a 0, an empty string, false are values, not gaps)', () => {
    expect(perProfile({ 'v0.7.19': 0, 'v1.11': 1 }, 'v0.7.19')).toBe(0);
    expect(perProfile({ 'v0.7.19': false, 'v1.11': true }, 'v0.7.19')).toBe(false);
  });

  it('refuses a profile the map lacks, naming what it has', () => {
    expect(() => perProfile({ 'v0.7.19': 1 }, 'v1.11')).toThrow(SuiteError);
    expect(() => perProfile({ 'v0.7.19': 1 }, 'v1.11')).toThrow(/no value for panel profile v1\.11 \(the map names v0\.7\.19\)/);
    // An inherited key is not a value.
    expect(() => perProfile({}, 'toString')).toThrow(SuiteError);
  });

  it('names registered profiles only', () => {
    for (const id of SHARED_PROFILES) expect(profileIds()).toContain(id);
  });
});
