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
  settleInstalls(panel);
  const state = daemonServerState(panel, server.id);
  if (!state) throw new DaemonError(404);
  return state;
}

/** The daemon's blockBooting: the install script is running (whether or not the server is suspended). */
export function isInstalling(state: DaemonServerState): boolean {
  return state.state === 'installing' || state.boot_blocked === true;
}

/**
 * Starts the egg's install script (daemon v0.6.13 OptionController::install blocks booting,
 * src/controllers/option.js#L78-L80). It ends after the `installSeconds` option, when set, or when
 * the control surface says.
 */
function startInstall(panel: PanelServices, state: DaemonServerState): void {
  if (state.state === 'suspended') state.boot_blocked = true;
  else stopProcess(state, 'installing');
  const seconds = panel.options.installSeconds;
  if (seconds === undefined) delete state.install_ends_at;
  else state.install_ends_at = panel.clock.nowMs() + seconds * 1000;
}

/**
 * The install script has finished: booting is unblocked (option.js#L183) and the installer
 * unsuspends the server whatever it was before (option.js#L200-L202; it suspends the server itself
 * while the script runs, option.js#L128-L131), so the server is stopped. The daemon then reports `installed` to the
 * panel (src/controllers/routes.js#L139-L151, POST /daemon/install; v0.7.19:routes/daemon.php#L13), which sets servers.installed
 * to 1 with an Eloquent update (v0.7.19:app/Http/Controllers/Daemon/ActionController.php#L75-L77).
 */
export function finishInstall(panel: PanelServices, serverId: number): void {
  const state = daemonServerState(panel, serverId);
  if (!state || !isInstalling(state)) return;
  delete state.boot_blocked;
  delete state.install_ends_at;
  stopProcess(state, 'stopped');
  const row = panel.store.find('servers', serverId);
  if (row && row.installed !== 1) {
    row.installed = 1;
    row.updated_at = panel.clock.dbTimestamp();
  }
}

/** Finishes every install whose time has come on the mock clock; run before each request is answered. */
export function settleInstalls(panel: PanelServices): void {
  const now = panel.clock.nowMs();
  const servers = panel.store.daemon.servers;
  // for…in, not Object.entries: no array of pairs built on every request.
  for (const id in servers) {
    const state = servers[id];
    if (state?.install_ends_at !== undefined && state.install_ends_at <= now) finishInstall(panel, Number(id));
  }
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
  const state: DaemonServerState = { state: 'stopped', memory_bytes: 0, cpu: 0, cpu_cores: [], disk_used: 0 };
  panel.store.daemon.servers[String(server.id)] = state;
  if (!server.skip_scripts) startInstall(panel, state);
}

/** PATCH /v1/server: new build or startup configuration. Nothing the simulation tracks changes. */
export function daemonUpdateServer(panel: PanelServices, server: ServerRow): void {
  known(panel, server);
}

/** POST /v1/server/rebuild: the container is rebuilt on next boot. */
export function daemonRebuildServer(panel: PanelServices, server: ServerRow): void {
  known(panel, server);
}

/**
 * POST /v1/server/reinstall: the server stops and the install script runs again, booting blocked
 * until it ends (daemon v0.6.13 src/controllers/server.js#L919-L966); a suspended server stays
 * suspended while it runs.
 */
export function daemonReinstallServer(panel: PanelServices, server: ServerRow): void {
  startInstall(panel, known(panel, server));
}

/**
 * POST /v1/server/suspend: the daemon sets its suspended flag and kills a running process
 * (src/controllers/server.js#L876-L893); a running install keeps booting blocked.
 */
export function daemonSuspendServer(panel: PanelServices, server: ServerRow): void {
  const state = known(panel, server);
  if (state.state === 'installing') state.boot_blocked = true;
  stopProcess(state, 'suspended');
}

/**
 * POST /v1/server/unsuspend: the daemon only clears its suspended flag (src/controllers/server.js
 * #L895-L906): the server is stopped, or still installing (not bootable) when the install runs on.
 */
export function daemonUnsuspendServer(panel: PanelServices, server: ServerRow): void {
  const state = known(panel, server);
  if (state.state !== 'suspended') return;
  state.state = state.boot_blocked === true ? 'installing' : 'stopped';
  delete state.boot_blocked;
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
 * PUT /v1/server/power (the panel's PowerRepository sends PUT server/power,
 * v0.7.19:app/Repositories/Daemon/PowerRepository.php#L27-L31; the daemon routes it at
 * src/http/routes.js#L157). Returns the daemon's success status (202 when the server was already in
 * the requested condition, 204 otherwise). An installing server cannot boot (booting is blocked,
 * src/controllers/server.js#L297-L299): start and restart answer 500.
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
