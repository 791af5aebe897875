import { describe, expect, it } from 'vitest';
import { paginate, resolvePage } from './pagination.ts';

describe('resolvePage', () => {
  it('takes integers of at least 1', () => {
    expect(resolvePage('2')).toBe(2);
    expect(resolvePage('+3')).toBe(3);
    expect(resolvePage(4)).toBe(4);
    expect(resolvePage(true)).toBe(1);
  });

  it('falls back to 1 for anything else', () => {
    for (const raw of [undefined, null, '', '0', '-1', 'abc', '1.5', '02', '2abc', 2.5, ['2'], { a: '2' }, false]) {
      expect(resolvePage(raw), JSON.stringify(raw)).toBe(1);
    }
  });
});

describe('paginate', () => {
  const rows = Array.from({ length: 65 }, (_, i) => i + 1);
  const url = 'http://panel.test/api/application/users';

  it('first page: a next link only', () => {
    const page = paginate(rows, 50, 1, url);
    expect(page.items).toHaveLength(50);
    expect(page.pagination).toEqual({ total: 65, count: 50, per_page: 50, current_page: 1, total_pages: 2, links: { next: `${url}?page=2` } });
  });

  it('last page: a previous link only', () => {
    const page = paginate(rows, 50, 2, url);
    expect(page.items).toEqual(rows.slice(50));
    expect(page.pagination).toMatchObject({ count: 15, current_page: 2, links: { previous: `${url}?page=1` } });
  });

  it('past the end: no items, previous link to the page before the requested one', () => {
    const page = paginate(rows, 50, 7, url);
    expect(page.items).toEqual([]);
    expect(page.pagination).toEqual({ total: 65, count: 0, per_page: 50, current_page: 7, total_pages: 2, links: { previous: `${url}?page=6` } });
  });

  it('a single page and an empty list: links [] and total_pages 1', () => {
    expect(paginate([1, 2], 50, 1, url).pagination.links).toEqual([]);
    expect(paginate([], 50, 1, url).pagination).toEqual({ total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 1, links: [] });
  });

  it('a middle page has both links', () => {
    expect(paginate(rows, 15, 2, url).pagination.links).toEqual({ previous: `${url}?page=1`, next: `${url}?page=3` });
  });
});
