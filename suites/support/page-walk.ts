import { SuiteError, violate } from '../../harness/failure.ts';
import type { KeyRole } from '../../harness/run-config.ts';
import { call } from './call.ts';
import type { ExchangeAssertion } from './expect-conformance.ts';
import type { Session } from './session.ts';

type Item = { object: string; attributes: Record<string, any> }; // any: bodies are checked by the spec first

export interface PageWalkOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  as?: KeyRole;
  /** Pages read at most: a live panel can hold thousands of rows, and each page is one request of the rate-limit window. */
  maxPages: number;
  /** When given, every page is checked against it (meta.pagination consistent with page 1's total, links). */
  perPage?: number;
  /** Stop as soon as a page holds an item this accepts (the walk is then complete for the caller). */
  until?: (item: Item) => boolean;
}

/** What a page fetch gives back: a 200 list answer (an ExchangeAssertion in the suites). */
export interface PageAnswer {
  json: any; // any: bodies are checked by the spec first
  paginated(expected: { perPage: number; page: number; total?: number }): unknown;
}

export interface PageWalk<A extends PageAnswer = ExchangeAssertion> {
  /** Page 1's answer. */
  first: A;
  items: Item[];
  /** Pages read. */
  pages: number;
  /** meta.pagination.total_pages of page 1. */
  totalPages: number;
  /** The item `until` accepted, if any. */
  found: Item | undefined;
  /** The walk stopped at maxPages with pages left unread (and nothing found). */
  capped: boolean;
}

/** Reads a paginated list page by page, following meta.pagination of page 1, up to `maxPages`. */
export async function walkPages(s: Session, operationId: string, options: PageWalkOptions): Promise<PageWalk> {
  const { params, query = {}, as } = options;
  return walkPageAnswers(async (page) => {
    const pageQuery = page === 1 ? query : { ...query, page };
    return (await call(s, operationId, { ...(params ? { params } : {}), query: pageQuery, ...(as ? { as } : {}) })).status(200);
  }, options);
}

/** Every item of a list, or a failure naming the cap when the list has more pages than `maxPages`. */
export async function walkAllPages(s: Session, operationId: string, options: PageWalkOptions): Promise<PageWalk> {
  return complete(operationId, await walkPages(s, operationId, options), options);
}

/** The walk itself, over any page fetch (the suites' is `call`). */
export async function walkPageAnswers<A extends PageAnswer>(fetchPage: (page: number) => Promise<A>, options: Pick<PageWalkOptions, 'maxPages' | 'perPage' | 'until'>): Promise<PageWalk<A>> {
  const { maxPages, perPage, until } = options;
  let first: A | undefined;
  const items: Item[] = [];
  let totalPages = 1;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await fetchPage(page);
    if (perPage !== undefined) answer.paginated({ perPage, page, ...(first ? { total: Number(first.json.meta.pagination.total) } : {}) });
    first ??= answer;
    totalPages = Number(first.json.meta.pagination.total_pages);
    const data = answer.json.data as Item[];
    items.push(...data);
    const found = until ? data.find(until) : undefined;
    if (found) return { first, items, pages: page, totalPages, found, capped: false };
    if (page >= totalPages) return { first, items, pages: page, totalPages, found: undefined, capped: false };
  }
  if (first === undefined) throw new SuiteError(`a page walk needs a cap of at least 1 page, not ${maxPages}`);
  return { first, items, pages: maxPages, totalPages, found: undefined, capped: true };
}

/** The walk, or a failure naming the cap when it stopped there. */
export function complete<A extends PageAnswer>(operationId: string, walk: PageWalk<A>, options: Pick<PageWalkOptions, 'query' | 'maxPages'>): PageWalk<A> {
  if (walk.capped) violate(capMessage(operationId, walk, options), { kind: 'listing' });
  return walk;
}

export function capMessage(operationId: string, walk: Pick<PageWalk<PageAnswer>, 'totalPages'>, options: Pick<PageWalkOptions, 'query' | 'maxPages'>): string {
  const query = options.query && Object.keys(options.query).length > 0 ? ` (${Object.entries(options.query).map(([k, v]) => `${k}=${String(v)}`).join('&')})` : '';
  return `${operationId}${query} has ${walk.totalPages} pages; the walk stopped at its cap of ${options.maxPages} pages without reading the rest`;
}
