import { createHash } from 'node:crypto';
import { PanelErrorV111 } from '../errors/panel-error.ts';
import type { ContextV111 } from './context.ts';

/** One throttle middleware as it applies to a request: its cache key, limit and window. */
export interface Limit {
  key: string;
  max: number;
  decayMinutes: number;
}

/**
 * The group's named limiter (`throttle:api.application` / `throttle:api.client`), keyed by md5(name +
 * the user's uuid, else the IP) (v1.11.8:app/Providers/RouteServiceProvider.php#L88-L110).
 */
export function groupLimitOf(ctx: ContextV111): Limit {
  const name = ctx.api === 'application' ? 'api.application' : 'api.client';
  const max = ctx.api === 'application' ? ctx.panel.options.limits.application : ctx.panel.options.limits.client;
  return { key: md5(`${name}${ctx.user?.uuid || ctx.clientIp}`), max, decayMinutes: 1 };
}

/** A route's own `throttle:max,decay` (files/pull's 10,5), keyed by sha1 of the user's id. */
export function routeLimitOf(ctx: ContextV111): Limit | undefined {
  const own = ctx.route.throttle;
  if (!own) return undefined;
  const signature = ctx.user ? sha1(String(ctx.user.id)) : sha1(`|${ctx.clientIp}`);
  return { key: signature, max: own.max, decayMinutes: own.decayMinutes };
}

/**
 * ThrottleRequests::handleRequest (laravel-v10.1.4:src/Illuminate/Routing/Middleware/ThrottleRequests.php#L85-L120):
 * refuse with 429 once the window's hits reached its max, else count the hit and remember the limit,
 * whose headers the answer gets on the way out. The 429's headers: X-RateLimit-Limit,
 * X-RateLimit-Remaining 0, Retry-After, X-RateLimit-Reset.
 */
export function throttle(ctx: ContextV111, limit: Limit, passed: Limit[]): void {
  const result = ctx.panel.limiter.attempt(limit.key, limit.max, limit.decayMinutes);
  if (!result.allowed) {
    const headers = {
      'X-RateLimit-Limit': String(limit.max),
      'X-RateLimit-Remaining': '0',
      'Retry-After': String(result.retryAfter),
      'X-RateLimit-Reset': String(ctx.panel.clock.nowSeconds() + result.retryAfter),
    };
    // The throttles passed before add nothing to it: their Remaining is not below the 429's 0.
    Object.assign(ctx.rateLimitHeaders, headers);
    throw new PanelErrorV111('http', 429, 'ThrottleRequestsException', 'Too Many Attempts.', headers, '/vendor/laravel/framework/src/Illuminate/Routing/Middleware/ThrottleRequests.php');
  }
  passed.push(limit);
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
