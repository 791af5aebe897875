import type { Violation } from '../violation.ts';
import { at, bodyOf, type CheckedResponse, violation } from './check-context.ts';

/** X-RateLimit-Limit is the expected limit and X-RateLimit-Remaining one less than before (when known). */
export function checkRateLimitHeaders(subject: CheckedResponse, limit: number, previousRemaining?: number): Violation[] {
  const out: Violation[] = [];
  const headers = subject.response.headers;
  const limitText = headers['x-ratelimit-limit'];
  const remainingText = headers['x-ratelimit-remaining'];
  if (limitText === undefined) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-limit', String(limit), 'absent'));
  else if (Number(limitText) !== limit) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-limit', String(limit), limitText));
  if (remainingText === undefined) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-remaining', 'present', 'absent'));
  else if (!/^\d+$/.test(remainingText)) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-remaining', 'a whole number', remainingText));
  else if (previousRemaining !== undefined && Number(remainingText) !== previousRemaining - 1) {
    out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-remaining', `${previousRemaining - 1} (one less than the previous answer)`, remainingText));
  }
  return out;
}

/**
 * The answer of one API right after the other API's window was spent, on a panel with a window per API
 * (1.x's named limiters api.application / api.client, v1.11.8:app/Providers/RouteServiceProvider.php#L92-L110):
 * admitted, with its own limit and the first request of its own window (remaining limit - 1). A 429, the
 * other API's limit, or a remaining the other API's requests used up means one shared window.
 */
export function checkOwnWindow(subject: CheckedResponse, limit: number): Violation[] {
  const out: Violation[] = [];
  const headers = subject.response.headers;
  if (subject.response.status === 429) out.push(violation(subject, 'rate-limit', '/status', 'admitted (its API\'s own window is fresh)', '429: throttled by the other API\'s spent window'));
  if (Number(headers['x-ratelimit-limit']) !== limit) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-limit', `${limit} (its own API's limit)`, headers['x-ratelimit-limit'] ?? 'absent'));
  if (Number(headers['x-ratelimit-remaining']) !== limit - 1) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-remaining', `${limit - 1} (the first request of its own window)`, headers['x-ratelimit-remaining'] ?? 'absent'));
  return out;
}

/** No route middleware ran: no X-RateLimit-* headers at all (unknown routes, 405, OPTIONS). */
export function checkNoRateLimitHeaders(subject: CheckedResponse): Violation[] {
  return ['x-ratelimit-limit', 'x-ratelimit-remaining']
    .filter((name) => subject.response.headers[name] !== undefined)
    .map((name) => violation(subject, 'rate-limit', `/headers/${name}`, 'absent (no route middleware ran)', subject.response.headers[name]));
}

/**
 * The throttled answer: 429 ThrottleRequestsException with Retry-After, X-RateLimit-Reset and
 * remaining 0. Whether the reset agrees with Date and Retry-After is `checkRateLimitReset`'s part.
 */
export function checkThrottled(subject: CheckedResponse, limit: number): Violation[] {
  const out: Violation[] = [];
  const headers = subject.response.headers;
  if (subject.response.status !== 429) out.push(violation(subject, 'status', '', '429', String(subject.response.status)));
  const code = at(bodyOf(subject), 'errors', 0, 'code');
  if (code !== 'ThrottleRequestsException') out.push(violation(subject, 'rate-limit', '/errors/0/code', '"ThrottleRequestsException"', code));
  if (headers['x-ratelimit-limit'] !== String(limit)) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-limit', String(limit), headers['x-ratelimit-limit'] ?? 'absent'));
  if (headers['x-ratelimit-remaining'] !== '0') out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-remaining', '0', headers['x-ratelimit-remaining'] ?? 'absent'));
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] === undefined || !Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 60) {
    out.push(violation(subject, 'rate-limit', '/headers/retry-after', 'seconds until the window ends (0–60)', headers['retry-after'] ?? 'absent'));
  }
  if (headers['x-ratelimit-reset'] === undefined) out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-reset', 'the unix time the window ends', 'absent'));
  return out;
}

/** 401 for a missing bearer carries the challenge WWW-Authenticate: Bearer. */
export function checkBearerChallenge(subject: CheckedResponse): Violation[] {
  const value = subject.response.headers['www-authenticate'];
  return value === 'Bearer' ? [] : [violation(subject, 'header', '/headers/www-authenticate', 'Bearer', value ?? 'absent')];
}
