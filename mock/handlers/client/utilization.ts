import { DaemonError } from '../../daemon/daemon-error.ts';
import { daemonServerDetails } from '../../daemon/server-daemon.ts';
import { daemonConnectionFailed, PanelError } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { DaemonServerState, ServerRow } from '../../store/rows.ts';
import { serializeItem } from '../../transform/serialize.ts';
import type { HandlerResult } from '../handler.ts';

/** The `stats` attributes (v0.7.19:app/Transformers/Api/Client/StatsTransformer.php#L40-L66), in the transformer's key order. */
export interface StatsAttributes {
  state: 'on' | 'starting' | 'stopping' | 'off';
  memory: { current: number; limit: number };
  cpu: { current: number; cores: number[]; limit: number };
  disk: { current: number; limit: number };
}

/** The daemon's status code as StatsTransformer names it: 1 on, 2 starting, 3 stopping, anything else off. */
function stateName(state: DaemonServerState['state']): StatsAttributes['state'] {
  switch (state) {
    case 'running':
      return 'on';
    case 'starting':
      return 'starting';
    case 'stopping':
      return 'stopping';
    default:
      return 'off';
  }
}

/** PHP's round(): half away from zero. */
function phpRound(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

export function statsOf(server: ServerRow, daemon: DaemonServerState): StatsAttributes {
  return {
    state: stateName(daemon.state),
    memory: { current: phpRound((daemon.memory_bytes ?? 0) / 1024 / 1024), limit: server.memory },
    cpu: { current: daemon.cpu ?? 0, cores: daemon.cpu_cores ?? [], limit: server.cpu },
    disk: { current: phpRound(daemon.disk_used ?? 0), limit: server.disk },
  };
}

/**
 * GET /api/client/servers/{server}/utilization: asks the daemon live. Any daemon failure (refused,
 * 403 for a suspended server, 404 for a server the daemon does not know) is a 504.
 */
export function getClientServerUtilization(ctx: RequestContext): HandlerResult {
  const server = ctx.models.server;
  if (!server) throw new PanelError(500, 'ErrorException', 'Trying to get property of non-object');
  let daemon: DaemonServerState;
  try {
    daemon = daemonServerDetails(ctx.panel, server);
  } catch (error) {
    if (error instanceof DaemonError) throw daemonConnectionFailed(error.status);
    throw error;
  }
  return { status: 200, body: serializeItem(ctx, 'stats', statsOf(server, daemon)) };
}
