import type { Clock } from '../clock.ts';

// Expired windows are dropped every this many attempts (cheap next to the requests themselves).
const SWEEP_EVERY = 1000;

interface Window {
  hits: number;
  endsAt: number; // seconds since the epoch
}

export interface ThrottleResult {
  allowed: boolean;
  /** Hits in the window after this request (rejected requests are not counted). */
  hits: number;
  /** Seconds until the window ends. */
  retryAfter: number;
  /** Unix time at which the window ends. */
  resetAt: number;
}

/**
 * Laravel 5.7's ThrottleRequests over the cache RateLimiter: a fixed window that starts at the
 * first hit and lasts `decay` minutes; a request is refused when hits >= max while the window lives.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();
  private attemptsSinceSweep = 0;

  constructor(private readonly clock: Clock) {}

  attempt(key: string, max: number, decayMinutes = 1): ThrottleResult {
    if (++this.attemptsSinceSweep >= SWEEP_EVERY) this.sweep();
    const now = this.clock.nowSeconds();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + decayMinutes * 60 };
      this.windows.set(key, window);
    }
    const retryAfter = Math.max(0, window.endsAt - now);
    if (window.hits >= max) return { allowed: false, hits: window.hits, retryAfter, resetAt: window.endsAt };
    window.hits += 1;
    return { allowed: true, hits: window.hits, retryAfter, resetAt: window.endsAt };
  }

  /** Hits of a live window (0 when none), read after a request ran. */
  hits(key: string): number {
    const window = this.windows.get(key);
    return window && window.endsAt > this.clock.nowSeconds() ? window.hits : 0;
  }

  reset(): void {
    this.windows.clear();
  }

  /** Drops expired windows so memory does not grow with the number of client IPs seen. */
  sweep(): void {
    this.attemptsSinceSweep = 0;
    const now = this.clock.nowSeconds();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
