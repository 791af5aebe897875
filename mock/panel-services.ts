import type { OperationIndex } from '../harness/operation-index.ts';
import type { Clock } from './clock.ts';
import type { MockOptions } from '../harness/mock-options.ts';
import type { PanelStore } from './store/panel-store.ts';
import type { FixedWindowLimiter } from './throttle/fixed-window-limiter.ts';
import type { TransformerRegistry } from './transform/fractal.ts';

/**
 * What the pipeline's stages, the handlers and the simulated daemon may use of the panel: its store,
 * clock, options, rate limiter and routes. They get this narrow view, never the MockPanel itself, so
 * no stage depends on the class that runs them (and a second panel profile can hand in its own).
 */
export interface PanelServices {
  readonly store: PanelStore;
  readonly clock: Clock;
  readonly options: MockOptions;
  readonly limiter: FixedWindowLimiter;
  readonly index: OperationIndex;
  /** The panel's APP_TIMEZONE, in which stored timestamps are written. */
  readonly appTimezone: string;
  /** The panel profile's transformers by resource name (mock/profile.ts), for the shared serializer. */
  readonly transformers: TransformerRegistry;
}
