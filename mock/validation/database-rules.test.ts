import { beforeAll, describe, expect, it } from 'vitest';
import { PanelError } from '../errors/panel-error.ts';
import { MockPanel } from '../panel.ts';
import type { PanelStore } from '../store/panel-store.ts';
import { err, validate } from './test-support.ts';

let store: PanelStore;

beforeAll(async () => {
  store = (await MockPanel.create()).store;
});

const check = (data: unknown, rules: Record<string, string>) => validate(data, rules, { store });

describe('unique', () => {
  it('fails when another row holds the value', () => {
    expect(check({ email: 'admin@example.com' }, { email: 'unique:users,email' })).toEqual([
      err('unique', 'The email has already been taken.', 'email'),
    ]);
    expect(check({ email: 'new@example.com' }, { email: 'unique:users,email' })).toEqual([]);
  });

  it('compares strings as utf8mb4_unicode_ci does (case, accents, trailing spaces)', () => {
    expect(check({ email: 'ADMIN@Example.com' }, { email: 'unique:users,email' })).toHaveLength(1);
    expect(check({ short: 'ÜS.NYC' }, { short: 'unique:locations,short' })).toHaveLength(1);
  });

  it('ignores the row named by the third parameter', () => {
    expect(check({ email: 'admin@example.com' }, { email: 'unique:users,email,1,id' })).toEqual([]);
    expect(check({ email: 'admin@example.com' }, { email: 'unique:users,email,2,id' })).toHaveLength(1);
    expect(check({ email: 'admin@example.com' }, { email: 'unique:users,email,NULL,id' })).toHaveLength(1);
  });

  it('takes the column from the attribute when none is given', () => {
    expect(check({ external_id: 'whmcs-srv-1001' }, { external_id: 'unique:servers' })).toHaveLength(1);
    expect(check({ database: 's1_survival' }, { database: 'unique:databases,NULL,NULL,id' })).toHaveLength(1);
  });

  it('applies extra where clauses, including the request-input placeholder', () => {
    const rule = 'unique:databases,NULL,NULL,id,database_host_id,{input:host??0}';
    expect(check({ database: 's1_survival', host: 1 }, { database: rule })).toHaveLength(1);
    expect(check({ database: 's1_survival', host: 2 }, { database: rule })).toEqual([]);
    expect(check({ database: 's1_survival' }, { database: rule })).toEqual([]);
  });

  it('is skipped once the attribute already failed', () => {
    expect(check({ email: 5 }, { email: 'email|unique:users,email' })).toEqual([
      err('email', 'The email must be a valid email address.', 'email'),
    ]);
  });

  it('an integer compares with a string column as a number (0 matches non-numeric strings)', () => {
    expect(check({ username: 0 }, { username: 'unique:users,username' })).toHaveLength(1);
  });

  it('a one-element array is bound as its element; other arrays are a 500 QueryException', () => {
    expect(check({ username: ['admin'] }, { username: 'unique:users,username' })).toHaveLength(1);
    try {
      check({ username: ['a', 'b'] }, { username: 'unique:users,username' });
      expect.unreachable();
    } catch (error) {
      expect((error as PanelError).code).toBe('QueryException');
      expect((error as PanelError).status).toBe(500);
    }
  });
});

describe('exists', () => {
  it('passes for an existing row and fails otherwise', () => {
    expect(check({ egg: 1 }, { egg: 'exists:eggs,id' })).toEqual([]);
    expect(check({ egg: 99 }, { egg: 'exists:eggs,id' })).toEqual([err('exists', 'The selected egg is invalid.', 'egg')]);
  });

  it('compares an integer column with a string as MySQL does', () => {
    expect(check({ egg: '1abc' }, { egg: 'exists:eggs,id' })).toEqual([]);
    expect(check({ egg: 'abc' }, { egg: 'exists:eggs,id' })).toHaveLength(1);
    expect(check({ egg: true }, { egg: 'exists:eggs,id' })).toEqual([]);
  });

  it('extra conditions: NULL is whereNull', () => {
    const rule = 'exists:allocations,id,server_id,NULL';
    expect(check({ a: 7 }, { a: rule })).toEqual([]);
    expect(check({ a: 1 }, { a: rule })).toEqual([err('exists', 'The selected a is invalid.', 'a')]);
  });

  it('an array needs every distinct element to exist', () => {
    expect(check({ egg: [1, 2, '2'] }, { egg: 'exists:eggs,id' })).toEqual([]);
    expect(check({ egg: [1, 99] }, { egg: 'exists:eggs,id' })).toHaveLength(1);
  });

  it('an unknown column is a 500 QueryException', () => {
    expect(() => check({ egg: 1 }, { egg: 'exists:eggs,nope' })).toThrow(PanelError);
  });
});
