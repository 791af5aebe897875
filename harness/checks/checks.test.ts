import { describe, expect, it } from 'vitest';
import type { RecordedResponse } from '../exchange.ts';
import type { CheckedResponse } from './check-context.ts';
import { checkFreshTimestamps, checkRateLimitReset } from './clock-check.ts';
import { checkDebugShape, checkError, checkValidationErrors } from './error-check.ts';
import { checkInclude } from './include-check.ts';
import { checkPagination } from './pagination-check.ts';
import { checkBearerChallenge, checkNoRateLimitHeaders, checkOwnWindow, checkRateLimitHeaders, checkThrottled } from './rate-limit-check.ts';
import { checkStatus } from './status-check.ts';

const GENERIC = 'An error was encountered while processing this request.';

function subject(status: number, body: unknown, headers: Record<string, string> = {}): CheckedResponse {
  const response: RecordedResponse = { status, headers: { 'content-type': 'application/json', ...headers }, rawBody: body === undefined ? '' : JSON.stringify(body) };
  return { operationId: 'listUsers', response };
}

function page(total: number, perPage: number, current: number, links: unknown, count?: number) {
  const n = count ?? Math.max(0, Math.min(perPage, total - (current - 1) * perPage));
  return {
    object: 'list',
    data: Array.from({ length: n }, () => ({ object: 'user', attributes: {} })),
    meta: { pagination: { total, count: n, per_page: perPage, current_page: current, total_pages: Math.max(1, Math.ceil(total / perPage)), links } },
  };
}

describe('status', () => {
  it('passes the expected status and names a deviating one', () => {
    expect(checkStatus(subject(200, {}), 200)).toEqual([]);
    expect(checkStatus(subject(403, {}), 404)).toMatchObject([{ kind: 'status', expected: '404', actual: '403' }]);
  });
});

describe('error envelope', () => {
  const notFound = { errors: [{ code: 'NotFoundHttpException', status: '404', detail: GENERIC }] };
  it('accepts the panel 404', () => {
    expect(checkError(subject(404, notFound), { code: 'NotFoundHttpException', status: 404 })).toEqual([]);
  });
  it.each([
    ['a wrong code', { errors: [{ ...notFound.errors[0], code: 'ModelNotFoundException' }] }, '/errors/0/code'],
    ['status as a number', { errors: [{ ...notFound.errors[0], status: 404 }] }, '/errors/0/status'],
    ['the generic detail replaced', { errors: [{ ...notFound.errors[0], detail: 'No query results for model.' }] }, '/errors/0/detail'],
    ['two errors', { errors: [notFound.errors[0], notFound.errors[0]] }, '/errors'],
    ['a 1.x error body', { error: 'Not found' }, '/errors'],
  ])('fails on %s', (_label, body, pointer) => {
    expect(checkError(subject(404, body), { code: 'NotFoundHttpException', status: 404 }).map((v) => v.pointer)).toContain(pointer);
  });
  it('fails when 404 and 403 are swapped', () => {
    const forbidden = { errors: [{ code: 'AccessDeniedHttpException', status: '403', detail: GENERIC }] };
    expect(checkError(subject(403, forbidden), { code: 'NotFoundHttpException', status: 404 }).map((v) => v.pointer)).toEqual(['', '/errors/0/code', '/errors/0/status']);
  });
  it('checks the DisplayException message shown with debug off', () => {
    const display = { errors: [{ code: 'DisplayException', status: '400', detail: 'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.' }] };
    expect(checkError(subject(400, display), { code: 'DisplayException', status: 400, detail: display.errors[0]!.detail })).toEqual([]);
    expect(checkError(subject(400, { errors: [{ ...display.errors[0], detail: GENERIC }] }), { code: 'DisplayException', status: 400, detail: display.errors[0]!.detail })).toHaveLength(1);
  });
});

describe('validation envelope', () => {
  const body = { errors: [{ code: 'required', detail: 'The email field is required.', source: { field: 'email' } }] };
  it('finds the rule failure by code and field', () => {
    expect(checkValidationErrors(subject(422, body), [{ code: 'required', field: 'email', detail: 'The email field is required.' }])).toEqual([]);
  });
  it('fails on a missing source.field, another code, a wrong message and a non-422', () => {
    const noField = { errors: [{ code: 'required', detail: 'x', source: {} }] };
    expect(checkValidationErrors(subject(422, noField), [{ code: 'required', field: 'email' }])).toHaveLength(1);
    expect(checkValidationErrors(subject(422, body), [{ code: 'email', field: 'email' }])).toHaveLength(1);
    expect(checkValidationErrors(subject(422, body), [{ code: 'required', field: 'email', detail: 'The given data was invalid.' }])).toMatchObject([{ pointer: '/errors/0/detail' }]);
    expect(checkValidationErrors(subject(400, body), [{ code: 'required', field: 'email' }])).toMatchObject([{ kind: 'status' }]);
  });
});

describe('pagination', () => {
  it('accepts consistent pages, including past the end', () => {
    expect(checkPagination(subject(200, page(65, 50, 1, { next: 'http://p/api/application/users?page=2' })), { perPage: 50, page: 1, total: 65 })).toEqual([]);
    expect(checkPagination(subject(200, page(65, 50, 2, { previous: 'http://p/api/application/users?page=1' })), { perPage: 50, page: 2 })).toEqual([]);
    expect(checkPagination(subject(200, page(65, 50, 5, { previous: 'http://p/api/application/users?page=4' })), { perPage: 50, page: 5 })).toEqual([]);
    expect(checkPagination(subject(200, page(3, 50, 1, [])), { perPage: 50, page: 1 })).toEqual([]);
    expect(checkPagination(subject(200, page(0, 50, 1, [])), { perPage: 50, page: 1 })).toEqual([]);
  });
  it.each([
    ['links as an object when empty', page(3, 50, 1, {}), '/meta/pagination/links'],
    ['a wrong total', page(3, 50, 1, []), '/meta/pagination/total'],
    ['a wrong per_page', page(3, 15, 1, []), '/meta/pagination/per_page'],
    ['a missing next link', page(65, 50, 1, []), '/meta/pagination/links'],
    ['a next link on the last page', page(65, 50, 2, { previous: 'x?page=1', next: 'x?page=3' }), '/meta/pagination/links/next'],
    ['count disagreeing with data', page(3, 50, 1, [], 2), '/meta/pagination/count'],
  ])('fails on %s', (_label, body, pointer) => {
    const total = _label === 'a wrong total' ? 4 : undefined;
    expect(checkPagination(subject(200, body), { perPage: 50, page: (body.meta.pagination.current_page as number), ...(total ? { total } : {}) }).map((v) => v.pointer)).toContain(pointer);
  });
  it('fails on a list without pagination', () => {
    expect(checkPagination(subject(200, { object: 'list', data: [] }), { perPage: 50, page: 1 })).toHaveLength(1);
  });
});

describe('rate-limit headers', () => {
  it('accepts the limit and a remaining one below the previous answer', () => {
    expect(checkRateLimitHeaders(subject(200, {}, { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '118' }), 120, 119)).toEqual([]);
  });
  it('fails on a missing remaining, a foreign limit and a remaining that did not decrease', () => {
    expect(checkRateLimitHeaders(subject(200, {}, { 'x-ratelimit-limit': '120' }), 120)).toMatchObject([{ pointer: '/headers/x-ratelimit-remaining' }]);
    expect(checkRateLimitHeaders(subject(200, {}, { 'x-ratelimit-limit': '240', 'x-ratelimit-remaining': '1' }), 120)).toMatchObject([{ pointer: '/headers/x-ratelimit-limit' }]);
    expect(checkRateLimitHeaders(subject(200, {}, { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '119' }), 120, 119)).toMatchObject([{ expected: '118 (one less than the previous answer)' }]);
  });
  it('fails when an unrouted answer carries rate-limit headers', () => {
    expect(checkNoRateLimitHeaders(subject(404, {}))).toEqual([]);
    expect(checkNoRateLimitHeaders(subject(404, {}, { 'x-ratelimit-limit': '120' }))).toHaveLength(1);
  });
  it('checks the throttled answer', () => {
    const now = 1_600_000_000;
    const good = subject(429, { errors: [{ code: 'ThrottleRequestsException', status: '429', detail: GENERIC }] }, {
      'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'retry-after': '42', 'x-ratelimit-reset': String(now + 42),
    });
    expect(checkThrottled(good, 60)).toEqual([]);
    const noRetry = { ...good, response: { ...good.response, headers: { ...good.response.headers } } };
    delete noRetry.response.headers['retry-after'];
    expect(checkThrottled(noRetry, 60).map((v) => v.pointer)).toContain('/headers/retry-after');
    expect(checkThrottled(subject(200, {}), 60).length).toBeGreaterThan(3);
  });
  it('checks that an API keeps its own window once the other API\'s is spent (1.x)', () => {
    expect(checkOwnWindow(subject(200, {}, { 'x-ratelimit-limit': '720', 'x-ratelimit-remaining': '719' }), 720)).toEqual([]);
    // A shared window: throttled by the other API's requests, or its counter already spent by them.
    expect(checkOwnWindow(subject(429, {}, { 'x-ratelimit-limit': '720', 'x-ratelimit-remaining': '0' }), 720).map((v) => v.pointer)).toEqual(['/status', '/headers/x-ratelimit-remaining']);
    expect(checkOwnWindow(subject(200, {}, { 'x-ratelimit-limit': '720', 'x-ratelimit-remaining': '479' }), 720)).toMatchObject([{ pointer: '/headers/x-ratelimit-remaining', actual: '479' }]);
    expect(checkOwnWindow(subject(200, {}, { 'x-ratelimit-limit': '240', 'x-ratelimit-remaining': '239' }), 720)).toMatchObject([{ pointer: '/headers/x-ratelimit-limit' }, { pointer: '/headers/x-ratelimit-remaining' }]);
    expect(checkOwnWindow(subject(200, {}), 720)).toHaveLength(2);
  });
  it('checks the 401 challenge', () => {
    expect(checkBearerChallenge(subject(401, {}, { 'www-authenticate': 'Bearer' }))).toEqual([]);
    expect(checkBearerChallenge(subject(401, {}))).toMatchObject([{ actual: 'absent' }]);
  });
});

describe('includes', () => {
  const withServers = (servers: unknown) => ({ object: 'user', attributes: { id: 1, relationships: { servers } } });
  const nullResource = { object: 'null_resource', attributes: null };
  it('tells rendered, null_resource and absent apart', () => {
    expect(checkInclude(subject(200, withServers({ object: 'list', data: [] })), 'servers', 'rendered')).toEqual([]);
    expect(checkInclude(subject(200, withServers(nullResource)), 'servers', 'null_resource')).toEqual([]);
    expect(checkInclude(subject(200, { object: 'user', attributes: { id: 1 } }), 'servers', 'absent')).toEqual([]);
  });
  it('fails on an ignored include, null instead of null_resource, and an include the key may not read', () => {
    expect(checkInclude(subject(200, { object: 'user', attributes: { id: 1 } }), 'servers', 'rendered')).toHaveLength(1);
    expect(checkInclude(subject(200, withServers(null)), 'servers', 'null_resource')).toHaveLength(1);
    expect(checkInclude(subject(200, withServers({ object: 'list', data: [] })), 'servers', 'null_resource')).toHaveLength(1);
    const list = { object: 'list', data: [withServers(nullResource), { object: 'user', attributes: {} }] };
    expect(checkInclude(subject(200, list), 'servers', 'null_resource')).toMatchObject([{ pointer: '/data/1/attributes/relationships/servers' }]);
  });
});

describe('debug shape', () => {
  const leaked = { errors: [{ code: 'NotFoundHttpException', status: '404', detail: 'The requested resource does not exist on this server.', source: { line: 1, file: '/app/Http/Kernel.php' }, meta: { trace: ['#0 {main}'] } }] };
  it('fails when a panel with debug off leaks source and trace', () => {
    expect(checkDebugShape(subject(404, leaked), false).map((v) => v.pointer)).toEqual(['/errors/0/source', '/errors/0/meta']);
  });
  it('accepts them on a panel that runs with debug on, and a validation error source.field always', () => {
    expect(checkDebugShape(subject(404, leaked), true)).toEqual([]);
    expect(checkDebugShape(subject(422, { errors: [{ code: 'required', detail: 'x', source: { field: 'email' } }] }), false)).toEqual([]);
  });
});

describe('the panel clock', () => {
  // The instant of the answer: Sat, 05 Dec 2026 10:00:00 GMT.
  const date = 'Sat, 05 Dec 2026 10:00:00 GMT';
  const dateSeconds = Date.parse(date) / 1000;
  const observed = Date.parse(date) + 300; // the suite received it 0.3 s later
  const throttled = (headers: Record<string, string>) => subject(429, { errors: [{ code: 'ThrottleRequestsException', status: '429', detail: GENERIC }] }, headers);

  it('accepts a 429 whose X-RateLimit-Reset is Date + Retry-After, ±1 s', () => {
    expect(checkRateLimitReset(throttled({ date, 'retry-after': '42', 'x-ratelimit-reset': String(dateSeconds + 42) }), observed)).toEqual([]);
    expect(checkRateLimitReset(throttled({ date, 'retry-after': '42', 'x-ratelimit-reset': String(dateSeconds + 43) }), observed)).toEqual([]);
    expect(checkRateLimitReset(throttled({ date, 'retry-after': '0', 'x-ratelimit-reset': String(dateSeconds) }), observed)).toEqual([]);
  });

  it.each([
    // The old mock: a reset from its 2020 seed clock beside a real Date.
    ['a reset from another year', { date, 'retry-after': '42', 'x-ratelimit-reset': '1601899260' }, ['/headers/x-ratelimit-reset', '/headers/x-ratelimit-reset']],
    ['a reset a minute off', { date, 'retry-after': '42', 'x-ratelimit-reset': String(dateSeconds + 102) }, ['/headers/x-ratelimit-reset']],
    ['a reset in milliseconds', { date, 'retry-after': '42', 'x-ratelimit-reset': String((dateSeconds + 42) * 1000) }, ['/headers/x-ratelimit-reset']],
    ['no reset', { date, 'retry-after': '42' }, ['/headers/x-ratelimit-reset']],
    ['no Retry-After', { date, 'x-ratelimit-reset': String(dateSeconds + 42) }, ['/headers/retry-after']],
    ['no Date', { 'retry-after': '42', 'x-ratelimit-reset': String(dateSeconds + 42) }, ['/headers/date']],
  ])('fails a 429 with %s', (_label, headers, pointers) => {
    expect(checkRateLimitReset(throttled(headers), observed).map((v) => v.pointer)).toEqual(pointers);
  });

  it('fails a reset that agrees with a Date from the past: the whole panel clock is behind this machine', () => {
    const stale = 'Mon, 05 Oct 2020 12:00:00 GMT';
    const violations = checkRateLimitReset(throttled({ date: stale, 'retry-after': '60', 'x-ratelimit-reset': String(Date.parse(stale) / 1000 + 60) }), observed);
    expect(violations).toMatchObject([{ kind: 'rate-limit', pointer: '/headers/x-ratelimit-reset', actual: '1601899260' }]);
    expect(violations[0]?.expected).toMatch(/^a time in the future/);
  });

  const created = (attributes: Record<string, unknown>, headers: Record<string, string> = { date }) => subject(201, { object: 'location', attributes }, headers);

  it('accepts the timestamps of a resource written by this answer (any zone)', () => {
    const fresh = { created_at: '2026-12-05T10:00:00+00:00', updated_at: '2026-12-05T05:00:30-05:00' };
    expect(checkFreshTimestamps(created(fresh), ['created_at', 'updated_at'])).toEqual([]);
    expect(checkFreshTimestamps(created({ created_at: '2019-01-01T00:00:00+00:00', updated_at: '2026-12-05T09:59:10+00:00' }), ['updated_at'])).toEqual([]);
  });

  it.each([
    ['a creation dated from the seed clock', { created_at: '2020-10-05T12:00:00+00:00', updated_at: '2020-10-05T12:00:00+00:00' }, ['/attributes/created_at', '/attributes/updated_at']],
    ['a local time rendered as UTC (five hours off)', { created_at: '2026-12-05T05:00:00+00:00', updated_at: '2026-12-05T10:00:00+00:00' }, ['/attributes/created_at']],
    ['a timestamp without a zone', { created_at: '2026-12-05 10:00:00', updated_at: '2026-12-05T10:00:00+00:00' }, ['/attributes/created_at']],
    ['a missing timestamp', { updated_at: '2026-12-05T10:00:00+00:00' }, ['/attributes/created_at']],
  ])('fails %s', (_label, attributes, pointers) => {
    expect(checkFreshTimestamps(created(attributes), ['created_at', 'updated_at']).map((v) => v.pointer)).toEqual(pointers);
  });

  it('fails an update that left updated_at behind, and an answer without Date', () => {
    expect(checkFreshTimestamps(created({ updated_at: '2026-12-05T09:58:00+00:00' }), ['updated_at'])).toMatchObject([{ kind: 'body', pointer: '/attributes/updated_at' }]);
    expect(checkFreshTimestamps(created({ updated_at: '2026-12-05T10:00:00+00:00' }, {}), ['updated_at'])).toMatchObject([{ kind: 'header', pointer: '/headers/date' }]);
  });
});
