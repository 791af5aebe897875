import type { PreflightResult } from './preflight.ts';
import type { KeyRole, RunConfig } from './run-config.ts';

/** What the global setup hands every test worker. */
export interface ProvidedTarget {
  mode: 'mock' | 'live';
  /** The panel profile the run checks against (harness/preflight.ts runProfile: today the configured PTERO_PROFILE). */
  profile: string;
  url: string;
  /** The mock's control surface (mock mode only). */
  controlUrl: string | undefined;
  config: RunConfig;
  /** Where workers append one line per exchange (operation, status; nothing secret) for the coverage matrix. */
  exchangeLogPath: string;
  /** What the preflight found (a failed one ends the run before any behaviour). */
  preflight?: PreflightResult;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ptero: ProvidedTarget;
  }
}

export type { KeyRole };
