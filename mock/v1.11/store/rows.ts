/**
 * The database rows of the v1.11 twin, named after the panel's v1.11.8 tables and columns (after
 * every migration of database/migrations at v1.11.8). Conventions as for 0.7 (mock/store/rows.ts):
 * timestamps `YYYY-MM-DD HH:MM:SS` in UTC; boolean columns the models cast are booleans; JSON columns
 * hold their decoded value; secrets the panel encrypts (api key tokens, database passwords, node
 * daemon tokens) are kept in plain text; password hashes and columns no API reads are left out.
 */
import type { SimulatedDaemon, SimulatedNodeState, StoreSeed } from '../../store/store-seed.ts';

export type DbTimestamp = string;

/** `api_keys.key_type` (app/Models/ApiKey.php): 1 client (`ptlc_`), 2 application (`ptla_`). */
export const KEY_TYPE_V111 = { NONE: 0, ACCOUNT: 1, APPLICATION: 2 } as const;

/** The `r_*` columns of api_keys at v1.11.8 (r_packs was dropped in 2020_09_13_110021). */
export const ACL_COLUMNS_V111 = [
  'r_servers',
  'r_nodes',
  'r_allocations',
  'r_users',
  'r_locations',
  'r_nests',
  'r_eggs',
  'r_database_hosts',
  'r_server_databases',
] as const;
export type AclColumnV111 = (typeof ACL_COLUMNS_V111)[number];
export type AclBits = 0 | 1 | 2 | 3;

/** `servers.status` (app/Models/Server.php STATUS_*); null = installed and usable. */
export const SERVER_STATUSES = ['installing', 'install_failed', 'reinstall_failed', 'suspended', 'restoring_backup'] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number] | null;

export interface UserRow {
  id: number;
  external_id: string | null;
  uuid: string;
  username: string;
  email: string;
  name_first: string;
  name_last: string;
  /** Plain text in the mock (the panel stores a bcrypt hash); what the account routes check. */
  password: string;
  language: string;
  root_admin: boolean;
  use_totp: boolean;
  /** Plain text (the panel encrypts it); base32. */
  totp_secret: string | null;
  totp_authenticated_at: DbTimestamp | null;
  gravatar: boolean;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface LocationRow {
  id: number;
  short: string;
  long: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface NodeRow {
  id: number;
  uuid: string;
  public: boolean;
  name: string;
  description: string | null;
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
  /** 16 characters; hidden from the API. */
  daemon_token_id: string;
  /** 64 characters, plain text (the panel encrypts it); hidden from the API. */
  daemon_token: string;
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
  notes: string | null;
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
  description: string | null;
  features: string[] | null;
  /** Display name → image. */
  docker_images: Record<string, string>;
  file_denylist: string[] | null;
  update_url: string | null;
  /** JSON text or null. */
  config_files: string | null;
  config_startup: string | null;
  config_logs: string | null;
  config_stop: string | null;
  config_from: number | null;
  startup: string | null;
  script_container: string;
  script_entry: string;
  script_is_privileged: boolean;
  script_install: string | null;
  copy_script_from: number | null;
  force_outgoing_ip: boolean;
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
  user_viewable: boolean;
  user_editable: boolean;
  rules: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ServerRow {
  id: number;
  external_id: string | null;
  uuid: string;
  uuidShort: string;
  node_id: number;
  name: string;
  description: string;
  status: ServerStatus;
  skip_scripts: boolean;
  owner_id: number;
  memory: number;
  swap: number;
  disk: number;
  io: number;
  cpu: number;
  threads: string | null;
  oom_disabled: boolean;
  allocation_id: number;
  nest_id: number;
  egg_id: number;
  startup: string;
  image: string;
  allocation_limit: number | null;
  database_limit: number | null;
  backup_limit: number | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  installed_at: DbTimestamp | null;
}

export interface ServerVariableRow {
  id: number;
  server_id: number;
  variable_id: number;
  variable_value: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface SubuserRow {
  id: number;
  user_id: number;
  server_id: number;
  /** Permission strings of app/Models/Permission.php (`control.console`, `file.read`, …). */
  permissions: string[];
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface DatabaseHostRow {
  id: number;
  name: string;
  host: string;
  port: number;
  username: string;
  password: string;
  max_databases: number | null;
  node_id: number | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface DatabaseRow {
  id: number;
  server_id: number;
  database_host_id: number;
  database: string;
  username: string;
  remote: string;
  /** Plain text (the panel encrypts it). */
  password: string;
  max_connections: number | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ApiKeyRow {
  id: number;
  user_id: number;
  key_type: 0 | 1 | 2;
  /** 16 characters: `ptla_`/`ptlc_` and 11 random ones (older keys: 16 random). */
  identifier: string;
  /** 32 characters, plain text (the panel encrypts it). */
  token: string;
  allowed_ips: string[] | null;
  memo: string | null;
  last_used_at: DbTimestamp | null;
  expires_at: DbTimestamp | null;
  r_servers: AclBits;
  r_nodes: AclBits;
  r_allocations: AclBits;
  r_users: AclBits;
  r_locations: AclBits;
  r_nests: AclBits;
  r_eggs: AclBits;
  r_database_hosts: AclBits;
  r_server_databases: AclBits;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ScheduleRow {
  id: number;
  server_id: number;
  name: string;
  cron_day_of_week: string;
  cron_month: string;
  cron_day_of_month: string;
  cron_hour: string;
  cron_minute: string;
  is_active: boolean;
  is_processing: boolean;
  only_when_online: boolean;
  last_run_at: DbTimestamp | null;
  next_run_at: DbTimestamp | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface TaskRow {
  id: number;
  schedule_id: number;
  sequence_id: number;
  /** command | power | backup */
  action: string;
  payload: string;
  time_offset: number;
  is_queued: boolean;
  continue_on_failure: boolean;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface BackupRow {
  id: number;
  server_id: number;
  uuid: string;
  upload_id: string | null;
  is_successful: boolean;
  is_locked: boolean;
  name: string;
  ignored_files: string[];
  /** wings | s3 */
  disk: string;
  checksum: string | null;
  bytes: number;
  completed_at: DbTimestamp | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  /** Soft deletes: a deleted backup keeps its row. */
  deleted_at: DbTimestamp | null;
}

export interface UserSshKeyRow {
  id: number;
  user_id: number;
  name: string;
  fingerprint: string;
  public_key: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  deleted_at: DbTimestamp | null;
}

export interface ActivityLogRow {
  id: number;
  batch: string | null;
  event: string;
  ip: string;
  description: string | null;
  /** Morph type of the actor (`Pterodactyl\Models\User`) or null for the system. */
  actor_type: string | null;
  actor_id: number | null;
  api_key_id: number | null;
  properties: Record<string, unknown>;
  timestamp: DbTimestamp;
}

export interface ActivityLogSubjectRow {
  id: number;
  activity_log_id: number;
  subject_type: string;
  subject_id: number;
}

export interface RecoveryTokenRow {
  id: number;
  user_id: number;
  /** Plain text (the panel stores a hash). */
  token: string;
  created_at: DbTimestamp;
}

export interface ServerTransferRow {
  id: number;
  server_id: number;
  /** null while the transfer runs (Server::transfer is the latest with successful null). */
  successful: boolean | null;
  old_node: number;
  new_node: number;
  old_allocation: number;
  new_allocation: number;
  old_additional_allocations: number[] | null;
  new_additional_allocations: number[] | null;
  archived: boolean;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export type TablesV111 = {
  users: UserRow[];
  recovery_tokens: RecoveryTokenRow[];
  locations: LocationRow[];
  nodes: NodeRow[];
  allocations: AllocationRow[];
  nests: NestRow[];
  eggs: EggRow[];
  egg_variables: EggVariableRow[];
  servers: ServerRow[];
  server_transfers: ServerTransferRow[];
  server_variables: ServerVariableRow[];
  subusers: SubuserRow[];
  database_hosts: DatabaseHostRow[];
  databases: DatabaseRow[];
  api_keys: ApiKeyRow[];
  schedules: ScheduleRow[];
  tasks: TaskRow[];
  backups: BackupRow[];
  user_ssh_keys: UserSshKeyRow[];
  activity_logs: ActivityLogRow[];
  activity_log_subjects: ActivityLogSubjectRow[];
};
export type TableNameV111 = keyof TablesV111;
export type RowOfV111<T extends TableNameV111> = TablesV111[T][number];

export const TABLE_NAMES_V111 = [
  'users', 'recovery_tokens', 'locations', 'nodes', 'allocations', 'nests', 'eggs', 'egg_variables', 'servers',
  'server_transfers', 'server_variables', 'subusers', 'database_hosts', 'databases', 'api_keys', 'schedules', 'tasks', 'backups',
  'user_ssh_keys', 'activity_logs', 'activity_log_subjects',
] as const satisfies readonly TableNameV111[];

/** Simulated Wings state of one node: the switch every simulated daemon has. */
export type WingsNodeState = SimulatedNodeState;

/** Simulated Wings state of one server (Wings' environment states). */
export interface WingsServerState {
  state: 'offline' | 'starting' | 'running' | 'stopping';
  memory_bytes?: number;
  cpu_absolute?: number;
  disk_bytes?: number;
  network_rx_bytes?: number;
  network_tx_bytes?: number;
  uptime_ms?: number;
}

export type WingsState = SimulatedDaemon<WingsServerState>;

/** The v1.11 seed (fixtures/v1.11/seed.yaml). */
export interface SeedV111 extends StoreSeed {
  /** pterodactyl.auth.2fa_required: 0 none, 1 admins, 2 everyone. */
  two_factor_required: 0 | 1 | 2;
  tables: TablesV111;
  /** The simulated Wings (the seed file's `wings`). */
  daemon: WingsState;
}
