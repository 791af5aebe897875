import { describe, expect, it } from 'vitest';
import type { PanelExchange } from './panel-client.ts';
import { fieldRecord, fieldTypesOf, mergeFieldTypes, recordedHeaderNames, trimJson, typeString } from './behaviour-sample.ts';
import { mockOptionsFromEnv } from './embedded-mock-options.ts';
import { exchangeLogLine } from './exchange-log.ts';

const KEY = 'abcdEFGH12345678abcdEFGH12345678abcdEFGH12345678';

describe('body shapes', () => {
  it('maps every JSON pointer to its type; array items are *, the body itself is ""', () => {
    const shape = fieldRecord(fieldTypesOf({ object: 'list', data: [{ id: 1, 'a/b~c': null }, { id: 2.5, tags: [] }] }, ''));
    expect(shape).toEqual({
      '': 'object',
      '/data': 'array',
      '/data/*': 'object',
      '/data/*/a~1b~0c': 'null',
      '/data/*/id': 'number',
      '/data/*/tags': 'array',
      '/object': 'string',
    });
  });

  it('a body that is not JSON is text, no body is empty', () => {
    expect(fieldRecord(fieldTypesOf(undefined, '<html>'))).toEqual({ '': 'text' });
    expect(fieldRecord(fieldTypesOf(undefined, ''))).toEqual({ '': 'empty' });
  });

  it('joins types in a fixed order with null last; a whole and a fractional number are a number', () => {
    expect(typeString(['null', 'string'])).toBe('string|null');
    expect(typeString(['integer', 'number'])).toBe('number');
    const into = fieldTypesOf({ id: 1 }, '');
    const added = mergeFieldTypes(into, fieldTypesOf({ id: null, name: 'x' }, ''));
    expect(fieldRecord(added)).toEqual({ '/id': 'null', '/name': 'string' });
    expect(fieldRecord(into)['/id']).toBe('integer|null');
  });

  it('trims long arrays and strings for the example', () => {
    expect(trimJson({ data: [1, 2, 3, 4], s: 'x'.repeat(200) })).toEqual({ data: [1, 2, '… 2 more items'], s: `${'x'.repeat(160)}… (200 characters)` });
  });

  it('records header names without connection, framing and Date', () => {
    expect(recordedHeaderNames({ 'Content-Type': 'a', date: 'b', connection: 'c', 'keep-alive': 'd', 'content-length': '1', 'transfer-encoding': 'e', 'X-RateLimit-Limit': '120' })).toEqual(['content-type', 'x-ratelimit-limit']);
  });
});

function exchange(operationId: string | undefined, status: number, json: unknown, headers: Record<string, string> = {}, path = '/api/application/users/1'): PanelExchange {
  return {
    operationId,
    api: 'application',
    request: { method: 'GET', url: `http://127.0.0.1:1${path}`, headers: { authorization: `Bearer ${KEY}` } },
    response: { status, headers: { 'content-type': 'application/json', ...headers }, rawBody: json === undefined ? '' : JSON.stringify(json) },
    json,
    durationMs: 1,
    suiteCaused429: false,
  };
}

describe('the exchange log line', () => {
  it('keeps status, headers, the rate limit, error codes, a redacted example and the body shape, nothing secret', () => {
    const body = { object: 'user', attributes: { id: 1, password: 'hunter2-secret', note: `key ${KEY}`, [KEY]: true } };
    const line = exchangeLogLine(exchange('logTestA', 200, body, { 'x-ratelimit-limit': '120', date: 'now' }), [KEY], 'users.view');
    expect(line).toMatchObject({ operationId: 'logTestA', status: 200, headers: ['content-type', 'x-ratelimit-limit'], rateLimit: 120, contentType: 'application/json', behaviour: 'users.view', seq: 0 });
    expect(JSON.stringify(line)).not.toContain(KEY);
    expect(JSON.stringify(line)).not.toContain('hunter2');
    expect(line.sample).toMatchObject({ attributes: { id: 1, password: '[REDACTED]', note: 'key [REDACTED]' } });
    expect(line.fields).toMatchObject({ '/attributes/id': 'integer', '/attributes/password': 'string', '/attributes/[REDACTED]': 'boolean' });
  });

  it('keeps the first example per operation × status, logs each distinct shape once, numbers each behaviour\'s requests', () => {
    const first = exchangeLogLine(exchange('logTestB', 404, { errors: [{ code: 'NotFoundHttpException' }] }), [], 'b1');
    const again = exchangeLogLine(exchange('logTestB', 404, { errors: [{ code: 'NotFoundHttpException' }] }), [], 'b1');
    const other = exchangeLogLine(exchange('logTestB', 404, { errors: [{ code: 'NotFoundHttpException', source: {} }] }), [], 'b2');
    expect(first.errorCodes).toEqual(['NotFoundHttpException']);
    expect(first.sample).toBeDefined();
    expect(again.sample).toBeUndefined();
    expect(again.fields).toBeUndefined();
    expect(again.shape).toBe(first.shape);
    expect(other.shape).not.toBe(first.shape);
    expect(other.fields).toMatchObject({ '/errors/*/source': 'object' });
    expect([first.seq, again.seq, other.seq]).toEqual([0, 1, 0]);
  });
});

describe('PTERO_MOCK_OPTIONS', () => {
  it('reads one changed setting of the embedded mock, keeping the other limits stock', () => {
    expect(mockOptionsFromEnv({})).toBeUndefined();
    expect(mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"debug":true}' })).toEqual({ debug: true });
    expect(mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"limits":{"application":240}}' })).toEqual({ limits: { application: 240, client: 60, utilization: 15 } });
    expect(mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"clock":"2020-10-05T12:00:00Z"}' })).toEqual({ clock: '2020-10-05T12:00:00Z' });
  });

  it('refuses what it cannot apply, naming each problem', () => {
    expect(() => mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{debug' })).toThrow(/not JSON/);
    expect(() => mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"debug":"yes","limits":{"client":0,"x":1},"control":false}' })).toThrow(
      'PTERO_MOCK_OPTIONS: unknown setting "control" (known: debug, limits, clientPageSize, maxBodyBytes, seedPath, trustProxy, clock, installSeconds); debug must be true or false; limits.client must be a whole number of at least 1; limits.x is not a limit (application, client, utilization)',
    );
    expect(() => mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"clock":"2020-10-05 12:00"}' })).toThrow(/clock must be an ISO-8601 instant with a zone/);
    expect(() => mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"clock":1601899200}' })).toThrow(/clock must be an ISO-8601 instant with a zone/);
    expect(mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"installSeconds":30}' })).toEqual({ installSeconds: 30 });
    expect(() => mockOptionsFromEnv({ PTERO_MOCK_OPTIONS: '{"installSeconds":-1}' })).toThrow(/installSeconds must be a whole number/);
  });
});
