import type { DatabaseRow } from '../../store/rows.ts';
import { closureItem, guarded, item, type Transformer } from '../fractal.ts';
import { atomZoned } from '../timestamps.ts';

/**
 * ServerDatabaseTransformer (v0.7.19:app/Transformers/Api/Application/ServerDatabaseTransformer.php#L50-L66): timestamps in APP_TIMEZONE with its
 * offset. `include=password` needs no permission and returns the plaintext password.
 */
export const serverDatabaseTransformer: Transformer<DatabaseRow> = {
  resourceName: 'server_database',
  className: 'ServerDatabaseTransformer',
  modelClass: 'Database',
  readsRowOnly: true,
  transform: (ctx, database) => ({
    id: database.id,
    server: database.server_id,
    host: database.database_host_id,
    database: database.database,
    username: database.username,
    remote: database.remote,
    created_at: atomZoned(database.created_at, ctx.appTimezone),
    updated_at: atomZoned(database.updated_at, ctx.appTimezone),
  }),
  includes: [
    ['password', (_ctx, database) => closureItem(() => ({ password: database.password }), 'database_password')],
    ['host', guarded('r_database_hosts', (ctx, database) =>
      item('database_host', ctx.store.find('database_hosts', database.database_host_id), 'database_host'))],
  ],
};
