import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { API_KEY_PERMISSION_COLUMNS, type ApiKeyRow, type Seed, TABLE_COLUMNS, TABLE_NAMES } from './rows.js';
import { DEFAULT_SEED_PATH, SEED_SCHEMA_PATH, SeedValidationError, loadSeed, parseSeedYaml, validateSeed } from './seed-loader.js';

const seed = loadSeed();
const t = seed.tables;

/** A deep copy of the shipped seed, for breaking. */
function copy(): Seed {
  return structuredClone(seed);
}

/** Runs `fn` and returns the SeedValidationError it throws. */
function problemsOf(fn: () => unknown): SeedValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SeedValidationError);
    return err as SeedValidationError;
  }
  throw new Error('expected the seed to be rejected');
}

const allBits = (k: ApiKeyRow, v: number): boolean => API_KEY_PERMISSION_COLUMNS.every((c) => k[c] === v);
const tmp = mkdtempSync(join(tmpdir(), 'seed-loader-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('shipped seed', () => {
  it('loads from the default path without problems', () => {
    expect(DEFAULT_SEED_PATH.endsWith(join('fixtures', 'seed.yaml'))).toBe(true);
    expect(seed.tables.users.length).toBeGreaterThan(0);
  });

  it('resolves a relative path against the repository root and returns a fresh copy each time', () => {
    const again = loadSeed('fixtures/seed.yaml');
    expect(again).toEqual(seed);
    again.tables.users[0]!.username = 'changed';
    expect(loadSeed().tables.users[0]!.username).not.toBe('changed');
  });

  it('schema columns match the row types of rows.ts exactly', () => {
    const schema = JSON.parse(readFileSync(SEED_SCHEMA_PATH, 'utf8')) as {
      properties: { tables: { required: string[]; properties: Record<string, { items: { required: string[]; properties: object } }> } };
    };
    expect([...schema.properties.tables.required].sort()).toEqual([...TABLE_NAMES].sort());
    for (const table of TABLE_NAMES) {
      const items = schema.properties.tables.properties[table]!.items;
      expect(Object.keys(items.properties), table).toEqual([...TABLE_COLUMNS[table]]);
      expect(items.required, table).toEqual([...TABLE_COLUMNS[table]]);
      // the seed rows themselves list the columns in the same order
      expect(Object.keys(t[table][0]!), table).toEqual([...TABLE_COLUMNS[table]]);
    }
  });

  it('has 65 users (two pages of 50), 2 root admins, some external ids and the search users', () => {
    expect(t.users).toHaveLength(65);
    expect(t.users.filter((u) => u.root_admin)).toHaveLength(2);
    expect(t.users.filter((u) => u.external_id !== null).length).toBeGreaterThanOrEqual(3);
    const names = t.users.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['alpha', 'alphabet', 'betaalpha']));
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([\w.-]+)[a-z0-9]$/);
    // betaalpha matches "alpha" only inside the username (not in email or names)
    const beta = t.users.find((u) => u.username === 'betaalpha')!;
    expect(`${beta.email} ${beta.name_first} ${beta.name_last}`.toLowerCase()).not.toContain('alpha');
  });

  it('has 3+ locations and 3 nodes: one non-public, one unreachable, each with 10+ allocations on its own IPs', () => {
    expect(t.locations.length).toBeGreaterThanOrEqual(3);
    expect(t.nodes).toHaveLength(3);
    expect(t.nodes.filter((n) => !n.public)).toHaveLength(1);
    expect(Object.values(seed.daemon.nodes).filter((n) => !n.reachable)).toHaveLength(1);
    const ipsByNode = new Map<number, Set<string>>();
    for (const n of t.nodes) {
      const allocs = t.allocations.filter((a) => a.node_id === n.id);
      expect(allocs.length, `node ${n.id}`).toBeGreaterThanOrEqual(10);
      expect(allocs.filter((a) => a.server_id === null).length, `free on node ${n.id}`).toBeGreaterThanOrEqual(5);
      expect(allocs.some((a) => a.server_id !== null), `assigned on node ${n.id}`).toBe(true);
      ipsByNode.set(n.id, new Set(allocs.map((a) => a.ip)));
    }
    const allIps = [...ipsByNode.values()].flatMap((s) => [...s]);
    expect(new Set(allIps).size).toBe(allIps.length);
    expect(t.allocations.some((a) => a.ip_alias !== null)).toBe(true);
  });

  it('has the 4 stock nests with their stock eggs, variables and config inheritance', () => {
    expect(t.nests.map((n) => n.name)).toEqual(['Minecraft', 'Source Engine', 'Voice Servers', 'Rust']);
    const eggNames = (nest: number) => t.eggs.filter((e) => e.nest_id === nest).map((e) => e.name);
    expect(eggNames(1)).toEqual(expect.arrayContaining(['Vanilla Minecraft', 'Paper', 'Forge Minecraft', 'Bungeecord']));
    expect(eggNames(2).length).toBeGreaterThanOrEqual(5);
    expect(eggNames(3)).toHaveLength(2);
    expect(eggNames(4)).toEqual(['Rust']);
    for (const e of t.eggs) expect(t.egg_variables.some((v) => v.egg_id === e.id), e.name).toBe(true);
    expect(t.egg_variables.map((v) => v.env_variable)).toEqual(expect.arrayContaining(['SERVER_JARFILE', 'VANILLA_VERSION']));
    expect(t.eggs.some((e) => e.config_from !== null)).toBe(true);
    expect(t.eggs.some((e) => e.copy_script_from !== null)).toBe(true);
    expect(t.eggs.some((e) => e.config_files === '{}')).toBe(true);
    expect(t.egg_variables.some((v) => v.user_viewable === 0)).toBe(true);
  });

  it('has 8+ servers covering the states the suites need', () => {
    const s = t.servers;
    expect(s.length).toBeGreaterThanOrEqual(8);
    expect(new Set(s.map((x) => x.owner_id)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(s.map((x) => x.node_id)).size).toBeGreaterThanOrEqual(2);
    expect(s.some((x) => x.suspended)).toBe(true);
    expect(s.some((x) => x.installed === 0)).toBe(true);
    expect(s.some((x) => x.external_id !== null)).toBe(true);
    expect(s.some((x) => x.description === '')).toBe(true);
    expect(s.some((x) => x.pack_id !== null)).toBe(true);
    expect(s.some((x) => t.allocations.filter((a) => a.server_id === x.id && a.id !== x.allocation_id).length === 2)).toBe(true);
    const unreachable = t.nodes.filter((n) => !seed.daemon.nodes[String(n.id)]!.reachable).map((n) => n.id);
    expect(s.some((x) => unreachable.includes(x.node_id))).toBe(true);
    const states = new Set(Object.values(seed.daemon.servers).map((d) => d.state));
    for (const state of ['running', 'stopped', 'suspended', 'installing'] as const) expect(states.has(state), state).toBe(true);
    // some variables differ from the egg default
    expect(t.server_variables.some((sv) => sv.variable_value !== t.egg_variables[sv.variable_id - 1]!.default_value)).toBe(true);
  });

  it('has subusers, database hosts and databases', () => {
    const perms = t.subusers.map((u) => [...u.permissions].sort().join(','));
    expect(perms).toContain('power-start,send-command');
    expect(t.subusers.some((u) => ['power-start', 'power-stop', 'power-restart', 'power-kill'].every((p) => u.permissions.includes(p as never)))).toBe(true);
    expect(t.database_hosts.some((h) => h.node_id !== null)).toBe(true);
    expect(t.database_hosts.some((h) => h.node_id === null)).toBe(true);
    expect(t.databases.length).toBeGreaterThanOrEqual(3);
  });

  it('has the api keys the suites need, with unique memos', () => {
    const app = t.api_keys.filter((k) => k.key_type === 2);
    const client = t.api_keys.filter((k) => k.key_type === 1);
    const userOf = (k: ApiKeyRow) => t.users[k.user_id - 1]!;
    expect(app.some((k) => allBits(k, 3) && k.allowed_ips === null && userOf(k).root_admin)).toBe(true);
    expect(app.some((k) => allBits(k, 1))).toBe(true);
    expect(app.some((k) => allBits(k, 0))).toBe(true);
    expect(app.some((k) => allBits(k, 2))).toBe(true);
    expect(app.some((k) => !userOf(k).root_admin)).toBe(true);
    expect(app.some((k) => k.allowed_ips?.includes('10.0.0.0/8'))).toBe(true);
    expect(app.some((k) => k.r_users === 1 && API_KEY_PERMISSION_COLUMNS.filter((c) => c !== 'r_users').every((c) => k[c] === 0))).toBe(true);
    const owners = new Set(t.servers.map((s) => s.owner_id));
    const subs = new Set(t.subusers.map((s) => s.user_id));
    expect(client.some((k) => owners.has(k.user_id) && !userOf(k).root_admin)).toBe(true);
    expect(client.some((k) => subs.has(k.user_id))).toBe(true);
    expect(client.some((k) => userOf(k).root_admin)).toBe(true);
    expect(client.some((k) => !owners.has(k.user_id) && !subs.has(k.user_id) && !userOf(k).root_admin)).toBe(true);
    expect(client.some((k) => k.allowed_ips?.includes('127.0.0.1') && k.allowed_ips.includes('::1'))).toBe(true);
    expect(client.some((k) => k.allowed_ips?.includes('192.168.1.0/28'))).toBe(true);
    expect(new Set(t.api_keys.map((k) => k.memo)).size).toBe(t.api_keys.length);
    for (const k of t.api_keys) {
      expect(k.identifier).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(k.token).toMatch(/^[A-Za-z0-9]{32}$/);
    }
  });

  it('has daemon keys for some owners but not for every owner (PATCH details quirk)', () => {
    expect(t.daemon_keys.length).toBeGreaterThan(0);
    const keyless = t.servers.filter((s) => !t.daemon_keys.some((k) => k.server_id === s.id && k.user_id === s.owner_id));
    expect(keyless.length).toBeGreaterThanOrEqual(1);
  });
});

describe('broken seeds are rejected with a message naming the problem', () => {
  it('a dangling foreign key', () => {
    const bad = copy();
    bad.tables.servers[0]!.owner_id = 999;
    const err = problemsOf(() => validateSeed(bad, 'broken'));
    expect(err.message).toContain('tables.servers[0] (id 1).owner_id: dangling foreign key, no users row with id 999');
  });

  it('an api key identifier of 15 characters', () => {
    const bad = copy();
    bad.tables.api_keys[2]!.identifier = bad.tables.api_keys[2]!.identifier.slice(0, 15);
    const err = problemsOf(() => validateSeed(bad));
    expect(err.message).toContain('tables.api_keys[2] (id 3).identifier: must NOT have fewer than 16 characters');
  });

  it('a duplicate username', () => {
    const bad = copy();
    bad.tables.users[4]!.username = bad.tables.users[3]!.username;
    const err = problemsOf(() => validateSeed(bad));
    expect(err.message).toContain(`tables.users[4] (id 5): duplicate username "${bad.tables.users[3]!.username}"`);
  });

  it('an unknown column', () => {
    const bad = copy();
    (bad.tables.nodes[1] as unknown as Record<string, unknown>).uuid = 'not-a-0.7-column';
    const err = problemsOf(() => validateSeed(bad));
    expect(err.message).toContain('tables.nodes[1] (id 2): unknown column "uuid"');
  });

  it('a missing column and a wrongly typed one', () => {
    const bad = copy();
    delete (bad.tables.eggs[0] as unknown as Record<string, unknown>).config_stop;
    (bad.tables.servers[0] as unknown as Record<string, unknown>).suspended = 0;
    const err = problemsOf(() => validateSeed(bad));
    expect(err.message).toContain('tables.eggs[0] (id 1): missing column "config_stop"');
    expect(err.message).toContain('tables.servers[0] (id 1).suspended: must be boolean');
  });

  it('identifiers that differ only in case (the panel looks them up case-insensitively)', () => {
    const bad = copy();
    const first = bad.tables.api_keys[0]!.identifier;
    bad.tables.api_keys[1]!.identifier = first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase();
    const err = problemsOf(() => validateSeed(bad));
    expect(err.message).toMatch(/tables\.api_keys\[1\] \(id 2\): duplicate identifier/);
  });

  it('an inconsistent allocation, a wrong uuidShort and a missing daemon entry, all listed at once', () => {
    const bad = copy();
    const server = bad.tables.servers[1]!;
    bad.tables.allocations[server.allocation_id - 1]!.server_id = null;
    server.uuidShort = 'deadbeef';
    delete bad.daemon.servers['3'];
    const err = problemsOf(() => validateSeed(bad));
    expect(err.problems.length).toBeGreaterThanOrEqual(3);
    expect(err.message).toContain(`tables.servers[1] (id 2).allocation_id: default allocation ${server.allocation_id} has server_id null, expected 2`);
    expect(err.message).toContain('tables.servers[1] (id 2).uuidShort: "deadbeef" must be the first 8 characters');
    expect(err.message).toContain('daemon.servers: missing entry for server 3');
  });

  it('a subuser who owns the server, and a client key with permission bits', () => {
    const bad = copy();
    const sub = bad.tables.subusers[0]!;
    sub.user_id = bad.tables.servers[sub.server_id - 1]!.owner_id;
    const clientIndex = bad.tables.api_keys.findIndex((k) => k.key_type === 1);
    bad.tables.api_keys[clientIndex]!.r_servers = 1;
    const err = problemsOf(() => validateSeed(bad));
    expect(err.message).toContain('tables.subusers[0] (id 1): user');
    expect(err.message).toContain('client keys (key_type 1) must have every r_* = 0 (set: r_servers)');
  });

  it('a broken file on disk (via loadSeed), and YAML syntax errors', () => {
    const bad = copy();
    bad.tables.databases[0]!.database_host_id = 42;
    const file = join(tmp, 'broken.yaml');
    writeFileSync(file, stringify(bad));
    const err = problemsOf(() => loadSeed(file));
    expect(err.source).toBe(file);
    expect(err.message).toContain('tables.databases[0] (id 1).database_host_id: dangling foreign key, no database_hosts row with id 42');

    expect(problemsOf(() => parseSeedYaml('now: [unclosed\n')).message).toContain('YAML');
    expect(problemsOf(() => parseSeedYaml('now: a\nnow: b\n')).message).toContain('YAML');
    expect(problemsOf(() => loadSeed(join(tmp, 'absent.yaml'))).message).toContain('cannot read the file');
  });
});
