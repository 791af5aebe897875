import { describe, expect, it } from 'vitest';
import { applyPrimitive, MutableResponse, type MutationContext, type Primitive, primitiveProblems } from './primitives.ts';

function response(body: unknown, headers: [string, string][] = [['Content-Type', 'application/json'], ['X-RateLimit-Remaining', '119']], status = 200) {
  return new MutableResponse(status, 'OK', headers, Buffer.from(body === undefined ? '' : JSON.stringify(body)));
}

function context(): MutationContext {
  return { state: new Map(), api: 'application', operationId: 'listUsers' };
}

function apply(r: MutableResponse, ...primitives: Primitive[]): boolean {
  const ctx = context();
  return primitives.map((p) => applyPrimitive(p, r, ctx)).some(Boolean);
}

const user = { object: 'user', attributes: { id: 1, '2fa': true, external_id: null, created_at: '2020-10-03T17:07:52+00:00' } };

describe('body primitives', () => {
  it('set replaces a value and adds a member to an existing object, over wildcards', () => {
    const r = response({ object: 'list', data: [user, user] });
    expect(apply(r, { op: 'set', pointer: '/data/*/attributes/suspended', value: false })).toBe(true);
    expect((r.json?.json as any).data.map((d: any) => d.attributes.suspended)).toEqual([false, false]);
    expect(apply(r, { op: 'set', pointer: '/data/*/attributes/suspended', value: false })).toBe(false);
    expect(apply(r, { op: 'set', pointer: '/nothing/here', value: 1 })).toBe(false);
  });

  it('set honours `if` (the current value must match)', () => {
    const r = response({ meta: { pagination: { links: [] } } });
    expect(apply(r, { op: 'set', pointer: '/meta/pagination/links', value: {}, if: [] })).toBe(true);
    expect((r.json?.json as any).meta.pagination.links).toEqual({});
    expect(apply(r, { op: 'set', pointer: '/meta/pagination/links', value: 'x', if: [] })).toBe(false);
    const n = response({ a: { object: 'null_resource', attributes: null }, b: { object: 'user' } });
    expect(apply(n, { op: 'set', pointer: '/*', value: null, if: { object: 'null_resource' } })).toBe(true);
    expect(n.json?.json).toEqual({ a: null, b: { object: 'user' } });
  });

  it('delete removes members and list items (highest index first)', () => {
    const r = response({ data: [1, 2, 3], meta: { resource: 'x' } });
    expect(apply(r, { op: 'delete', pointer: '/meta/resource' }, { op: 'delete', pointer: '/data/*', if: 2 })).toBe(true);
    expect(r.json?.json).toEqual({ data: [1, 3], meta: {} });
    const all = response({ data: [1, 2, 3] });
    apply(all, { op: 'delete', pointer: '/data/*' });
    expect(all.json?.json).toEqual({ data: [] });
  });

  it('rename keeps the member in its place, at any depth', () => {
    const r = response({ data: [user] });
    expect(apply(r, { op: 'rename', pointer: '/**/attributes/2fa', to: 'two_factor' })).toBe(true);
    expect(Object.keys((r.json?.json as any).data[0].attributes)).toEqual(['id', 'two_factor', 'external_id', 'created_at']);
  });

  it('retype changes integers to strings, booleans to numbers, [] to {}', () => {
    const r = response({ id: 7, flag: true, empty: [], name: 'x', n: null });
    apply(
      r,
      { op: 'retype', pointer: '/id', to: 'string' },
      { op: 'retype', pointer: '/flag', to: 'number' },
      { op: 'retype', pointer: '/empty', to: 'object' },
      { op: 'retype', pointer: '/n', to: 'string' },
    );
    expect(r.json?.json).toEqual({ id: '7', flag: 1, empty: {}, name: 'x', n: '' });
    expect(apply(r, { op: 'retype', pointer: '/name', to: 'string' })).toBe(false);
    expect(apply(r, { op: 'retype', pointer: '/name', to: 'number' })).toBe(false); // NaN: left alone
  });

  it('replace rewrites string values with a regular expression; increment adds to numbers', () => {
    const r = response({ data: [user], meta: { pagination: { total: 3 } } });
    apply(r, { op: 'replace', pointer: '/**/created_at', pattern: '\\+00:00$', with: 'Z' }, { op: 'increment', pointer: '/meta/pagination/total', by: 1 });
    expect((r.json?.json as any).data[0].attributes.created_at).toBe('2020-10-03T17:07:52Z');
    expect((r.json?.json as any).meta.pagination.total).toBe(4);
    expect(apply(r, { op: 'replace', pointer: '/data/0/attributes/id', pattern: '1', with: '2' })).toBe(false);
  });

  it('leaves a non-JSON body alone', () => {
    const r = new MutableResponse(200, 'OK', [], Buffer.from('<html>'));
    expect(apply(r, { op: 'set', pointer: '/a', value: 1 }, { op: 'delete', pointer: '/a' })).toBe(false);
    expect(r.changedBody).toBe(false);
  });
});

describe('header, status and body primitives', () => {
  it('sets, replaces and deletes headers case-insensitively, keeping the original name', () => {
    const r = response({});
    expect(apply(r, { op: 'setHeader', name: 'x-ratelimit-remaining', value: '1' })).toBe(true);
    expect(r.headers).toContainEqual(['X-RateLimit-Remaining', '1']);
    expect(apply(r, { op: 'setHeader', name: 'Retry-After', value: '5' })).toBe(true);
    expect(r.header('retry-after')).toBe('5');
    expect(apply(r, { op: 'deleteHeader', name: 'RETRY-AFTER' })).toBe(true);
    expect(r.header('retry-after')).toBeUndefined();
    expect(apply(r, { op: 'deleteHeader', name: 'retry-after' })).toBe(false);
  });

  it('holdHeader repeats the first value seen per API (state across answers)', () => {
    const ctx = context();
    const hold: Primitive = { op: 'holdHeader', name: 'X-RateLimit-Remaining', per: 'api' };
    const values = ['119', '118', '117'].map((v) => {
      const r = response({}, [['X-RateLimit-Remaining', v]]);
      applyPrimitive(hold, r, ctx);
      return r.header('x-ratelimit-remaining');
    });
    expect(values).toEqual(['119', '119', '119']);
    const client = response({}, [['X-RateLimit-Remaining', '59']]);
    applyPrimitive(hold, client, { ...ctx, api: 'client' });
    expect(client.header('x-ratelimit-remaining')).toBe('59');
  });

  it('changes the status with its reason phrase and replaces the body', () => {
    const r = response({ a: 1 });
    apply(r, { op: 'status', to: 403 }, { op: 'replaceBody', json: [], contentType: 'application/json' });
    expect([r.status, r.statusMessage]).toEqual([403, 'Forbidden']);
    expect(r.json?.json).toEqual([]);
    apply(r, { op: 'replaceBody', text: '<html>', contentType: 'text/html' });
    expect(r.rawBody.toString()).toBe('<html>');
    expect(r.header('content-type')).toBe('text/html');
  });
});

describe('primitive data', () => {
  it('accepts every documented primitive and names what is wrong with a bad one', () => {
    expect(primitiveProblems({ op: 'set', pointer: '/a', value: null })).toEqual([]);
    expect(primitiveProblems({ op: 'holdHeader', name: 'X', per: 'api' })).toEqual([]);
    expect(primitiveProblems({ op: 'frobnicate' })[0]).toMatch(/unknown op/);
    expect(primitiveProblems({ op: 'set', pointer: 'a' })).toEqual(expect.arrayContaining(['set needs "value"', 'set: pointer must start with "/"']));
    expect(primitiveProblems({ op: 'retype', pointer: '/a', to: 'float' })[0]).toMatch(/retype "to"/);
    expect(primitiveProblems({ op: 'replace', pointer: '/a', pattern: '(', with: '' })[0]).toMatch(/bad pattern/);
    expect(primitiveProblems({ op: 'status', to: 99 })[0]).toMatch(/100-599/);
    expect(primitiveProblems({ op: 'deleteHeader', name: 'X', value: 'y' })[0]).toMatch(/takes no "value"/);
  });
});
