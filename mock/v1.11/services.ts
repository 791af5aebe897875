import type { Clock } from '../clock.ts';
import type { FixedWindowLimiter } from '../throttle/fixed-window-limiter.ts';
import type { MockOptionsV111 } from './options.ts';
import type { StoreViewV111 } from './store/table-store.ts';

/**
 * What the v1.11 pipeline's stages, the handlers and the simulated Wings may use of the panel: they
 * get this view, never the panel class that runs them.
 */
export interface ServicesV111 {
  readonly store: StoreViewV111;
  readonly clock: Clock;
  readonly options: MockOptionsV111;
  readonly limiter: FixedWindowLimiter;
  readonly appTimezone: string;
  /** pterodactyl.auth.2fa_required in effect. */
  readonly twoFactorRequired: 0 | 1 | 2;
}
