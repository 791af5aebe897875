import { randomUUID } from 'node:crypto';
import { DaemonError } from '../../daemon/daemon-error.ts';
import { daemonRevokeAccessKey } from '../../daemon/server-daemon.ts';
import { daemonConnectionFailed, refuseDeletionWhile } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { DaemonKeyRow, UserRow } from '../../store/rows.ts';
import { createdItem, serializeItem } from '../../transform/serialize.ts';
import { noContent, type HandlerResult, type HandlerTable } from '../handler.ts';
import { phpBoolCast } from '../../php-coercion.ts';
import { applyChanges, insertCreated, looselyZero, presentFields } from './account-model-fill.ts';

/** StoreUserRequest / UpdateUserRequest rule keys (v0.7.19:app/Http/Requests/Api/Application/Users/StoreUserRequest.php#L27-L44), API names. */
const USER_FIELDS = ['external_id', 'email', 'username', 'password', 'language', 'root_admin', 'first_name', 'last_name'] as const;

export const USER_HAS_SERVERS =
  'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.';

/** The User model lower-cases the username whenever it is set (setUsernameAttribute). */
function username(value: unknown): string {
  return String(value).toLowerCase();
}

/** UserController@store + UserCreationService. */
function createUser(ctx: RequestContext): HandlerResult {
  const fields = presentFields(ctx, USER_FIELDS);
  // The password (hashed, or a random one plus a reset token) and the queued "account created"
  // notification have no trace the API can show; the mock keeps neither.
  const row = insertCreated(ctx, 'users', {
    external_id: fields.has('external_id') ? ((fields.get('external_id') as string | null) ?? null) : null,
    uuid: randomUUID(),
    username: username(fields.get('username')),
    email: String(fields.get('email')),
    name_first: String(fields.get('first_name')),
    name_last: String(fields.get('last_name')),
    language: fields.has('language') ? String(fields.get('language')) : 'en',
    root_admin: fields.has('root_admin') ? phpBoolCast(fields.get('root_admin')) : false,
    use_totp: false,
  });
  return createdItem(ctx, 'user', row, 'users');
}

/**
 * UserController@update + UserUpdateService. A root admin the request does not keep admin (no
 * `root_admin`, or a false one) loses every daemon key first: one revocation call per node, the
 * node's keys deleted after its call succeeded. The first failing node aborts with 504; keys of
 * nodes handled before it stay deleted (no transaction is open, exactly as in the panel).
 */
function updateUser(ctx: RequestContext): HandlerResult {
  const user = ctx.models.user as UserRow;
  const fields = presentFields(ctx, USER_FIELDS);

  if (user.root_admin && looselyZero(fields.get('root_admin'))) revokeDaemonKeys(ctx, user);

  const changes: Partial<UserRow> = {};
  if (fields.has('external_id')) changes.external_id = (fields.get('external_id') as string | null) ?? null;
  if (fields.has('email')) changes.email = String(fields.get('email'));
  if (fields.has('username')) changes.username = username(fields.get('username'));
  if (fields.has('language')) changes.language = String(fields.get('language'));
  if (fields.has('root_admin')) changes.root_admin = phpBoolCast(fields.get('root_admin'));
  if (fields.has('first_name')) changes.name_first = String(fields.get('first_name'));
  if (fields.has('last_name')) changes.name_last = String(fields.get('last_name'));
  // A non-empty password is re-hashed, which always dirties the model; an empty one is dropped.
  const password = fields.get('password');
  const passwordChanged = password !== undefined && password !== null && password !== '';
  applyChanges(user, changes, ctx.panel.clock.dbTimestamp(), passwordChanged);

  return { status: 200, body: serializeItem(ctx, 'user', user) };
}

/** RevokeMultipleDaemonKeysService with ignore_connection_error never set (it is not a rule key). */
function revokeDaemonKeys(ctx: RequestContext, user: UserRow): void {
  const store = ctx.panel.store;
  const groups = new Map<number, DaemonKeyRow[]>();
  for (const key of store.where('daemon_keys', (k) => k.user_id === user.id)) {
    const server = store.find('servers', key.server_id);
    if (!server) continue;
    const group = groups.get(server.node_id) ?? [];
    group.push(key);
    groups.set(server.node_id, group);
  }
  for (const [nodeId, keys] of groups) {
    try {
      daemonRevokeAccessKey(ctx.panel, nodeId);
    } catch (error) {
      if (error instanceof DaemonError) throw daemonConnectionFailed(error.status);
      throw error;
    }
    const ids = new Set(keys.map((k) => k.id));
    store.remove('daemon_keys', (k) => ids.has(k.id));
  }
}

/**
 * UserController@delete + UserDeletionService: refused while the user owns a server; otherwise the
 * row goes, and the foreign keys cascade to the user's api keys, subuser rows and daemon keys.
 */
function deleteUser(ctx: RequestContext): HandlerResult {
  const user = ctx.models.user as UserRow;
  const store = ctx.panel.store;
  refuseDeletionWhile(store.first('servers', (s) => s.owner_id === user.id), 'DisplayException', USER_HAS_SERVERS, '/app/Services/Users/UserDeletionService.php');
  store.transaction(() => {
    for (const table of ['api_keys', 'subusers', 'daemon_keys'] as const) store.remove(table, (row) => row.user_id === user.id);
    store.remove('users', (u) => u.id === user.id);
  });
  return noContent();
}

export const userWriteHandlers: HandlerTable = { createUser, updateUser, deleteUser };
