import { DaemonError } from '../../daemon/daemon-error.ts';
import { uncaughtGuzzleException } from '../../daemon/daemon-failures.ts';
import { daemonSendPower, type PowerAction } from '../../daemon/server-daemon.ts';
import { PanelError } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import { noContent, type HandlerResult } from '../handler.ts';

const ACTIONS: readonly PowerAction[] = ['start', 'stop', 'restart', 'kill'];

/**
 * POST /api/client/servers/{server}/power: 204 for any successful daemon answer (202 or 204). The
 * panel does not catch daemon errors: they surface as generic 500s named after Guzzle's exception.
 */
export function sendClientServerPower(ctx: RequestContext): HandlerResult {
  const server = ctx.models.server;
  if (!server) throw new PanelError(500, 'ErrorException', 'Trying to get property of non-object');
  const signal = ctx.inputValue('signal');
  const action = ACTIONS.find((a) => a === signal);
  if (!action) throw new PanelError(500, 'ErrorException', `Undefined power action ${String(signal)}`);
  try {
    daemonSendPower(ctx.panel, server, action);
  } catch (error) {
    if (!(error instanceof DaemonError)) throw error;
    // PowerRepository::sendSignal: PUT server/power on base_uri <scheme>://<fqdn>:<daemonListen>/v1/
    // (v0.7.19:app/Repositories/Daemon/PowerRepository.php#L27-L31, BaseRepository.php#L148).
    throw uncaughtGuzzleException(error, ctx.panel.store.find('nodes', server.node_id), 'PUT', '/v1/server/power');
  }
  return noContent();
}
