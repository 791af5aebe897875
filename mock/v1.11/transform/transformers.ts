import { atomUtc, atomZoned } from '../../transform/timestamps.ts';
import { internalErrorV111 } from '../errors/panel-error.ts';
import type { AllocationRow, DatabaseHostRow, DatabaseRow, EggRow, EggVariableRow, LocationRow, NestRow, NodeRow, ServerRow, SubuserRow, UserRow } from '../store/rows.ts';
import type { StoreViewV111 } from '../store/table-store.ts';
import { canRead, closureItem, collection, guarded, item, nullResource } from '../../transform/fractal.ts';
import { eggScriptAttributes } from '../../transform/transformers/egg.ts';
import { locationAttributes } from '../../transform/transformers/location.ts';
import { nestAttributes } from '../../transform/transformers/nest.ts';
import { nodeAttributes } from '../../transform/transformers/node.ts';
import { userAttributes } from '../../transform/transformers/user.ts';
import { serverLimits } from './client/server-transformers.ts';
import type { RegistryV111, TransformerV111 } from './fractal.ts';

// The application API's transformers at v1.11.8 (app/Transformers/Api/Application/*.php); where the
// attributes are 0.7's, the 0.7 transformer's attribute function writes them.

/** Model::toArray's dates: Carbon's toJSON, UTC with microseconds. */
export const isoMicros = (value: string): string => `${value.replace(' ', 'T')}.000000Z`;
const APP_TIMEZONE = 'UTC';

export const userTransformer: TransformerV111<UserRow> = {
  resourceName: 'user',
  className: 'UserTransformer',
  transform: (_ctx, user) => userAttributes(user),
  includes: [['servers', guarded('r_servers', (ctx, user) => collection('server', ctx.store.where('servers', (s) => s.owner_id === user.id), 'server'))]],
};

export const locationTransformer: TransformerV111<LocationRow> = {
  resourceName: 'location',
  className: 'LocationTransformer',
  transform: (_ctx, location) => locationAttributes(location),
  includes: [
    ['nodes', guarded('r_nodes', (ctx, location) => collection('node', ctx.store.where('nodes', (n) => n.location_id === location.id), 'node'))],
    ['servers', guarded('r_servers', (ctx, location) => {
      const nodes = new Set(ctx.store.where('nodes', (n) => n.location_id === location.id).map((n) => n.id));
      return collection('server', ctx.store.where('servers', (s) => nodes.has(s.node_id)), 'server');
    })],
  ],
};

/** Node::toArray (daemon_token_id and daemon_token hidden) with snake_case keys (daemonSFTP → daemon_sftp). */
export const nodeTransformer: TransformerV111<NodeRow> = {
  resourceName: 'node',
  className: 'NodeTransformer',
  transform: (ctx, node) => {
    const servers = ctx.store.where('servers', (s) => s.node_id === node.id);
    return {
      id: node.id,
      uuid: node.uuid,
      ...nodeAttributes(node),
      allocated_resources: {
        memory: servers.reduce((sum, s) => sum + s.memory, 0),
        disk: servers.reduce((sum, s) => sum + s.disk, 0),
      },
    };
  },
  includes: [
    ['allocations', guarded('r_allocations', (ctx, node) => collection('allocation', ctx.store.where('allocations', (a) => a.node_id === node.id), 'allocation'))],
    ['location', guarded('r_locations', (ctx, node) => item('location', ctx.store.find('locations', node.location_id), 'location'))],
    ['servers', guarded('r_servers', (ctx, node) => collection('server', ctx.store.where('servers', (s) => s.node_id === node.id), 'server'))],
  ],
};

export const allocationTransformer: TransformerV111<AllocationRow> = {
  resourceName: 'allocation',
  className: 'AllocationTransformer',
  transform: (_ctx, allocation) => ({
    id: allocation.id,
    ip: allocation.ip,
    alias: allocation.ip_alias,
    port: allocation.port,
    notes: allocation.notes,
    assigned: allocation.server_id !== null,
  }),
  includes: [
    ['node', guarded('r_nodes', (ctx, allocation) => item('node', ctx.store.find('nodes', allocation.node_id), 'node'))],
    ['server', (ctx, allocation) => {
      const server = allocation.server_id === null ? undefined : ctx.store.find('servers', allocation.server_id);
      return canRead(ctx, 'r_servers') && server ? item('server', server, 'server') : nullResource();
    }],
  ],
};

export const nestTransformer: TransformerV111<NestRow> = {
  resourceName: 'nest',
  className: 'NestTransformer',
  transform: (_ctx, nest) => nestAttributes(nest),
  includes: [
    ['eggs', guarded('r_eggs', (ctx, nest) => collection('egg', ctx.store.where('eggs', (e) => e.nest_id === nest.id), 'egg'))],
    ['servers', guarded('r_servers', (ctx, nest) => collection('server', ctx.store.where('servers', (s) => s.nest_id === nest.id), 'server'))],
  ],
};

/** json_decode($text, true, 512, JSON_THROW_ON_ERROR): null (PHP 8.1 reads it as "") is a JsonException. */
function decodeOrThrow(text: string | null): unknown {
  try {
    return phpAssoc(JSON.parse(text ?? ''));
  } catch {
    throw internalErrorV111('JsonException', 'Syntax error', '/app/Transformers/Api/Application/EggTransformer.php');
  }
}

/** json_decode($text, true): null on failure; objects become PHP arrays, so an empty one encodes as `[]`. */
function decodeOrNull(text: string | null): unknown {
  try {
    return text === null ? null : phpAssoc(JSON.parse(text));
  } catch {
    return null;
  }
}

/** An associative decode as json_encode writes it back: every empty object is an empty array. */
function phpAssoc(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(phpAssoc);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [] : Object.fromEntries(entries.map(([k, v]) => [k, phpAssoc(v)]));
  }
  return value;
}

/** json_decode($text) without assoc: objects stay objects (`{}`); null on failure. */
function decodeObjects(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** PHP's empty() on a decoded value. */
function phpEmpty(value: unknown): boolean {
  if (value === null || value === false || value === 0 || value === '' || value === '0') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}

/** The egg whose config an egg inherits (config_from), for the inherit_config_* accessors. */
function configSource(store: StoreViewV111, egg: EggRow): EggRow | undefined {
  return egg.config_from === null ? undefined : store.find('eggs', egg.config_from);
}

export const eggTransformer: TransformerV111<EggRow> = {
  resourceName: 'egg',
  className: 'EggTransformer',
  transform: (_ctx, egg) => {
    const files = decodeOrThrow(egg.config_files);
    const images = Object.values(egg.docker_images);
    return {
      id: egg.id,
      uuid: egg.uuid,
      name: egg.name,
      nest: egg.nest_id,
      author: egg.author,
      description: egg.description,
      docker_image: images.length > 0 ? images[0] : '',
      docker_images: egg.docker_images,
      config: {
        files: phpEmpty(files) ? {} : files,
        startup: decodeOrNull(egg.config_startup),
        stop: egg.config_stop,
        logs: decodeOrNull(egg.config_logs),
        file_denylist: egg.file_denylist,
        extends: egg.config_from,
      },
      startup: egg.startup,
      script: eggScriptAttributes(egg),
      created_at: atomUtc(egg.created_at),
      updated_at: atomUtc(egg.updated_at),
    };
  },
  includes: [
    ['nest', guarded('r_nests', (ctx, egg) => item('nest', ctx.store.find('nests', egg.nest_id), 'nest'))],
    ['servers', guarded('r_servers', (ctx, egg) => collection('server', ctx.store.where('servers', (s) => s.egg_id === egg.id), 'server'))],
    ['config', (ctx, egg) => {
      if (egg.config_from === null) return nullResource();
      const parent = configSource(ctx.store, egg);
      // Egg::getInheritConfig*Attribute: the egg's own value, else its parent's.
      return closureItem(() => ({
        files: decodeObjects(egg.config_files ?? parent?.config_files ?? null),
        startup: decodeObjects(egg.config_startup ?? parent?.config_startup ?? null),
        stop: egg.config_stop ?? parent?.config_stop ?? null,
        logs: decodeObjects(egg.config_logs ?? parent?.config_logs ?? null),
      }), null);
    }],
    ['script', (ctx, egg) => {
      if (egg.copy_script_from === null) return nullResource();
      const source = ctx.store.find('eggs', egg.copy_script_from);
      return closureItem(() => ({
        privileged: egg.script_is_privileged,
        install: source?.script_install ?? egg.script_install,
        entry: source?.script_entry ?? egg.script_entry,
        container: source?.script_container ?? egg.script_container,
      }), null);
    }],
    ['variables', guarded('r_eggs', (ctx, egg) => collection('egg_variable', ctx.store.where('egg_variables', (v) => v.egg_id === egg.id), 'egg_variable'))],
  ],
};

/** EggVariable::toArray. Its resource name is the egg's ("egg"), as the panel's getResourceName returns. */
export const eggVariableTransformer: TransformerV111<EggVariableRow> = {
  resourceName: 'egg',
  className: 'EggVariableTransformer',
  transform: (_ctx, v) => eggVariableArray(v),
};

function eggVariableArray(v: EggVariableRow): Record<string, unknown> {
  return {
    id: v.id,
    egg_id: v.egg_id,
    name: v.name,
    description: v.description,
    env_variable: v.env_variable,
    default_value: v.default_value,
    user_viewable: v.user_viewable,
    user_editable: v.user_editable,
    rules: v.rules,
    created_at: isoMicros(v.created_at),
    updated_at: isoMicros(v.updated_at),
  };
}

/** A server's variable: the egg variable joined with the server's value (Server::variables). */
export interface ServerVariableView {
  variable: EggVariableRow;
  server_value: string | null;
}

export function serverVariablesOf(store: StoreViewV111, server: ServerRow): ServerVariableView[] {
  return store.where('egg_variables', (v) => v.egg_id === server.egg_id).map((variable) => ({
    variable,
    server_value: store.first('server_variables', (sv) => sv.server_id === server.id && sv.variable_id === variable.id)?.variable_value ?? null,
  }));
}

export const serverVariableTransformer: TransformerV111<ServerVariableView> = {
  resourceName: 'server_variable',
  className: 'ServerVariableTransformer',
  transform: (_ctx, view) => ({ ...eggVariableArray(view.variable), server_value: view.server_value }),
  // includeParent loads a `variable` relation the EggVariable model does not have: with r_eggs the
  // include is a RelationNotFoundException (500), without it null_resource
  // (v1.11.8:app/Transformers/Api/Application/ServerVariableTransformer.php#L38-L47, app/Models/EggVariable.php).
  includes: [['parent', guarded('r_eggs', () => {
    throw internalErrorV111('RelationNotFoundException', 'Call to undefined relationship [variable] on model [Pterodactyl\\Models\\EggVariable].', '/vendor/laravel/framework/src/Illuminate/Database/Eloquent/RelationNotFoundException.php');
  })]],
};

export const subuserTransformer: TransformerV111<SubuserRow> = {
  resourceName: 'subuser',
  className: 'SubuserTransformer',
  transform: (_ctx, subuser) => ({
    id: subuser.id,
    user_id: subuser.user_id,
    server_id: subuser.server_id,
    permissions: subuser.permissions,
    created_at: atomUtc(subuser.created_at),
    updated_at: atomUtc(subuser.updated_at),
  }),
  includes: [
    ['user', guarded('r_users', (ctx, subuser) => item('user', ctx.store.find('users', subuser.user_id), 'user'))],
    ['server', guarded('r_servers', (ctx, subuser) => item('server', ctx.store.find('servers', subuser.server_id), 'server'))],
  ],
};

export const databaseHostTransformer: TransformerV111<DatabaseHostRow> = {
  resourceName: 'database_host',
  className: 'DatabaseHostTransformer',
  transform: (_ctx, host) => ({
    id: host.id,
    name: host.name,
    host: host.host,
    port: host.port,
    username: host.username,
    node: host.node_id,
    created_at: atomZoned(host.created_at, APP_TIMEZONE),
    updated_at: atomZoned(host.updated_at, APP_TIMEZONE),
  }),
  includes: [['databases', guarded('r_server_databases', (ctx, host) => collection('server_database', ctx.store.where('databases', (d) => d.database_host_id === host.id), 'server_database'))]],
};

export const serverDatabaseTransformer: TransformerV111<DatabaseRow> = {
  resourceName: 'server_database',
  className: 'ServerDatabaseTransformer',
  transform: (_ctx, database) => ({
    id: database.id,
    server: database.server_id,
    host: database.database_host_id,
    database: database.database,
    username: database.username,
    remote: database.remote,
    max_connections: database.max_connections,
    created_at: atomZoned(database.created_at, APP_TIMEZONE),
    updated_at: atomZoned(database.updated_at, APP_TIMEZONE),
  }),
  includes: [
    ['password', (_ctx, database) => closureItem(() => ({ password: database.password }), 'database_password')],
    ['host', guarded('r_database_hosts', (ctx, database) => item('database_host', ctx.store.find('database_hosts', database.database_host_id), 'database_host'))],
  ],
};

/** The server's location, through its node. */
function locationOf(store: StoreViewV111, server: ServerRow): LocationRow | undefined {
  const node = store.find('nodes', server.node_id);
  return node ? store.find('locations', node.location_id) : undefined;
}

/**
 * EnvironmentService::handle: every variable of the egg (server value, else default), then STARTUP,
 * P_SERVER_LOCATION, P_SERVER_UUID and config pterodactyl.environment_variables' P_SERVER_ALLOCATION_LIMIT
 * (v1.11.8:app/Services/Servers/EnvironmentService.php#L36-L64, config/pterodactyl.php#L150-L152).
 */
export function serverEnvironmentV111(store: StoreViewV111, server: ServerRow): Record<string, unknown> {
  const environment: Record<string, unknown> = {};
  for (const view of serverVariablesOf(store, server)) environment[view.variable.env_variable] = view.server_value ?? view.variable.default_value;
  environment['STARTUP'] = server.startup;
  environment['P_SERVER_LOCATION'] = locationOf(store, server)?.short ?? null;
  environment['P_SERVER_UUID'] = server.uuid;
  environment['P_SERVER_ALLOCATION_LIMIT'] = server.allocation_limit;
  return environment;
}

export const serverTransformer: TransformerV111<ServerRow> = {
  resourceName: 'server',
  className: 'ServerTransformer',
  transform: (ctx, server) => ({
    id: server.id,
    external_id: server.external_id,
    uuid: server.uuid,
    identifier: server.uuidShort,
    name: server.name,
    description: server.description,
    status: server.status,
    suspended: server.status === 'suspended',
    limits: serverLimits(server),
    feature_limits: {
      databases: server.database_limit,
      allocations: server.allocation_limit,
      backups: server.backup_limit,
    },
    user: server.owner_id,
    node: server.node_id,
    allocation: server.allocation_id,
    nest: server.nest_id,
    egg: server.egg_id,
    container: {
      startup_command: server.startup,
      image: server.image,
      installed: server.status !== 'installing' && server.status !== 'install_failed' ? 1 : 0,
      environment: serverEnvironmentV111(ctx.store, server),
    },
    updated_at: atomUtc(server.updated_at),
    created_at: atomUtc(server.created_at),
  }),
  includes: [
    ['allocations', guarded('r_allocations', (ctx, server) => collection('allocation', ctx.store.where('allocations', (a) => a.server_id === server.id), 'allocation'))],
    ['user', guarded('r_users', (ctx, server) => item('user', ctx.store.find('users', server.owner_id), 'user'))],
    ['subusers', guarded('r_users', (ctx, server) => collection('subuser', ctx.store.where('subusers', (s) => s.server_id === server.id), 'subuser'))],
    ['nest', guarded('r_nests', (ctx, server) => item('nest', ctx.store.find('nests', server.nest_id), 'nest'))],
    ['egg', guarded('r_eggs', (ctx, server) => item('egg', ctx.store.find('eggs', server.egg_id), 'egg'))],
    ['variables', guarded('r_servers', (ctx, server) => collection('server_variable', serverVariablesOf(ctx.store, server), 'server_variable'))],
    ['location', guarded('r_locations', (ctx, server) => item('location', locationOf(ctx.store, server), 'location'))],
    ['node', guarded('r_nodes', (ctx, server) => item('node', ctx.store.find('nodes', server.node_id), 'node'))],
    ['databases', guarded('r_server_databases', (ctx, server) => collection('server_database', ctx.store.where('databases', (d) => d.server_id === server.id), 'databases'))],
    // Listed in availableIncludes without an includeTransfer method: Fractal's call fails (500).
    ['transfer', null],
  ],
};

/** The 1.x application transformers by name: includes resolve through it at render time. */
export const V111_TRANSFORMERS: RegistryV111 = {
  allocation: allocationTransformer,
  database_host: databaseHostTransformer,
  egg: eggTransformer,
  egg_variable: eggVariableTransformer,
  location: locationTransformer,
  nest: nestTransformer,
  node: nodeTransformer,
  server: serverTransformer,
  server_database: serverDatabaseTransformer,
  server_variable: serverVariableTransformer,
  subuser: subuserTransformer,
  user: userTransformer,
};
