import type { HandlerTable } from '../handler.ts';
import { searchTermOf } from '../../transform/search.ts';
import { serializeItem, serializePage } from '../../transform/serialize.ts';
import { APPLICATION_PAGE_SIZE, boundModel } from './common.ts';

/** Locations\LocationController@index / @view. */
export const locationReadHandlers: HandlerTable = {
  listLocations: (ctx) => {
    // setSearchTerm() still type-checks the term, but Location has no searchable columns.
    searchTermOf(ctx.inputValue('search'), 'LocationRepository');
    return { status: 200, body: serializePage(ctx, 'location', ctx.panel.store.all('locations'), APPLICATION_PAGE_SIZE) };
  },
  getLocation: (ctx) => ({ status: 200, body: serializeItem(ctx, 'location', boundModel(ctx, 'location')) }),
};
