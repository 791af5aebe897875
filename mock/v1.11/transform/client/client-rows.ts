/**
 * The columns the client transformers read, named as in the panel's v1.11.8 migrations. Store rows
 * with more columns fit (structural types). Timestamps are `YYYY-MM-DD HH:MM:SS` in UTC; booleans
 * may be stored as 0/1 (the model casts make them booleans, as `asBool` does here).
 */

export type DbTimestamp = string;
/** A tinyint or a boolean column. */
export type DbBool = boolean | number;

export interface ClientUserRow {
  readonly id: number;
  readonly uuid: string;
  readonly username: string;
  readonly email: string;
  readonly name_first: string | null;
  readonly name_last: string | null;
  readonly language: string;
  readonly root_admin: DbBool;
  readonly use_totp: DbBool;
  readonly created_at: DbTimestamp;
}

export interface ClientApiKeyRow {
  readonly identifier: string;
  readonly memo: string | null;
  /** Cast `array`: a list, or its JSON text, or null. */
  readonly allowed_ips: readonly string[] | string | null;
  readonly last_used_at: DbTimestamp | null;
  readonly created_at: DbTimestamp;
}

export interface ClientSshKeyRow {
  readonly name: string;
  readonly fingerprint: string;
  readonly public_key: string;
  readonly created_at: DbTimestamp;
}

export interface ClientActivityRow {
  readonly id: number;
  readonly batch: string | null;
  readonly event: string;
  readonly ip: string;
  readonly description: string | null;
  /** Cast `collection`: an object (or list) of properties, or null. */
  readonly properties: Readonly<Record<string, unknown>> | readonly unknown[] | null;
  readonly timestamp: DbTimestamp;
  readonly api_key_id: number | null;
}

export interface ClientAllocationRow {
  readonly id: number;
  readonly ip: string;
  readonly ip_alias: string | null;
  readonly port: number;
  readonly notes: string | null;
}

export interface ClientBackupRow {
  readonly uuid: string;
  readonly is_successful: DbBool;
  readonly is_locked: DbBool;
  readonly name: string;
  readonly ignored_files: readonly string[] | string;
  readonly checksum: string | null;
  readonly bytes: number;
  readonly created_at: DbTimestamp;
  readonly completed_at: DbTimestamp | null;
}

export interface ClientDatabaseRow {
  readonly id: number;
  readonly database: string;
  readonly username: string;
  readonly remote: string;
  readonly max_connections: number | null;
}

export interface ClientDatabaseHostRow {
  readonly host: string;
  readonly port: number;
}

export interface ClientScheduleRow {
  readonly id: number;
  readonly name: string;
  readonly cron_day_of_week: string;
  readonly cron_day_of_month: string;
  readonly cron_month: string;
  readonly cron_hour: string;
  readonly cron_minute: string;
  readonly is_active: DbBool;
  readonly is_processing: DbBool;
  readonly only_when_online: DbBool;
  readonly last_run_at: DbTimestamp | null;
  readonly next_run_at: DbTimestamp | null;
  readonly created_at: DbTimestamp;
  readonly updated_at: DbTimestamp;
}

export interface ClientTaskRow {
  readonly id: number;
  readonly sequence_id: number;
  readonly action: string;
  readonly payload: string;
  readonly time_offset: number;
  readonly is_queued: DbBool;
  readonly continue_on_failure: DbBool;
  readonly created_at: DbTimestamp;
  readonly updated_at: DbTimestamp;
}

export interface ClientServerRow {
  readonly id: number;
  readonly uuid: string;
  readonly uuidShort: string;
  readonly name: string;
  readonly description: string;
  readonly status: string | null;
  readonly owner_id: number;
  readonly memory: number;
  readonly swap: number;
  readonly disk: number;
  readonly io: number;
  readonly cpu: number;
  readonly threads: string | null;
  readonly oom_disabled: DbBool;
  readonly image: string;
  readonly startup: string;
  readonly allocation_id: number;
  readonly database_limit: number | null;
  readonly allocation_limit: number | null;
  readonly backup_limit: number | null;
}

export interface ClientNodeRow {
  readonly name: string;
  readonly fqdn: string;
  readonly daemonSFTP: number;
  readonly maintenance_mode: DbBool;
}

export interface ClientEggRow {
  readonly uuid: string;
  readonly name: string;
}

/** An egg variable joined with the server's value (Server::variables, v1.11.8:app/Models/Server.php#L268-L281). */
export interface ClientEggVariableRow {
  readonly name: string;
  readonly description: string;
  readonly env_variable: string;
  readonly default_value: string;
  readonly server_value: string | null;
  readonly user_viewable: DbBool;
  readonly user_editable: DbBool;
  readonly rules: string;
}

/** Laravel's boolean cast. */
export function asBool(value: DbBool | string | null | undefined): boolean {
  return !(value === 0 || value === false || value === '' || value === '0' || value === null || value === undefined);
}

/** Laravel's array cast of a JSON column (a stored list passes through). */
export function asArray<T>(value: readonly T[] | string | null | undefined): T[] | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value) as T[];
  return [...value];
}
