// The failure categories (reporters/allure-categories.json) against the failure records our errors
// really carry: the compiled checks' ConformanceError, violate(), ConnectivityError, the safety and
// configuration errors. Each category takes a failure it must, none is dead, and no rule reads a message.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectivityError } from '../harness/connectivity-error.ts';
import { CleanupError, DiscoveryError, failureOf, SuiteError, timeoutFailure, UnexpectedPassError, violate, type FailureRecord } from '../harness/failure.ts';
import { KeyUnavailableError, SafetyError } from '../harness/panel-client.ts';
import { ConfigError } from '../harness/run-config.ts';
import type { ViolationKind } from '../harness/violation.ts';
import { allure2Categories, allure3CategoryRules, CATEGORIES_FILE, categoryOf, failureCategories, type CategorisedFailure } from './allure-results.ts';

const exchange = { operationId: 'getUser', request: { method: 'GET', url: 'http://panel.test/api/application/users/1', headers: {} }, response: { status: 200, headers: {}, rawBody: '{}' } };

function contract(...items: [ViolationKind, string, string, string][]): CategorisedFailure {
  const failure: FailureRecord = {
    kind: 'contract',
    code: 'PTERO_CONFORMANCE',
    operation: 'getUser',
    status: 200,
    violations: items.map(([kind, pointer, expected, actual]) => ({ kind, pointer, expected, actual })),
    reproduce: null,
    message: 'not read',
  };
  return { outcome: 'failed', failure };
}

function thrown(act: () => unknown): CategorisedFailure {
  try {
    act();
  } catch (error) {
    return { outcome: 'failed', failure: failureOf(error) };
  }
  throw new Error('nothing was thrown');
}

const adHoc = (kind: ViolationKind) => thrown(() => violate('what the suite says', { kind }, exchange));

const cases: [string, CategorisedFailure][] = [
  ['unexpected-pass', thrown(() => { throw new UnexpectedPassError('unexpected pass: x'); })],
  ['known-deviation', { outcome: 'known-deviation', failure: contract(['rate-limit', '/headers/x-ratelimit-limit', '240', '120']).failure }],
  ['known-deviation', { outcome: 'known-deviation', failure: undefined }],
  ['safety-config', thrown(() => { throw new SafetyError('refused to send DELETE /api/application/users/1'); })],
  ['safety-config', thrown(() => { throw new KeyUnavailableError('no key for role "application-read-only"'); })],
  ['safety-config', thrown(() => { throw new ConfigError('The run configuration is incomplete'); })],
  ['safety-config', thrown(() => { throw new DiscoveryError('discovery: the panel has no server on the first page'); })],
  ['safety-config', thrown(() => { throw new SuiteError('x met 1 server error(s)'); })],
  ['safety-config', thrown(() => { throw new CleanupError('could not remove resources this run created'); })],
  ['connectivity', thrown(() => { throw new ConnectivityError('refused', 'connection refused: nothing listens on 127.0.0.1:1', 'GET http://127.0.0.1:1/api/application/users'); })],
  ['connectivity', thrown(() => { throw new ConnectivityError('html', 'the panel answered HTML', 'GET https://panel.test/api/client'); })],
  ['connectivity', { outcome: 'failed', failure: timeoutFailure('x did not finish within the test timeout') }],
  ['connectivity', contract(['status', '', '200', '502'], ['content-type', '/headers/content-type', 'application/json', 'text/html'])],
  ['rate-limit', thrown(() => { throw new ConnectivityError('throttled', 'the panel throttled the suite', 'GET https://panel.test/api/client'); })],
  ['rate-limit', contract(['rate-limit', '/headers/x-ratelimit-limit', '240', '120'])],
  ['rate-limit', contract(['status', '', '200', '429'])],
  ['rate-limit', contract(['header', '/headers/x-ratelimit-remaining', 'present', 'absent'])],
  ['auth-permission', contract(['status', '', '403', '200'])],
  ['auth-permission', contract(['status', '', '200', '401'])],
  ['auth-permission', contract(['error', '/errors/0/code', '"AccessDeniedHttpException"', 'NotFoundHttpException'])],
  ['auth-permission', contract(['header', '/headers/www-authenticate', 'Bearer', 'absent'])],
  ['documented-but-absent', adHoc('route')],
  ['wrong-status', contract(['status', '', '404', '500'])],
  ['header', contract(['header', '/headers/content-length', 'valid', '"x"'])],
  ['body-schema', contract(['body', '/attributes/id', 'integer', '"1"'])],
  ['error-envelope', contract(['error', '/errors/0/detail', 'the generic detail', '"boom"'])],
  ['pagination-include', contract(['pagination', '/meta/pagination/total', '3', '4'])],
  ['pagination-include', contract(['include', '/attributes/relationships/servers', 'present', 'absent'])],
  ['pagination-include', adHoc('listing')],
  ['answer-value', adHoc('value')],
  ['kept-state', adHoc('state')],
];

describe('failure categories', () => {
  it.each(cases)('%s takes its failure', (id, subject) => {
    expect(categoryOf(subject)?.id, JSON.stringify(subject)).toBe(id);
  });

  it('no category is dead: each one takes at least one of the failures above', () => {
    const covered = new Set(cases.map(([id]) => id));
    expect(failureCategories().map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('an error of no known class has no category (Allure files it under Product / Test errors)', () => {
    expect(categoryOf(thrown(() => { throw new TypeError('x is undefined'); }))).toBeUndefined();
    expect(categoryOf({ outcome: 'failed', failure: undefined })).toBeUndefined();
  });

  it('the data matches fields only: no rule names a message', () => {
    const text = readFileSync(CATEGORIES_FILE, 'utf8');
    expect(text).not.toMatch(/messageRegex|traceRegex|"message"/);
    for (const c of failureCategories()) expect(c.when.length, c.id).toBeGreaterThan(0);
  });

  it('Allure 3 matches the category label, Allure 2 the trace line the reporter writes', () => {
    const rules = allure3CategoryRules();
    expect(rules.map((r) => r.id)).toEqual(failureCategories().map((c) => c.id));
    expect(rules[0]?.matchers.labels).toEqual({ failureCategory: '^unexpected-pass$' });
    const allure2 = allure2Categories();
    const rule = allure2.find((c) => c.name.startsWith('Known deviations'));
    expect(new RegExp(rule?.traceRegex ?? '$^').test('failure category: known-deviation\nError: x\n    at y')).toBe(true);
    expect(new RegExp(rule?.traceRegex ?? '$^').test('failure category: known-deviation-other\n')).toBe(false);
  });

});
