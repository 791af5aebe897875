// The panel profile this process works with: the one PTERO_PROFILE names (harness/run-config.ts),
// looked up in the registry (harness/profiles.ts). Read once per process; the run's workers inherit
// the same environment and .env, so they agree with the process that started them.
import { panelProfile, type PanelProfile } from './profiles.ts';
import { configuredProfileId } from './run-config.ts';

let selected: PanelProfile | undefined;

export function selectedProfile(): PanelProfile {
  selected ??= panelProfile(configuredProfileId());
  return selected;
}
