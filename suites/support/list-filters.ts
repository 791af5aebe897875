// 1.x application lists filter through Spatie QueryBuilder instead of 0.7's ?search=: `filter[column]`
// names one of the controller's allowedFilters, matched partially and case-insensitively
// (`LOWER(column) LIKE %value%`, query-builder-5.1.2:src/Filters/FiltersPartial.php#L14-L54); any other
// filter is a 400 InvalidFilterQuery naming the allowed ones
// (query-builder-5.1.2:src/Exceptions/InvalidFilterQuery.php#L16-L26), and `search` is not read at all.
import { violate } from '../../harness/failure.ts';
import { call } from './call.ts';
import type { Session } from './session.ts';

type Item = { attributes: Record<string, unknown> };

export interface PartialFilterCase {
  /** A list operation without path parameters (listUsers, listNodes, listServers, listLocations). */
  operationId: string;
  /** The controller's allowedFilters, in its order. */
  allowed: readonly string[];
  /** An allowed filter, a piece of that column's value of the item, and the item's id. */
  filter: string;
  piece: string;
  id: number;
}

/**
 * filter[<column>]=<piece, upper-cased> finds the item; a value no row holds answers an empty page;
 * `search` changes nothing; an unknown filter is a 400 naming the allowed ones.
 */
export async function expectPartialFilter(s: Session, c: PartialFilterCase): Promise<void> {
  const found = (await call(s, c.operationId, { query: { [`filter[${c.filter}]`]: c.piece.toUpperCase(), per_page: '100' } })).status(200);
  const ids = (found.json.data as Item[]).map((d) => Number(d.attributes['id']));
  if (!ids.includes(c.id)) violate(`filter[${c.filter}]=${c.piece.toUpperCase()} (a case-insensitive piece of item ${c.id}'s ${c.filter}) did not find it`, { kind: 'listing', expected: String(c.id), actual: ids.join(', ') }, found.exchange);
  (await call(s, c.operationId, { query: { [`filter[${c.filter}]`]: 'zzqxj-ptero-conformance-no-such-value' } })).status(200).paginated({ perPage: 50, page: 1, total: 0 });
  const all = (await call(s, c.operationId)).status(200);
  (await call(s, c.operationId, { query: { search: 'zzqxj-ptero-conformance-no-such-value' } })).status(200).paginated({ perPage: 50, page: 1, total: all.json.meta.pagination.total });
  (await call(s, c.operationId, { query: { 'filter[ptero_conformance]': 'x' } })).error({
    code: 'InvalidFilterQuery',
    status: 400,
    detail: `Requested filter(s) \`ptero_conformance\` are not allowed. Allowed filter(s) are \`${c.allowed.join(', ')}\`.`,
  });
}
