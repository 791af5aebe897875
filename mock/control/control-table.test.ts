// The control surface's one table (harness/control-routes.ts) against both sides: the mock serves
// every entry with the status the table says, and nothing else; the suites' client (the session's
// MockControl) and the typed ControlClient send only requests the table lists; README documents it.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { bodyProblem, CONTROL_PREFIX, CONTROL_ROUTES, CONTROL_SERVER_STATES, ControlClient, matchControlRoute, type ControlRoute, type ControlRouteName } from '../../harness/control-routes.ts';
import { mockControl } from '../../suites/support/session.ts';
import { MockPanel } from '../panel.ts';
import { DAEMON_SERVER_STATES } from '../store/rows.ts';
import { handleControl } from './control-routes.ts';

const ROUTES = Object.entries(CONTROL_ROUTES) as [ControlRouteName, ControlRoute][];

let panel: MockPanel;
beforeEach(async () => {
  panel = await MockPanel.create({ control: true });
}, 60_000);

function send(method: string, path: string, body?: unknown) {
  const response = handleControl(panel, {
    method,
    url: `${CONTROL_PREFIX}${path}`,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
    remoteAddress: '127.0.0.1',
    scheme: 'http',
  });
  return { status: response.status, json: response.body === '' ? undefined : (JSON.parse(String(response.body)) as Record<string, unknown>) };
}

/** A fetch that answers from the mock's control handler, recording every request. */
function recordingFetch(seen: { method: string; path: string; status: number }[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const path = String(input).slice('http://mock.test'.length + CONTROL_PREFIX.length);
    const method = init?.method ?? 'GET';
    const answer = send(method, path, init?.body === undefined ? undefined : JSON.parse(String(init.body)));
    seen.push({ method, path, status: answer.status });
    return new Response(answer.json === undefined ? null : JSON.stringify(answer.json), { status: answer.status });
  }) as typeof fetch;
}

describe('the control route table', () => {
  it.each(ROUTES)('%s is served with the status the table says', (name, route) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, param: string) => String(route.example?.params?.[param]));
    const answer = send(route.method, path, route.example?.body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(route.answers);
    expect(matchControlRoute(route.method, path)?.name).toBe(name);
  });

  it('serves nothing the table does not list', () => {
    for (const [method, path] of [['DELETE', '/store'], ['PUT', '/clock'], ['GET', '/reset'], ['PUT', '/daemon/servers/x'], ['GET', '/nothing']] as const) {
      expect(matchControlRoute(method, path)).toBeUndefined();
      expect(send(method, path).status).toBe(404);
    }
  });

  it('refuses a body that does not have the route\'s shape, naming the member', () => {
    expect(send('PUT', '/daemon/nodes/1', { http_error: 500 })).toMatchObject({ status: 422, json: { error: expect.stringContaining('reachable is required') } });
    expect(send('PUT', '/daemon/nodes/1', { reachable: 'yes' })).toMatchObject({ status: 422, json: { error: 'reachable must be a boolean' } });
    expect(send('PUT', '/daemon/servers/1', { state: 'exploded' })).toMatchObject({ status: 422, json: { error: expect.stringContaining('state must be one of running') } });
    expect(send('POST', '/clock', { advance_seconds: '5' })).toMatchObject({ status: 422, json: { error: 'advance_seconds must be a number' } });
    expect(bodyProblem(CONTROL_ROUTES.setDaemonNode, { reachable: false, http_error: null })).toBeUndefined();
  });

  it('sets the daemon states the mock has, no more and no fewer', () => {
    expect([...CONTROL_SERVER_STATES].sort()).toEqual([...DAEMON_SERVER_STATES].sort());
  });

  it('is what README documents', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [, route] of ROUTES) expect(readme).toContain(`| \`${route.method} ${route.path}\` |`);
  });
});

describe('the clients of the control surface', () => {
  it('the session\'s MockControl sends only table routes, each answered as the table says', async () => {
    const seen: { method: string; path: string; status: number }[] = [];
    const control = mockControl(new ControlClient(`http://mock.test${CONTROL_PREFIX}`, recordingFetch(seen)));
    await control.resetRateLimits();
    await control.advanceClock(5);
    await control.setServerState(1, 'stopped');
    await control.setServerState(3, 'installing');
    await control.finishInstall(3);
    await control.setNodeReachable(1, false);
    await control.setNodeReachable(1, true, 500);
    await control.setNodeReachable(1, true, null);
    expect(await control.journal()).toEqual([]);
    expect(await control.storeDigest()).toMatch(/^[0-9a-f]{64}$/);
    await control.reset();
    expect(seen).toHaveLength(11);
    for (const request of seen) {
      const route = matchControlRoute(request.method, request.path);
      expect(route, `${request.method} ${request.path}`).toBeDefined();
      expect(request.status, `${request.method} ${request.path}`).toBe(CONTROL_ROUTES[route!.name].answers);
    }
  });

  it('the typed client builds every route from the table and throws on any other answer', async () => {
    const seen: { method: string; path: string; status: number }[] = [];
    const client = new ControlClient(`http://mock.test${CONTROL_PREFIX}`, recordingFetch(seen));
    expect((await client.call('readClock')).frozen).toBe(false);
    expect((await client.call('moveClock', { body: { real: true } })).offset_seconds).toBe(0);
    expect((await client.call('setDaemonServer', { params: { id: 2 }, body: { state: 'running' } })).state).toBe('running');
    expect(await client.call('clearJournal')).toBeUndefined();
    expect((await client.call('readStore')).counts['servers']).toBeGreaterThan(0);
    await expect(client.call('setDaemonServer', { params: { id: 999 }, body: { state: 'running' } })).rejects.toThrow('PUT /daemon/servers/999 answered 404');
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /clock', 'POST /clock', 'PUT /daemon/servers/2', 'DELETE /journal', 'GET /store', 'PUT /daemon/servers/999']);
  });
});
