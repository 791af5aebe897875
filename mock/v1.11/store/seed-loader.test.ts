import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSeedYaml } from '../../store/seed-loader.ts';
import { buildSeed, DEFAULT_SEED_PATH_V111, derivedUuid, loadSeedV111 } from './seed-loader.ts';

const raw = () => parseSeedYaml(readFileSync(DEFAULT_SEED_PATH_V111, 'utf8')) as { tables: Record<string, Record<string, unknown>[]> };

describe('the v1.11 seed', () => {
  it('loads: the stock 4 nests, 14 eggs and their variables, with stable uuids', () => {
    const seed = loadSeedV111();
    expect(seed.tables.nests.map((n) => n.name)).toEqual(['Minecraft', 'Source Engine', 'Voice Servers', 'Rust']);
    expect(seed.tables.eggs).toHaveLength(14);
    expect(seed.tables.egg_variables.every((v) => seed.tables.eggs.some((e) => e.id === v.egg_id))).toBe(true);
    expect(seed.tables.eggs[0]?.uuid).toBe(derivedUuid('egg:1'));
    expect(derivedUuid('egg:1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('has a key of every kind the suites need', () => {
    const memos = loadSeedV111().tables.api_keys.map((k) => k.memo?.split(':')[0]);
    expect(memos).toEqual(expect.arrayContaining(['app-full', 'app-read-only', 'app-none', 'client-admin', 'client-owner', 'client-subuser']));
  });
  it('refuses a column of the wrong type, naming it', () => {
    const data = raw();
    (data.tables['users'] as Record<string, unknown>[])[0]!['root_admin'] = 'yes';
    expect(() => buildSeed(data, DEFAULT_SEED_PATH_V111)).toThrow(/users\/0\/root_admin/);
  });
  it('refuses a dangling foreign key and a server whose allocation is not its own', () => {
    const data = raw();
    (data.tables['servers'] as Record<string, unknown>[])[0]!['owner_id'] = 99;
    (data.tables['servers'] as Record<string, unknown>[])[1]!['allocation_id'] = 5;
    expect(() => buildSeed(data, DEFAULT_SEED_PATH_V111)).toThrow(/owner_id 99 is no users row[\s\S]*allocation 5 is not assigned/);
  });
});
