/** Generic detail every framework error shows with APP_DEBUG=false. */
export const GENERIC_DETAIL = 'An error was encountered while processing this request.';

/**
 * How a 1.x handler (v1.11.8:app/Exceptions/Handler.php#L161-L229) shows the detail with APP_DEBUG off;
 * the 0.7 renderer reads `display` instead:
 * - `http`: an HttpExceptionInterface (404, 405, 403, 429, 400…): its message, always;
 * - `display`: DisplayException and its family: its message, rendered compact by its own render();
 * - `authentication`: AuthenticationException, 401 `Unauthenticated.`, compact, no WWW-Authenticate;
 * - `model-not-found`: ModelNotFoundException turned NotFoundHttpException, a fixed detail;
 * - `internal`: anything else, a 500 with a generic detail.
 */
export type ErrorKind = 'http' | 'display' | 'authentication' | 'model-not-found' | 'internal';

export interface PanelErrorOptions {
  /** Headers the exception carries onto the response (WWW-Authenticate, Retry-After, Allow…). */
  headers?: Record<string, string>;
  /**
   * DisplayException family (and DaemonConnectionException): the message is the detail even with
   * debug off, and the body is compact JSON with escaped slashes.
   */
  display?: boolean;
  /** The panel source file a debug body names in `source.file`. */
  sourceFile?: string;
  /** Default: `display` for a display exception, `internal` from 500 on, else `http`. */
  kind?: ErrorKind;
}

/**
 * An exception as the panel's handler renders it: `code` is the exception's short class name after
 * Laravel's conversions, `status` its HTTP status, the message the debug-mode detail.
 */
export class PanelError extends Error {
  readonly headers: Record<string, string>;
  readonly display: boolean;
  readonly sourceFile: string;
  readonly kind: ErrorKind;

  constructor(
    readonly status: number,
    readonly code: string,
    message = '',
    options: PanelErrorOptions = {},
  ) {
    // An answer, not a fault: no stack trace to capture (nothing reads it, and capturing one cost a
    // tenth of a 404's time).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.headers = options.headers ?? {};
    this.display = options.display ?? false;
    this.sourceFile = options.sourceFile ?? '/vendor/laravel/framework/src/Illuminate/Foundation/Exceptions/Handler.php';
    this.kind = options.kind ?? (this.display ? 'display' : status >= 500 ? 'internal' : 'http');
  }
}

/** One failed rule of one field, as the 422 envelope lists it. */
export interface FieldError {
  /** snake_case rule name (`required`, `max`, `p_username`…); 1.x renders it as meta.rule. */
  code: string;
  detail: string;
  /** Field path in dot notation as submitted. */
  field: string;
}

/** The FormRequest's validation failed (422; each profile's renderer gives it its envelope). */
export class ValidationFailure extends Error {
  constructor(readonly errors: FieldError[]) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super('The given data was invalid.');
    Error.stackTraceLimit = limit;
  }
}

// The exceptions the pipeline raises in many places.
export const unauthenticated = () =>
  new PanelError(401, 'HttpException', '', { headers: { 'WWW-Authenticate': 'Bearer' }, sourceFile: '/app/Http/Middleware/Api/AuthenticateKey.php' });
export const accessDenied = (message = '', sourceFile = '/app/Http/Middleware/Api/AuthenticateKey.php') =>
  new PanelError(403, 'AccessDeniedHttpException', message, { sourceFile });
export const unauthorizedAction = () =>
  new PanelError(403, 'AccessDeniedHttpException', 'This action is unauthorized.', {
    sourceFile: '/vendor/laravel/framework/src/Illuminate/Foundation/Http/FormRequest.php',
  });
export const resourceNotFound = () =>
  new PanelError(404, 'NotFoundHttpException', 'The requested resource does not exist on this server.', {
    sourceFile: '/app/Http/Requests/Api/Application/ApplicationApiRequest.php',
  });
export const displayException = (status: number, code: string, message: string, sourceFile = '/app/Exceptions/DisplayException.php') =>
  new PanelError(status, code, message, { display: true, sourceFile });
/** A deletion service's refusal (a 400 display exception) while a dependent row exists. */
export function refuseDeletionWhile(dependent: unknown, exception: string, message: string, service: string): void {
  if (dependent) throw displayException(400, exception, message, service);
}
export const daemonConnectionFailed = (daemonStatus: number | 'E_CONN_REFUSED') =>
  new PanelError(
    504,
    'DaemonConnectionException',
    `There was an exception while attempting to communicate with the daemon resulting in a HTTP/${daemonStatus} response code. This exception has been logged.`,
    { display: true, sourceFile: '/app/Exceptions/Http/Connection/DaemonConnectionException.php' },
  );
