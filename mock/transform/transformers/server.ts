import type { ServerRow } from '../../store/rows.ts';
import { guarded, hasMany, item, nullResource, type TransformContext, type Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/** A server's `limits`, the same in both APIs' ServerTransformer. */
export function serverLimits(server: ServerRow): Record<string, number> {
  return { memory: server.memory, swap: server.swap, disk: server.disk, io: server.io, cpu: server.cpu };
}

/** A server's `feature_limits`, the same in both APIs' ServerTransformer. */
export function serverFeatureLimits(server: ServerRow): Record<string, number | null> {
  return { databases: server.database_limit, allocations: server.allocation_limit };
}

/** ServerTransformer, application API (v0.7.19:app/Transformers/Api/Application/ServerTransformer.php#L62-L98). */
export const serverTransformer: Transformer<ServerRow> = {
  resourceName: 'server',
  className: 'ServerTransformer',
  modelClass: 'Server',
  transform: (ctx, server) => ({
    id: server.id,
    external_id: server.external_id,
    uuid: server.uuid,
    identifier: server.uuidShort,
    name: server.name,
    description: server.description,
    suspended: Boolean(server.suspended),
    limits: serverLimits(server),
    feature_limits: serverFeatureLimits(server),
    user: server.owner_id,
    node: server.node_id,
    allocation: server.allocation_id,
    nest: server.nest_id,
    egg: server.egg_id,
    pack: server.pack_id,
    container: {
      startup_command: server.startup,
      image: server.image,
      installed: Number(server.installed) === 1,
      environment: serverEnvironment(ctx, server),
    },
    updated_at: atomUtc(server.updated_at),
    created_at: atomUtc(server.created_at),
  }),
  includes: [
    ['allocations', guarded('r_allocations', hasMany('allocation', 'allocations', 'server_id'))],
    ['user', guarded('r_users', (ctx, server) => item('user', ctx.store.find('users', server.owner_id), 'user'))],
    ['subusers', guarded('r_users', hasMany('subuser', 'subusers', 'server_id'))],
    ['pack', guarded('r_packs', (ctx, server) => {
      const pack = server.pack_id === null ? undefined : ctx.store.find('packs', server.pack_id);
      return pack ? item('pack', pack, 'pack') : nullResource();
    })],
    ['nest', guarded('r_nests', (ctx, server) => item('nest', ctx.store.find('nests', server.nest_id), 'nest'))],
    ['egg', guarded('r_eggs', (ctx, server) => item('egg', ctx.store.find('eggs', server.egg_id), 'egg'))],
    ['variables', guarded('r_servers', hasMany('server_variable', 'server_variables', 'server_id'))],
    ['location', guarded('r_locations', (ctx, server) => item('location', locationOf(ctx, server), 'location'))],
    ['node', guarded('r_nodes', (ctx, server) => item('node', ctx.store.find('nodes', server.node_id), 'node'))],
    ['databases', guarded('r_server_databases', hasMany('server_database', 'databases', 'server_id', 'databases'))],
  ],
};

/** The server's location, through its node (Server::location is a has-one-through). */
function locationOf(ctx: TransformContext, server: ServerRow) {
  const node = ctx.store.find('nodes', server.node_id);
  return node ? ctx.store.find('locations', node.location_id) : undefined;
}

/**
 * EnvironmentService::handle: one key per variable of the server's egg (in id order), the server's
 * value when it has one, else the egg default; then STARTUP, P_SERVER_LOCATION and P_SERVER_UUID
 * (config `pterodactyl.environment_variables` is empty on a stock panel).
 */
export function serverEnvironment(ctx: TransformContext, server: ServerRow): Record<string, string | null> {
  const environment: Record<string, string | null> = {};
  for (const variable of ctx.store.where('egg_variables', (v) => v.egg_id === server.egg_id)) {
    const value = ctx.store.first('server_variables', (sv) => sv.server_id === server.id && sv.variable_id === variable.id);
    environment[variable.env_variable] = value?.variable_value ?? variable.default_value;
  }
  environment['STARTUP'] = server.startup;
  environment['P_SERVER_LOCATION'] = locationOf(ctx, server)?.short ?? null;
  environment['P_SERVER_UUID'] = server.uuid;
  return environment;
}
