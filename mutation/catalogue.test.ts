import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { panelProfile } from '../harness/profiles.ts';
import { ResponseContract } from '../harness/response-contract.ts';
import { catalogueFrom, type Deviation, globToRegExp, loadCatalogue, pickSubset, profilesOf, requestMatches, statusMatches } from './catalogue.ts';

const catalogue = loadCatalogue();

describe('the catalogue', () => {
  it('holds at least 40 deviations with unique ids across every family', () => {
    expect(catalogue.deviations.length).toBeGreaterThanOrEqual(40);
    expect(catalogue.families().sort()).toEqual(['auth', 'envelope', 'error', 'field', 'format', 'include', 'pagination', 'query', 'rate-limit', 'routing', 'validation']);
    expect(new Set(catalogue.deviations.map((d) => d.id)).size).toBe(catalogue.deviations.length);
  });

  it("names only operations its profile's spec has and suite files that exist", async () => {
    const contracts = new Map<string, ResponseContract>();
    for (const profile of catalogue.profiles()) contracts.set(profile, await ResponseContract.load(panelProfile(profile).spec));
    for (const d of catalogue.deviations) {
      const contract = contracts.get(d.profile) as ResponseContract;
      const ops = d.match.operation === undefined ? [] : Array.isArray(d.match.operation) ? d.match.operation : [d.match.operation];
      for (const op of ops) expect(contract.index.has(op), `${d.id}: ${op}`).toBe(true);
      for (const file of d.suites ?? []) expect(existsSync(fileURLToPath(new URL(`../${file}`, import.meta.url))), `${d.id}: ${file}`).toBe(true);
    }
  });

  it('refuses entries that are not data it understands, naming each problem', () => {
    const good = { id: 'x-y', family: 'field', description: 'a field renamed', names: ['/x'], match: { status: 200 }, mutate: [{ op: 'delete', pointer: '/x' }] };
    expect(catalogueFrom([good]).deviations).toHaveLength(1);
    expect(() => catalogueFrom([good, good])).toThrow(/duplicate id/);
    expect(() => catalogueFrom([{ ...good, family: 'misc' }])).toThrow(/family/);
    expect(() => catalogueFrom([{ ...good, names: [] }])).toThrow(/names/);
    expect(() => catalogueFrom([{ ...good, match: {} }])).toThrow(/at least one criterion/);
    expect(() => catalogueFrom([{ ...good, match: { status: '2yy' } }])).toThrow(/match.status/);
    expect(() => catalogueFrom([{ ...good, mutate: [{ op: 'explode' }] }])).toThrow(/unknown op/);
    expect(() => catalogueFrom([{ ...good, id: 'passthrough' }])).toThrow(/reserved/);
    expect(() => catalogue.get('no-such-deviation')).toThrow(/unknown deviation/);
    expect(() => catalogueFrom([{ ...good, profile: 'v2.0' }])).toThrow(/profile: one of v0.7.19, v1.11/);
  });

  it('gives an entry without a profile the default one, and deviates the v1.11 twin with at least six entries', () => {
    expect(catalogueFrom([{ id: 'x-y', family: 'field', description: 'a field renamed', names: ['/x'], match: { status: 200 }, mutate: [{ op: 'delete', pointer: '/x' }] }]).deviations[0]?.profile).toBe('v0.7.19');
    expect(catalogue.profiles()).toEqual(['v0.7.19', 'v1.11']);
    expect(catalogue.deviations.filter((d) => d.profile === 'v1.11').length).toBeGreaterThanOrEqual(6);
  });
});

describe('matching', () => {
  const facts = { method: 'GET', path: '/api/application/users/3', api: 'application' as const, operationId: 'getUser' };

  it('holds only when every criterion given holds', () => {
    expect(requestMatches({ operation: ['listUsers', 'getUser'] }, facts)).toBe(true);
    expect(requestMatches({ operation: 'listUsers' }, facts)).toBe(false);
    expect(requestMatches({ routed: false }, facts)).toBe(false);
    expect(requestMatches({ routed: false }, { ...facts, operationId: undefined })).toBe(true);
    expect(requestMatches({ api: 'client' }, facts)).toBe(false);
    expect(requestMatches({ method: ['get'], path: '/api/application/users/*' }, facts)).toBe(true);
    expect(requestMatches({ path: '/api/client/**' }, facts)).toBe(false);
    expect(statusMatches({ status: '4xx' }, 404)).toBe(true);
    expect(statusMatches({ status: [401, 403] }, 404)).toBe(false);
    expect(statusMatches({}, 500)).toBe(true);
  });

  it('reads globs: * one segment, ** any number', () => {
    expect(globToRegExp('/api/*/users').test('/api/application/users')).toBe(true);
    expect(globToRegExp('/api/*/users').test('/api/a/b/users')).toBe(false);
    expect(globToRegExp('/api/**').test('/api/a/b/users')).toBe(true);
    expect(globToRegExp('/a.b').test('/axb')).toBe(false);
  });
});

describe('--subset', () => {
  const ids = (list: Deviation[]) => list.map((d) => d.id);

  it('is deterministic', () => {
    expect(ids(pickSubset(catalogue.deviations, 12))).toEqual(ids(pickSubset(loadCatalogue().deviations, 12)));
  });

  it('covers as many families as it has room for, then takes each family in turn', () => {
    const families = catalogue.families().length;
    const small = pickSubset(catalogue.deviations, 5);
    expect(new Set(small.map((d) => d.family)).size).toBe(5);
    const full = pickSubset(catalogue.deviations, families);
    expect(new Set(full.map((d) => d.family)).size).toBe(families);
    const twice = pickSubset(catalogue.deviations, families * 2);
    const perFamily = new Map<string, number>();
    for (const d of twice) perFamily.set(d.family, (perFamily.get(d.family) ?? 0) + 1);
    // Every family with at least two entries gives two; none gives more.
    for (const family of catalogue.families()) {
      const available = catalogue.deviations.filter((d) => d.family === family).length;
      expect(perFamily.get(family), family).toBe(Math.min(2, available));
    }
  });

  it('takes the first entry of every profile besides the default, and still covers every family at the CI size', () => {
    const ci = pickSubset(catalogue.deviations, catalogue.families().length);
    expect(profilesOf(ci)).toEqual(['v0.7.19', 'v1.11']);
    expect(ci.filter((d) => d.profile === 'v1.11')).toEqual([catalogue.deviations.find((d) => d.profile === 'v1.11')]);
    expect(new Set(ci.map((d) => d.family)).size).toBe(catalogue.families().length);
  });

  it('keeps catalogue order and never exceeds the catalogue', () => {
    const subset = pickSubset(catalogue.deviations, 15);
    const positions = subset.map((d) => catalogue.deviations.indexOf(d));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(pickSubset(catalogue.deviations, 10_000)).toHaveLength(catalogue.deviations.length);
  });
});
