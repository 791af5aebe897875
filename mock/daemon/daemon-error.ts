/**
 * A failed call to a node's daemon: its HTTP status, or E_CONN_REFUSED when it could not be reached.
 * Callers map it the way the panel does (504 DaemonConnectionException, 400 DisplayException, or an
 * uncaught Guzzle 500 on power).
 */
export class DaemonError extends Error {
  constructor(readonly status: number | 'E_CONN_REFUSED') {
    super(`daemon answered ${status}`);
  }

  get connectionRefused(): boolean {
    return this.status === 'E_CONN_REFUSED';
  }
}
