import { PanelError, type ErrorKind } from '../../errors/panel-error.ts';

export type { ErrorKind } from '../../errors/panel-error.ts';

/**
 * The exceptions of the v1.11 panel as its handler renders them (v1.11.8:app/Exceptions/Handler.php#L161-L229):
 * the shared PanelError with the kind set explicitly (`code` is the class basename after Laravel 10's
 * prepareException, `status` the HTTP status); validation failures are the shared ValidationFailure.
 */
export class PanelErrorV111 extends PanelError {
  constructor(
    kind: ErrorKind,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
    /** The panel file a debug body names in `source.file`. */
    sourceFile = '/vendor/laravel/framework/src/Illuminate/Foundation/Exceptions/Handler.php',
  ) {
    super(status, code, message, { kind, headers, sourceFile, display: kind === 'display' });
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
