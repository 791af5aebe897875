import type { HandlerTable } from '../handler.ts';
import { serializeItem, serializeList, serializePage } from '../../transform/serialize.ts';
import { APPLICATION_PAGE_SIZE, boundModel } from './common.ts';

/** Nests\NestController@index / @view and Nests\EggController@index / @view. */
export const nestReadHandlers: HandlerTable = {
  listNests: (ctx) => ({ status: 200, body: serializePage(ctx, 'nest', ctx.panel.store.all('nests'), APPLICATION_PAGE_SIZE) }),
  getNest: (ctx) => ({ status: 200, body: serializeItem(ctx, 'nest', boundModel(ctx, 'nest')) }),
  // Not paginated: the nest's eggs in id order, no meta.
  listNestEggs: (ctx) => {
    const nest = boundModel(ctx, 'nest');
    return { status: 200, body: serializeList(ctx, 'egg', ctx.panel.store.where('eggs', (e) => e.nest_id === nest.id)) };
  },
  getNestEgg: (ctx) => ({ status: 200, body: serializeItem(ctx, 'egg', boundModel(ctx, 'egg')) }),
};
