import { PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { HandlerTableV111 } from '../handler.ts';
import { accountHandlers, checkCurrentPassword } from './account.ts';
import { fileHandlers } from './files.ts';
import { scheduleHandlers } from './schedules.ts';
import { clientServerMiddleware, registerClientBindings } from './server-access.ts';
import { serverControlHandlers } from './server-control.ts';
import { wingsOf } from './wings-link.ts';
import { backupHandlers, databaseHandlers, networkHandlers, subuserHandlers } from './server-resources.ts';

registerClientBindings();

/** The client API's handlers (operationId → controller), written by the client half of the twin. */
export const clientHandlersV111: HandlerTableV111 = {
  ...accountHandlers,
  ...serverControlHandlers,
  ...fileHandlers,
  ...scheduleHandlers,
  ...databaseHandlers,
  ...networkHandlers,
  ...subuserHandlers,
  ...backupHandlers,
};

/**
 * The client routes' own middleware after the group's (ServerSubject, AuthenticateServerAccess,
 * ResourceBelongsToServer on /servers/{server}/*) and their FormRequests' authorize(): the client
 * half fills this in. Runs after SubstituteClientBindings and RequireClientApiKey.
 */
export function clientRouteMiddleware(ctx: ContextV111): void {
  if (!ctx.user) throw new PanelErrorV111('internal', 500, 'Error', 'no user past authentication', {}, '/app/Http/Kernel.php');
  // The account e-mail rule ignores the user's own row (User::getRulesForUpdate): `{model:actor}`.
  ctx.models['actor'] = ctx.user;
  // What Wings reported since the last request (backups, restores, installs) lands before anything reads the rows.
  wingsOf(ctx.panel);
  checkCurrentPassword(ctx);
  clientServerMiddleware(ctx);
}
