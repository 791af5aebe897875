// The panel profile this process works with: the one PTERO_PROFILE names (harness/run-config.ts),
// looked up in the registry (harness/profiles.ts). Read once per process; the run's workers inherit
// the same environment and .env, so they agree with the process that started them. A conformance run
// decides its profile in the global setup (harness/preflight.ts runProfile, e.g. detected from a live
// panel): adoptRunProfile() writes it to PTERO_PROFILE there, before vitest starts the workers, and
// each worker adopts the provided one again (suites/support/run-profile.ts), so all agree.
import { panelProfile, type PanelProfile } from './profiles.ts';
import { configuredProfileId } from './run-config.ts';

let selected: PanelProfile | undefined;
/** The PTERO_PROFILE `selected` was read for: a global setup that adopts the run's profile in this
 *  process (a live panel's detected one) changes it, and the reporters, which asked before, follow. */
let selectedFor: string | undefined;

export function selectedProfile(): PanelProfile {
  const env = process.env['PTERO_PROFILE'];
  if (selected === undefined || env !== selectedFor) {
    selected = panelProfile(configuredProfileId());
    selectedFor = env;
  }
  return selected;
}

/** Makes `id` this process's profile and the PTERO_PROFILE of every process it starts from now on. */
export function adoptRunProfile(id: string): PanelProfile {
  const profile = panelProfile(id);
  process.env['PTERO_PROFILE'] = id;
  selected = profile;
  selectedFor = id;
  return profile;
}
