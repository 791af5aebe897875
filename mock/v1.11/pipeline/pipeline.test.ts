import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockPanel } from '../../panel.ts';
import { profile as v111 } from '../../profiles/v1.11.ts';
import type { SeedV111 } from '../store/rows.ts';
import { request as requestV111 } from '../../testing/panel-request.ts';

let panel: MockPanel<SeedV111>;
beforeAll(async () => {
  panel = await MockPanel.of(v111, { clock: '2024-06-20T12:00:00Z' });
});
beforeEach(() => panel.reset());

const app = (path: string, options = {}) => requestV111(panel, 'GET', `/api/application${path}`, options);

describe('v1.11 pipeline: routing', () => {
  it('an unknown path is a 404 naming the route, without rate-limit headers', async () => {
    const response = await app('/nope', { key: 'app-full' });
    expect(response.status).toBe(404);
    expect(response.json.errors[0]).toEqual({ code: 'NotFoundHttpException', status: '404', detail: 'The route api/application/nope could not be found.' });
    expect(response.lowerHeaders['x-ratelimit-limit']).toBeUndefined();
  });
  it('a known path with another method is a 405 with Allow', async () => {
    const response = await requestV111(panel, 'PUT', '/api/application/users/1', { key: 'app-full' });
    expect(response.status).toBe(405);
    expect(response.lowerHeaders['allow']).toBe('GET, HEAD, PATCH, DELETE');
    expect(response.json.errors[0].detail).toBe('The PUT method is not supported for route api/application/users/1. Supported methods: GET, HEAD, PATCH, DELETE.');
  });
});

describe('v1.11 pipeline: authentication', () => {
  it('no key, a wrong token and an expired key are all 401 AuthenticationException, compact', async () => {
    for (const authorization of ['', 'Bearer ', 'Bearer ptla_08n68uFmzANwrongwrongwrongwrongwrongwrong', 'Token ptla_08n68uFmzAN']) {
      const response = await app('/users', { authorization });
      expect(response.status, authorization).toBe(401);
      expect(response.body).toBe('{"errors":[{"code":"AuthenticationException","status":"401","detail":"Unauthenticated."}]}');
      expect(response.lowerHeaders['www-authenticate']).toBeUndefined();
    }
    expect((await requestV111(panel, 'GET', '/api/client', { key: 'client-expired' })).status).toBe(401);
  });
  it('the token after the last "Bearer " counts', async () => {
    const response = await app('/users', { authorization: `Basic x, Bearer ${'ptla_08n68uFmzAN'}ZkOmSAJolQDA0yTryoZTU5XwFZcuRWRp` });
    expect(response.status).not.toBe(401);
  });
  it('a non-root owner is refused after the bindings: 404 for an unknown id, 403 otherwise', async () => {
    expect((await app('/users/999', { key: 'app-non-root' })).status).toBe(404);
    const refused = await app('/users/1', { key: 'app-non-root' });
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0].detail).toBe('This account does not have permission to access the API.');
  });
  it('an application key on the client API is a 403', async () => {
    const response = await requestV111(panel, 'GET', '/api/client', { key: 'app-full' });
    expect(response.status).toBe(403);
    expect(response.json.errors[0].detail).toBe('You are attempting to use an application API key on an endpoint that requires a client API key.');
  });
  it('an IP outside allowed_ips is a 403 naming it', async () => {
    const response = await requestV111(panel, 'GET', '/api/client', { key: 'client-ip-restricted', ip: '127.0.0.1' });
    expect(response.status).toBe(403);
    expect(response.json.errors[0].detail).toBe('This IP address (127.0.0.1) does not have permission to access the API using these credentials.');
  });
  it('malformed JSON is a 400 after authentication', async () => {
    const bad = await requestV111(panel, 'POST', '/api/application/locations', { key: 'app-full', rawBody: '{"short":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ code: 'BadRequestHttpException', detail: 'The JSON data passed in the request appears to be malformed: Syntax error' });
    const unauthenticated = await requestV111(panel, 'POST', '/api/application/locations', { rawBody: '{"short":', headers: { 'content-type': 'application/json' } });
    expect(unauthenticated.status).toBe(401);
  });
});

describe('v1.11 pipeline: ACL and bindings', () => {
  it('a missing READ bit is a 403, but only for a model that exists', async () => {
    expect((await app('/nodes/999', { key: 'app-none' })).status).toBe(404);
    const denied = await app('/nodes/1', { key: 'app-none' });
    expect(denied.status).toBe(403);
    expect(denied.json.errors[0]).toEqual({ code: 'AccessDeniedHttpException', status: '403', detail: 'This action is unauthorized.' });
  });
  it('a not-found model has the fixed detail with debug off', async () => {
    const response = await app('/nests/1/eggs/12', { key: 'app-full' });
    expect(response.status).toBe(404);
    expect(response.json.errors[0]).toEqual({ code: 'NotFoundHttpException', status: '404', detail: 'The requested resource could not be found on the server.' });
    expect(response.lowerHeaders['x-ratelimit-limit']).toBe('240');
  });
});

describe('v1.11 pipeline: two-factor and throttling', () => {
  it('2fa_required=1 refuses admins without TOTP, except on the account routes', async () => {
    const strict = await MockPanel.of(v111, { twoFactorRequired: 1 });
    const refused = await requestV111(strict, 'GET', '/api/application/users/1', { key: 'app-full' });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].code).toBe('TwoFactorAuthRequiredException');
    expect((await requestV111(strict, 'GET', '/api/client/permissions', { key: 'client-admin' })).status).toBe(400);
    expect((await requestV111(strict, 'GET', '/api/client/permissions', { key: 'client-owner' })).status).not.toBe(400);
  });
  it('keys the window by user: two keys of one admin share it, 429 carries Retry-After and Reset', async () => {
    const small = await MockPanel.of(v111, { clock: '2024-06-20T12:00:00Z', limits: { application: 2, client: 720, utilization: 15 } });
    const first = await requestV111(small, 'GET', '/api/application/users/1', { key: 'app-full' });
    expect(first.lowerHeaders['x-ratelimit-remaining']).toBe('1');
    await requestV111(small, 'GET', '/api/application/users/1', { key: 'app-read-only' });
    const refused = await requestV111(small, 'GET', '/api/application/users/1', { key: 'app-full', ip: '10.9.9.9' });
    expect(refused.status).toBe(429);
    expect(refused.json.errors[0]).toEqual({ code: 'ThrottleRequestsException', status: '429', detail: 'Too Many Attempts.' });
    expect(refused.lowerHeaders).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'retry-after': '60', 'x-ratelimit-reset': String(Date.parse('2024-06-20T12:01:00Z') / 1000) });
    // Another user, and the client window of the same user, are not touched.
    expect((await requestV111(small, 'GET', '/api/client/permissions', { key: 'client-admin' })).lowerHeaders['x-ratelimit-limit']).toBe('720');
  });
});

describe('v1.11 pipeline: the client throttle sits after the client bindings', () => {
  it('an application key on the client API is refused before the throttle: no headers, no hit', async () => {
    const small = await MockPanel.of(v111, { clock: '2024-06-20T12:00:00Z', limits: { application: 240, client: 1, utilization: 15 } });
    const refused = await requestV111(small, 'GET', '/api/client', { key: 'app-full' });
    expect(refused.status).toBe(403);
    expect(refused.lowerHeaders['x-ratelimit-limit']).toBeUndefined();
    // The admin's client window is still whole.
    const first = await requestV111(small, 'GET', '/api/client/permissions', { key: 'client-admin' });
    expect(first.lowerHeaders['x-ratelimit-remaining']).toBe('0');
    expect((await requestV111(small, 'GET', '/api/client/permissions', { key: 'client-admin' })).status).toBe(429);
  });
  it('on the application API a binding 404 comes after the throttle and carries its headers', async () => {
    const response = await requestV111(panel, 'GET', '/api/application/users/999', { key: 'app-full' });
    expect(response.status).toBe(404);
    expect(response.lowerHeaders['x-ratelimit-remaining']).toBe('239');
  });
});
