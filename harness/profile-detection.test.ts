// Telling a live panel's version (harness/preflight.ts runProfile) against both twins: one request
// without a key decides it when PTERO_PROFILE is unset, confirms it when set, and a PTERO_PROFILE
// that names the other version is a could-not-test paragraph naming the variable. A panel that
// answers as neither does is refused unless PTERO_PROFILE says what it is.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../mock/server.ts';
import { OperationIndex } from './operation-index.ts';
import { Pacer } from './pacer.ts';
import { PanelClient } from './panel-client.ts';
import { preflight, runProfile, type ProfileDecision } from './preflight.ts';
import { fixtureKey } from '../mock/testing/fixture-keys.ts';
import type { RunConfig } from './run-config.ts';
import { loadSpec } from './spec-source.ts';

type Mock = Awaited<ReturnType<typeof startMock>>;
let v07: Mock;
let v111: Mock;
let teapot: Server;
let teapotUrl: string;
let index: OperationIndex;

beforeAll(async () => {
  [v07, v111] = await Promise.all([startMock({ control: true }, { host: '127.0.0.1', port: 0 }), startMock({ control: true, profile: 'v1.11' }, { host: '127.0.0.1', port: 0 })]);
  // Something that answers the API's JSON, but as no Pterodactyl version does.
  teapot = createServer((_req, res) => res.writeHead(418, { 'content-type': 'application/json' }).end('{"errors":[{"code":"Teapot","status":"418","detail":"no"}]}'));
  await new Promise<void>((done) => teapot.listen(0, '127.0.0.1', done));
  teapotUrl = `http://127.0.0.1:${(teapot.address() as AddressInfo).port}`;
  index = new OperationIndex(await loadSpec());
});
afterAll(async () => {
  await Promise.all([v07.close(), v111.close(), new Promise((done) => teapot.close(done))]);
});

async function decide(url: string, profile: { profile: string; profileConfigured: boolean }): Promise<ProfileDecision> {
  const config = { keys: {}, allowWrites: false, timeoutMs: 5000, ...profile } as unknown as RunConfig;
  const client = new PanelClient(url, config, index, new Pacer(undefined));
  try {
    return await runProfile(config, client, url);
  } finally {
    await client.close();
  }
}

const UNSET = { profile: 'v0.7.19', profileConfigured: false };

describe('profile detection (PTERO_PROFILE unset): one request without a key', () => {
  it('tells the v0.7.19 twin by its 404 NotFoundHttpException on a route only 1.x has', async () => {
    const decision = await decide(v07.url, UNSET);
    expect(decision).toMatchObject({ profile: { id: 'v0.7.19' }, decided: 'detected', requests: 1 });
    expect(decision.problem).toBeUndefined();
    expect(decision.note).toBe('profile v0.7.19 (Pterodactyl Panel v0.7.19): detected (GET /api/client/permissions without a key answered 404 NotFoundHttpException); PTERO_PROFILE unset');
  });

  it('tells the v1.11 twin by its 401 AuthenticationException there', async () => {
    const decision = await decide(v111.url, UNSET);
    expect(decision).toMatchObject({ profile: { id: 'v1.11' }, decided: 'detected', requests: 1 });
    expect(decision.note).toContain('answered 401 AuthenticationException');
  });

  it('refuses a panel that answers as neither version, naming PTERO_PROFILE', async () => {
    const decision = await decide(teapotUrl, UNSET);
    expect(decision.problem?.cause).toBe('the panel version could not be told: set PTERO_PROFILE');
    expect(decision.problem?.paragraph).toContain('answered 418 Teapot, where a stock panel answers 404 NotFoundHttpException (v0.7.19) or 401 AuthenticationException (v1.11)');
    expect(decision.problem?.paragraph).toMatch(/set PTERO_PROFILE to the panel's version \(v0\.7\.19 or v1\.11\)\. No behaviour was run\.$/);
  });
});

describe('a configured PTERO_PROFILE on a live panel', () => {
  it('is confirmed when the panel answers as that version', async () => {
    expect(await decide(v111.url, { profile: 'v1.11', profileConfigured: true })).toMatchObject({ profile: { id: 'v1.11' }, decided: 'confirmed' });
    expect(await decide(v07.url, { profile: 'v0.7.19', profileConfigured: true })).toMatchObject({ profile: { id: 'v0.7.19' }, decided: 'confirmed' });
  });

  it('that names the other version is a could-not-test with one paragraph naming the variable', async () => {
    const decision = await decide(v111.url, { profile: 'v0.7.19', profileConfigured: true });
    expect(decision.problem?.cause).toBe('PTERO_PROFILE is v0.7.19 but the panel is v1.11');
    expect(decision.problem?.paragraph).toMatch(/^Preflight against .*: PTERO_PROFILE is v0\.7\.19, but the panel answers as Pterodactyl Panel v1\.11\.8 does \(GET \/api\/client\/permissions without a key answered 401 AuthenticationException; v0\.7\.19 would answer 404 NotFoundHttpException\)\..* Set PTERO_PROFILE=v1\.11, or unset it to use the detected version\. No behaviour was run\.$/);
    expect(decision.problem?.paragraph.split('\n')).toHaveLength(1);
    const reverse = await decide(v07.url, { profile: 'v1.11', profileConfigured: true });
    expect(reverse.problem?.cause).toBe('PTERO_PROFILE is v1.11 but the panel is v0.7.19');
  });

  it('is trusted, and said to be unconfirmed, when the answer is neither version', async () => {
    const decision = await decide(teapotUrl, { profile: 'v1.11', profileConfigured: true });
    expect(decision).toMatchObject({ profile: { id: 'v1.11' }, decided: 'unconfirmed' });
    expect(decision.problem).toBeUndefined();
  });
});

describe('the key preflight on a v1.11 panel (its probes read lists: 1.x binds a model before the ACL)', () => {
  async function check(keys: Partial<Record<string, string>>) {
    const config = { keys, profile: 'v1.11', allowWrites: false, timeoutMs: 5000 } as unknown as RunConfig;
    const client = new PanelClient(v111.url, config, index, new Pacer(undefined));
    try {
      return await preflight(client, config, v111.url);
    } finally {
      await client.close();
    }
  }
  const key = (name: string) => fixtureKey(v111.panel, name);

  it('passes the twin\'s keys in their roles', async () => {
    const result = await check({ application: key('app-full'), 'application-none': key('app-none'), client: key('client-owner'), 'client-root-admin': key('client-admin') });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.keys.find((k) => k.role === 'application')?.note).toBe('application key; reads r_users, r_servers, r_nodes, r_locations, r_nests');
  });

  it('calls a key 1.x answers 401 (no such key) refused, naming its variable', async () => {
    const result = await check({ client: `ptlc_${'A'.repeat(11)}${'b'.repeat(32)}` });
    expect(result.ok).toBe(false);
    expect(result.paragraph).toContain('PTERO_CLIENT_KEY is refused by the panel: 401, no key with that identifier and token.');
  });

  it('tells a key without READ from one with it (403 on the list)', async () => {
    const result = await check({ application: key('app-none') });
    expect(result.ok).toBe(false);
    expect(result.keys[0]).toMatchObject({ kind: 'application', note: 'reads nothing' });
    expect(result.paragraph).toMatch(/^Preflight against .*: PTERO_APPLICATION_KEY cannot read r_users, r_servers, r_nodes, r_locations, r_nests \(403 where a key with READ gets 200\), or its owner is not a root admin; its role needs READ on every resource: /);
  });
});
