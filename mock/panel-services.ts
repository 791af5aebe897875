import type { OperationIndex } from '../harness/operation-index.ts';
import type { Clock } from './clock.ts';
import type { MockOptions } from '../harness/mock-options.ts';
import type { Seed } from './store/rows.ts';
import type { PanelStore, StoreSeed } from './store/panel-store.ts';
import type { FixedWindowLimiter } from './throttle/fixed-window-limiter.ts';
import type { TransformerRegistry } from './transform/fractal.ts';

/**
 * What the pipeline's stages, the handlers and the simulated daemon may use of the panel: its store,
 * clock, options, rate limiter and routes. They get this narrow view, never the MockPanel itself, so
 * no stage depends on the class that runs them. Typed by the profile's seed: `PanelServices` is
 * v0.7.19's, `PanelServices<SeedV111>` the 1.11 twin's (the same services over its own tables).
 */
export interface PanelServices<S extends StoreSeed = Seed> {
  readonly store: PanelStore<S>;
  readonly clock: Clock;
  readonly options: MockOptions;
  readonly limiter: FixedWindowLimiter;
  readonly index: OperationIndex;
  /** The panel's APP_TIMEZONE, in which stored timestamps are written. */
  readonly appTimezone: string;
  /** The panel profile's transformers by resource name (mock/profile.ts), for the shared serializer. */
  readonly transformers: TransformerRegistry;
}
