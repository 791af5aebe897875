import type { HandlerTable } from '../handler.ts';
import { serializeItem, serializePage } from '../../transform/serialize.ts';
import { APPLICATION_PAGE_SIZE, boundModel, searchedPage } from './common.ts';

/** Nodes\NodeController@index / @view and Nodes\AllocationController@index. */
export const nodeReadHandlers: HandlerTable = {
  listNodes: (ctx) => searchedPage(ctx, 'nodes', 'node', 'NodeRepository'),
  getNode: (ctx) => ({ status: 200, body: serializeItem(ctx, 'node', boundModel(ctx, 'node')) }),
  listNodeAllocations: (ctx) => {
    const node = boundModel(ctx, 'node');
    const rows = ctx.panel.store.where('allocations', (a) => a.node_id === node.id);
    return { status: 200, body: serializePage(ctx, 'allocation', rows, APPLICATION_PAGE_SIZE) };
  },
};
