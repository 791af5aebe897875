// The mock's parts of a stock Pterodactyl Panel v0.7.19 (registered in harness/profiles.yaml). The
// code stays where it always was; this module only names it for the profile seam (mock/profile.ts).
import { settleInstalls } from '../daemon/server-daemon.ts';
import { renderError } from '../errors/render-error.ts';
import { V07_HANDLERS } from '../handlers/registry.ts';
import type { MockProfile } from '../profile.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { loadSeed, SEED_SCHEMA_PATH } from '../store/seed-loader.ts';
import { V07_TRANSFORMERS } from '../transform/transformers/registry.ts';
import { ruleSets } from '../validation/rule-sets.ts';

export const profile: MockProfile = {
  id: 'v0.7.19',
  seed: { load: loadSeed, schema: SEED_SCHEMA_PATH },
  handlers: V07_HANDLERS,
  transformers: V07_TRANSFORMERS,
  validationRules: ruleSets,
  pipeline: runPipeline,
  renderError,
  daemon: { settle: settleInstalls },
};
