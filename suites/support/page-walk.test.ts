import { describe, expect, it } from 'vitest';
import { capMessage, complete, walkPageAnswers, type PageAnswer } from './page-walk.ts';

/** A list of `total` numbered items served `perPage` at a time, recording the pages asked for. */
function list(total: number, perPage: number) {
  const asked: number[] = [];
  const checked: { perPage: number; page: number; total?: number }[] = [];
  const fetchPage = async (page: number): Promise<PageAnswer> => {
    asked.push(page);
    const start = (page - 1) * perPage;
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => ({ object: 'thing', attributes: { id: start + i + 1 } }));
    const json = { object: 'list', data, meta: { pagination: { total, total_pages: Math.max(1, Math.ceil(total / perPage)) } } };
    return { json, paginated: (expected) => checked.push(expected) };
  };
  return { asked, checked, fetchPage };
}

describe('walkPageAnswers', () => {
  it('reads every page up to total_pages, checking each against page 1 total when perPage is given', async () => {
    const l = list(120, 50);
    const walk = await walkPageAnswers(l.fetchPage, { maxPages: 10, perPage: 50 });
    expect(walk).toMatchObject({ pages: 3, totalPages: 3, capped: false, found: undefined });
    expect(walk.items.map((i) => i.attributes['id'])).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(l.asked).toEqual([1, 2, 3]);
    expect(l.checked).toEqual([{ perPage: 50, page: 1 }, { perPage: 50, page: 2, total: 120 }, { perPage: 50, page: 3, total: 120 }]);
  });

  it('stops at the cap and says so, instead of passing a partial list off as the whole', async () => {
    const l = list(1000, 50);
    const walk = await walkPageAnswers(l.fetchPage, { maxPages: 3 });
    expect(walk).toMatchObject({ pages: 3, totalPages: 20, capped: true });
    expect(l.asked).toEqual([1, 2, 3]);
    expect(() => complete('listNodeAllocations', walk, { maxPages: 3, query: { search: 'a' } })).toThrow(
      'listNodeAllocations (search=a) has 20 pages; the walk stopped at its cap of 3 pages without reading the rest',
    );
  });

  it('stops at the first page holding the item looked for, which is not a capped walk', async () => {
    const l = list(1000, 50);
    const walk = await walkPageAnswers(l.fetchPage, { maxPages: 3, until: (i) => i.attributes['id'] === 120 });
    expect(walk).toMatchObject({ pages: 3, capped: false, found: { attributes: { id: 120 } } });
    expect(complete('listServers', walk, { maxPages: 3 })).toBe(walk);
  });

  it('is complete on an empty list (one page)', async () => {
    const walk = await walkPageAnswers(list(0, 50).fetchPage, { maxPages: 1 });
    expect(walk).toMatchObject({ pages: 1, totalPages: 1, capped: false, items: [] });
  });

  it('refuses a cap below one page', async () => {
    await expect(walkPageAnswers(list(10, 50).fetchPage, { maxPages: 0 })).rejects.toThrow('at least 1 page');
    expect(capMessage('listUsers', { totalPages: 4 }, { maxPages: 2 })).toBe('listUsers has 4 pages; the walk stopped at its cap of 2 pages without reading the rest');
  });
});
