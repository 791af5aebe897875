/**
 * Laravel's LengthAwarePaginator as Fractal's IlluminatePaginatorAdapter and the panel's
 * serializer expose it.
 */

export interface Pagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  /** `[]` without neighbours (a JSON array), else `{previous?, next?}`. */
  links: [] | { previous?: string; next?: string };
}

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

/**
 * Paginator::resolveCurrentPage: `filter_var($page, FILTER_VALIDATE_INT)` and at least 1, else 1.
 * FILTER_VALIDATE_INT takes an optional sign and no leading zeros; `true` is "1"; a float with
 * no fraction is accepted.
 */
export function resolvePage(raw: unknown): number {
  let value: number | undefined;
  if (typeof raw === 'number') value = Number.isInteger(raw) ? raw : undefined;
  else if (raw === true) value = 1;
  else if (typeof raw === 'string') {
    const trimmed = raw.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
    if (/^[+-]?(0|[1-9][0-9]*)$/.test(trimmed)) value = Number(trimmed);
  }
  if (value === undefined || !Number.isSafeInteger(value) || value < 1) return 1;
  return value;
}

/**
 * One page of rows and its pagination meta. Links are `<url>?page=N` with every other query
 * parameter dropped; a page past the end has no items and only a `previous` link.
 */
export function paginate<T>(rows: readonly T[], perPage: number, currentPage: number, url: string): Page<T> {
  const total = rows.length;
  const totalPages = Math.max(Math.ceil(total / perPage), 1);
  const items = rows.slice((currentPage - 1) * perPage, currentPage * perPage);
  const links: { previous?: string; next?: string } = {};
  if (currentPage > 1) links.previous = pageUrl(url, currentPage - 1);
  if (currentPage < totalPages) links.next = pageUrl(url, currentPage + 1);
  return {
    items,
    pagination: {
      total,
      count: items.length,
      per_page: perPage,
      current_page: currentPage,
      total_pages: totalPages,
      links: Object.keys(links).length === 0 ? [] : links,
    },
  };
}

/** LengthAwarePaginator::url(): the path, `?` (or `&` when it already has one), then `page=N`. */
function pageUrl(url: string, page: number): string {
  return `${url}${url.includes('?') ? '&' : '?'}page=${page}`;
}
