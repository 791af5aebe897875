import type { PanelServices } from '../panel-services.ts';
import type { DaemonNodeState, DaemonServerState, DaemonServerStateName } from '../store/rows.ts';

/**
 * The simulated daemons' memory (`panel.store.daemon`): which nodes answer, and what each node's
 * daemon knows about its servers. A server without an entry is unknown to its daemon, so every
 * server-scoped call for it answers 404.
 */

export function daemonServerState(panel: PanelServices, serverId: number): DaemonServerState | undefined {
  return panel.store.daemon.servers[String(serverId)];
}

export function isNodeReachable(panel: PanelServices, nodeId: number): boolean {
  return panel.store.daemon.nodes[String(nodeId)]?.reachable === true;
}

/**
 * Control surface: sets the run state the daemon reports for a server (`suspended` makes the
 * daemon refuse client-scoped calls with 403). Creates the daemon's entry when the panel has the
 * server but the daemon did not know it. Returns the entry, or undefined when neither knows the id.
 */
export function setServerDaemonState(
  panel: PanelServices,
  serverId: number,
  state: DaemonServerStateName,
): DaemonServerState | undefined {
  const key = String(serverId);
  const current = panel.store.daemon.servers[key];
  if (current) {
    current.state = state;
    return current;
  }
  if (!panel.store.find('servers', serverId)) return undefined;
  const created: DaemonServerState = { state, memory_bytes: 0, cpu: 0, cpu_cores: [], disk_used: 0 };
  panel.store.daemon.servers[key] = created;
  return created;
}

/** Control surface: makes the daemon forget a server (its next server-scoped call answers 404). */
export function forgetDaemonServer(panel: PanelServices, serverId: number): boolean {
  const key = String(serverId);
  if (!(key in panel.store.daemon.servers)) return false;
  delete panel.store.daemon.servers[key];
  return true;
}

/**
 * Control surface: whether a node's daemon accepts connections (false: every call to it is refused,
 * E_CONN_REFUSED). Creates the entry for a node the panel has. Returns it, or undefined for an
 * unknown node.
 */
export function setNodeReachable(panel: PanelServices, nodeId: number, reachable: boolean, httpError?: number | null): DaemonNodeState | undefined {
  const key = String(nodeId);
  const current = panel.store.daemon.nodes[key];
  if (current) {
    current.reachable = reachable;
    if (httpError === null) delete current.http_error;
    else if (httpError !== undefined) current.http_error = httpError;
    return current;
  }
  if (!panel.store.find('nodes', nodeId)) return undefined;
  const created: DaemonNodeState = { reachable, ...(typeof httpError === 'number' ? { http_error: httpError } : {}) };
  panel.store.daemon.nodes[key] = created;
  return created;
}
