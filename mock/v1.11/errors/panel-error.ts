/**
 * The exceptions of the v1.11 panel as its handler renders them (v1.11.8:app/Exceptions/Handler.php#L161-L229):
 * `code` is the class basename after Laravel 10's prepareException, `status` the HTTP status.
 * How the detail shows with APP_DEBUG off depends on the kind:
 * - `http`: an HttpExceptionInterface (404, 405, 403, 429, 400…): its message, always;
 * - `display`: DisplayException and its family: its message, rendered compact by its own render();
 * - `authentication`: AuthenticationException, 401 `Unauthenticated.`, compact, no WWW-Authenticate;
 * - `model-not-found`: ModelNotFoundException turned NotFoundHttpException, a fixed detail;
 * - `internal`: anything else, a 500 with a generic detail.
 */
export type ErrorKind = 'http' | 'display' | 'authentication' | 'model-not-found' | 'internal';

export class PanelErrorV111 extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** The panel file a debug body names in `source.file`. */
    readonly sourceFile = '/vendor/laravel/framework/src/Illuminate/Foundation/Exceptions/Handler.php',
  ) {
    // An answer, not a fault: no stack to capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** One failed rule of one field (ValidationException). */
export interface FieldFailure {
  field: string;
  /** snake_case rule (`required`, `max`, `p_username`…): meta.rule. */
  rule: string;
  detail: string;
}

export class ValidationFailureV111 extends Error {
  constructor(readonly failures: FieldFailure[]) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super('The given data was invalid.');
    Error.stackTraceLimit = limit;
  }
}

export const unauthenticatedV111 = () =>
  new PanelErrorV111('authentication', 401, 'AuthenticationException', 'Unauthenticated.', {}, '/vendor/laravel/framework/src/Illuminate/Auth/Middleware/Authenticate.php');

export const accessDeniedV111 = (message: string, sourceFile: string) => new PanelErrorV111('http', 403, 'AccessDeniedHttpException', message, {}, sourceFile);

/** A FormRequest whose authorize() said no: AuthorizationException, rendered as AccessDeniedHttpException. */
export const unauthorizedActionV111 = () =>
  accessDeniedV111('This action is unauthorized.', '/vendor/laravel/framework/src/Illuminate/Foundation/Http/FormRequest.php');

/** A route model binding or findOrFail() that found nothing. */
export const modelNotFoundV111 = (model: string, id: string | number) =>
  new PanelErrorV111('model-not-found', 404, 'NotFoundHttpException', `No query results for model [Pterodactyl\\Models\\${model}] ${id}`, {}, '/vendor/laravel/framework/src/Illuminate/Database/Eloquent/Builder.php');

export const badRequestV111 = (message: string, sourceFile: string) => new PanelErrorV111('http', 400, 'BadRequestHttpException', message, {}, sourceFile);

export const displayExceptionV111 = (message: string, code = 'DisplayException', status = 400, sourceFile = '/app/Exceptions/DisplayException.php') =>
  new PanelErrorV111('display', status, code, message, {}, sourceFile);

export const conflictV111 = (message: string, sourceFile: string) => new PanelErrorV111('http', 409, 'ConflictHttpException', message, {}, sourceFile);

/** A PHP error or an exception no handler case knows: 500 with the generic detail. */
export const internalErrorV111 = (code: string, message: string, sourceFile: string) => new PanelErrorV111('internal', 500, code, message, {}, sourceFile);
