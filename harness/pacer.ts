import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimitWindows } from './profiles.ts';

export type Api = 'application' | 'client';

const STOCK_LIMITS: Record<Api, number> = { application: 120, client: 60 };
const UTILIZATION_LIMIT = 15;
const RESERVE = 2;
const WINDOW_MS = 61_000;

/**
 * Keeps the suite's own traffic under the panel's rate-limit windows: it learns the used budget from
 * every X-RateLimit-* answer and, before it runs out, resets the mock's counters through the control
 * surface or, on a live panel, waits for the window to end.
 *
 * `shared` (0.7): one per-IP window for both APIs (v0.7.19:app/Http/Kernel.php#L75-L89), so an
 * answer's headers tell the whole budget. `per-api` (1.x): a window per API and key owner
 * (v1.11.8:app/Providers/RouteServiceProvider.php#L85-L110); the pacer cannot tell which keys share an
 * owner, so per API it counts every request it sends and takes the larger of that and what the
 * headers say was used: never less than any one owner's window holds (401s, which the panel does not
 * count, make it wait early rather than late).
 */
export class Pacer {
  private limits = { ...STOCK_LIMITS };
  private used = 0;
  private windowStartedAt: number | undefined;
  /** per-api only: each API's window (the shared fields above stay unused). */
  private readonly apis = new Map<Api, { used: number; startedAt: number }>();
  private readonly utilization = new Map<string, { count: number; startedAt: number }>();
  /** Milliseconds the pacer slept, for the run summary. */
  waitedMs = 0;
  /** Told before every wait, with its length and why in plain words (the run says so on the terminal). */
  onWait: ((ms: number, why: string) => void) | undefined;

  constructor(
    private readonly resetMockCounters: (() => Promise<void>) | undefined,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
    private readonly windows: RateLimitWindows = 'shared',
  ) {}

  async beforeRequest(api: Api, utilizationOf?: string): Promise<void> {
    if (this.windows === 'per-api') return this.beforePerApi(api);
    if (this.used >= this.limits[api] - RESERVE) await this.newWindow(this.windowStartedAt, `${api}: ${Math.max(0, this.limits[api] - this.used)} of ${this.limits[api]} left`);
    if (utilizationOf !== undefined) {
      const entry = this.utilization.get(utilizationOf);
      if (entry && this.now() - entry.startedAt >= WINDOW_MS) this.utilization.delete(utilizationOf);
      else if (entry && entry.count >= UTILIZATION_LIMIT - 1) await this.newWindow(entry.startedAt, `server utilization: ${UTILIZATION_LIMIT - entry.count} of ${UTILIZATION_LIMIT} left`);
      const current = this.utilization.get(utilizationOf) ?? { count: 0, startedAt: this.now() };
      current.count += 1;
      this.utilization.set(utilizationOf, current);
    }
    if (this.windowStartedAt === undefined) this.windowStartedAt = this.now();
  }

  /** Learns from a routed answer's headers (lower-cased names). */
  afterResponse(api: Api, headers: Record<string, string>): void {
    const limit = Number(headers['x-ratelimit-limit']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (!Number.isInteger(limit) || !Number.isInteger(remaining)) return;
    this.limits[api] = limit;
    if (this.windows === 'per-api') {
      const window = this.apis.get(api);
      if (window) window.used = Math.max(window.used, limit - remaining);
      return;
    }
    this.used = Math.max(0, limit - remaining);
  }

  private async beforePerApi(api: Api): Promise<void> {
    const window = this.apis.get(api);
    if (window && this.now() - window.startedAt >= WINDOW_MS) this.apis.delete(api);
    else if (window && window.used >= this.limits[api] - RESERVE) {
      const why = `${api}: ${Math.max(0, this.limits[api] - window.used)} of ${this.limits[api]} left`;
      if (this.resetMockCounters) await this.resetMockCounters();
      else await this.sleep(Math.max(0, window.startedAt + WINDOW_MS - this.now()), why);
      this.apis.delete(api);
    }
    const current = this.apis.get(api) ?? { used: 0, startedAt: this.now() };
    current.used += 1;
    this.apis.set(api, current);
  }

  /** After a 429 the suite itself caused: wait out Retry-After (bounded) before one retry. */
  async backOff(retryAfterSeconds: number, maxSeconds: number): Promise<boolean> {
    if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds > maxSeconds) return false;
    if (this.resetMockCounters) await this.newWindow();
    else await this.sleep((retryAfterSeconds + 1) * 1000, `the panel answered 429 with Retry-After ${retryAfterSeconds}`);
    return true;
  }

  private async newWindow(startedAt = this.windowStartedAt, why = 'window spent'): Promise<void> {
    if (this.resetMockCounters) await this.resetMockCounters();
    else await this.sleep(Math.max(0, (startedAt ?? this.now()) + WINDOW_MS - this.now()), why);
    this.used = 0;
    this.windowStartedAt = undefined;
    this.utilization.clear();
    this.apis.clear();
  }

  private async sleep(ms: number, why: string): Promise<void> {
    if (ms > 0) this.onWait?.(ms, why);
    this.waitedMs += ms;
    await this.wait(ms);
  }
}
