import { PanelError } from '../errors/panel-error.ts';
import type { RequestContext } from './request-context.ts';

/**
 * The group throttle (`throttle:120,1` / `throttle:60,1`): it runs before authentication, so its
 * counter is keyed by client IP alone and both APIs share it (v0.7.19:app/Http/Kernel.php#L75-L89).
 */
export function throttleGroup(ctx: RequestContext): void {
  const max = groupLimit(ctx);
  const result = ctx.panel.limiter.attempt(groupKey(ctx), max);
  if (!result.allowed) {
    ctx.rateLimitHeaders['X-RateLimit-Limit'] = String(max);
    ctx.rateLimitHeaders['X-RateLimit-Remaining'] = '0';
    throw throttled(result.retryAfter, result.resetAt, max);
  }
}

/** The headers the group throttle writes after the route ran: hits are read afterwards. */
export function groupRateLimitHeaders(ctx: RequestContext): Record<string, string> {
  const max = groupLimit(ctx);
  const remaining = Math.max(0, max - ctx.panel.limiter.hits(groupKey(ctx)));
  return { 'X-RateLimit-Limit': String(max), 'X-RateLimit-Remaining': String(remaining) };
}

export function throttled(retryAfter: number, resetAt: number, max: number): PanelError {
  return new PanelError(429, 'ThrottleRequestsException', 'Too Many Attempts.', {
    headers: {
      'X-RateLimit-Limit': String(max),
      'X-RateLimit-Remaining': '0',
      'Retry-After': String(retryAfter),
      'X-RateLimit-Reset': String(resetAt),
    },
    sourceFile: '/vendor/laravel/framework/src/Illuminate/Routing/Middleware/ThrottleRequests.php',
  });
}

function groupLimit(ctx: RequestContext): number {
  return ctx.api === 'application' ? ctx.panel.options.limits.application : ctx.panel.options.limits.client;
}

function groupKey(ctx: RequestContext): string {
  return `ip|${ctx.clientIp}`;
}
