/**
 * Database rows kept by the mock panel, named after the Pterodactyl v0.7.19 tables and
 * using the panel's own column names (snake_case, or the panel's camelCase where the
 * table has it: `uuidShort`, `daemonSecret`, `daemonListen`, `daemonSFTP`, `daemonBase`).
 *
 * Conventions:
 * - Timestamps are `YYYY-MM-DD HH:MM:SS` strings in UTC, as MySQL stores them.
 * - Boolean columns (tinyint(1) cast to bool by the models) are TypeScript booleans, except
 *   where the panel hands the raw integer to the API (egg variables' `user_viewable` /
 *   `user_editable`) or where the column holds more than two values
 *   (`servers.installed`: 0 installing, 1 installed, 2 install failed).
 * - Columns the mock does not need are left out (users.password, users.totp_secret,
 *   database_hosts.password, daemon_keys.expires_at, ...).
 *
 * The seed file `fixtures/seed.yaml` matches {@link Seed} field for field, and
 * `fixtures/seed.schema.json` describes the same shape; `TABLE_COLUMNS` below lists every
 * column of every row type so tests can check that the schema and these types agree.
 */
import type { SimulatedDaemon, SimulatedNodeState, StoreSeed } from './store-seed.ts';

/** `YYYY-MM-DD HH:MM:SS`, UTC. */
export type DbTimestamp = string;

/** 0.7 subuser permission names (app/Models/Permission.php). */
export const SUBUSER_PERMISSIONS = [
  'power-start',
  'power-stop',
  'power-restart',
  'power-kill',
  'send-command',
  'list-subusers',
  'view-subuser',
  'edit-subuser',
  'create-subuser',
  'delete-subuser',
  'view-allocations',
  'edit-allocation',
  'view-startup',
  'edit-startup',
  'view-databases',
  'reset-db-password',
  'delete-database',
  'create-database',
  'access-sftp',
  'list-files',
  'edit-files',
  'save-files',
  'move-files',
  'copy-files',
  'compress-files',
  'decompress-files',
  'create-files',
  'upload-files',
  'delete-files',
  'download-files',
  'list-schedules',
  'view-schedule',
  'edit-schedule',
  'create-schedule',
  'toggle-schedule',
  'queue-schedule',
  'delete-schedule',
] as const;
export type SubuserPermission = (typeof SUBUSER_PERMISSIONS)[number];

/** `api_keys.key_type` values (app/Models/ApiKey.php). Only 1 and 2 are used by the HTTP APIs. */
export const KEY_TYPE = {
  NONE: 0,
  ACCOUNT: 1,
  APPLICATION: 2,
  DAEMON_USER: 3,
  DAEMON_APPLICATION: 4,
} as const;
export type KeyType = (typeof KEY_TYPE)[keyof typeof KEY_TYPE];

/** `r_*` bitmask: NONE 0, READ 1, WRITE 2, READ|WRITE 3. */
export type AclBits = 0 | 1 | 2 | 3;
export const ACL = { NONE: 0, READ: 1, WRITE: 2, READ_WRITE: 3 } as const;

/** `servers.installed`: 0 = installing, 1 = installed, 2 = install failed. */
export type InstalledState = 0 | 1 | 2;

export interface UserRow {
  id: number;
  external_id: string | null;
  uuid: string;
  /** Always lower-case; matches `^[a-z0-9]([\w\.-]+)[a-z0-9]$`. */
  username: string;
  email: string;
  name_first: string;
  name_last: string;
  language: string;
  root_admin: boolean;
  use_totp: boolean;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface LocationRow {
  id: number;
  short: string;
  long: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface NodeRow {
  id: number;
  public: boolean;
  name: string;
  /** NOT NULL text; `""` for nodes created through the API. */
  description: string;
  location_id: number;
  fqdn: string;
  scheme: string;
  behind_proxy: boolean;
  maintenance_mode: boolean;
  memory: number;
  memory_overallocate: number;
  disk: number;
  disk_overallocate: number;
  upload_size: number;
  /** 36 random alphanumerics; hidden from the API. */
  daemonSecret: string;
  daemonListen: number;
  daemonSFTP: number;
  daemonBase: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface AllocationRow {
  id: number;
  node_id: number;
  ip: string;
  ip_alias: string | null;
  port: number;
  server_id: number | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface NestRow {
  id: number;
  uuid: string;
  author: string;
  name: string;
  description: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface EggRow {
  id: number;
  uuid: string;
  nest_id: number;
  author: string;
  name: string;
  /** NOT NULL text column. */
  description: string;
  docker_image: string;
  /** JSON text (e.g. `{}` or `{"server.properties":{...}}`) or null (inherit from config_from). */
  config_files: string | null;
  /** JSON text or null. */
  config_startup: string | null;
  /** JSON text or null. */
  config_logs: string | null;
  config_stop: string | null;
  /** Egg id (same nest) whose config this egg extends. */
  config_from: number | null;
  startup: string | null;
  script_container: string;
  script_entry: string;
  script_is_privileged: boolean;
  script_install: string | null;
  /** Egg id (same nest) whose install script this egg copies. */
  copy_script_from: number | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface EggVariableRow {
  id: number;
  egg_id: number;
  name: string;
  description: string;
  env_variable: string;
  default_value: string;
  user_viewable: 0 | 1;
  user_editable: 0 | 1;
  /** Laravel rule string, e.g. `required|string|max:20`. */
  rules: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface PackRow {
  id: number;
  uuid: string;
  egg_id: number;
  name: string;
  description: string | null;
  version: string;
  selectable: boolean;
  visible: boolean;
  locked: boolean;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ServerRow {
  id: number;
  external_id: string | null;
  uuid: string;
  /** First 8 characters of `uuid`; the client API's `identifier`. */
  uuidShort: string;
  node_id: number;
  name: string;
  /** NOT NULL; `""` when none was given. */
  description: string;
  suspended: boolean;
  skip_scripts: boolean;
  owner_id: number;
  memory: number;
  swap: number;
  disk: number;
  io: number;
  cpu: number;
  oom_disabled: boolean;
  /** Default allocation id. */
  allocation_id: number;
  nest_id: number;
  egg_id: number;
  pack_id: number | null;
  startup: string;
  image: string;
  installed: InstalledState;
  database_limit: number | null;
  allocation_limit: number | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ServerVariableRow {
  id: number;
  server_id: number;
  /** egg_variables.id */
  variable_id: number;
  variable_value: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface SubuserRow {
  id: number;
  user_id: number;
  server_id: number;
  permissions: SubuserPermission[];
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface DatabaseHostRow {
  id: number;
  name: string;
  host: string;
  port: number;
  username: string;
  node_id: number | null;
  max_databases: number | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface DatabaseRow {
  id: number;
  server_id: number;
  database_host_id: number;
  /** `s<serverId>_<name>` */
  database: string;
  /** `u<serverId>_<10 alphanumerics>` */
  username: string;
  /** `%` or an IP; matches `^[0-9%.]{1,15}$`. */
  remote: string;
  /** Plaintext in the mock (the panel stores it encrypted). */
  password: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ApiKeyRow {
  id: number;
  user_id: number;
  /** 1 = client (ACCOUNT), 2 = application. */
  key_type: KeyType;
  /** 16 chars of [A-Za-z0-9]; unique (case-insensitively, as the panel's collation compares). */
  identifier: string;
  /** 32 chars of [A-Za-z0-9]; plaintext in the mock (the panel stores it encrypted). */
  token: string;
  memo: string | null;
  /** IPs / CIDR ranges; null or [] = no restriction. Decoded form of the panel's doubly-encoded column. */
  allowed_ips: string[] | null;
  r_servers: AclBits;
  r_nodes: AclBits;
  r_allocations: AclBits;
  r_users: AclBits;
  r_locations: AclBits;
  r_nests: AclBits;
  r_eggs: AclBits;
  r_database_hosts: AclBits;
  r_server_databases: AclBits;
  r_packs: AclBits;
  last_used_at: DbTimestamp | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

/** The `r_*` permission columns of an api key, in panel order. */
export const API_KEY_PERMISSION_COLUMNS = [
  'r_servers',
  'r_nodes',
  'r_allocations',
  'r_users',
  'r_locations',
  'r_nests',
  'r_eggs',
  'r_database_hosts',
  'r_server_databases',
  'r_packs',
] as const satisfies readonly (keyof ApiKeyRow)[];
export type ApiKeyPermissionColumn = (typeof API_KEY_PERMISSION_COLUMNS)[number];

export interface DaemonKeyRow {
  id: number;
  server_id: number;
  user_id: number;
  /** `i_` followed by 40 alphanumerics (DaemonKeyRepositoryInterface::INTERNAL_KEY_IDENTIFIER). */
  secret: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

/** Every panel table the mock keeps, keyed by the panel's table name. */
export type Tables = {
  users: UserRow[];
  locations: LocationRow[];
  nodes: NodeRow[];
  allocations: AllocationRow[];
  nests: NestRow[];
  eggs: EggRow[];
  egg_variables: EggVariableRow[];
  packs: PackRow[];
  servers: ServerRow[];
  server_variables: ServerVariableRow[];
  subusers: SubuserRow[];
  database_hosts: DatabaseHostRow[];
  databases: DatabaseRow[];
  api_keys: ApiKeyRow[];
  daemon_keys: DaemonKeyRow[];
};
export type TableName = keyof Tables;
export type RowOf<T extends TableName> = Tables[T][number];

/* ------------------------------------------------------------------------------------------ */
/* Simulation state (not a panel table)                                                        */
/* ------------------------------------------------------------------------------------------ */

/** Simulated daemon state of one node (Wings predecessor, pterodactyl/daemon 0.6). */
export type DaemonNodeState = SimulatedNodeState;

export const DAEMON_SERVER_STATES = [
  'running',
  'stopped',
  'starting',
  'stopping',
  'suspended',
  'installing',
] as const;
export type DaemonServerStateName = (typeof DAEMON_SERVER_STATES)[number];

/** Simulated daemon state of one server, used by power / command / utilization. */
export interface DaemonServerState {
  state: DaemonServerStateName;
  /** proc.memory.total in bytes. */
  memory_bytes?: number;
  /** proc.cpu.total (percent, may be fractional). */
  cpu?: number;
  /** proc.cpu.cores (percent per core). */
  cpu_cores?: number[];
  /** proc.disk.used in MB. */
  disk_used?: number;
  /**
   * The daemon's blockBooting while the egg's install script runs, kept apart from suspension: a
   * server suspended during its install is `state: suspended` with this set, and is installing again
   * once unsuspended. `state: installing` implies it.
   */
  boot_blocked?: boolean;
  /** When the running install finishes on its own (ms on the mock clock; the `installSeconds` option). */
  install_ends_at?: number;
}

/** The simulated 0.6 daemons: per node its switch, per server its state. */
export type DaemonState = SimulatedDaemon<DaemonServerState>;

/** The v0.7.19 seed (fixtures/seed.yaml); its APP_TIMEZONE is used by database / database-host timestamps. */
export interface Seed extends StoreSeed {
  tables: Tables;
  daemon: DaemonState;
}

/* ------------------------------------------------------------------------------------------ */
/* Column lists (checked exhaustive at compile time)                                           */
/* ------------------------------------------------------------------------------------------ */

type Exhaustive<Row, Cols extends readonly (keyof Row)[]> =
  Exclude<keyof Row, Cols[number]> extends never ? Cols : { missing: Exclude<keyof Row, Cols[number]> };

function columns<Row>() {
  return <const Cols extends readonly (keyof Row)[]>(cols: Exhaustive<Row, Cols> & Cols): Cols => cols;
}

/** Every column of every table, in panel order. */
export const TABLE_COLUMNS = {
  users: columns<UserRow>()([
    'id', 'external_id', 'uuid', 'username', 'email', 'name_first', 'name_last', 'language',
    'root_admin', 'use_totp', 'created_at', 'updated_at',
  ]),
  locations: columns<LocationRow>()(['id', 'short', 'long', 'created_at', 'updated_at']),
  nodes: columns<NodeRow>()([
    'id', 'public', 'name', 'description', 'location_id', 'fqdn', 'scheme', 'behind_proxy',
    'maintenance_mode', 'memory', 'memory_overallocate', 'disk', 'disk_overallocate', 'upload_size',
    'daemonSecret', 'daemonListen', 'daemonSFTP', 'daemonBase', 'created_at', 'updated_at',
  ]),
  allocations: columns<AllocationRow>()([
    'id', 'node_id', 'ip', 'ip_alias', 'port', 'server_id', 'created_at', 'updated_at',
  ]),
  nests: columns<NestRow>()(['id', 'uuid', 'author', 'name', 'description', 'created_at', 'updated_at']),
  eggs: columns<EggRow>()([
    'id', 'uuid', 'nest_id', 'author', 'name', 'description', 'docker_image', 'config_files',
    'config_startup', 'config_logs', 'config_stop', 'config_from', 'startup', 'script_container',
    'script_entry', 'script_is_privileged', 'script_install', 'copy_script_from', 'created_at',
    'updated_at',
  ]),
  egg_variables: columns<EggVariableRow>()([
    'id', 'egg_id', 'name', 'description', 'env_variable', 'default_value', 'user_viewable',
    'user_editable', 'rules', 'created_at', 'updated_at',
  ]),
  packs: columns<PackRow>()([
    'id', 'uuid', 'egg_id', 'name', 'description', 'version', 'selectable', 'visible', 'locked',
    'created_at', 'updated_at',
  ]),
  servers: columns<ServerRow>()([
    'id', 'external_id', 'uuid', 'uuidShort', 'node_id', 'name', 'description', 'suspended',
    'skip_scripts', 'owner_id', 'memory', 'swap', 'disk', 'io', 'cpu', 'oom_disabled',
    'allocation_id', 'nest_id', 'egg_id', 'pack_id', 'startup', 'image', 'installed',
    'database_limit', 'allocation_limit', 'created_at', 'updated_at',
  ]),
  server_variables: columns<ServerVariableRow>()([
    'id', 'server_id', 'variable_id', 'variable_value', 'created_at', 'updated_at',
  ]),
  subusers: columns<SubuserRow>()(['id', 'user_id', 'server_id', 'permissions', 'created_at', 'updated_at']),
  database_hosts: columns<DatabaseHostRow>()([
    'id', 'name', 'host', 'port', 'username', 'node_id', 'max_databases', 'created_at', 'updated_at',
  ]),
  databases: columns<DatabaseRow>()([
    'id', 'server_id', 'database_host_id', 'database', 'username', 'remote', 'password',
    'created_at', 'updated_at',
  ]),
  api_keys: columns<ApiKeyRow>()([
    'id', 'user_id', 'key_type', 'identifier', 'token', 'memo', 'allowed_ips', 'r_servers',
    'r_nodes', 'r_allocations', 'r_users', 'r_locations', 'r_nests', 'r_eggs', 'r_database_hosts',
    'r_server_databases', 'r_packs', 'last_used_at', 'created_at', 'updated_at',
  ]),
  daemon_keys: columns<DaemonKeyRow>()(['id', 'server_id', 'user_id', 'secret', 'created_at', 'updated_at']),
} as const satisfies { [T in TableName]: readonly (keyof RowOf<T>)[] };

/** Table names, in the order the seed file lists them. */
export const TABLE_NAMES = [
  'users',
  'locations',
  'nodes',
  'allocations',
  'nests',
  'eggs',
  'egg_variables',
  'packs',
  'servers',
  'server_variables',
  'subusers',
  'database_hosts',
  'databases',
  'api_keys',
  'daemon_keys',
] as const satisfies readonly TableName[];
