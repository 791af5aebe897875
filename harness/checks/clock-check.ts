import type { Violation } from '../violation.ts';
import { at, bodyOf, type CheckedResponse, violation } from './check-context.ts';

/**
 * How far apart two clocks may be and still count as agreeing: the panel's `Date`, its database
 * timestamps and this machine's clock. Covers transit, a loaded machine and ordinary clock skew; a
 * panel answering from another day (a reset or a creation time from years ago) is far outside it.
 */
export const CLOCK_TOLERANCE_SECONDS = 60;

function dateHeaderMs(subject: CheckedResponse, out: Violation[]): number | undefined {
  const text = subject.response.headers['date'];
  const ms = text === undefined ? NaN : Date.parse(text);
  if (Number.isNaN(ms)) {
    out.push(violation(subject, 'header', '/headers/date', 'an HTTP date (RFC 7231), the time of the answer', text ?? 'absent'));
    return undefined;
  }
  return ms;
}

/**
 * A 429's X-RateLimit-Reset is the unix time the window ends: the answer's `Date` plus
 * `Retry-After` (Laravel's ThrottleRequests derives both from one `now`; ±1 s for the second
 * boundary), and it lies in the future: not before `Date`, and not behind this machine's clock
 * (`observedAtMs`, when the answer arrived) by more than the tolerance.
 */
export function checkRateLimitReset(subject: CheckedResponse, observedAtMs: number): Violation[] {
  const out: Violation[] = [];
  const headers = subject.response.headers;
  const dateMs = dateHeaderMs(subject, out);
  const resetText = headers['x-ratelimit-reset'];
  const retryText = headers['retry-after'];
  const reset = Number(resetText);
  const retryAfter = Number(retryText);
  if (resetText === undefined || !/^\d+$/.test(resetText)) {
    out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-reset', 'the unix time the window ends (whole seconds)', resetText ?? 'absent'));
    return out;
  }
  if (retryText === undefined || !/^\d+$/.test(retryText)) {
    out.push(violation(subject, 'rate-limit', '/headers/retry-after', 'seconds until the window ends', retryText ?? 'absent'));
    return out;
  }
  if (dateMs === undefined) return out;
  const date = Math.floor(dateMs / 1000);
  if (Math.abs(reset - (date + retryAfter)) > 1) {
    out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-reset', `Date + Retry-After = ${date + retryAfter} (±1 s)`, resetText));
  }
  const observed = Math.floor(observedAtMs / 1000);
  if (reset < date || reset < observed - CLOCK_TOLERANCE_SECONDS) {
    out.push(violation(subject, 'rate-limit', '/headers/x-ratelimit-reset', `a time in the future (not before Date ${date}, nor ${CLOCK_TOLERANCE_SECONDS} s behind this machine's ${observed})`, resetText));
  }
  return out;
}

export type TimestampField = 'created_at' | 'updated_at';

/**
 * The timestamps of a resource the suite just created (`created_at`, `updated_at`) or changed
 * (`updated_at`) were written now: within the tolerance of the answer's own `Date`. Read at
 * `/attributes/<field>` (or under `base`); each must be an instant with a zone.
 */
export function checkFreshTimestamps(subject: CheckedResponse, fields: readonly TimestampField[], base: readonly string[] = ['attributes']): Violation[] {
  const out: Violation[] = [];
  const dateMs = dateHeaderMs(subject, out);
  if (dateMs === undefined) return out;
  const body = bodyOf(subject);
  for (const field of fields) {
    const pointer = `/${[...base, field].join('/')}`;
    const value = at(body, ...base, field);
    const ms = typeof value === 'string' && /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) {
      out.push(violation(subject, 'body', pointer, 'an ISO-8601 instant with a zone', value));
      continue;
    }
    if (Math.abs(ms - dateMs) > CLOCK_TOLERANCE_SECONDS * 1000) {
      out.push(violation(subject, 'body', pointer, `within ${CLOCK_TOLERANCE_SECONDS} s of the answer's Date ${new Date(dateMs).toISOString()} (written just now)`, value));
    }
  }
  return out;
}
