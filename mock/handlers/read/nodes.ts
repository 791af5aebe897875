import type { HandlerTable } from '../handler.ts';
import { relevanceSearch, searchTermOf } from '../../transform/search.ts';
import { serializeItem, serializePage } from '../../transform/serialize.ts';
import { APPLICATION_PAGE_SIZE, boundModel } from './common.ts';

/** Nodes\NodeController@index / @view and Nodes\AllocationController@index. */
export const nodeReadHandlers: HandlerTable = {
  listNodes: (ctx) => {
    const term = searchTermOf(ctx.inputValue('search'), 'NodeRepository');
    const store = ctx.panel.store;
    const rows = term === undefined ? store.all('nodes') : relevanceSearch(store, 'nodes', store.all('nodes'), term);
    return { status: 200, body: serializePage(ctx, 'node', rows, APPLICATION_PAGE_SIZE) };
  },
  getNode: (ctx) => ({ status: 200, body: serializeItem(ctx, 'node', boundModel(ctx, 'node')) }),
  listNodeAllocations: (ctx) => {
    const node = boundModel(ctx, 'node');
    const rows = ctx.panel.store.where('allocations', (a) => a.node_id === node.id);
    return { status: 200, body: serializePage(ctx, 'allocation', rows, APPLICATION_PAGE_SIZE) };
  },
};
