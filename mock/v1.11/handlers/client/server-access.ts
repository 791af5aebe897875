import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { mysqlIdMatch } from '../../../php-coercion.ts';
import { PanelErrorV111, unauthorizedActionV111 } from '../../errors/panel-error.ts';
import { registerClientBinder, registerDatabaseHashidDecoder } from '../../pipeline/bindings.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { ServicesV111 } from '../../services.ts';
import type { ScheduleRow, ServerRow, SubuserRow, TaskRow, UserRow } from '../../store/rows.ts';
import { Hashids } from '../../transform/hashids.ts';

/**
 * The client routes' access rules: SubstituteClientBindings' binders and the implicit ones of the
 * server routes, AuthenticateServerAccess (404 for strangers, 409 for servers in a conflicting state),
 * ResourceBelongsToServer (404), and the FormRequests' permission() (403) via ServerPolicy.
 */

interface PermissionRule {
  permission: string;
  /** Checked in the controller (after validation) rather than by the FormRequest. */
  controller?: boolean;
  /** HttpForbiddenException's message; absent: AuthorizationException's "This action is unauthorized.". */
  message?: string;
}

export const PERMISSION_RULES = parse(readFileSync(new URL('./permissions.yaml', import.meta.url), 'utf8')) as Record<string, PermissionRule>;

/**
 * The panel's Hashids for database ids: HASHIDS_SALT is set per install; the twin's is fixed, the
 * length is config('hashids.length')'s default 8.
 */
export const DATABASE_HASHIDS = new Hashids('pterodactyl-conformance-v1.11-twin', 8);

export function databaseHashid(id: number): string {
  return DATABASE_HASHIDS.encode(id);
}

const NOT_FOUND_SERVER = 'The requested resource does not exist on this server.';

function notFound(message: string, sourceFile: string): PanelErrorV111 {
  return new PanelErrorV111('http', 404, 'NotFoundHttpException', message, {}, sourceFile);
}

let registered = false;

/** Registers the client binders once (v1.11.8:app/Http/Middleware/Api/Client/SubstituteClientBindings.php#L16-L35). */
export function registerClientBindings(): void {
  if (registered) return;
  registered = true;
  registerDatabaseHashidDecoder((value) => DATABASE_HASHIDS.decode(value)[0]);
  // An 8-character value is a uuidShort, anything else the full uuid.
  registerClientBinder('server', (ctx, value) => ctx.panel.store.first('servers', (row) => (value.length === 8 ? row.uuidShort : row.uuid) === value));
  // {user}: the user (by uuid) of one of the server's subusers.
  registerClientBinder('user', (ctx, value) => {
    const server = ctx.models['server'] as ServerRow;
    const user = ctx.panel.store.first('users', (row) => row.uuid === value);
    if (!user) return undefined;
    return ctx.panel.store.first('subusers', (row) => row.server_id === server.id && row.user_id === user.id) ? user : undefined;
  });
  // Implicit bindings by route key: allocations, schedules and tasks by id, backups by uuid (soft-deleted ones excluded).
  registerClientBinder('allocation', (ctx, value) => byId(ctx, 'allocations', value));
  registerClientBinder('schedule', (ctx, value) => byId(ctx, 'schedules', value));
  registerClientBinder('task', (ctx, value) => byId(ctx, 'tasks', value));
  registerClientBinder('backup', (ctx, value) => ctx.panel.store.first('backups', (row) => row.uuid === value && row.deleted_at === null));
}

function byId(ctx: ContextV111, table: 'allocations' | 'schedules' | 'tasks', value: string): unknown {
  const id = mysqlIdMatch(value);
  return id === undefined ? undefined : ctx.panel.store.find(table, id);
}

export function subuserOf(panel: ServicesV111, server: ServerRow, user: UserRow): SubuserRow | undefined {
  return panel.store.first('subusers', (row) => row.server_id === server.id && row.user_id === user.id);
}

/** ServerPolicy: root admins and the owner may do anything; a subuser what its permission strings say. */
export function can(panel: ServicesV111, user: UserRow, server: ServerRow, permission: string): boolean {
  if (user.root_admin || server.owner_id === user.id) return true;
  const subuser = subuserOf(panel, server, user);
  return subuser !== undefined && permission !== '' && subuser.permissions.includes(permission);
}

/** GetUserPermissionsService (v1.11.8:app/Services/Servers/GetUserPermissionsService.php#L14-L32). */
export function userPermissions(panel: ServicesV111, server: ServerRow, user: UserRow): string[] {
  if (user.root_admin || user.id === server.owner_id) {
    return user.root_admin ? ['*', 'admin.websocket.errors', 'admin.websocket.install', 'admin.websocket.transfer'] : ['*'];
  }
  return [...(subuserOf(panel, server, user)?.permissions ?? [])];
}

/** Server::transfer: the latest transfer row while it has no outcome yet. */
export function runningTransfer(panel: ServicesV111, server: ServerRow): boolean {
  return panel.store.first('server_transfers', (row) => row.server_id === server.id && row.successful === null) !== undefined;
}

/** The message of ServerStateConflictException for a server (v1.11.8:app/Exceptions/Http/Server/ServerStateConflictException.php#L15-L33). */
export function stateConflict(panel: ServicesV111, server: ServerRow): PanelErrorV111 | undefined {
  const maintenance = panel.store.find('nodes', server.node_id)?.maintenance_mode === true;
  let message: string | undefined;
  if (server.status === 'suspended') message = 'This server is currently suspended and the functionality requested is unavailable.';
  else if (maintenance) message = 'The node of this server is currently under maintenance and the functionality requested is unavailable.';
  else if (server.status === 'installing' || server.status === 'install_failed') message = 'This server has not yet completed its installation process, please try again later.';
  else if (server.status === 'restoring_backup') message = 'This server is currently restoring from a backup, please try again later.';
  else if (runningTransfer(panel, server)) message = 'This server is currently being transferred to a new machine, please try again later.';
  if (message === undefined) return undefined;
  return new PanelErrorV111('http', 409, 'ServerStateConflictException', message, {}, '/app/Exceptions/Http/Server/ServerStateConflictException.php');
}

/**
 * AuthenticateServerAccess (v1.11.8:app/Http/Middleware/Api/Client/Server/AuthenticateServerAccess.php#L34-L75):
 * a user who is neither owner, subuser nor root admin gets a 404; a conflicting state a 409, except on
 * GET /servers/{server} (always), resources (unless suspended or node in maintenance) and, for root
 * admins, the websocket. (`reinstall_failed` is no conflict: Server::isInstalled only knows two states.)
 */
function authenticateServerAccess(ctx: ContextV111, server: ServerRow): void {
  const user = ctx.actor;
  if (user.id !== server.owner_id && !user.root_admin && !subuserOf(ctx.panel, server, user)) {
    throw notFound(NOT_FOUND_SERVER, '/app/Http/Middleware/Api/Client/Server/AuthenticateServerAccess.php');
  }
  const conflict = stateConflict(ctx.panel, server);
  if (!conflict || ctx.operationId === 'getClientServer') return;
  const maintenance = ctx.panel.store.find('nodes', server.node_id)?.maintenance_mode === true;
  if ((server.status === 'suspended' || maintenance) && ctx.operationId !== 'getClientServerResources') throw conflict;
  if (!user.root_admin || ctx.operationId !== 'getClientServerWebsocket') throw conflict;
}

/** ResourceBelongsToServer (v1.11.8:app/Http/Middleware/Api/Client/Server/ResourceBelongsToServer.php#L25-L80). */
function resourceBelongsToServer(ctx: ContextV111, server: ServerRow): void {
  const missing = () => notFound('The requested resource was not found for this server.', '/app/Http/Middleware/Api/Client/Server/ResourceBelongsToServer.php');
  for (const param of Object.keys(ctx.params)) {
    if (param === 'server') continue;
    const model = ctx.models[param] as Record<string, unknown> | undefined;
    if (!model) continue;
    if (param === 'task') {
      const schedule = ctx.models['schedule'] as ScheduleRow;
      if ((model as unknown as TaskRow).schedule_id !== schedule.id || schedule.server_id !== server.id) throw missing();
    } else if (param === 'user') {
      // Bound through the server's subusers already.
    } else if (model['server_id'] !== server.id) throw missing();
  }
}

/** The permission a request asks for, or undefined when its FormRequest asks for none. */
function requestedPermission(ctx: ContextV111): string | undefined {
  if (ctx.operationId === 'sendClientServerPower') {
    const signal = ctx.inputValue('signal');
    if (signal === 'start') return 'control.start';
    if (signal === 'stop' || signal === 'kill') return 'control.stop';
    if (signal === 'restart') return 'control.restart';
    return '__invalid';
  }
  const rule = PERMISSION_RULES[ctx.operationId];
  return rule && !rule.controller ? rule.permission : undefined;
}

/** The controller-side permission checks (run by the handler, after validation). */
export function authorizeInController(ctx: ContextV111, server: ServerRow): void {
  const rule = PERMISSION_RULES[ctx.operationId];
  if (!rule?.controller || can(ctx.panel, ctx.actor, server, rule.permission)) return;
  if (rule.message) throw new PanelErrorV111('http', 403, 'HttpForbiddenException', rule.message, {}, '/app/Exceptions/Http/HttpForbiddenException.php');
  throw unauthorizedActionV111();
}

/** The route middleware and FormRequest authorization of every client route. */
export function clientServerMiddleware(ctx: ContextV111): void {
  const server = ctx.models['server'] as ServerRow | undefined;
  if (!server) return;
  authenticateServerAccess(ctx, server);
  resourceBelongsToServer(ctx, server);
  const permission = requestedPermission(ctx);
  if (permission !== undefined && !can(ctx.panel, ctx.actor, server, permission)) throw unauthorizedActionV111();
  subuserRequestChecks(ctx, server);
}

/**
 * SubuserRequest::authorize (v1.11.8:app/Http/Requests/Api/Client/Servers/Subusers/SubuserRequest.php#L19-L70):
 * nobody edits themselves (403), and a subuser may only grant permissions it holds.
 */
function subuserRequestChecks(ctx: ContextV111, server: ServerRow): void {
  if (!['listSubusers', 'getSubuser', 'createSubuser', 'updateSubuser', 'deleteSubuser'].includes(ctx.operationId)) return;
  const target = ctx.models['user'] as UserRow | undefined;
  if (target && target.uuid === ctx.actor.uuid) throw unauthorizedActionV111();
  const requested = ctx.inputValue('permissions');
  if (ctx.request.method.toUpperCase() !== 'POST' || !ctx.has('permissions')) return;
  const user = ctx.actor;
  if (user.root_admin || user.id === server.owner_id) return;
  const held = new Set(userPermissions(ctx.panel, server, user));
  const asked = Array.isArray(requested) ? requested : requested === null || requested === undefined ? [] : Object.values(requested as object);
  if (asked.some((permission) => !held.has(String(permission)))) {
    throw new PanelErrorV111('http', 403, 'HttpForbiddenException', 'Cannot assign permissions to a subuser that your account does not actively possess.', {}, '/app/Http/Requests/Api/Client/Servers/Subusers/SubuserRequest.php');
  }
}
