import { DaemonError } from '../../daemon/daemon-error.ts';
import { daemonSendCommand } from '../../daemon/server-daemon.ts';
import { daemonConnectionFailed, PanelError } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import { noContent, type HandlerResult } from '../handler.ts';

/**
 * POST /api/client/servers/{server}/command: the daemon's 412 (server not running) becomes a 412
 * PreconditionFailedHttpException; any other daemon failure, unreachable included, a 504.
 */
export function sendClientServerCommand(ctx: RequestContext): HandlerResult {
  const server = ctx.models.server;
  if (!server) throw new PanelError(500, 'ErrorException', 'Trying to get property of non-object');
  try {
    daemonSendCommand(ctx.panel, server);
  } catch (error) {
    if (!(error instanceof DaemonError)) throw error;
    if (error.status === 412) {
      throw new PanelError(412, 'PreconditionFailedHttpException', 'Server is not online.', {
        sourceFile: '/app/Http/Controllers/Api/Client/Servers/CommandController.php',
      });
    }
    throw daemonConnectionFailed(error.status);
  }
  return noContent();
}
