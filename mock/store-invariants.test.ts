import { beforeEach, describe, expect, it } from 'vitest';
import { MockPanel } from './panel.ts';
import { checkStoreIntegrity, committedFailure, describeChanges, persistentState, SEED_ONLY_RULES } from './store-invariants.ts';
import { request } from './testing/panel-request.ts';

let panel: MockPanel;

beforeEach(async () => {
  panel = await MockPanel.create();
});

describe('store invariants', () => {
  it('hold for the seed', () => {
    expect(checkStoreIntegrity(panel)).toEqual([]);
  });

  it('report a dangling foreign key and a duplicate unique value', () => {
    const server = panel.store.find('servers', 1);
    const user = panel.store.find('users', 4);
    if (!server || !user) throw new Error('seed changed');
    server.owner_id = 999;
    user.email = 'ADMIN@example.com';
    const problems = checkStoreIntegrity(panel);
    expect(problems.some((p) => /owner_id: dangling foreign key, no users row with id 999/.test(p))).toBe(true);
    expect(problems.some((p) => /duplicate email/.test(p))).toBe(true);
  });

  it('report a value of the wrong column type', () => {
    const user = panel.store.find('users', 1) as unknown as Record<string, unknown>;
    user['root_admin'] = 'yes';
    expect(checkStoreIntegrity(panel).some((p) => /root_admin: must be boolean/.test(p))).toBe(true);
  });

  it('accept the gaps deletes leave, and new rows stamped by the mock clock', async () => {
    expect((await request(panel, 'DELETE', '/api/application/users/65', { key: 'app-full' })).status).toBe(204);
    const created = await request(panel, 'POST', '/api/application/locations', { key: 'app-full', body: { short: 'nz.akl', long: 'Auckland' } });
    expect(created.status).toBe(201);
    expect(checkStoreIntegrity(panel)).toEqual([]);
  });

  it('every seed-only rule gives its reason', () => {
    for (const rule of SEED_ONLY_RULES) expect(rule.reason.length).toBeGreaterThan(20);
  });

  it('leave authentication side effects out of the persistent state', async () => {
    const before = persistentState(panel);
    // Key use stamps last_used_at; the root admin's client access creates a daemon key on the fly.
    const response = await request(panel, 'GET', '/api/client/servers/c4af8e6d', { key: 'client-root-admin' });
    expect(response.status).toBe(200);
    expect(panel.store.first('daemon_keys', (k) => k.user_id === 1 && k.server_id === 1)).toBeDefined();
    expect(describeChanges(before, persistentState(panel))).toEqual([]);
  });

  it('describe inserted, changed and deleted rows', () => {
    const before = persistentState(panel);
    const location = panel.store.find('locations', 1);
    if (!location) throw new Error('seed changed');
    location.long = 'Changed';
    panel.store.remove('locations', (l) => l.id === 4);
    panel.store.insert('locations', { short: 'x', long: 'y', created_at: '2020-01-01 00:00:00', updated_at: '2020-01-01 00:00:00' });
    expect(describeChanges(before, persistentState(panel))).toEqual([
      'locations #1 changed: long "New York City, United States" → "Changed"',
      'locations #5 inserted',
      'locations #4 deleted',
      'locations auto-increment 5 → 6',
    ]);
  });

  it('know the documented committed failure', () => {
    expect(committedFailure('updateNode', 400, 'ConfigurationNotPersistedException')).toBe(true);
    expect(committedFailure('updateNode', 422, 'required')).toBe(false);
    expect(committedFailure('updateServerBuild', 400, 'DisplayException')).toBe(false);
  });
});
