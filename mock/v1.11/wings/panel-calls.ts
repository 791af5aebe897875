import { randomUUID } from 'node:crypto';
import { PanelErrorV111 } from '../errors/panel-error.ts';
import type { ServicesV111 } from '../services.ts';

/**
 * A call the panel makes to a node's Wings (DaemonServerRepository and friends). An unreachable node,
 * or one set to answer with an HTTP error, makes it a DaemonConnectionException, a DisplayException
 * whose status is Wings' (504 without an answer; a 2xx/3xx counts as 502), with the panel's message
 * (v1.11.8:app/Exceptions/Http/Connection/DaemonConnectionException.php#L22-L58).
 */
export function callWings(panel: ServicesV111, nodeId: number): void {
  const node = panel.store.daemon.nodes[String(nodeId)];
  if (!node || node.reachable) {
    if (node?.http_error === undefined) return;
    throw daemonConnectionException(node.http_error);
  }
  throw daemonConnectionException(undefined);
}

export function daemonConnectionException(wingsStatus: number | undefined, wingsError?: string): PanelErrorV111 {
  const source = '/app/Exceptions/Http/Connection/DaemonConnectionException.php';
  if (wingsStatus === undefined) {
    return new PanelErrorV111('display', 504, 'DaemonConnectionException', 'Could not establish a connection to the machine running this server. Please try again.', {}, source);
  }
  const requestId = randomUUID();
  const status = wingsStatus < 400 ? 502 : wingsStatus;
  let message = `There was an error while communicating with the machine running this server. This error has been logged, please try again. (code: ${wingsStatus}) (request_id: ${requestId})`;
  if (status < 500) message = `An error occurred on the remote host: ${wingsError ?? message}. (request id: ${requestId})`;
  return new PanelErrorV111('display', status, 'DaemonConnectionException', message, {}, source);
}
