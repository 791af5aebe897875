import { describe, expect, it } from 'vitest';
import { parseIncludes } from './fractal.ts';

describe('parseIncludes', () => {
  it('splits on commas, trims, drops empty names', () => {
    expect([...parseIncludes(' servers , ,allocations,')]).toEqual(['servers', 'allocations']);
  });

  it('adds the parents of nested includes and cuts at two levels', () => {
    expect([...parseIncludes('servers.allocations.node,user')]).toEqual(['servers', 'servers.allocations', 'user']);
  });

  it('drops modifiers and duplicates', () => {
    expect([...parseIncludes('servers:limit(5|2),servers')]).toEqual(['servers']);
  });

  it('is case-sensitive and keeps inner spaces (unknown names are ignored later)', () => {
    expect([...parseIncludes('Servers,servers. allocations')]).toEqual(['Servers', 'servers', 'servers. allocations']);
  });

  it('accepts no include at all', () => {
    expect(parseIncludes(undefined).size).toBe(0);
    expect(parseIncludes(null).size).toBe(0);
    expect(parseIncludes('').size).toBe(0);
  });
});
