import type { BoundModels, RequestContext } from '../../pipeline/request-context.ts';
import { relevanceSearch, searchTermOf, type SearchableTable } from '../../transform/search.ts';
import { serializePage } from '../../transform/serialize.ts';
import type { HandlerResult } from '../handler.ts';

/** Every paginated application list has 50 per page (`paginated(50)` in each index action). */
export const APPLICATION_PAGE_SIZE = 50;

/** A route model the pipeline bound and checked; its absence here is a mock bug. */
export function boundModel<K extends keyof BoundModels>(ctx: RequestContext, name: K): NonNullable<BoundModels[K]> {
  const model = ctx.models[name];
  if (model === undefined || model === null) throw new Error(`${ctx.operationId}: route model "${name}" is not bound`);
  return model as NonNullable<BoundModels[K]>;
}

/** An index action with the Searchable concern: `?search=` ranks the rows (its repository names a bad term's error), then one page. */
export function searchedPage(ctx: RequestContext, table: SearchableTable, resource: 'user' | 'node' | 'server', repository: string): HandlerResult {
  const term = searchTermOf(ctx.inputValue('search'), repository);
  const store = ctx.panel.store;
  const rows = term === undefined ? store.all(table) : relevanceSearch(store, table, store.all(table), term);
  return { status: 200, body: serializePage(ctx, resource, rows, APPLICATION_PAGE_SIZE) };
}
