import type { DatabaseHostRow } from '../../store/rows.ts';
import { guarded, hasMany, type Transformer } from '../fractal.ts';
import { atomZoned } from '../timestamps.ts';

/** DatabaseHostTransformer (v0.7.19:app/Transformers/Api/Application/DatabaseHostTransformer.php#L35-L51); include only, timestamps in APP_TIMEZONE. */
export const databaseHostTransformer: Transformer<DatabaseHostRow> = {
  resourceName: 'database_host',
  className: 'DatabaseHostTransformer',
  modelClass: 'DatabaseHost',
  transform: (ctx, host) => ({
    id: host.id,
    name: host.name,
    host: host.host,
    port: host.port,
    username: host.username,
    node: host.node_id,
    created_at: atomZoned(host.created_at, ctx.appTimezone),
    updated_at: atomZoned(host.updated_at, ctx.appTimezone),
  }),
  includes: [
    ['databases', guarded('r_server_databases', hasMany('server_database', 'databases', 'database_host_id'))],
  ],
};
