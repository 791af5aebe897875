import type { RequestContext } from './request-context.ts';
import { throttled } from './throttle-group.ts';

/**
 * The utilization route's own `throttle:15,1`, after authentication, so keyed by user id across all
 * of the user's keys and servers. Its headers are overwritten by the outer group throttle
 * (v0.7.19:routes/api-client.php#L25-L27): only Retry-After and X-RateLimit-Reset of a 429 survive.
 */
export function throttleUtilization(ctx: RequestContext): void {
  const max = ctx.panel.options.limits.utilization;
  const result = ctx.panel.limiter.attempt(`user|${ctx.user?.id ?? 0}`, max);
  if (!result.allowed) throw throttled(result.retryAfter, result.resetAt, max);
}
