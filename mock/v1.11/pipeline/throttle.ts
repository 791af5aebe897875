import { createHash } from 'node:crypto';
import { PanelErrorV111 } from '../errors/panel-error.ts';
import type { ContextV111 } from './context.ts';

/** One throttle middleware as it applies to a request: its cache key, limit and window. */
interface Limit {
  key: string;
  max: number;
  decayMinutes: number;
}

/**
 * The throttles of a route, outermost first: the group's named limiter (`throttle:api.application` /
 * `throttle:api.client`, keyed by md5(name + the user's uuid, else the IP), v1.11.8:app/Providers/RouteServiceProvider.php#L88-L110),
 * then a route's own `throttle:max,decay` (keyed by sha1 of the user's id). Laravel's middleware
 * priority puts both after authentication and before the bindings.
 */
export function limitsOf(ctx: ContextV111): Limit[] {
  const name = ctx.api === 'application' ? 'api.application' : 'api.client';
  const max = ctx.api === 'application' ? ctx.panel.options.limits.application : ctx.panel.options.limits.client;
  const by = ctx.user?.uuid || ctx.clientIp;
  const limits: Limit[] = [{ key: md5(`${name}${by}`), max, decayMinutes: 1 }];
  const own = ctx.route.throttle;
  if (own) {
    const signature = ctx.user ? sha1(String(ctx.user.id)) : sha1(`|${ctx.clientIp}`);
    limits.push({ key: signature, max: own.max, decayMinutes: own.decayMinutes });
  }
  return limits;
}

/**
 * ThrottleRequests::handleRequest (laravel-v10.1.4:src/Illuminate/Routing/Middleware/ThrottleRequests.php#L85-L120):
 * refuse with 429 once a window's hits reached its max, else count the hit. The 429's headers:
 * X-RateLimit-Limit, X-RateLimit-Remaining 0, Retry-After, X-RateLimit-Reset.
 */
export function throttle(ctx: ContextV111, limits: Limit[]): void {
  for (const limit of limits) {
    const result = ctx.panel.limiter.attempt(limit.key, limit.max, limit.decayMinutes);
    if (!result.allowed) {
      const headers = {
        'X-RateLimit-Limit': String(limit.max),
        'X-RateLimit-Remaining': '0',
        'Retry-After': String(result.retryAfter),
        'X-RateLimit-Reset': String(ctx.panel.clock.nowSeconds() + result.retryAfter),
      };
      // Every throttle layer already passed adds nothing: its Remaining is not below the 429's 0.
      Object.assign(ctx.rateLimitHeaders, headers);
      throw new PanelErrorV111('http', 429, 'ThrottleRequestsException', 'Too Many Attempts.', headers, '/vendor/laravel/framework/src/Illuminate/Routing/Middleware/ThrottleRequests.php');
    }
  }
}

/**
 * The headers the throttles add on the way out, innermost first: each writes Limit / Remaining unless
 * the response already carries a Remaining at or below its own (ThrottleRequests::getHeaders).
 */
export function rateLimitHeadersAfter(ctx: ContextV111, limits: Limit[]): Record<string, string> {
  let headers: Record<string, string> = {};
  for (const limit of [...limits].reverse()) {
    const remaining = Math.max(0, limit.max - ctx.panel.limiter.hits(limit.key));
    const current = headers['X-RateLimit-Remaining'];
    if (current !== undefined && Number(current) <= remaining) continue;
    headers = { ...headers, 'X-RateLimit-Limit': String(limit.max), 'X-RateLimit-Remaining': String(remaining) };
  }
  return headers;
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
