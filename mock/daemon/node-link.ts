import type { PanelServices } from '../panel-services.ts';
import { DaemonError } from './daemon-error.ts';

/**
 * Any daemon call to a node: refused when the simulated node is unreachable, answered with its
 * `http_error` when one is set. Node-level calls (configuration push, key revocation, server
 * create/update/delete) succeed otherwise.
 */
export function callNode(panel: PanelServices, nodeId: number): void {
  const node = panel.store.daemon.nodes[String(nodeId)];
  if (!node || !node.reachable) throw new DaemonError('E_CONN_REFUSED');
  if (node.http_error !== undefined) throw new DaemonError(node.http_error);
}
