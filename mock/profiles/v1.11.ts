// The mock's parts of a stock Pterodactyl Panel v1.11.8 (registered in harness/profiles.yaml): the
// twin under mock/v1.11/ plugged into the shared MockPanel through the profile seam
// (mock/profile.ts). The shared panel keeps the 1.11 tables in its PanelStore (the seed loader hands
// it the 1.11 seed, with Wings' state where 0.7 keeps the daemon's); the twin's own pipeline works on
// a view of that store, so reset, snapshots and the journal stay the shared ones.
import type { MockOptions } from '../../harness/mock-options.ts';
import type { HandlerTable } from '../handlers/handler.ts';
import type { IncomingRequest } from '../http/messages.ts';
import type { PanelServices } from '../panel-services.ts';
import type { MockProfile, PipelineOutcome } from '../profile.ts';
import type { PanelStore } from '../store/panel-store.ts';
import type { Seed } from '../store/rows.ts';
import type { TransformerRegistry } from '../transform/fractal.ts';
import { renderErrorV111 } from '../v1.11/errors/render-error.ts';
import { runPipelineV111 } from '../v1.11/pipeline/run-pipeline.ts';
import type { ServicesV111 } from '../v1.11/services.ts';
import type { SeedV111, TablesV111, WingsState } from '../v1.11/store/rows.ts';
import { loadSeedV111, SEED_SCHEMA_PATH_V111 } from '../v1.11/store/seed-loader.ts';
import type { StoreViewV111 } from '../v1.11/store/table-store.ts';
import { ruleSetsV111 } from '../v1.11/validation/validate.ts';

/** config/http.php: 240 application / 720 client requests a minute. */
const STOCK_V111: Partial<MockOptions> = { limits: { application: 240, client: 720, utilization: 15 } };

/** The 1.11 seed in the shape the shared PanelStore keeps: its tables, and Wings' state as `daemon`. */
function loadSeedForSharedStore(path: string): Seed {
  const seed = loadSeedV111(path);
  return { now: seed.now, app_timezone: seed.app_timezone, two_factor_required: seed.two_factor_required, tables: seed.tables, daemon: seed.wings } as unknown as Seed;
}

interface SharedStoreOfV111 {
  tables: TablesV111;
  daemon: WingsState;
  seed: SeedV111;
}

const views = new WeakMap<PanelStore, StoreViewV111>();

/** The twin's view of the shared store: the same rows, Wings' state under `wings`. */
function viewOf(store: PanelStore): StoreViewV111 {
  let view = views.get(store);
  if (!view) {
    const shared = store as unknown as SharedStoreOfV111;
    const rows = store as unknown as StoreViewV111;
    view = {
      get tables() {
        return shared.tables;
      },
      get wings() {
        return shared.daemon;
      },
      set wings(state: WingsState) {
        shared.daemon = state;
      },
      all: (table) => rows.all(table),
      find: (table, id) => rows.find(table, id),
      where: (table, predicate) => rows.where(table, predicate),
      first: (table, predicate) => rows.first(table, predicate),
      insert: (table, row) => rows.insert(table, row),
      remove: (table, predicate) => rows.remove(table, predicate),
      transaction: (change) => rows.transaction(change),
    };
    views.set(store, view);
  }
  return view;
}

function servicesOf(panel: PanelServices): ServicesV111 {
  const { options } = panel;
  const seed = (panel.store as unknown as SharedStoreOfV111).seed;
  return {
    store: viewOf(panel.store),
    clock: panel.clock,
    limiter: panel.limiter,
    appTimezone: panel.appTimezone,
    twoFactorRequired: seed.two_factor_required,
    options: {
      debug: options.debug,
      limits: { application: options.limits.application, client: options.limits.client },
      maxBodyBytes: options.maxBodyBytes,
      control: options.control,
      trustProxy: options.trustProxy,
      ...(options.seedPath !== undefined ? { seedPath: options.seedPath } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      ...(options.installSeconds !== undefined ? { installSeconds: options.installSeconds } : {}),
    },
  };
}

export const profile: MockProfile = {
  id: 'v1.11',
  seed: { load: loadSeedForSharedStore, schema: SEED_SCHEMA_PATH_V111 },
  // The twin routes and dispatches itself (mock/v1.11/handlers/registry.ts); the shared 0.7 handler
  // table and transformer registry do not apply to it.
  handlers: {} as HandlerTable,
  transformers: {} as TransformerRegistry,
  validationRules: ruleSetsV111,
  pipeline: (panel: PanelServices, request: IncomingRequest): Promise<PipelineOutcome> => runPipelineV111(servicesOf(panel), request),
  renderError: renderErrorV111,
  // Wings' installs end when the client half's simulation says so (it settles them in its handlers).
  daemon: { settle: () => undefined },
  stockOptions: STOCK_V111,
};
