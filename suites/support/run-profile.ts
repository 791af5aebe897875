// A worker's panel profile is the run's (decided in the global setup: harness/preflight.ts runProfile).
// The worker inherits PTERO_PROFILE as the global setup left it; this makes sure of it before any
// suite file is collected, since the suites choose their behaviours by profile while being collected.
import { inject } from 'vitest';
import { adoptRunProfile, selectedProfile } from '../../harness/selected-profile.ts';
import '../../harness/provided-target.ts';

// Nothing is provided while behaviours are only listed (PTERO_LIST_ONLY): the configured profile stands.
const provided = inject('ptero') as { profile?: string } | undefined;
if (provided?.profile && selectedProfile().id !== provided.profile) adoptRunProfile(provided.profile);
