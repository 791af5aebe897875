/**
 * A call to a simulated Wings that did not succeed, and what the panel makes of it.
 *
 * Wings answers errors as `{"error": "...", "request_id": "..."}` with an X-Request-Id header
 * (wings-v1.11.8:router/middleware/request_error.go#L61-L77); an unreachable node gives Guzzle no
 * response at all. The panel wraps either in a DaemonConnectionException
 * (v1.11.8:app/Exceptions/Http/Connection/DaemonConnectionException.php#L29-L62).
 */
export type WingsFailure =
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'http'; readonly status: number; readonly error: string; readonly requestId: string };

export class WingsError extends Error {
  constructor(readonly failure: WingsFailure) {
    super(failure.kind === 'unreachable' ? 'wings unreachable' : `wings answered ${failure.status}: ${failure.error}`);
  }

  /** The HTTP status Wings answered, or undefined when it could not be reached. */
  get status(): number | undefined {
    return this.failure.kind === 'http' ? this.failure.status : undefined;
  }
}

/** Wings' text for an error it did not classify (request_error.go#L69-L71). */
export const WINGS_UNEXPECTED_ERROR = 'An unexpected error was encountered while processing this request';

/** What the panel answers for a DaemonConnectionException: its status and its (displayed) message. */
export interface DaemonConnectionFailure {
  readonly status: number;
  readonly message: string;
}

/**
 * DaemonConnectionException's constructor. `useStatusCode` false (DaemonServerRepository::getDetails)
 * keeps the default 504 whatever Wings answered. Below 500 the message carries Wings' own error text.
 */
export function daemonConnectionException(failure: WingsFailure, useStatusCode = true): DaemonConnectionFailure {
  if (failure.kind === 'unreachable') {
    return { status: 504, message: 'Could not establish a connection to the machine running this server. Please try again.' };
  }
  let status = 504;
  if (useStatusCode) status = failure.status < 400 ? 502 : failure.status;
  if (status < 500) {
    return { status, message: `An error occurred on the remote host: ${failure.error}. (request id: ${failure.requestId})` };
  }
  return {
    status,
    message: `There was an error while communicating with the machine running this server. This error has been logged, please try again. (code: ${failure.status}) (request_id: ${failure.requestId})`,
  };
}
