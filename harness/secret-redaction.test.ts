// No secret anywhere: known secrets are planted in requests, responses and violations, and every
// derived artefact (redacted exchanges, violation messages, curl lines, the error a failed
// assertion throws) is proved free of them; then the scan is proved to find every planted secret,
// in every encoding, in files where redaction was bypassed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConformanceError, ExchangeAssertion } from '../suites/support/expect-conformance.ts';
import { curlCommand } from './curl-command.ts';
import type { Exchange } from './exchange.ts';
import type { PanelExchange } from './panel-client.ts';
import { REDACTED, redactExchange, redactText, redactViolations, secretVariants } from './redaction.ts';
import { ResponseContract } from './response-contract.ts';
import { fixtureSecrets, formatFindings, scanContent, scanPaths, type KnownSecret } from './secret-scan.ts';
import { describeValue, type Violation } from './violation.ts';
import { formatViolations } from './violation-report.ts';

// Planted secrets (made up for this test; none is a key of any panel).
const APP_KEY = 'Zq3LmN8pRt5VwX2y' + 'Ab4Cd6Ef8Gh0Ij2Kl4Mn6Op8Qr0St2Uv';
const CLIENT_KEY = 'Hk7Jd2Lp9Qx4Rz6T' + 'mN3bV5cX7zL9kJ1hG3fD5sA7qW9eR1tY';
const DAEMON_SECRET = 'Dm4nS3cr3tQ7wE9rT1yU3iO5pA7sD9fG2hJ4';
const DB_PASSWORD = 'Xy7!kP2@qL9#mN4$/wR6^tV8&"z~~~??';
const USER_PASSWORD = 'Hunter2-Conformance-Pw';
const OLD_PASSWORD = 'Old-Passw0rd-1984';
const FORM_PASSWORD = 'FormPass-7731-xyz';
const QUERY_PASSWORD = 'QueryPass-4482-abc';
const COOKIE = 'pterodactyl_session=eyJpdiI6Ik1vY2tDb29raWUxMjM0NTY3ODkwIn0';

/** What the run knows (its keys and the daemon secret): the rest must be caught by name and shape. */
const RUN_SECRETS = [APP_KEY, CLIENT_KEY, DAEMON_SECRET];
const PLANTED: KnownSecret[] = [
  { role: 'application key', value: APP_KEY },
  { role: 'client key', value: CLIENT_KEY },
  { role: 'daemon secret', value: DAEMON_SECRET },
  { role: 'database password', value: DB_PASSWORD },
  { role: 'user password', value: USER_PASSWORD },
  { role: 'current password', value: OLD_PASSWORD },
  { role: 'form password', value: FORM_PASSWORD },
  { role: 'query password', value: QUERY_PASSWORD },
  { role: 'session cookie', value: COOKIE },
];

/** No planted secret, in any encoding or as a fragment, in `text`. */
function expectClean(label: string, text: string): void {
  for (const { value } of PLANTED) expect(text, `${label} holds a planted secret`).not.toContain(value);
  expect(scanContent(text, PLANTED).map((f) => `${f.role} (${f.encoding}) line ${f.line}`), label).toEqual([]);
}

const databaseBody = {
  object: 'server_database',
  attributes: {
    id: 3, server: 7, host: 1, database: 's7_minecraft', username: 'u7_aB3dE5fG7h', remote: '%',
    created_at: '2020-09-14T04:31:10-04:00', updated_at: '2020-09-14T04:31:10-04:00',
    relationships: { password: { object: 'database_password', attributes: { password: DB_PASSWORD } } },
  },
};

/** A request with credentials in every place, and an answer holding a database password. */
const jsonExchange: Exchange = {
  request: {
    method: 'PATCH',
    url: `http://127.0.0.1:8080/api/application/users/1?password=${QUERY_PASSWORD}&include=password&key=${CLIENT_KEY}&filter%5Bemail%5D=${APP_KEY}&user%5Bcurrent_password%5D=${encodeURIComponent(OLD_PASSWORD)}`,
    headers: { authorization: `Bearer ${APP_KEY}`, cookie: COOKIE, 'x-access-token': DAEMON_SECRET, accept: 'application/json' },
    body: { email: 'jdoe@example.com', password: USER_PASSWORD, password_confirmation: USER_PASSWORD, current_password: OLD_PASSWORD, nested: { daemonSecret: DAEMON_SECRET } },
  },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json', 'set-cookie': `${COOKIE}; path=/; httponly` },
    rawBody: JSON.stringify(databaseBody),
  },
};

/** A form-encoded body and an error detail that echoes the key it refused. */
const formExchange: Exchange = {
  request: {
    method: 'POST',
    url: `http://127.0.0.1:8080/api/client/account/password?token=${CLIENT_KEY}`,
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `current_password=${encodeURIComponent(OLD_PASSWORD)}&password=${FORM_PASSWORD}&password_confirmation=${FORM_PASSWORD}`,
  },
  response: {
    status: 401,
    headers: { 'content-type': 'application/json' },
    rawBody: JSON.stringify({ errors: [{ code: 'AuthenticationException', status: '401', detail: `The key ${CLIENT_KEY} is not valid; Bearer ${APP_KEY} neither.` }] }),
  },
};

/** A body that is not JSON (a debug page) quoting the form and the key. */
const htmlExchange: Exchange = {
  request: { method: 'GET', url: `http://127.0.0.1:8080/api/client?api_key=${APP_KEY}`, headers: {} },
  response: {
    status: 500,
    headers: { 'content-type': 'text/html' },
    rawBody: `<html><pre>password=${FORM_PASSWORD}&amp;x=1 Authorization: Bearer ${APP_KEY} "password": "${USER_PASSWORD}"</pre></html>`,
  },
};

/** Violations whose `actual` quotes a secret in each way a check can. */
const violations: Violation[] = [
  { operationId: 'getUser', status: 200, kind: 'body', pointer: '/attributes/username', expected: 'a string matching ^[a-z0-9_.-]+$', actual: describeValue(`key ${APP_KEY}`) },
  // Cut at 120 characters in the middle of the key: the part that is left is still a secret.
  { operationId: 'getUser', status: 200, kind: 'body', pointer: '/attributes/first_name', expected: 'string', actual: describeValue(`${'x'.repeat(80)} ${CLIENT_KEY} and more`) },
  { operationId: 'getServerDatabase', status: 200, kind: 'body', pointer: '/attributes/relationships/password/attributes/password', expected: 'integer', actual: describeValue(DB_PASSWORD) },
  { operationId: 'getServerDatabase', status: 200, kind: 'body', pointer: '/attributes/relationships', expected: 'object', actual: describeValue({ password: { attributes: { password: DB_PASSWORD } } }) },
  { operationId: 'updateUser', status: 422, kind: 'error', pointer: '/errors/0/detail', expected: 'a validation message', actual: describeValue(`given ${JSON.stringify({ password: USER_PASSWORD, email: 'x' })}`) },
  { operationId: 'getUser', status: 200, kind: 'header', pointer: '/headers/set-cookie', expected: 'absent', actual: describeValue(COOKIE) },
  { operationId: 'getUser', status: 200, kind: 'error', pointer: '/errors/0/meta', expected: 'absent', actual: describeValue({ secret: DAEMON_SECRET }) },
  { operationId: 'getUser', status: 200, kind: 'body', pointer: '/meta', expected: 'absent', actual: `echo ${DAEMON_SECRET}` },
];

describe('redaction removes every planted secret from everything derived from an exchange', () => {
  it('redacted exchanges: headers, JSON bodies, form bodies, query strings, error details, HTML', () => {
    for (const [name, exchange] of Object.entries({ jsonExchange, formExchange, htmlExchange })) {
      expectClean(`redactExchange(${name})`, JSON.stringify(redactExchange(exchange, RUN_SECRETS)));
    }
    // Everything but the daemon secret (36 characters: no shape) is removed even when the run passes no secret.
    for (const [name, exchange] of Object.entries({ jsonExchange, formExchange, htmlExchange })) {
      expectClean(`redactExchange(${name}) without secrets`, JSON.stringify(redactExchange(exchange)));
    }
  });

  it('keeps what a reader needs: the scheme, the shape of a database_password, harmless fields', () => {
    const redacted = redactExchange(jsonExchange, RUN_SECRETS);
    expect(redacted.request.headers).toEqual({ authorization: `Bearer ${REDACTED}`, cookie: REDACTED, 'x-access-token': REDACTED, accept: 'application/json' });
    expect(redacted.request.body).toEqual({ email: 'jdoe@example.com', password: REDACTED, password_confirmation: REDACTED, current_password: REDACTED, nested: { daemonSecret: REDACTED } });
    expect(redacted.request.url).toContain('include=password');
    expect(redacted.request.url).toContain(`password=${REDACTED}`);
    const body = JSON.parse(redacted.response.rawBody);
    expect(body.attributes.relationships.password).toEqual({ object: 'database_password', attributes: { password: REDACTED } });
    expect(body.attributes.database).toBe('s7_minecraft');
    expect(redacted.response.headers['set-cookie']).toBe(REDACTED);
    expect(redactExchange(formExchange).request.body).toBe(`current_password=${REDACTED}&password=${REDACTED}&password_confirmation=${REDACTED}`);
  });

  it('curl lines, from raw exchanges as well as redacted ones', () => {
    for (const [name, exchange] of Object.entries({ jsonExchange, formExchange, htmlExchange })) {
      expectClean(`curl(${name})`, curlCommand(exchange, RUN_SECRETS));
      expectClean(`curl(${name}) without secrets`, curlCommand(exchange));
      expectClean(`curl(redacted ${name})`, curlCommand(redactExchange(exchange, RUN_SECRETS)));
    }
    expect(curlCommand(jsonExchange)).toContain(`-H 'authorization: Bearer ${REDACTED}'`);
  });

  it('violation messages: an actual that quotes a key, a cut-off key, a database password, a cookie, a password in an object', () => {
    expectClean('formatViolations(raw exchange)', formatViolations(violations, jsonExchange, RUN_SECRETS));
    expectClean('formatViolations(redacted exchange)', formatViolations(violations, redactExchange(formExchange, RUN_SECRETS), RUN_SECRETS));
    expectClean('redactViolations', JSON.stringify(redactViolations(violations, RUN_SECRETS)));
    // Without the run's secrets only the unknowable daemon secret echoed as bare text may remain.
    const withoutSecrets = formatViolations(violations.slice(0, -1), jsonExchange);
    expectClean('formatViolations without secrets', withoutSecrets);
    const message = formatViolations(violations, jsonExchange, RUN_SECRETS);
    expect(message).toContain(`/attributes/relationships/password/attributes/password: expected integer, got ${REDACTED}`);
    expect(message).toContain(`/headers/set-cookie: expected absent, got ${REDACTED}`);
  });

  it('the error a failed assertion throws: message and the violations vitest serializes', async () => {
    const contract = await ResponseContract.load();
    const body = structuredClone(databaseBody) as { attributes: Record<string, unknown> & { relationships: { password: { object: string } } } };
    body.attributes['id'] = `id ${APP_KEY}`; // a type violation whose actual quotes the key
    body.attributes.relationships.password.object = DB_PASSWORD; // a const violation under relationships/password
    const exchange: PanelExchange = {
      ...jsonExchange,
      request: { ...jsonExchange.request, method: 'GET', url: `http://127.0.0.1:8080/api/application/servers/7/databases/3?include=password&password=${QUERY_PASSWORD}` },
      response: { ...jsonExchange.response, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body) },
      operationId: 'getServerDatabase',
      api: 'application',
      json: body,
      durationMs: 1,
      suiteCaused429: false,
    };
    let error: unknown;
    try {
      new ExchangeAssertion(exchange, contract, RUN_SECRETS, false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConformanceError);
    const failure = error as ConformanceError;
    expect(failure.violations.length).toBeGreaterThan(0);
    expectClean('ConformanceError.message', failure.message);
    expectClean('ConformanceError.violations', JSON.stringify(failure.violations));
    expectClean('ConformanceError.failure', JSON.stringify(failure.failure));
    expect(failure.message).toContain('/attributes/id');
  }, 60_000); // loads and compiles the spec: slow on a loaded machine

  it('text: header lines, bearer values, JSON pairs (plain and escaped), inspected objects, truncations', () => {
    const text = [
      `Authorization: Bearer ${APP_KEY}`,
      `authorization: Basic ${Buffer.from(`user:${USER_PASSWORD}1`).toString('base64')}`,
      `Cookie: ${COOKIE}`,
      `{"password":"${USER_PASSWORD}","x":1}`,
      `"{\\"password\\":\\"${OLD_PASSWORD}\\"}"`,
      `{ current_password: '${OLD_PASSWORD}' }`,
      `GET /x?password=${QUERY_PASSWORD}&y=2`,
      `cut ${CLIENT_KEY.slice(0, 30)}…`,
      `base64 ${Buffer.from(`x${APP_KEY}`).toString('base64')}`,
    ].join('\n');
    expectClean('redactText', redactText(text, RUN_SECRETS));
    expect(redactText('a Bearer token is not a secret; Bearer not-a-key neither')).toBe('a Bearer token is not a secret; Bearer not-a-key neither');
  });
});

describe('redaction removes pieces of a known secret, split, hex and reversed forms', () => {
  const hex = Buffer.from(APP_KEY).toString('hex');
  const forms: Record<string, string> = {
    'a 20-character slice': APP_KEY.slice(14, 34),
    'a 12-character slice': CLIENT_KEY.slice(30, 42),
    'split by a space': `${APP_KEY.slice(0, 24)} ${APP_KEY.slice(24)}`,
    'split by dashes': APP_KEY.match(/.{1,8}/g)!.join('-'),
    'split by line breaks': CLIENT_KEY.match(/.{1,16}/g)!.join('\n'),
    'split by escaped line breaks (JSON text)': JSON.stringify(CLIENT_KEY.match(/.{1,16}/g)!.join('\n')).slice(1, -1),
    'hex': hex,
    'HEX': hex.toUpperCase(),
    'a slice of the hex': hex.slice(7, 40),
    'reversed': [...DAEMON_SECRET].reverse().join(''),
  };
  for (const [name, form] of Object.entries(forms)) {
    it(name, () => {
      const text = redactText(`echo: <${form}> end`, RUN_SECRETS);
      expect(text).toBe(`echo: <${REDACTED}> end`);
      expect(scanContent(text, PLANTED)).toEqual([]);
      // The scan finds what redaction removes.
      expect(scanContent(`echo: <${form}> end`, PLANTED).length, name).toBeGreaterThan(0);
    });
  }

  it('leaves 11 characters of a secret and ordinary text alone', () => {
    const text = `id ${APP_KEY.slice(3, 14)}, uuid 5f2a1c3e-9b7d-4e1f-8a2b-0c3d4e5f6a7b, hash ${'ab12'.repeat(10)}`;
    expect(redactText(text, RUN_SECRETS)).toBe(text);
  });
});

describe('the secret scan finds every planted secret where redaction was bypassed', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ptero-secret-scan-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in raw exchange files, nested directories, every encoding; never in their redacted twins', () => {
    mkdirSync(join(dir, 'raw', 'allure-results', 'nested'), { recursive: true });
    mkdirSync(join(dir, 'redacted'), { recursive: true });
    for (const [name, exchange] of Object.entries({ jsonExchange, formExchange, htmlExchange })) {
      writeFileSync(join(dir, 'raw', 'allure-results', 'nested', `${name}.json`), JSON.stringify(exchange, null, 2));
      writeFileSync(join(dir, 'redacted', `${name}.json`), JSON.stringify(redactExchange(exchange, RUN_SECRETS), null, 2));
    }
    writeFileSync(join(dir, 'raw', 'violations.txt'), violations.map((v) => `${v.pointer} ${v.actual}`).join('\n'));
    writeFileSync(join(dir, 'redacted', 'violations.txt'), formatViolations(violations, jsonExchange, RUN_SECRETS));
    // Encodings: Basic credentials (base64 at an offset), base64url, URL-encoded, JSON-escaped, the token alone, a cut-off token.
    const encoded = [
      'header line',
      `Authorization: Basic ${Buffer.from(`admin:${APP_KEY}`).toString('base64')}`,
      `jwt-ish ${Buffer.from(`{{${CLIENT_KEY}`).toString('base64')} ${Buffer.from(`a${DB_PASSWORD}`).toString('base64url')}`,
      `url ${encodeURIComponent(DB_PASSWORD)}`,
      `json ${JSON.stringify(DB_PASSWORD)}`,
      `token ${CLIENT_KEY.slice(16)}`,
      `cut ${APP_KEY.slice(0, 40)}`,
      `plain ${Buffer.from(DAEMON_SECRET).toString('base64')}`,
      `middle of a token ${CLIENT_KEY.slice(22, 42)}`,
      `12 characters of a token: ${CLIENT_KEY.slice(16, 28)}`,
      `11 characters are not: ${APP_KEY.slice(20, 31)}`,
      `hex ${Buffer.from(APP_KEY.slice(5, 25)).toString('hex')} and ${Buffer.from(DAEMON_SECRET).toString('hex').toUpperCase()}`,
      `split ${CLIENT_KEY.slice(0, 20)} ${CLIENT_KEY.slice(20)} ${DAEMON_SECRET.match(/.{1,6}/g)!.join('-')}`,
      `reversed ${[...APP_KEY].reverse().join('')}`,
    ].join('\n');
    writeFileSync(join(dir, 'raw', 'run.log'), encoded);

    const raw = scanPaths([join(dir, 'raw')], PLANTED);
    const files = (name: string) => raw.filter((f) => f.file.endsWith(name));
    const rolesIn = (name: string) => [...new Set(files(name).map((f) => f.role))].sort();
    expect(rolesIn('jsonExchange.json')).toEqual(['application key', 'client key', 'current password', 'daemon secret', 'database password', 'query password', 'session cookie', 'user password'].sort());
    expect(rolesIn('formExchange.json')).toEqual(['application key', 'client key', 'current password', 'form password'].sort());
    expect(rolesIn('htmlExchange.json')).toEqual(['application key', 'form password', 'user password'].sort());
    expect(rolesIn('violations.txt')).toEqual(['application key', 'client key', 'daemon secret', 'database password', 'session cookie', 'user password'].sort());
    // Every planted secret is found somewhere.
    expect(new Set(raw.map((f) => f.role))).toEqual(new Set(PLANTED.map((p) => p.role)));
    const log = files('run.log').map((f) => `${f.line} ${f.role} ${f.encoding}`);
    expect(log).toEqual([
      '2 application key base64',
      '3 client key base64',
      '3 database password base64url',
      '4 database password url-encoded',
      '5 database password json-escaped',
      '6 client key token part',
      '7 application key fragment',
      '8 daemon secret base64',
      '9 client key fragment',
      '10 client key fragment',
      '12 application key hex',
      '12 daemon secret hex',
      '13 client key split',
      '13 daemon secret split',
      '14 application key reversed',
    ]);

    expect(scanPaths([join(dir, 'redacted')], PLANTED)).toEqual([]);
    // A missing directory (e.g. no allure-results yet) is not an error.
    expect(scanPaths([join(dir, 'absent')], PLANTED)).toEqual([]);
  });

  it('names the file, the line and the role, never the secret', () => {
    const file = join(dir, 'one.txt');
    writeFileSync(file, `first\nsecond ${APP_KEY}\n`);
    const findings = scanPaths([file], PLANTED);
    expect(findings).toEqual([{ file, line: 2, role: 'application key', encoding: 'raw' }]);
    const message = formatFindings(findings, dir);
    expect(message).toContain('one.txt:2  application key (raw)');
    expectClean('formatFindings', message);
  });

  it('knows the mock run\'s secrets: the fixture keys of every role, database passwords, daemon secrets', () => {
    const secrets = fixtureSecrets();
    const roles = secrets.map((s) => s.role);
    for (const role of ['application', 'client', 'application-read-only', 'client-root-admin', 'client-stranger']) {
      expect(roles.some((r) => r.startsWith(`key role ${role} (`)), role).toBe(true);
    }
    expect(roles.some((r) => r.startsWith('database password'))).toBe(true);
    expect(roles.some((r) => r.startsWith('daemon secret'))).toBe(true);
    for (const s of secrets) expect(secretVariants(s.value).length, s.role).toBeGreaterThan(0);
  });
});
