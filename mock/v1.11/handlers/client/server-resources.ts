import * as nodeCrypto from 'node:crypto';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ValidationFailure } from '../../../errors/panel-error.ts';
import { badRequestV111, displayExceptionV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { AllocationRow, BackupRow, DatabaseRow, ServerRow, UserRow } from '../../store/rows.ts';
import { allocationAttributes, backupAttributes, databaseAttributes, subuserAttributes } from '../../transform/client/server-transformers.ts';
import { backupDownloadUrl } from '../../wings/signed-urls.ts';
import { randomUniqueId } from '../../wings/node-jwt.ts';
import { WingsError } from '../../wings/wings-failure.ts';
import type { HandlerTableV111 } from '../handler.ts';
import { noContentV111 } from '../handler.ts';
import { insertUser } from '../new-user.ts';
import { logActivity } from './activity-log.ts';
import { itemBody, listBody, pageBody, perPageOf, requestedIncludes } from './client-views.ts';
import { authorizeInController, can, databaseHashid, subuserOf } from './server-access.ts';
import { signingContext } from './server-control.ts';
import { callWings, daemonFailure, targetOf, wingsOf } from './wings-link.ts';

/**
 * Databases, network allocations, subusers and backups of a server
 * (v1.11.8:app/Http/Controllers/Api/Client/Servers/{DatabaseController,NetworkAllocationController,SubuserController,BackupController}.php).
 */

function server(ctx: ContextV111): ServerRow {
  return ctx.model<ServerRow>('server');
}

// --- databases ---

function renderDatabase(ctx: ContextV111, database: DatabaseRow, withPassword: boolean) {
  const host = ctx.panel.store.find('database_hosts', database.database_host_id);
  if (!host) throw new Error(`database ${database.id} has no host`);
  const view = { host, hashid: databaseHashid(database.id) };
  if (!withPassword) return databaseAttributes(database, view);
  return databaseAttributes(database, { ...view, password: can(ctx.panel, ctx.actor, server(ctx), 'database.view_password') ? database.password : null });
}

/** Utilities::randomStringWithSpecialCharacters(24). */
function databasePassword(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+-=[]{}|;:,.<>?';
  return Array.from({ length: 24 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

export const databaseHandlers: HandlerTableV111 = {
  listClientServerDatabases: (ctx) => {
    const rows = ctx.panel.store.where('databases', (row) => row.server_id === server(ctx).id);
    const withPassword = requestedIncludes(ctx).has('password');
    return { status: 200, body: listBody('server_database', rows.map((row) => renderDatabase(ctx, row, withPassword))) };
  },

  /** DeployServerDatabaseService + DatabaseManagementService::create (limit 400, no host 400). */
  createClientServerDatabase: (ctx) => {
    const target = server(ctx);
    const store = ctx.panel.store;
    // generateUniqueDatabaseName: the prefix and the name cut to 48 characters in all (DatabaseManagementService.php#L48-L52).
    const prefix = `s${target.id}_`;
    const name = prefix + String(ctx.inputValue('database')).slice(0, 48 - prefix.length);
    // The request's Rule::unique on the generated name within the server (StoreDatabaseRequest.php#L29-L37).
    if (store.first('databases', (row) => row.server_id === target.id && row.database === name)) {
      throw new ValidationFailure([{ field: 'database', code: 'unique', detail: 'The database name you have selected is already in use by this server.' }]);
    }
    const hosts = store.all('database_hosts');
    if (hosts.length === 0) throw displayExceptionV111('No database host was found that meets the requirements for this server.', 'NoSuitableDatabaseHostException');
    const nodeHosts = hosts.filter((host) => host.node_id === target.node_id);
    const host = (nodeHosts.length > 0 ? nodeHosts : hosts)[0];
    if (!host) throw new Error('no host');
    if (target.database_limit !== null && store.where('databases', (row) => row.server_id === target.id).length >= target.database_limit) {
      throw displayExceptionV111('Operation aborted: creating a new database would put this server over the defined limit.', 'TooManyDatabasesException');
    }
    const now = ctx.panel.clock.dbTimestamp();
    const database = store.insert('databases', {
      server_id: target.id,
      database_host_id: host.id,
      database: name,
      username: `u${target.id}_${randomUniqueId(10)}`,
      remote: String(ctx.inputValue('remote')),
      password: databasePassword(),
      max_connections: 0,
      created_at: now,
      updated_at: now,
    });
    logActivity(ctx, 'server:database.create', { name: database.database });
    return { status: 200, body: itemBody('server_database', renderDatabase(ctx, database, true)) };
  },

  rotateClientServerDatabasePassword: (ctx) => {
    const database = ctx.model<DatabaseRow>('database');
    database.password = databasePassword();
    database.updated_at = ctx.panel.clock.dbTimestamp();
    logActivity(ctx, 'server:database.rotate-password', { name: database.database });
    return { status: 200, body: itemBody('server_database', renderDatabase(ctx, database, true)) };
  },

  deleteClientServerDatabase: (ctx) => {
    const database = ctx.model<DatabaseRow>('database');
    ctx.panel.store.remove('databases', (row) => row.id === database.id);
    logActivity(ctx, 'server:database.delete', { name: database.database });
    return noContentV111();
  },
};

// --- network ---

function allocationsOf(ctx: ContextV111): AllocationRow[] {
  return ctx.panel.store.where('allocations', (row) => row.server_id === server(ctx).id);
}

function allocationLabel(allocation: AllocationRow): string {
  return `${allocation.ip_alias ?? allocation.ip}:${allocation.port}`;
}

export const networkHandlers: HandlerTableV111 = {
  listClientServerAllocations: (ctx) => ({
    status: 200,
    body: listBody('allocation', allocationsOf(ctx).map((row) => allocationAttributes(row, server(ctx).allocation_id))),
  }),

  /** The limit first (DisplayException), then the feature switch (off on a stock panel), then an allocation. */
  createClientServerAllocation: (ctx) => {
    const target = server(ctx);
    if (allocationsOf(ctx).length >= (target.allocation_limit ?? 0)) {
      throw displayExceptionV111('Cannot assign additional allocations to this server: limit has been reached.');
    }
    const feature = ctx.panel.options.clientAllocations;
    if (!feature) throw displayExceptionV111('Server auto-allocation is not enabled for this instance.', 'AutoAllocationNotEnabledException');
    // FindAssignableAllocationService (v1.11.8:app/Services/Allocations/FindAssignableAllocationService.php#L27-L88):
    // a free allocation on the primary's IP, else a new one on a free port of the range.
    const store = ctx.panel.store;
    const primary = store.find('allocations', target.allocation_id);
    if (!primary) throw new Error(`server ${target.id} has no primary allocation`);
    let allocation = store.first('allocations', (row) => row.node_id === target.node_id && row.ip === primary.ip && row.server_id === null);
    if (!allocation) {
      const used = new Set(store.where('allocations', (row) => row.node_id === target.node_id && row.ip === primary.ip).map((row) => row.port));
      let port: number | undefined;
      for (let candidate = feature.rangeStart; candidate <= feature.rangeEnd; candidate += 1) {
        if (!used.has(candidate)) {
          port = candidate;
          break;
        }
      }
      if (port === undefined) throw displayExceptionV111('Cannot assign additional allocation: no more space available on node.', 'NoAutoAllocationSpaceAvailableException');
      const now = ctx.panel.clock.dbTimestamp();
      allocation = store.insert('allocations', { node_id: target.node_id, ip: primary.ip, ip_alias: null, port, server_id: null, notes: null, created_at: now, updated_at: now });
    }
    allocation.server_id = target.id;
    allocation.updated_at = ctx.panel.clock.dbTimestamp();
    logActivity(ctx, 'server:allocation.create', { allocation: allocationLabel(allocation) });
    return { status: 200, body: itemBody('allocation', allocationAttributes(allocation, target.allocation_id)) };
  },

  updateClientServerAllocation: (ctx) => {
    const allocation = ctx.model<AllocationRow>('allocation');
    const original = allocation.notes;
    const notes = ctx.inputValue('notes');
    allocation.notes = notes === null || notes === undefined ? null : String(notes);
    allocation.updated_at = ctx.panel.clock.dbTimestamp();
    if (original !== allocation.notes) logActivity(ctx, 'server:allocation.notes', { allocation: allocationLabel(allocation), old: original, new: allocation.notes });
    return { status: 200, body: itemBody('allocation', allocationAttributes(allocation, server(ctx).allocation_id)) };
  },

  setClientServerPrimaryAllocation: (ctx) => {
    const allocation = ctx.model<AllocationRow>('allocation');
    const target = server(ctx);
    target.allocation_id = allocation.id;
    target.updated_at = ctx.panel.clock.dbTimestamp();
    logActivity(ctx, 'server:allocation.primary', { allocation: allocationLabel(allocation) });
    return { status: 200, body: itemBody('allocation', allocationAttributes(allocation, target.allocation_id)) };
  },

  deleteClientServerAllocation: (ctx) => {
    const allocation = ctx.model<AllocationRow>('allocation');
    const target = server(ctx);
    if (!target.allocation_limit) throw displayExceptionV111('You cannot delete allocations for this server: no allocation limit is set.');
    if (allocation.id === target.allocation_id) throw displayExceptionV111('You cannot delete the primary allocation for this server.');
    allocation.notes = null;
    allocation.server_id = null;
    logActivity(ctx, 'server:allocation.delete', { allocation: allocationLabel(allocation) });
    return noContentV111();
  },
};

// --- subusers ---

const CATALOGUE = parse(readFileSync(new URL('./permission-catalogue.yaml', import.meta.url), 'utf8')) as Record<string, { keys: Record<string, string> }>;
const ALLOWED_PERMISSIONS = Object.entries(CATALOGUE).flatMap(([prefix, group]) => Object.keys(group.keys).map((key) => `${prefix}.${key}`));

/** SubuserController::getDefaultPermissions: the known permissions asked for, plus websocket.connect, unique. */
function defaultPermissions(ctx: ContextV111): string[] {
  const raw = ctx.inputValue('permissions');
  const asked = Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' ? Object.values(raw) : [];
  const cleaned = asked.map(String).filter((permission) => ALLOWED_PERMISSIONS.includes(permission));
  return [...new Set([...cleaned, 'websocket.connect'])];
}

function renderSubuser(ctx: ContextV111, user: UserRow, permissions: string[]) {
  return subuserAttributes(user, permissions, ctx.panel.appTimezone);
}

function revokeJti(ctx: ContextV111, userId: number): void {
  const target = server(ctx);
  try {
    wingsOf(ctx.panel).denyJtis(targetOf(target), [nodeCrypto.createHash('md5').update(`${userId}${target.uuid}`).digest('hex')]);
  } catch (error) {
    // A DaemonConnectionException is only logged (SubuserController.php#L108-L112).
    if (!(error instanceof WingsError)) throw error;
  }
}

export const subuserHandlers: HandlerTableV111 = {
  listSubusers: (ctx) => {
    const rows = ctx.panel.store.where('subusers', (row) => row.server_id === server(ctx).id);
    return { status: 200, body: listBody('server_subuser', rows.map((row) => renderSubuser(ctx, ctx.panel.store.find('users', row.user_id) as UserRow, row.permissions))) };
  },

  getSubuser: (ctx) => {
    const user = ctx.model<UserRow>('user');
    const subuser = subuserOf(ctx.panel, server(ctx), user);
    return { status: 200, body: itemBody('server_subuser', renderSubuser(ctx, user, subuser?.permissions ?? [])) };
  },

  /** SubuserCreationService (v1.11.8:app/Services/Subusers/SubuserCreationService.php#L32-L75): a new e-mail makes a user. */
  createSubuser: (ctx) => {
    const target = server(ctx);
    const store = ctx.panel.store;
    const email = String(ctx.inputValue('email'));
    const now = ctx.panel.clock.dbTimestamp();
    // utf8mb4_unicode_ci: the e-mail is found whatever its case.
    let user = store.first('users', (row) => row.email.toLowerCase() === email.toLowerCase());
    if (user) {
      if (user.id === target.owner_id) throw displayExceptionV111('You cannot add the server owner as a subuser for this server.', 'UserIsServerOwnerException');
      if (subuserOf(ctx.panel, target, user)) throw displayExceptionV111('A user with that email address is already assigned as a subuser for this server.', 'ServerSubuserExistsException');
    } else {
      const base = (email.split('@')[0] ?? '').replace(/[^\w.-]+/g, '').slice(0, 64);
      user = insertUser(store, {
        external_id: null,
        uuid: nodeCrypto.randomUUID(),
        username: `${base}${randomUniqueId(3)}`,
        email,
        name_first: 'Server',
        name_last: 'Subuser',
        password: nodeCrypto.randomBytes(24).toString('base64'),
        language: 'en',
        root_admin: false,
      }, now);
    }
    const permissions = defaultPermissions(ctx);
    store.insert('subusers', { user_id: user.id, server_id: target.id, permissions, created_at: now, updated_at: now });
    logActivity(ctx, 'server:subuser.create', { email, permissions });
    return { status: 200, body: itemBody('server_subuser', renderSubuser(ctx, user, permissions)) };
  },

  updateSubuser: (ctx) => {
    const user = ctx.model<UserRow>('user');
    const subuser = subuserOf(ctx.panel, server(ctx), user);
    if (!subuser) throw new Error('bound subuser vanished');
    const permissions = defaultPermissions(ctx);
    const sortedNew = [...permissions].sort();
    const sortedOld = [...subuser.permissions].sort();
    if (JSON.stringify(sortedNew) !== JSON.stringify(sortedOld)) {
      subuser.permissions = permissions;
      subuser.updated_at = ctx.panel.clock.dbTimestamp();
      revokeJti(ctx, user.id);
      logActivity(ctx, 'server:subuser.update', { email: user.email, old: sortedOld, new: sortedNew, revoked: true });
    }
    return { status: 200, body: itemBody('server_subuser', renderSubuser(ctx, user, subuser.permissions)) };
  },

  deleteSubuser: (ctx) => {
    const user = ctx.model<UserRow>('user');
    const target = server(ctx);
    ctx.panel.store.remove('subusers', (row) => row.server_id === target.id && row.user_id === user.id);
    revokeJti(ctx, user.id);
    logActivity(ctx, 'server:subuser.delete', { email: user.email, revoked: true });
    return noContentV111();
  },
};

// --- backups ---

/** config('backups.throttles'): 2 backups per 600 seconds. */
const BACKUP_THROTTLE = { limit: 2, period: 600 };

function liveBackups(ctx: ContextV111): BackupRow[] {
  return ctx.panel.store.where('backups', (row) => row.server_id === server(ctx).id && row.deleted_at === null);
}

/** BackupRepository::getNonFailedBackups: successful, or not completed yet. */
function nonFailed(rows: BackupRow[]): BackupRow[] {
  return rows.filter((row) => row.is_successful || row.completed_at === null);
}

function renderBackup(ctx: ContextV111, backup: BackupRow) {
  return backupAttributes(backup, ctx.panel.appTimezone);
}

function dbToMs(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}

function truthy(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === '' || value === '0');
}

/**
 * InitiateBackupService::handle (v1.11.8:app/Services/Backups/InitiateBackupService.php#L64-L121): the
 * throttle (429), the limit (400; a schedule's backup task overrides it by deleting the oldest unlocked
 * backup), then the row and Wings in one transaction.
 */
export function initiateBackup(ctx: ContextV111, target: ServerRow, request: { ignored: string[]; name: string; locked: boolean; override: boolean }): BackupRow {
  const store = ctx.panel.store;
  const now = ctx.panel.clock.nowMs();
  const recent = store
    .where('backups', (row) => row.server_id === target.id && dbToMs(row.created_at) >= now - BACKUP_THROTTLE.period * 1000)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
  if (recent.length >= BACKUP_THROTTLE.limit) {
    const last = recent[recent.length - 1] as BackupRow;
    const retryAfter = Math.max(0, Math.round((dbToMs(last.created_at) + BACKUP_THROTTLE.period * 1000 - now) / 1000));
    throw new PanelErrorV111('http', 429, 'TooManyRequestsHttpException', `Only ${BACKUP_THROTTLE.limit} backups may be generated within a ${BACKUP_THROTTLE.period} second span of time.`, { 'Retry-After': String(retryAfter) }, '/app/Services/Backups/InitiateBackupService.php');
  }
  const successful = nonFailed(store.where('backups', (row) => row.server_id === target.id && row.deleted_at === null));
  const tooMany = () => displayExceptionV111(`Cannot create a new backup, this server has reached its limit of ${target.backup_limit ?? 0} backups.`, 'TooManyBackupsException');
  if (!target.backup_limit || successful.length >= target.backup_limit) {
    if (!request.override || (target.backup_limit ?? 0) <= 0) throw tooMany();
    const oldest = successful.filter((row) => !row.is_locked).sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
    if (!oldest) throw tooMany();
    deleteBackupRow(ctx, target, oldest);
  }
  const ignored = request.ignored.filter((line) => line.length > 0);
  const stamp = ctx.panel.clock.dbTimestamp();
  return store.transaction(() => {
    const row = store.insert('backups', {
      server_id: target.id,
      uuid: nodeCrypto.randomUUID(),
      upload_id: null,
      is_successful: false,
      is_locked: request.locked,
      name: request.name.trim() || `Backup at ${stamp}`,
      ignored_files: ignored,
      disk: 'wings',
      checksum: null,
      bytes: 0,
      completed_at: null,
      created_at: stamp,
      updated_at: stamp,
      deleted_at: null,
    });
    callWings(() => wingsOf(ctx.panel).backup(targetOf(target), { adapter: 'wings', uuid: row.uuid, ignore: ignored.join('\n') }));
    return row;
  });
}

/** DeleteBackupService (v1.11.8:app/Services/Backups/DeleteBackupService.php#L28-L64): locked and complete → 400; Wings' 404 is ignored. */
function deleteBackupRow(ctx: ContextV111, target: ServerRow, backup: BackupRow): void {
  if (backup.is_locked && backup.is_successful && backup.completed_at !== null) {
    throw displayExceptionV111('Cannot delete a backup that is marked as locked.', 'BackupLockedException');
  }
  try {
    wingsOf(ctx.panel).deleteBackup(targetOf(target), backup.uuid);
  } catch (error) {
    if (!(error instanceof WingsError)) throw error;
    if (error.status !== 404) throw daemonFailure(error);
  }
  backup.deleted_at = ctx.panel.clock.dbTimestamp();
}

export const backupHandlers: HandlerTableV111 = {
  listBackups: (ctx) => {
    authorizeInController(ctx, server(ctx));
    const rows = liveBackups(ctx);
    return { status: 200, body: pageBody(ctx, 'backup', rows, perPageOf(ctx, 20, 50), (row) => renderBackup(ctx, row), { backup_count: nonFailed(rows).length }) };
  },

  createBackup: (ctx) => {
    const target = server(ctx);
    const locked = can(ctx.panel, ctx.actor, target, 'backup.delete') && truthy(ctx.inputValue('is_locked'));
    const ignored = String(ctx.inputValue('ignored') ?? '').split('\n');
    const backup = initiateBackup(ctx, target, { ignored, name: String(ctx.inputValue('name') ?? ''), locked, override: false });
    logActivity(ctx, 'server:backup.start', { name: backup.name, locked: truthy(ctx.inputValue('is_locked')) });
    return { status: 200, body: itemBody('backup', renderBackup(ctx, backup)) };
  },

  getBackup: (ctx) => {
    authorizeInController(ctx, server(ctx));
    return { status: 200, body: itemBody('backup', renderBackup(ctx, ctx.model<BackupRow>('backup'))) };
  },

  getBackupDownload: (ctx) => {
    authorizeInController(ctx, server(ctx));
    const backup = ctx.model<BackupRow>('backup');
    if (backup.disk !== 's3' && backup.disk !== 'wings') {
      throw badRequestV111('The backup requested references an unknown disk driver type and cannot be downloaded.', '/app/Http/Controllers/Api/Client/Servers/BackupController.php');
    }
    const url = backupDownloadUrl(signingContext(ctx, server(ctx)), backup.uuid);
    logActivity(ctx, 'server:backup.download', { name: backup.name });
    return { status: 200, body: { object: 'signed_url', attributes: { url } } };
  },

  toggleBackupLock: (ctx) => {
    authorizeInController(ctx, server(ctx));
    const backup = ctx.model<BackupRow>('backup');
    const event = backup.is_locked ? 'server:backup.unlock' : 'server:backup.lock';
    backup.is_locked = !backup.is_locked;
    backup.updated_at = ctx.panel.clock.dbTimestamp();
    logActivity(ctx, event, { name: backup.name });
    return { status: 200, body: itemBody('backup', renderBackup(ctx, backup)) };
  },

  /** BackupController::restore (BackupController.php#L188-L226): the server must be idle and the backup complete. */
  restoreBackup: (ctx) => {
    const target = server(ctx);
    const backup = ctx.model<BackupRow>('backup');
    if (target.status !== null) throw badRequestV111('This server is not currently in a state that allows for a backup to be restored.', '/app/Http/Controllers/Api/Client/Servers/BackupController.php');
    if (!backup.is_successful && backup.completed_at === null) throw badRequestV111('This backup cannot be restored at this time: not completed or failed.', '/app/Http/Controllers/Api/Client/Servers/BackupController.php');
    const truncate = ctx.inputValue('truncate');
    ctx.panel.store.transaction(() => {
      target.status = 'restoring_backup';
      const request = { adapter: backup.disk, truncate_directory: truncate === true || truncate === 1 || truncate === '1' || truncate === 'true', download_url: '' };
      callWings(() => wingsOf(ctx.panel).restoreBackup(targetOf(target), backup.uuid, request));
    });
    logActivity(ctx, 'server:backup.restore', { name: backup.name, truncate });
    return noContentV111();
  },

  deleteBackup: (ctx) => {
    authorizeInController(ctx, server(ctx));
    const backup = ctx.model<BackupRow>('backup');
    deleteBackupRow(ctx, server(ctx), backup);
    logActivity(ctx, 'server:backup.delete', { name: backup.name, failed: !backup.is_successful });
    return noContentV111();
  },
};
