// The seed's stock nests, eggs and egg variables are what a fresh v0.7.19 panel's seeders create:
// fixtures/stock-eggs.json, derived from NestSeeder, EggSeeder and database/seeds/eggs/** at
// v0.7.19 by scripts/derive-stock-eggs.ts (its header says how the importer maps the JSON).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSeed } from './seed-loader.ts';

interface StockData {
  nests: Record<string, unknown>[];
  eggs: (Record<string, unknown> & { source: string })[];
  egg_variables: Record<string, unknown>[];
}

const stock = JSON.parse(readFileSync(new URL('../../fixtures/stock-eggs.json', import.meta.url), 'utf8')) as StockData;
const tables = loadSeed().tables;

/** A seed row without what the seeders leave to chance or the clock (uuid, timestamps). */
function content(row: object, columns: readonly string[]): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(columns.map((c) => [c, r[c]]));
}

describe('the stock nests and eggs of the seed', () => {
  it('are the nests NestSeeder creates, in its order, and nothing else', () => {
    const columns = Object.keys(stock.nests[0]!);
    expect(tables.nests.map((n) => content(n, columns))).toEqual(stock.nests);
  });

  it('are the eggs EggSeeder imports, every column as the importer sets it, ids in seeding order', () => {
    const columns = Object.keys(stock.eggs[0]!).filter((c) => c !== 'source');
    const seeded = tables.eggs.slice(0, stock.eggs.length);
    for (const [i, egg] of stock.eggs.entries()) {
      const { source, ...expected } = egg;
      expect(content(seeded[i]!, columns), source).toEqual(expected);
    }
  });

  it('have the egg variables the importer creates, in file order', () => {
    const columns = Object.keys(stock.egg_variables[0]!);
    expect(tables.egg_variables.slice(0, stock.egg_variables.length).map((v) => content(v, columns))).toEqual(stock.egg_variables);
  });

  it('are followed only by admin-made eggs, named as such, with their variables after the stock ones', () => {
    const extra = tables.eggs.slice(stock.eggs.length);
    expect(extra.length).toBeGreaterThan(0);
    for (const egg of extra) expect(egg.name).toMatch(/^Admin-made: /);
    // The extending eggs the suites need to see `extends` and inherited config/script rendered.
    expect(extra.some((e) => e.config_from !== null)).toBe(true);
    expect(extra.some((e) => e.copy_script_from !== null)).toBe(true);
    const stockIds = new Set(stock.eggs.map((e) => e['id']));
    expect(tables.egg_variables.slice(stock.egg_variables.length).every((v) => !stockIds.has(v.egg_id))).toBe(true);
  });
});
