// Whether a behaviour runs against the configured target, and if not, why: one function for the
// run itself (suites/support/conformance.ts) and for `npm run conformance -- --list`, so the list
// says exactly what a run would do. Pure: no session, no request.
import type { BehaviourMeta } from './behaviour-meta.ts';
import { keyVariable, type KeyRole, type RunConfig } from './run-config.ts';

/** What the target allows: the run configuration, and whether it is the embedded mock. */
export interface GateTarget {
  mock: boolean;
  config: Pick<RunConfig, 'allowWrites' | 'allowDestructive' | 'probeRateLimit' | 'allowServerErrors' | 'fullAuthMatrix'>;
  hasKey(role: KeyRole): boolean;
}

/** Why `meta` is not run against `target`, naming the exact variable to set; undefined when it runs. */
export function reasonNotRun(target: GateTarget, meta: BehaviourMeta): string | undefined {
  if (meta.mockOnly && !target.mock) return 'needs the embedded mock (it sets daemon states or the clock)';
  if (meta.effect === 'write' && !target.config.allowWrites) return 'creates or changes resources: set PTERO_ALLOW_WRITES=1';
  if (meta.effect === 'destructive' && !target.config.allowDestructive) return 'touches existing resources: set PTERO_ALLOW_WRITES=1 and PTERO_ALLOW_DESTRUCTIVE=1';
  if (meta.provokes === 'server-error' && !target.config.allowServerErrors) return 'provokes a server error (5xx) the panel logs as an exception: set PTERO_ALLOW_SERVER_ERRORS=1';
  if (meta.rateLimitProbe && !target.config.probeRateLimit) return 'spends a whole rate-limit window: set PTERO_PROBE_RATE_LIMIT=1';
  if (meta.liveRepresentative && !target.mock && !target.config.fullAuthMatrix) {
    return `checked on ${meta.liveRepresentative} for the whole route group on a live panel (one middleware; the rate limit is the budget): set PTERO_FULL_AUTH_MATRIX=1 for every operation`;
  }
  const missing = (meta.keys ?? []).filter((role) => !target.hasKey(role));
  if (missing.length > 0) return `needs the key role(s) ${missing.join(', ')}: set ${missing.map(keyVariable).join(', ')}`;
  return undefined;
}
