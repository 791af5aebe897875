import { displayExceptionV111 } from '../../errors/panel-error.ts';
import type { DatabaseRow, EggRow, NestRow, ServerRow } from '../../store/rows.ts';
import { itemBody, listBody, pageBody } from '../../transform/serialize.ts';
import { eggTransformer, nestTransformer, serverDatabaseTransformer } from '../../transform/transformers.ts';
import { noContentV111, type HandlerTableV111 } from '../handler.ts';
import { databasePassword, resourceUrl, strRandom } from './common.ts';

/**
 * Servers\DatabaseController (v1.11.8:app/Http/Controllers/Api/Application/Servers/DatabaseController.php):
 * `{database}` is bound by the explicit Route::model binder, not through the server, so a database of
 * another server is still found (and shown, reset or deleted) under any server's path.
 */
export const databaseHandlersV111: HandlerTableV111 = {
  listServerDatabases: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    return { status: 200, body: listBody(ctx, serverDatabaseTransformer, ctx.panel.store.where('databases', (d) => d.server_id === server.id)) };
  },
  getServerDatabase: (ctx) => ({ status: 200, body: itemBody(ctx, serverDatabaseTransformer, ctx.model<DatabaseRow>('database')) }),
  createServerDatabase: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const store = ctx.panel.store;
    // DatabaseManagementService::create: the limit (null = none), the prefixed name.
    if (server.database_limit !== null && store.where('databases', (d) => d.server_id === server.id).length >= server.database_limit) {
      throw displayExceptionV111('Operation aborted: creating a new database would put this server over the defined limit.', 'TooManyDatabasesException', 400, '/app/Services/Databases/DatabaseManagementService.php');
    }
    const prefix = `s${server.id}_`;
    const name = `${prefix}${String(ctx.inputValue('database')).slice(0, 48 - prefix.length)}`;
    // createModel: one name per server, whatever the host (v1.11.8:app/Services/Databases/DatabaseManagementService.php#L159-L173).
    if (store.first('databases', (d) => d.server_id === server.id && d.database === name)) {
      throw displayExceptionV111('A database with that name already exists for this server.', 'DuplicateDatabaseNameException', 400, '/app/Services/Databases/DatabaseManagementService.php');
    }
    const now = ctx.panel.clock.dbTimestamp();
    const database = store.insert('databases', {
      server_id: server.id,
      database_host_id: Number(ctx.inputValue('host')),
      database: name,
      username: `u${server.id}_${strRandom(10)}`,
      remote: String(ctx.inputValue('remote')),
      password: databasePassword(),
      max_connections: null,
      created_at: now,
      updated_at: now,
    });
    return { status: 201, body: itemBody(ctx, serverDatabaseTransformer, database, { resource: resourceUrl(ctx, `/servers/${server.id}/databases/${database.id}`) }) };
  },
  resetServerDatabasePassword: (ctx) => {
    const database = ctx.model<DatabaseRow>('database');
    database.password = databasePassword();
    database.updated_at = ctx.panel.clock.dbTimestamp();
    return noContentV111();
  },
  deleteServerDatabase: (ctx) => {
    const database = ctx.model<DatabaseRow>('database');
    ctx.panel.store.remove('databases', (d) => d.id === database.id);
    return noContentV111();
  },
};

/** Nests\NestController and EggController. */
export const nestHandlersV111: HandlerTableV111 = {
  listNests: (ctx) => ({ status: 200, body: pageBody(ctx, nestTransformer, ctx.panel.store.all('nests')) }),
  getNest: (ctx) => ({ status: 200, body: itemBody(ctx, nestTransformer, ctx.model<NestRow>('nest')) }),
  listNestEggs: (ctx) => {
    const nest = ctx.model<NestRow>('nest');
    return { status: 200, body: listBody(ctx, eggTransformer, ctx.panel.store.where('eggs', (e) => e.nest_id === nest.id)) };
  },
  getNestEgg: (ctx) => ({ status: 200, body: itemBody(ctx, eggTransformer, ctx.model<EggRow>('egg')) }),
};
