/** How a mock panel is set up; every field mirrors a setting a real 0.7 panel has. */
export interface MockOptions {
  /** APP_DEBUG: real messages, `source` and `meta.trace` in error bodies. */
  debug: boolean;
  /** Group and route throttles per minute; stock 0.7 hard-codes 120 / 60 / 15. */
  limits: { application: number; client: number; utilization: number };
  /** APP_PAGINATE_FRONT_SERVERS, the client list's page size. */
  clientPageSize: number;
  /** PHP post_max_size in bytes (413 above it). */
  maxBodyBytes: number;
  /** Seed file; the shipped fixtures when absent. */
  seedPath?: string;
  /** Enables the control surface under CONTROL_PREFIX. */
  control: boolean;
  /** TRUSTED_PROXIES: take the client IP from X-Forwarded-For. */
  trustProxy: boolean;
  /**
   * For tests only: an instant (ISO-8601 with a zone) the clock stands still at. Absent (the
   * default, as on any real panel): the wall clock.
   */
  clock?: string;
  /**
   * How long the simulated daemon's install script runs for installs the panel starts (server
   * creation, reinstall), in seconds of the mock clock; then the server is stopped and `installed`.
   * Absent: until the control surface ends it (`PUT /__control/daemon/servers/{id}`), so tests
   * decide when, and seeded installs never end on their own.
   */
  installSeconds?: number;
  /**
   * The panel profile the mock plays (harness/profiles.yaml; its mock module holds the per-version
   * parts, mock/profile.ts). Absent: the default profile, v0.7.19.
   */
  profile?: string;
  /**
   * 1.x only: pterodactyl.auth.2fa_required (0 none, 1 admins, 2 everyone); absent: the seed's.
   * v0.7.19 has no such setting.
   */
  twoFactorRequired?: 0 | 1 | 2;
  /**
   * 1.x only: pterodactyl.client_features.allocations (PTERODACTYL_CLIENT_ALLOCATIONS_ENABLED,
   * _RANGE_START, _RANGE_END) lets clients add allocations; absent: off, as on a stock panel.
   */
  clientAllocations?: { rangeStart: number; rangeEnd: number };
}

export const STOCK_OPTIONS: MockOptions = {
  debug: false,
  limits: { application: 120, client: 60, utilization: 15 },
  clientPageSize: 15,
  maxBodyBytes: 8 * 1024 * 1024,
  control: false,
  trustProxy: false,
};

/** The instant a `clock` option names, in ms since the epoch; why it is unusable otherwise. */
export function parseClockOption(text: string): number | string {
  // A zone is required: an instant without one would depend on the machine's TZ.
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return `clock must be an ISO-8601 instant with a zone (e.g. 2020-10-05T12:00:00Z), got "${text}"`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? `clock must be an ISO-8601 instant with a zone (e.g. 2020-10-05T12:00:00Z), got "${text}"` : ms;
}

/** The control surface's own prefix, never under /api (its routes: harness/control-routes.ts). */
export { CONTROL_PREFIX } from './control-routes.ts';
