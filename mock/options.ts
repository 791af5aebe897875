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
}

export const STOCK_OPTIONS: MockOptions = {
  debug: false,
  limits: { application: 120, client: 60, utilization: 15 },
  clientPageSize: 15,
  maxBodyBytes: 8 * 1024 * 1024,
  control: false,
  trustProxy: false,
};

/** The control surface's own prefix, never under /api. */
export const CONTROL_PREFIX = '/__control';
