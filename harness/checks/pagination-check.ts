import { selectedProfile } from '../selected-profile.ts';
import type { Violation } from '../violation.ts';
import { at, bodyOf, type CheckedResponse, violation } from './check-context.ts';

export interface ExpectedPage {
  perPage: number;
  page: number;
  /** The number of rows the list should hold, when the caller knows it. */
  total?: number;
}

/**
 * meta.pagination agrees with itself, the data and the request: count, per_page,
 * current_page, total_pages (at least 1), and links `[]` or an object with exactly the previous /
 * next links that exist, each pointing at the right page.
 */
/** How each profile's Fractal encodes pagination links when there is neither a previous nor a next page. */
const EMPTY_LINKS: Record<string, 'array' | 'object'> = { 'v0.7.19': 'array', 'v1.11': 'object' };

export function checkPagination(subject: CheckedResponse, expected: ExpectedPage): Violation[] {
  const out: Violation[] = [];
  const body = bodyOf(subject);
  const p = at(body, 'meta', 'pagination') as Record<string, unknown> | undefined;
  const data = at(body, 'data');
  if (!p || typeof p !== 'object' || !Array.isArray(data)) return [violation(subject, 'pagination', '/meta/pagination', 'a paginated list', p)];
  const total = Number(p['total']);
  const check = (field: string, want: unknown) => {
    if (p[field] !== want) out.push(violation(subject, 'pagination', `/meta/pagination/${field}`, JSON.stringify(want), p[field]));
  };
  if (expected.total !== undefined) check('total', expected.total);
  check('per_page', expected.perPage);
  check('current_page', expected.page);
  const totalPages = Math.max(1, Math.ceil(total / expected.perPage));
  check('total_pages', totalPages);
  const count = Math.max(0, Math.min(expected.perPage, total - (expected.page - 1) * expected.perPage));
  check('count', count);
  if (data.length !== p['count']) out.push(violation(subject, 'pagination', '/data', `${String(p['count'])} items (meta.pagination.count)`, `${data.length} items`));
  const links = p['links'];
  const wantPrevious = expected.page > 1;
  const wantNext = expected.page < totalPages;
  if (!wantPrevious && !wantNext) {
    // 0.7's Fractal encodes the empty links as [], 1.x's (0.20) as {} (the profile's spec says which).
    const empty = EMPTY_LINKS[selectedProfile().id] ?? 'array';
    const isEmpty = empty === 'array' ? Array.isArray(links) && links.length === 0 : links !== null && typeof links === 'object' && !Array.isArray(links) && Object.keys(links).length === 0;
    if (!isEmpty) out.push(violation(subject, 'pagination', '/meta/pagination/links', `${empty === 'array' ? '[]' : '{}'} (no previous and no next page)`, links));
    return out;
  }
  if (links === null || typeof links !== 'object' || Array.isArray(links)) {
    return [...out, violation(subject, 'pagination', '/meta/pagination/links', 'an object with previous/next links', links)];
  }
  const record = links as Record<string, unknown>;
  const expectLink = (name: string, wanted: boolean, page: number) => {
    const link = record[name];
    if (!wanted && link !== undefined) out.push(violation(subject, 'pagination', `/meta/pagination/links/${name}`, 'absent', link));
    if (wanted && (typeof link !== 'string' || !link.endsWith(`?page=${page}`))) {
      out.push(violation(subject, 'pagination', `/meta/pagination/links/${name}`, `a URL ending in ?page=${page}`, link));
    }
  };
  expectLink('previous', wantPrevious, expected.page - 1);
  expectLink('next', wantNext, expected.page + 1);
  return out;
}
