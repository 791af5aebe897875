// The failure categories (reporters/allure-categories.json) against the messages our failures really
// carry: violations rendered by harness/violation-report.ts, undici's own errors, the wrapper's and
// the client's messages. Each category is shown a message it must take, and none may be dead.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectivityError } from '../harness/connectivity-error.ts';
import type { Violation, ViolationKind } from '../harness/violation.ts';
import { formatViolations } from '../harness/violation-report.ts';
import { categoryOf, failureCategories } from './allure-results.ts';

function violations(...items: [ViolationKind, string, string, string][]): string {
  const list: Violation[] = items.map(([kind, pointer, expected, actual]) => ({ operationId: 'getUser', status: 200, kind, pointer, expected, actual }));
  const exchange = { request: { method: 'GET', url: 'http://panel.test/api/application/users/1', headers: {} }, response: { status: 200, headers: {}, rawBody: '{}' } };
  return formatViolations(list, exchange);
}

async function refusedMessage(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    await request(`http://127.0.0.1:${port}/api/application/users`);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the closed port answered');
}

const cases: [string, string | (() => Promise<string>)][] = [
  ['unexpected-pass', 'unexpected pass: users.view.unknown-id is listed as a known deviation ("x") but the panel now behaves as specified; remove the expectation'],
  ['known-deviation', 'known deviation: 120 per minute, not 240 (link)\nlistLocations answered 200: 1 violation(s) of the spec\n  - [rate-limit] /headers/x-ratelimit-limit: expected 240, got 120'],
  ['safety-config', 'refused to send DELETE /api/application/users/1: this run is read-only (set PTERO_ALLOW_WRITES=1 to allow writes)'],
  ['safety-config', 'no key for role "application-read-only"'],
  ['safety-config', 'discovery: the panel has no server on the first page'],
  ['connectivity', refusedMessage],
  ['connectivity', new errors.ConnectTimeoutError().message],
  ['connectivity', new errors.HeadersTimeoutError().message],
  ['connectivity', new errors.BodyTimeoutError().message],
  ['connectivity', new errors.SocketError('other side closed').message],
  ['connectivity', 'Test timed out in 120000ms.'],
  ['connectivity', new ConnectivityError('refused', 'connection refused: nothing listens on 127.0.0.1:1', 'GET http://127.0.0.1:1/api/application/users').message],
  ['connectivity', new ConnectivityError('html', 'the panel answered HTML (text/html) instead of JSON: 502 "Bad Gateway"', 'GET https://panel.test/api/client').message],
  ['connectivity', new ConnectivityError('timeout', 'some future wording of a timeout', 'POST https://panel.test/api/application/users').message],
  ['rate-limit', new ConnectivityError('throttled', 'the panel throttled the suite: 429 ThrottleRequestsException with Retry-After 61 (longer than the 65 s the suite waits out)', 'GET https://panel.test/api/client').message],
  ['connectivity', violations(['status', '', '200', '502'], ['content-type', '/headers/content-type', 'application/json', 'text/html'])],
  ['rate-limit', violations(['rate-limit', '/headers/x-ratelimit-limit', '240', '120'])],
  ['rate-limit', violations(['status', '', '200', '429'])],
  ['rate-limit', violations(['header', '/headers/x-ratelimit-remaining', 'present', 'absent'])],
  ['auth-permission', violations(['status', '', '403', '200'])],
  ['auth-permission', violations(['status', '', '200', '401'])],
  ['auth-permission', violations(['error', '/errors/0/code', '"AccessDeniedHttpException"', 'NotFoundHttpException'])],
  ['auth-permission', violations(['header', '/headers/www-authenticate', 'Bearer', 'absent'])],
  ['documented-but-absent', 'PATCH /api/application/servers/1/databases/2 answered 405 (Allow: GET, HEAD, DELETE) before any route middleware: the path is not routed for PATCH'],
  ['documented-but-absent', 'GET /api/application/eggs/1 answered 404 {\n  "errors": [\n    {\n      "code": "NotFoundHttpException",'],
  ['wrong-status', violations(['status', '', '404', '500'])],
  ['wrong-status', "GET /api/application/nodes/deployable answered 200 instead of 404: this panel routes the legacy docs' operation"],
  ['header', violations(['header', '/headers/content-length', 'valid', '"x"'])],
  ['body-schema', violations(['body', '/attributes/id', 'integer', '"1"'])],
  ['body-schema', 'GET /api/application/nests/1/eggs/1: documented fields missing from the egg: docker_images'],
  ['error-envelope', violations(['error', '/errors/0/detail', 'the generic detail', '"boom"'])],
  ['error-envelope', 'POST /api/application/nodes with {}: no validation error for the documented-required upload_size'],
  ['pagination-include', violations(['pagination', '/meta/pagination/total', '3', '4'])],
  ['pagination-include', violations(['include', '/attributes/relationships/servers', 'present', 'absent'])],
  ['pagination-include', 'GET /api/application/users: filter[email]=x still lists 65 rows'],
];

describe('failure categories', () => {
  it.each(cases)('%s takes its message', async (id, message) => {
    const text = typeof message === 'function' ? await message() : message;
    expect(categoryOf(text)?.id, text).toBe(id);
  });

  it('no category is dead: each one takes at least one of the messages above', () => {
    const covered = new Set(cases.map(([id]) => id));
    expect(failureCategories().map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('a message of no known kind has no category (Allure files it under Product / Test errors)', () => {
    expect(categoryOf('expected 3 to be 4')).toBeUndefined();
  });

  it('each rule is written for both Allure 2 (Java, whole-message match) and Allure 3 (JavaScript search)', () => {
    for (const c of failureCategories()) {
      expect(c.messageRegex, c.id).toMatch(/^(\^|\[\\s\\S\]\*)/);
      expect(c.messageRegex, c.id).toMatch(/\[\\s\\S\]\*$/);
      expect(c.matchedStatuses.length, c.id).toBeGreaterThan(0);
      expect(() => new RegExp(c.messageRegex)).not.toThrow();
    }
  });

});
