import { describe, expect, it } from 'vitest';
import { PanelErrorV111 } from '../errors/panel-error.ts';
import { applyQuery, type QuerySpec } from './query.ts';

const rows = [
  { id: 1, name: 'Alpha_one', port: 25565, tag: null },
  { id: 2, name: 'alphabet', port: 25566, tag: 'x' },
  { id: 3, name: 'Beta', port: 27015, tag: 'y' },
];
const spec: QuerySpec = { filters: { name: 'partial', port: 'exact', tag: 'partial' }, sorts: ['id', 'name'] };
const ids = (query: Record<string, unknown>) => applyQuery(rows, query, spec).map((r) => r.id);

describe('Spatie QueryBuilder filters and sorts', () => {
  it('partial: LOWER(column) LIKE %value%, `_` a wildcard, a comma list OR-ed, an empty value no filter', () => {
    expect(ids({ filter: { name: 'ALPHA' } })).toEqual([1, 2]);
    expect(ids({ filter: { name: 'a_o' } })).toEqual([1]);
    expect(ids({ filter: { name: 'beta,one' } })).toEqual([1, 3]);
    expect(ids({ filter: { name: null } })).toEqual([1, 2, 3]);
    expect(ids({ filter: { tag: 'x' } })).toEqual([2]);
  });
  it('exact: = with MySQL comparison, a comma list is IN', () => {
    expect(ids({ filter: { port: '25566' } })).toEqual([2]);
    expect(ids({ filter: { port: '25565,27015' } })).toEqual([1, 3]);
  });
  it('a filter that is no array filters nothing', () => {
    expect(ids({ filter: 'name' })).toEqual([1, 2, 3]);
  });
  it('sorts ascending and descending, several keys', () => {
    expect(ids({ sort: '-id' })).toEqual([3, 2, 1]);
    expect(ids({ sort: 'name,-id' })).toEqual([1, 2, 3]);
  });
  it('refuses a filter or sort it was not given, 400 naming the allowed ones', () => {
    const failure = (query: Record<string, unknown>) => {
      try {
        applyQuery(rows, query, spec);
      } catch (error) {
        return error as PanelErrorV111;
      }
      throw new Error('accepted');
    };
    expect(failure({ filter: { id: '1' } }).message).toBe('Requested filter(s) `id` are not allowed. Allowed filter(s) are `name, port, tag`.');
    expect(failure({ sort: '-port' })).toMatchObject({ status: 400, code: 'InvalidSortQuery', message: 'Requested sort(s) `port` is not allowed. Allowed sort(s) are `id, name`.' });
  });
});
