// The mock's parts of a stock Pterodactyl Panel v1.11.8 (registered in harness/profiles.yaml): the
// twin under mock/v1.11/ plugged into the shared MockPanel through the profile seam
// (mock/profile.ts). The shared panel keeps the 1.11 tables in its PanelStore<SeedV111>, Wings'
// state as its simulated daemon; reset, snapshots and the journal are the shared ones.
import type { MockOptions } from '../../harness/mock-options.ts';
import type { MockProfile } from '../profile.ts';
import type { TransformerRegistry } from '../transform/fractal.ts';
import { renderErrorV111 } from '../v1.11/errors/render-error.ts';
import { runPipelineV111 } from '../v1.11/pipeline/run-pipeline.ts';
import type { SeedV111 } from '../v1.11/store/rows.ts';
import { loadSeedV111, SEED_SCHEMA_PATH_V111 } from '../v1.11/store/seed-loader.ts';
import { ruleSetsV111 } from '../v1.11/validation/validate.ts';
import { implementedOperationsV111 } from '../v1.11/handlers/registry.ts';

/** config/http.php: 240 application / 720 client requests a minute. */
const STOCK_V111: Partial<MockOptions> = { limits: { application: 240, client: 720, utilization: 15 } };

export const profile: MockProfile<SeedV111> = {
  id: 'v1.11',
  seed: { load: loadSeedV111, schema: SEED_SCHEMA_PATH_V111 },
  // The twin routes and dispatches itself (mock/v1.11/handlers/registry.ts); the shared 0.7
  // transformer registry does not apply to it.
  operations: implementedOperationsV111,
  transformers: {} as TransformerRegistry,
  validationRules: ruleSetsV111,
  pipeline: runPipelineV111,
  renderError: renderErrorV111,
  // Wings' installs end when the client half's simulation says so (it settles them in its handlers).
  daemon: { settle: () => undefined },
  stockOptions: STOCK_V111,
};
