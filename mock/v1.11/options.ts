/** How a v1.11 twin is set up; every field mirrors a setting a real 1.11 panel has. */
export interface MockOptionsV111 {
  /** APP_DEBUG: real messages, `source` and `meta.trace` in error bodies. */
  debug: boolean;
  /** config/http.php rate_limit.application / .client per minute (APP_API_*_RATELIMIT). */
  limits: { application: number; client: number };
  /** PHP post_max_size in bytes (413 above it). */
  maxBodyBytes: number;
  /** Seed file; fixtures/v1.11/seed.yaml when absent. */
  seedPath?: string;
  /** Serves the control surface. */
  control: boolean;
  /** TRUSTED_PROXIES: the client IP from X-Forwarded-For. */
  trustProxy: boolean;
  /** pterodactyl.auth.2fa_required (0 none, 1 admins, 2 everyone); the seed's when absent. */
  twoFactorRequired?: 0 | 1 | 2;
  /** Tests only: an ISO-8601 instant the clock stands still at. */
  clock?: string;
  /**
   * pterodactyl.client_features.allocations (PTERODACTYL_CLIENT_ALLOCATIONS_ENABLED, _RANGE_START,
   * _RANGE_END): lets clients add allocations; absent: off, as on a stock panel.
   */
  clientAllocations?: { rangeStart: number; rangeEnd: number };
  /** How long installs the panel starts take on the simulated Wings, in seconds; absent: until told. */
  installSeconds?: number;
}

export const STOCK_OPTIONS_V111: MockOptionsV111 = {
  debug: false,
  limits: { application: 240, client: 720 },
  maxBodyBytes: 8 * 1024 * 1024,
  control: false,
  trustProxy: false,
};
