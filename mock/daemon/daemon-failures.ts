import { displayException, PanelError } from '../errors/panel-error.ts';
import type { NodeRow } from '../store/rows.ts';
import type { DaemonError } from './daemon-error.ts';

/** The panel's fixed daemon-error text (resources/lang/en/admin/server.php, DaemonConnectionException). */
export function daemonErrorText(status: number | 'E_CONN_REFUSED'): string {
  return `There was an exception while attempting to communicate with the daemon resulting in a HTTP/${status} response code. This exception has been logged.`;
}

/** A daemon failure the panel reports as a 400 DisplayException (suspension, daemon key revocation). */
export function daemonDisplayException(error: DaemonError, sourceFile: string): PanelError {
  return displayException(400, 'DisplayException', daemonErrorText(error.status), sourceFile);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * A daemon failure the panel does not catch (client power): Guzzle's own exception reaches the
 * handler as a generic 500 — ConnectException (refused), ClientException (4xx), ServerException (5xx).
 * The message is Guzzle's, visible only with debug on.
 */
export function uncaughtGuzzleException(error: DaemonError, node: NodeRow | undefined, method: string, path: string): PanelError {
  const host = node ? `${node.fqdn}` : 'localhost';
  const port = node ? node.daemonListen : 8080;
  const url = `${node?.scheme ?? 'https'}://${host}:${port}${path}`;
  if (error.status === 'E_CONN_REFUSED') {
    return new PanelError(
      500,
      'ConnectException',
      `cURL error 7: Failed to connect to ${host} port ${port}: Connection refused (see http://curl.haxx.se/libcurl/c/libcurl-errors.html)`,
      { sourceFile: '/vendor/guzzlehttp/guzzle/src/Handler/CurlFactory.php' },
    );
  }
  const status = error.status;
  const reason = REASONS[status] ?? '';
  const server = status >= 500;
  return new PanelError(
    500,
    server ? 'ServerException' : 'ClientException',
    `${server ? 'Server' : 'Client'} error: \`${method} ${url}\` resulted in a \`${status} ${reason}\` response`,
    { sourceFile: '/vendor/guzzlehttp/guzzle/src/Exception/RequestException.php' },
  );
}
