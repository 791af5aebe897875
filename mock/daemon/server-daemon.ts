import type { PanelServices } from '../panel-services.ts';
import type { DaemonServerState, ServerRow } from '../store/rows.ts';
import { DaemonError } from './daemon-error.ts';
import { daemonServerState } from './daemon-state.ts';
import { callNode } from './node-link.ts';

/**
 * The calls the panel makes to a node's daemon (pterodactyl/daemon 0.6) about one server. Each one
 * either succeeds (changing the simulated daemon state where the real daemon would) or throws a
 * DaemonError with the status the daemon would answer, E_CONN_REFUSED for an unreachable node.
 *
 * Two kinds of calls:
 * - panel-level calls (create, update, rebuild, reinstall, suspend, unsuspend, delete, key
 *   revocation), made with the node's secret: refused when the node is down, 404 when the daemon
 *   does not know the server;
 * - server-scoped calls on behalf of a user (details/utilization, command, power): on top of that,
 *   a suspended server is refused with 403 (daemon v0.6.13 checks suspension before the key).
 */

export type PowerAction = 'start' | 'stop' | 'restart' | 'kill';

/** The daemon's record of the server; node down → E_CONN_REFUSED, unknown server → 404. */
function known(panel: PanelServices, server: ServerRow): DaemonServerState {
  callNode(panel, server.node_id);
  const state = daemonServerState(panel, server.id);
  if (!state) throw new DaemonError(404);
  return state;
}

/** A server-scoped call: as `known`, and a suspended server answers 403. */
function accessible(panel: PanelServices, server: ServerRow): DaemonServerState {
  const state = known(panel, server);
  if (state.state === 'suspended') throw new DaemonError(403);
  return state;
}

/** POST /v1/servers: the daemon creates the container and runs the install script unless skipped. */
export function daemonCreateServer(panel: PanelServices, server: ServerRow): void {
  callNode(panel, server.node_id);
  panel.store.daemon.servers[String(server.id)] = {
    state: server.skip_scripts ? 'stopped' : 'installing',
    memory_bytes: 0,
    cpu: 0,
    cpu_cores: [],
    disk_used: 0,
  };
}

/** PATCH /v1/server: new build or startup configuration. Nothing the simulation tracks changes. */
export function daemonUpdateServer(panel: PanelServices, server: ServerRow): void {
  known(panel, server);
}

/** POST /v1/server/rebuild: the container is rebuilt on next boot. */
export function daemonRebuildServer(panel: PanelServices, server: ServerRow): void {
  known(panel, server);
}

/** POST /v1/server/reinstall: the install script runs again (a suspended server stays suspended). */
export function daemonReinstallServer(panel: PanelServices, server: ServerRow): void {
  const state = known(panel, server);
  if (state.state !== 'suspended') stopProcess(state, 'installing');
}

/** POST /v1/server/suspend: the daemon stops the server and refuses user access from now on. */
export function daemonSuspendServer(panel: PanelServices, server: ServerRow): void {
  stopProcess(known(panel, server), 'suspended');
}

/** POST /v1/server/unsuspend: the server is accessible again, and stopped. */
export function daemonUnsuspendServer(panel: PanelServices, server: ServerRow): void {
  const state = known(panel, server);
  if (state.state === 'suspended') state.state = 'stopped';
}

/** DELETE /v1/servers: the daemon removes the server (404 when it never knew it). */
export function daemonDeleteServer(panel: PanelServices, server: ServerRow): void {
  known(panel, server);
  delete panel.store.daemon.servers[String(server.id)];
}

/** DELETE /v1/keys/{key}: revokes a daemon access key; only needs the node to answer. */
export function daemonRevokeAccessKey(panel: PanelServices, nodeId: number): void {
  callNode(panel, nodeId);
}

/** GET /v1/server: the live process data the utilization endpoint turns into `stats`. */
export function daemonServerDetails(panel: PanelServices, server: ServerRow): DaemonServerState {
  return structuredClone(accessible(panel, server));
}

/** POST /v1/server/command: 412 unless the server's process is up (running, starting or stopping). */
export function daemonSendCommand(panel: PanelServices, server: ServerRow): void {
  const state = accessible(panel, server);
  if (state.state !== 'running' && state.state !== 'starting' && state.state !== 'stopping') throw new DaemonError(412);
}

/**
 * POST /v1/server/power. Returns the daemon's success status (202 when the server was already in the
 * requested condition, 204 otherwise). An installing server cannot boot: start and restart answer 500.
 */
export function daemonSendPower(panel: PanelServices, server: ServerRow, action: PowerAction): 202 | 204 {
  const state = accessible(panel, server);
  if (state.state === 'installing') {
    if (action === 'start' || action === 'restart') throw new DaemonError(500);
    return 202;
  }
  switch (action) {
    case 'start':
      if (state.state === 'running' || state.state === 'starting') return 202;
      state.state = 'running';
      return 204;
    case 'restart':
      state.state = 'running';
      return 204;
    case 'stop':
    case 'kill':
      if (state.state === 'stopped') return 202;
      stopProcess(state, 'stopped');
      return 204;
  }
}

/** A stopped process reports no memory or CPU use; its disk stays as it is. */
function stopProcess(state: DaemonServerState, next: DaemonServerState['state']): void {
  state.state = next;
  state.memory_bytes = 0;
  state.cpu = 0;
  state.cpu_cores = [];
}
