import type { HandlerTable } from '../handler.ts';
import { relevanceSearch, searchTermOf } from '../../transform/search.ts';
import { serializeItem, serializeList, serializePage } from '../../transform/serialize.ts';
import { APPLICATION_PAGE_SIZE, boundModel } from './common.ts';

/**
 * Servers\ServerController@index / @view, ExternalServerController@index and
 * Servers\DatabaseController@index / @view.
 */
export const serverReadHandlers: HandlerTable = {
  listServers: (ctx) => {
    const term = searchTermOf(ctx.inputValue('search'), 'ServerRepository');
    const store = ctx.panel.store;
    const rows = term === undefined ? store.all('servers') : relevanceSearch(store, 'servers', store.all('servers'), term);
    return { status: 200, body: serializePage(ctx, 'server', rows, APPLICATION_PAGE_SIZE) };
  },
  getServer: (ctx) => ({ status: 200, body: serializeItem(ctx, 'server', boundModel(ctx, 'server')) }),
  getServerByExternalId: (ctx) => {
    const externalId = ctx.params['external_id'];
    const server = ctx.panel.store.first('servers', (s) => s.external_id === externalId);
    return { status: 200, body: serializeItem(ctx, 'server', server) };
  },
  // Not paginated: the server's databases in id order, no meta.
  listServerDatabases: (ctx) => {
    const server = boundModel(ctx, 'server');
    return { status: 200, body: serializeList(ctx, 'server_database', ctx.panel.store.where('databases', (d) => d.server_id === server.id)) };
  },
  getServerDatabase: (ctx) => ({ status: 200, body: serializeItem(ctx, 'server_database', boundModel(ctx, 'database')) }),
};
