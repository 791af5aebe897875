import { accessDenied, PanelError } from '../errors/panel-error.ts';
import type { ServerRow, UserRow } from '../store/rows.ts';
import type { PanelServices } from '../panel-services.ts';
import type { RequestContext } from './request-context.ts';

/**
 * AuthenticateClientAccess on /api/client/servers/{server}/*: the user needs a daemon key for the
 * server, created on the fly for its owner, a subuser or a root admin (v0.7.19:app/Http/Middleware/Api/Client/AuthenticateClientAccess.php#L41-L59).
 */
export function authenticateClientAccess(ctx: RequestContext): void {
  if (!ctx.user) throw accessDenied('A request must be made using an authenticated client.', '/app/Http/Middleware/Api/Client/AuthenticateClientAccess.php');
  const server = ctx.models.server;
  if (!server) {
    // The binder left null; DaemonKeyProviderService::handle only accepts a Server.
    throw new PanelError(
      500,
      'FatalThrowableError',
      'Argument 1 passed to Pterodactyl\\Services\\DaemonKeys\\DaemonKeyProviderService::handle() must be an instance of Pterodactyl\\Models\\Server, null given',
      { sourceFile: '/app/Services/DaemonKeys/DaemonKeyProviderService.php' },
    );
  }
  if (!ensureDaemonKey(ctx.panel, server, ctx.user)) {
    throw new PanelError(404, 'NotFoundHttpException', 'The requested server could not be located.', {
      sourceFile: '/app/Http/Middleware/Api/Client/AuthenticateClientAccess.php',
    });
  }
}

/** DaemonKeyProviderService: an existing key, or a new one for owner / root admin / subuser. */
export function ensureDaemonKey(panel: PanelServices, server: ServerRow, user: UserRow): boolean {
  const store = panel.store;
  if (store.first('daemon_keys', (k) => k.user_id === user.id && k.server_id === server.id)) return true;
  const entitled =
    user.root_admin || user.id === server.owner_id || store.first('subusers', (s) => s.user_id === user.id && s.server_id === server.id) !== undefined;
  if (!entitled) return false;
  const now = panel.clock.dbTimestamp();
  store.insert('daemon_keys', { server_id: server.id, user_id: user.id, secret: `i_${randomAlphanumeric(40)}`, created_at: now, updated_at: now });
  return true;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[Math.floor(Math.random() * ALPHANUMERIC.length)];
  return out;
}
