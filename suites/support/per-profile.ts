// One behaviour, written once, for every panel profile its statement holds for. Where the profiles
// answer alike the behaviour names them (`profiles: SHARED_PROFILES`); where they differ only in a
// value (a status, an error code, a message, a limit) that value is a small map by profile, looked
// up for the run's profile: `perProfile({ 'v0.7.19': 'FatalThrowableError', 'v1.11': 'TypeError' })`.
// The statement may carry the value too, so each profile's behaviour list says what that panel answers.
import { SuiteError } from '../../harness/failure.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';

/** The profiles of a statement true of both panel versions (harness/profiles.yaml). */
export const SHARED_PROFILES: readonly string[] = ['v0.7.19', 'v1.11'];

/** A value of a behaviour that differs by panel profile: one entry per profile the behaviour names. */
export type PerProfile<T> = Readonly<Record<string, T>>;

/**
 * The value for the run's profile (or `profile`). A behaviour naming a profile its map lacks is a
 * defect of the suite, refused while the suite is collected rather than guessed.
 */
export function perProfile<T>(values: PerProfile<T>, profile: string = selectedProfile().id): T {
  if (!Object.hasOwn(values, profile)) {
    throw new SuiteError(`no value for panel profile ${profile} (the map names ${Object.keys(values).join(', ') || 'none'}): give one, or leave the behaviour out of that profile`);
  }
  return values[profile] as T;
}
