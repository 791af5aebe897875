import { beforeEach, describe, expect, it } from 'vitest';
import { MockPanel } from '../panel.ts';
import { fixtureKey } from '../testing/fixture-keys.ts';
import { request } from '../testing/panel-request.ts';

const GENERIC = 'An error was encountered while processing this request.';
let panel: MockPanel;
beforeEach(async () => {
  panel = await MockPanel.create();
});

describe('routing before any middleware', () => {
  it('answers an unknown path 404 NotFoundHttpException without rate-limit headers', async () => {
    const r = await request(panel, 'GET', '/api/application/nope', { key: 'app-full' });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ errors: [{ code: 'NotFoundHttpException', status: '404', detail: GENERIC }] });
    expect(r.lowerHeaders['x-ratelimit-limit']).toBeUndefined();
  });

  it('answers a known path with another method 405 and an Allow list in verb order', async () => {
    const r = await request(panel, 'PUT', '/api/application/users/1', { key: 'app-full' });
    expect(r.status).toBe(405);
    expect(r.json.errors[0].code).toBe('MethodNotAllowedHttpException');
    expect(r.lowerHeaders['allow']).toBe('GET, HEAD, PATCH, DELETE');
    expect(r.lowerHeaders['x-ratelimit-limit']).toBeUndefined();
  });

  it('answers OPTIONS on a known path 200 with an empty body, a comma-only Allow and no key', async () => {
    const r = await request(panel, 'OPTIONS', '/api/application/users');
    expect(r).toMatchObject({ status: 200, body: '' });
    expect(r.lowerHeaders['allow']).toBe('GET,HEAD,POST');
    expect(r.lowerHeaders['x-ratelimit-limit']).toBeUndefined();
  });

  it('runs the GET route for HEAD and sends no body', async () => {
    const r = await request(panel, 'HEAD', '/api/application/users/999999', { key: 'app-full' });
    expect(r.status).toBe(404);
    expect(r.body).toBe('');
    expect(r.lowerHeaders['x-ratelimit-limit']).toBe('120');
  });

  it('answers an array include 500 ErrorException before the throttle and the key check', async () => {
    const r = await request(panel, 'GET', '/api/application/users?include[]=servers');
    expect(r.status).toBe(500);
    expect(r.json.errors[0].code).toBe('ErrorException');
    expect(r.lowerHeaders['x-ratelimit-limit']).toBeUndefined();
  });

  it('answers a body over post_max_size 413 before routing', async () => {
    const small = await MockPanel.create({ maxBodyBytes: 16 });
    const r = await request(small, 'POST', '/api/application/users', { key: 'app-full', body: { email: 'a-long-address@example.com' } });
    expect(r.status).toBe(413);
    expect(r.json.errors[0]).toMatchObject({ code: 'PostTooLargeException', status: '413' });
  });
});

describe('authentication in the panel order', () => {
  it.each([
    ['no header', undefined],
    ['a lower-case scheme', 'bearer x'],
    ['Basic', 'Basic dXNlcjpwYXNz'],
    ['Bearer without a token', 'Bearer'],
  ])('answers 401 with WWW-Authenticate for %s', async (_label, authorization) => {
    const r = await request(panel, 'GET', '/api/application/users', authorization === undefined ? {} : { authorization });
    expect(r.status).toBe(401);
    expect(r.lowerHeaders['www-authenticate']).toBe('Bearer');
    expect(r.json).toEqual({ errors: [{ code: 'HttpException', status: '401', detail: GENERIC }] });
    expect(r.lowerHeaders['x-ratelimit-limit']).toBe('120');
    expect(r.lowerHeaders['x-ratelimit-remaining']).toBe('119');
  });

  it('answers 403 for a malformed, unknown or wrong key and for the other API type', async () => {
    const full = fixtureKey(panel, 'app-full');
    const cases = [
      ['/api/application/users', 'Bearer short'],
      ['/api/application/users', `Bearer ${'x'.repeat(48)}`],
      ['/api/application/users', `Bearer ${full.slice(0, 16)}${'y'.repeat(32)}`],
      ['/api/application/users', `Bearer ${fixtureKey(panel, 'client-owner')}`],
      ['/api/client', `Bearer ${full}`],
    ] as const;
    for (const [url, authorization] of cases) {
      const r = await request(panel, 'GET', url, { authorization });
      expect(r.status, authorization).toBe(403);
      expect(r.json.errors[0].code).toBe('AccessDeniedHttpException');
    }
  });

  it('matches the identifier case-insensitively, as the panel collation does', async () => {
    const full = fixtureKey(panel, 'app-full');
    const r = await request(panel, 'GET', '/api/application/users/999999', { authorization: `Bearer ${full.slice(0, 16).toUpperCase()}${full.slice(16)}` });
    expect(r.status).toBe(404);
  });

  it('refuses an application key whose owner is not a root admin, and a request IP outside allowed_ips', async () => {
    const debug = await MockPanel.create({ debug: true });
    const notRoot = await request(debug, 'GET', '/api/application/users', { key: 'app-owner-not-root' });
    expect(notRoot.status).toBe(403);
    expect(notRoot.json.errors[0].detail).toBe('This account does not have permission to access the API.');
    const outside = await request(debug, 'GET', '/api/application/users', { key: 'app-ip-restricted' });
    expect(outside.status).toBe(403);
    expect(outside.json.errors[0].detail).toBe('This IP address (127.0.0.1) does not have permission to access the API using these credentials.');
    const inside = await request(debug, 'GET', '/api/application/users/999999', { key: 'app-ip-restricted', ip: '10.1.2.3' });
    expect(inside.status).toBe(404);
    const lan = await request(debug, 'GET', '/api/client/servers/00000000', { key: 'client-ip-lan-only', ip: '192.168.1.7' });
    expect(lan.status).toBe(500);
    const v6 = await request(debug, 'GET', '/api/client/servers/00000000', { key: 'client-ip-loopback', ip: '::1' });
    expect(v6.status).toBe(500);
  });
});

describe('authorization before existence', () => {
  it('answers 403 to a key without the bit even for an id that does not exist, 404 to a key with it', async () => {
    expect((await request(panel, 'GET', '/api/application/users/999999', { key: 'app-none' })).status).toBe(403);
    expect((await request(panel, 'GET', '/api/application/users/999999', { key: 'app-write-only' })).status).toBe(403);
    expect((await request(panel, 'DELETE', '/api/application/users/999999', { key: 'app-read-only' })).status).toBe(403);
    expect((await request(panel, 'DELETE', '/api/application/users/999999', { key: 'app-write-only' })).status).toBe(404);
    expect((await request(panel, 'GET', '/api/application/users/999999', { key: 'app-read-only' })).status).toBe(404);
  });

  it('checks one resource column per route: allocations under a node need only r_allocations', async () => {
    const r = await request(panel, 'GET', '/api/application/nodes/999/allocations', { key: 'app-users-read-only' });
    expect(r.status).toBe(403);
  });

  it('answers 404 for a child that does not belong to its parent', async () => {
    expect((await request(panel, 'GET', '/api/application/nests/1/eggs/14', { key: 'app-full' })).status).toBe(404);
    expect((await request(panel, 'GET', '/api/application/servers/2/databases/1', { key: 'app-full' })).status).toBe(404);
    expect((await request(panel, 'DELETE', '/api/application/nodes/2/allocations/1', { key: 'app-full' })).status).toBe(404);
    expect((await request(panel, 'GET', '/api/application/users/external/nobody', { key: 'app-full' })).status).toBe(404);
  });
});

describe('client access', () => {
  it('answers 500 FatalThrowableError for an identifier that matches no server', async () => {
    const r = await request(panel, 'GET', '/api/client/servers/00000000', { key: 'client-owner' });
    expect(r.status).toBe(500);
    expect(r.json.errors[0].code).toBe('FatalThrowableError');
    expect(r.lowerHeaders['x-ratelimit-limit']).toBe('60');
  });

  it('answers 404 to a user who may not access an existing server', async () => {
    const server = panel.store.find('servers', 1);
    const r = await request(panel, 'GET', `/api/client/servers/${server?.uuidShort}`, { key: 'client-stranger' });
    expect(r.status).toBe(404);
    expect(r.json.errors[0].code).toBe('NotFoundHttpException');
  });

  it('refuses a subuser the power signal it lacks, and an absent signal, before validation', async () => {
    const server = panel.store.find('servers', 1);
    for (const body of [{ signal: 'stop' }, {}]) {
      const r = await request(panel, 'POST', `/api/client/servers/${server?.uuidShort}/power`, { key: 'client-subuser-limited', body });
      expect(r.status).toBe(403);
    }
  });

  it('creates the daemon key of a root admin on first access', async () => {
    const before = panel.store.where('daemon_keys', (k) => k.user_id === 1 && k.server_id === 4).length;
    await request(panel, 'GET', `/api/client/servers/${panel.store.find('servers', 4)?.uuidShort}`, { key: 'client-root-admin' });
    expect(before).toBe(0);
    expect(panel.store.where('daemon_keys', (k) => k.user_id === 1 && k.server_id === 4)).toHaveLength(1);
  });
});

describe('the clock', () => {
  it('is the wall clock by default: Date, X-RateLimit-Reset and a created row agree with it, seed rows keep their dates', async () => {
    const before = Date.now();
    for (let i = 0; i < 60; i++) await request(panel, 'GET', '/api/client', { key: 'client-owner' });
    const refused = await request(panel, 'GET', '/api/client', { key: 'client-owner' });
    const created = await request(panel, 'POST', '/api/application/locations', { key: 'app-full', body: { short: 'clock.test', long: 'Clock test' } });
    const after = Date.now();
    expect(refused.status).toBe(429);
    const date = Date.parse(refused.lowerHeaders['date'] ?? '');
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(date).toBeLessThanOrEqual(after);
    // The window opened with the first request, between before and after.
    const reset = Number(refused.lowerHeaders['x-ratelimit-reset']);
    expect(reset).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 60);
    expect(reset).toBeLessThanOrEqual(Math.floor(after / 1000) + 60);
    expect(reset).toBe(date / 1000 + Number(refused.lowerHeaders['retry-after']));
    expect(created.status).toBe(201);
    const createdAt = Date.parse(String(created.json.attributes.created_at));
    expect(createdAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(createdAt).toBeLessThanOrEqual(after);
    expect(panel.store.find('locations', 1)?.created_at).toBe(panel.store.seed.tables.locations[0]?.created_at);
  });

  it('can be frozen at an instant by the clock option, and reset() returns it there', async () => {
    const frozen = await MockPanel.create({ clock: '2020-10-05T12:00:00Z' });
    const first = await request(frozen, 'GET', '/api/application/users/1', { key: 'app-full' });
    expect(first.lowerHeaders['date']).toBe('Mon, 05 Oct 2020 12:00:00 GMT');
    frozen.clock.advance(90);
    expect(frozen.clock.dbTimestamp()).toBe('2020-10-05 12:01:30');
    frozen.reset();
    expect(frozen.clock.dbTimestamp()).toBe('2020-10-05 12:00:00');
    await expect(MockPanel.create({ clock: '2020-10-05 12:00' })).rejects.toThrow(/clock must be an ISO-8601 instant with a zone/);
  });
});

describe('rate limits', () => {
  // Frozen: a window must not end while a slow machine sends 120 requests.
  beforeEach(() => panel.clock.set(Date.parse('2020-10-05T12:00:00Z'), true));

  it('counts per client IP across both APIs, headers on errors included', async () => {
    for (let i = 1; i <= 70; i++) {
      const r = await request(panel, 'GET', '/api/application/users/999999', { key: 'app-full' });
      expect(r.lowerHeaders['x-ratelimit-remaining']).toBe(String(120 - i));
    }
    const client = await request(panel, 'GET', '/api/client', { key: 'client-owner' });
    expect(client.status).toBe(429);
    expect(client.json).toEqual({ errors: [{ code: 'ThrottleRequestsException', status: '429', detail: GENERIC }] });
    expect(client.lowerHeaders).toMatchObject({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0' });
    expect(Number(client.lowerHeaders['retry-after'])).toBeGreaterThan(0);
    expect(Number(client.lowerHeaders['retry-after'])).toBeLessThanOrEqual(60);
    expect(Number(client.lowerHeaders['retry-after'])).toBe(60);
    expect(Number(client.lowerHeaders['x-ratelimit-reset'])).toBe(Date.parse('2020-10-05T12:01:00Z') / 1000);
    expect(client.lowerHeaders['date']).toBe('Mon, 05 Oct 2020 12:00:00 GMT');
    const other = await request(panel, 'GET', '/api/application/users/999999', { key: 'app-full', ip: '10.9.9.9' });
    expect(other.lowerHeaders['x-ratelimit-remaining']).toBe('119');
  });

  it('refuses the 121st application request of a window and admits again after it', async () => {
    for (let i = 0; i < 120; i++) await request(panel, 'GET', '/api/application/users/999999', { key: 'app-full' });
    const refused = await request(panel, 'GET', '/api/application/users/999999', { key: 'app-full' });
    expect(refused.status).toBe(429);
    panel.clock.advance(61);
    const again = await request(panel, 'GET', '/api/application/users/999999', { key: 'app-full' });
    expect(again.status).toBe(404);
    expect(again.lowerHeaders['x-ratelimit-remaining']).toBe('119');
  });

  it('throttles utilization per user at 15 and shows the 60-based headers (the quirk)', async () => {
    const url = `/api/client/servers/${panel.store.find('servers', 1)?.uuidShort}/utilization`;
    for (let i = 0; i < 15; i++) await request(panel, 'GET', url, { key: 'client-owner' });
    const refused = await request(panel, 'GET', url, { key: 'client-owner' });
    expect(refused.status).toBe(429);
    expect(refused.lowerHeaders['x-ratelimit-limit']).toBe('60');
    expect(refused.lowerHeaders['x-ratelimit-remaining']).toBe('44');
    expect(refused.lowerHeaders['retry-after']).toBeDefined();
    // Per user, across keys: jdoe's other key is throttled too.
    expect((await request(panel, 'GET', url, { key: 'client-ip-loopback' })).status).toBe(429);
  });
});

describe('rendering', () => {
  it('shows the message, source and trace with debug on', async () => {
    const debug = await MockPanel.create({ debug: true });
    const r = await request(debug, 'GET', '/api/application/users/999999', { key: 'app-full' });
    const [error] = r.json.errors;
    expect(error).toMatchObject({ code: 'NotFoundHttpException', status: '404', detail: 'The requested resource does not exist on this server.' });
    expect(error.source.file).toMatch(/^\//);
    expect(Array.isArray(error.meta.trace)).toBe(true);
  });

  it('pretty-prints framework errors with unescaped slashes', async () => {
    const r = await request(panel, 'GET', '/api/application/users/999999', { key: 'app-full' });
    expect(r.body).toContain('\n    "errors": [');
  });

  it('renders HTML errors without a JSON Accept header, and ranks Accept by q', async () => {
    const html = await request(panel, 'GET', '/api/application/users', { headers: { accept: 'text/html' } });
    expect(html.status).toBe(401);
    expect(html.lowerHeaders['content-type']).toContain('text/html');
    const ranked = await request(panel, 'GET', '/api/application/users', { headers: { accept: 'text/html;q=0.5, application/json' } });
    expect(ranked.lowerHeaders['content-type']).toBe('application/json');
  });
});

describe('edge cases the fuzz test found', () => {
  it('compares route ids as MySQL compares an integer column with a string', async () => {
    expect((await request(panel, 'GET', '/api/application/users/1.5', { key: 'app-full' })).status).toBe(404);
    expect((await request(panel, 'GET', '/api/application/users/1e1', { key: 'app-full' })).json.attributes.id).toBe(10);
    expect((await request(panel, 'GET', '/api/application/users/1abc', { key: 'app-full' })).json.attributes.id).toBe(1);
  });

  it('sends no body on HEAD, also for answers decided before routing', async () => {
    const r = await request(panel, 'HEAD', '/api/application/users?include[]=servers');
    expect(r.status).toBe(500);
    expect(r.body).toBe('');
  });
});
