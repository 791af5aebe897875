import { userAttributes } from './account-transformers.ts';
import {
  asArray,
  asBool,
  type ClientAllocationRow,
  type ClientBackupRow,
  type ClientDatabaseHostRow,
  type ClientDatabaseRow,
  type ClientEggRow,
  type ClientEggVariableRow,
  type ClientNodeRow,
  type ClientScheduleRow,
  type ClientServerRow,
  type ClientTaskRow,
  type ClientUserRow,
} from './client-rows.ts';
import { atom, atomOrNull, item, list, NULL_RESOURCE, withRelationships, type Attributes } from './client-envelopes.ts';

/**
 * The server-scoped client transformers (v1.11.8:app/Transformers/Api/Client/*) as pure functions:
 * ServerTransformer with its includes, Allocation, Egg, EggVariable, Subuser, Stats, Backup,
 * Database, Schedule (tasks included by default), Task and FileObject.
 */

/** AllocationTransformer (resource `allocation`); `is_default` compares with the server's primary allocation. */
export function allocationAttributes(allocation: ClientAllocationRow, primaryAllocationId: number): Attributes {
  return {
    id: allocation.id,
    ip: allocation.ip,
    ip_alias: allocation.ip_alias,
    port: allocation.port,
    notes: allocation.notes,
    is_default: primaryAllocationId === allocation.id,
  };
}

/** EggTransformer (resource `egg`). */
export function eggAttributes(egg: ClientEggRow): Attributes {
  return { uuid: egg.uuid, name: egg.name };
}

/** EggVariableTransformer (resource `egg_variable`); a hidden variable is a programming error in the panel (BadMethodCallException, 500). */
export function eggVariableAttributes(variable: ClientEggVariableRow): Attributes {
  if (!asBool(variable.user_viewable)) throw new Error('Cannot transform a hidden egg variable in a client transformer.');
  return {
    name: variable.name,
    description: variable.description,
    env_variable: variable.env_variable,
    default_value: variable.default_value,
    server_value: variable.server_value,
    is_editable: asBool(variable.user_editable),
    rules: variable.rules,
  };
}

/** SubuserTransformer (resource `server_subuser`): the user's attributes plus the permission strings. */
export function subuserAttributes(user: ClientUserRow, permissions: readonly string[] | string, timezone: string): Attributes {
  return { ...userAttributes(user, timezone), permissions: asArray(permissions) ?? [] };
}

/** StatsTransformer (resource `stats`) of what Wings answered for GET /api/servers/{uuid}; missing parts default. */
export function statsAttributes(details: Record<string, unknown>): Attributes {
  const utilization = (details['utilization'] ?? {}) as Record<string, unknown>;
  const network = (utilization['network'] ?? {}) as Record<string, unknown>;
  return {
    current_state: details['state'] ?? 'stopped',
    is_suspended: details['is_suspended'] ?? false,
    resources: {
      memory_bytes: utilization['memory_bytes'] ?? 0,
      cpu_absolute: utilization['cpu_absolute'] ?? 0,
      disk_bytes: utilization['disk_bytes'] ?? 0,
      network_rx_bytes: network['rx_bytes'] ?? 0,
      network_tx_bytes: network['tx_bytes'] ?? 0,
      uptime: utilization['uptime'] ?? 0,
    },
  };
}

/** BackupTransformer (resource `backup`). */
export function backupAttributes(backup: ClientBackupRow, timezone: string): Attributes {
  return {
    uuid: backup.uuid,
    is_successful: asBool(backup.is_successful),
    is_locked: asBool(backup.is_locked),
    name: backup.name,
    ignored_files: asArray(backup.ignored_files),
    checksum: backup.checksum,
    bytes: backup.bytes,
    created_at: atom(backup.created_at, timezone),
    completed_at: atomOrNull(backup.completed_at, timezone),
  };
}

export interface DatabaseView {
  readonly host: ClientDatabaseHostRow;
  /** The database id as the client API shows it (Hashids encode). */
  readonly hashid: string;
  /** `?include=password`: the decrypted password when the user may see it (database.view_password), else null (a null resource). */
  readonly password?: string | null;
}

/** DatabaseTransformer (resource `server_database`, v1.11.8:app/Transformers/Api/Client/DatabaseTransformer.php#L34-L62). */
export function databaseAttributes(database: ClientDatabaseRow, view: DatabaseView): Attributes {
  const attributes: Attributes = {
    id: view.hashid,
    host: { address: view.host.host, port: view.host.port },
    name: database.database,
    username: database.username,
    connections_from: database.remote,
    max_connections: database.max_connections,
  };
  if (view.password === undefined) return attributes;
  const password = view.password === null ? NULL_RESOURCE : item('database_password', { password: view.password });
  return withRelationships(attributes, [['password', password]]);
}

/** TaskTransformer (resource `schedule_task`). */
export function taskAttributes(task: ClientTaskRow, timezone: string): Attributes {
  return {
    id: task.id,
    sequence_id: task.sequence_id,
    action: task.action,
    payload: task.payload,
    time_offset: task.time_offset,
    is_queued: asBool(task.is_queued),
    continue_on_failure: asBool(task.continue_on_failure),
    created_at: atom(task.created_at, timezone),
    updated_at: atom(task.updated_at, timezone),
  };
}

/** ScheduleTransformer (resource `server_schedule`): `tasks` is a default include, in the order given. */
export function scheduleAttributes(schedule: ClientScheduleRow, tasks: readonly ClientTaskRow[], timezone: string): Attributes {
  return withRelationships(
    {
      id: schedule.id,
      name: schedule.name,
      cron: {
        day_of_week: schedule.cron_day_of_week,
        day_of_month: schedule.cron_day_of_month,
        month: schedule.cron_month,
        hour: schedule.cron_hour,
        minute: schedule.cron_minute,
      },
      is_active: asBool(schedule.is_active),
      is_processing: asBool(schedule.is_processing),
      only_when_online: asBool(schedule.only_when_online),
      last_run_at: atomOrNull(schedule.last_run_at, timezone),
      next_run_at: atomOrNull(schedule.next_run_at, timezone),
      created_at: atom(schedule.created_at, timezone),
      updated_at: atom(schedule.updated_at, timezone),
    },
    [['tasks', list('schedule_task', tasks.map((task) => taskAttributes(task, timezone)))]],
  );
}

/**
 * FileObjectTransformer (resource `file_object`) of a Wings stat: `file` defaults to true, `symlink`
 * to false, `mime` to application/octet-stream; the times go through Carbon::parse (an RFC 3339
 * `Z` time keeps UTC, rendered `+00:00`).
 */
export function fileObjectAttributes(stat: Record<string, unknown>): Attributes {
  return {
    name: stat['name'] ?? null,
    mode: stat['mode'] ?? null,
    mode_bits: stat['mode_bits'] ?? null,
    size: stat['size'] ?? null,
    is_file: stat['file'] ?? true,
    is_symlink: stat['symlink'] ?? false,
    mimetype: stat['mime'] ?? 'application/octet-stream',
    created_at: carbonAtom(stat['created']),
    modified_at: carbonAtom(stat['modified']),
  };
}

/** Carbon::parse(...)->toAtomString() of an RFC 3339 time from Wings (Z or ±hh:mm), keeping its offset. */
function carbonAtom(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) throw new Error(`not an RFC 3339 time from Wings: ${JSON.stringify(value)}`);
  return `${match[1]}T${match[2]}${match[3] === 'Z' ? '+00:00' : match[3]}`;
}

/** What the ServerTransformer reads besides the server row, resolved by the caller. */
export interface ServerView {
  readonly node: ClientNodeRow;
  readonly egg: ClientEggRow;
  /** Egg::inherit_features: the egg's features, or its config parent's when it has none (null when neither). */
  readonly eggFeatures: readonly string[] | null;
  /** The server's allocations, in the panel's order. */
  readonly allocations: readonly ClientAllocationRow[];
  readonly primaryAllocation: ClientAllocationRow;
  /** Server::variables: every variable of the egg with the server's value. */
  readonly variables: readonly ClientEggVariableRow[];
  /** The server's subusers with their users (only rendered for ?include=subusers). */
  readonly subusers: ReadonlyArray<{ readonly user: ClientUserRow; readonly permissions: readonly string[] | string }>;
  readonly hasTransfer: boolean;
  /** The user making the request. */
  readonly viewer: ClientUserRow;
  /** Whether the viewer holds a subuser permission on the server (owners and root admins hold all). */
  readonly can: (permission: string) => boolean;
  /** Requested includes (`egg`, `subusers`); `allocations` and `variables` are always rendered. */
  readonly includes: ReadonlySet<string>;
  readonly timezone: string;
}

/**
 * StartupCommandService::handle (v1.11.8:app/Services/Servers/StartupCommandService.php#L12-L25):
 * {{SERVER_MEMORY}}, {{SERVER_IP}}, {{SERVER_PORT}} and each variable's value; a variable the user may
 * not view, or every variable when the viewer lacks startup.read, shows `[hidden]`.
 */
export function startupInvocation(server: ClientServerRow, view: Pick<ServerView, 'primaryAllocation' | 'variables'>, hideAllValues: boolean): string {
  const replacements: Array<[string, string]> = [
    ['{{SERVER_MEMORY}}', String(server.memory)],
    ['{{SERVER_IP}}', view.primaryAllocation.ip],
    ['{{SERVER_PORT}}', String(view.primaryAllocation.port)],
  ];
  for (const variable of view.variables) {
    const shown = asBool(variable.user_viewable) && !hideAllValues;
    replacements.push([`{{${variable.env_variable}}}`, shown ? (variable.server_value ?? variable.default_value) : '[hidden]']);
  }
  return phpStrReplace(server.startup, replacements);
}

/** PHP's str_replace with arrays: each pair in turn over the whole (already replaced) subject. */
function phpStrReplace(subject: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  let result = subject;
  for (const [find, replace] of pairs) if (find !== '') result = result.split(find).join(replace);
  return result;
}

/** ServerTransformer (resource `server`, v1.11.8:app/Transformers/Api/Client/ServerTransformer.php#L32-L143). */
export function serverAttributes(server: ClientServerRow, view: ServerView): Attributes {
  const attributes: Attributes = {
    server_owner: view.viewer.id === server.owner_id,
    identifier: server.uuidShort,
    internal_id: server.id,
    uuid: server.uuid,
    name: server.name,
    node: view.node.name,
    is_node_under_maintenance: asBool(view.node.maintenance_mode),
    sftp_details: { ip: view.node.fqdn, port: view.node.daemonSFTP },
    description: server.description,
    limits: serverLimits(server),
    invocation: startupInvocation(server, view, !view.can('startup.read')),
    docker_image: server.image,
    egg_features: view.eggFeatures === null ? null : [...view.eggFeatures],
    feature_limits: { databases: server.database_limit, allocations: server.allocation_limit, backups: server.backup_limit },
    status: server.status,
    is_suspended: server.status === 'suspended',
    is_installing: server.status === 'installing' || server.status === 'install_failed',
    is_transferring: view.hasTransfer,
  };
  // Fractal renders the default includes first, then the requested ones in availableIncludes order.
  const relationships: Array<readonly [string, unknown]> = [['allocations', serverAllocations(server, view)], ['variables', serverVariables(view)]];
  if (view.includes.has('egg')) relationships.push(['egg', item('egg', eggAttributes(view.egg))]);
  if (view.includes.has('subusers')) {
    relationships.push([
      'subusers',
      view.can('user.read')
        ? list('server_subuser', view.subusers.map((subuser) => subuserAttributes(subuser.user, subuser.permissions, view.timezone)))
        : NULL_RESOURCE,
    ]);
  }
  return withRelationships(attributes, relationships);
}

/** Without allocation.read only the primary allocation, its notes hidden (ServerTransformer.php#L83-L106). */
function serverAllocations(server: ClientServerRow, view: ServerView): unknown {
  if (!view.can('allocation.read')) {
    return list('allocation', [allocationAttributes({ ...view.primaryAllocation, notes: null }, server.allocation_id)]);
  }
  return list('allocation', view.allocations.map((allocation) => allocationAttributes(allocation, server.allocation_id)));
}

function serverVariables(view: ServerView): unknown {
  if (!view.can('startup.read')) return NULL_RESOURCE;
  return list('egg_variable', view.variables.filter((variable) => asBool(variable.user_viewable)).map(eggVariableAttributes));
}

/** A server's `limits`, the same in both APIs' 1.x ServerTransformer. */
export function serverLimits(server: ClientServerRow): Attributes {
  return {
    memory: server.memory,
    swap: server.swap,
    disk: server.disk,
    io: server.io,
    cpu: server.cpu,
    threads: server.threads,
    oom_disabled: asBool(server.oom_disabled),
  };
}
