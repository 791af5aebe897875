// Whether a behaviour runs against the configured target, and if not, why: one function for the
// run itself (suites/support/conformance.ts) and for `npm run conformance -- --list`, so the list
// says exactly what a run would do. Pure: no session, no request.
import { keyVariable, type KeyRole, type RunConfig } from '../../harness/run-config.ts';

export type SideEffect = 'read' | 'write' | 'destructive';

/** Test262-style front matter of one behaviour; reports and the behaviour list are built from it. */
export interface BehaviourMeta {
  /** The spec operationId, when the behaviour concerns one. */
  operation?: string;
  /** Stable id, e.g. users.view.unknown-id; expectations refer to it. */
  behaviour: string;
  effect: SideEffect;
  /** Key roles the behaviour needs; missing ones make it "not run", never passed. */
  keys?: KeyRole[];
  /** Legacy-docs category (application/users …); derived from the operation's tag when absent. */
  category?: string;
  /** Needs the mock's control surface (daemon states, the clock). */
  mockOnly?: boolean;
  /** Needs PTERO_PROBE_RATE_LIMIT=1 on a live panel (it spends a whole window). */
  rateLimitProbe?: boolean;
  /**
   * `server-error`: the answer it expects is a 5xx (status >= 500), which a live panel writes to its
   * error log as an exception: it needs PTERO_ALLOW_SERVER_ERRORS=1 there.
   */
  provokes?: 'server-error';
  /**
   * On a live panel this variant runs on one representative operation only (named here), because
   * what it checks is a middleware of the whole route group and the panel's rate limit is the
   * budget; PTERO_FULL_AUTH_MATRIX=1 runs it everywhere. The embedded mock always runs it.
   */
  liveRepresentative?: string;
  /**
   * What a failure endangers, when more than one operation: `access` (authentication, permissions:
   * a panel that breaks it is unsafe), `contract` (the API as a whole: routing, errors before the
   * route middleware, rate limits). Either makes its Allure severity critical.
   */
  concerns?: 'access' | 'contract';
}

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
