import type { HandlerTable } from '../handler.ts';
import { serializeItem, serializeList } from '../../transform/serialize.ts';
import { boundModel, searchedPage } from './common.ts';

/**
 * Servers\ServerController@index / @view, ExternalServerController@index and
 * Servers\DatabaseController@index / @view.
 */
export const serverReadHandlers: HandlerTable = {
  listServers: (ctx) => searchedPage(ctx, 'servers', 'server', 'ServerRepository'),
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
