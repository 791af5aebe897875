import { PanelError, ValidationFailure } from '../../errors/panel-error.ts';
import { phpJson } from '../../http/php-json.ts';

export interface RenderedErrorV111 {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Handler::convertExceptionToArray's detail for anything that is not an HTTP exception (debug off). */
export const GENERIC_DETAIL_V111 = 'An unexpected error was encountered while processing this request, please try again.';
/** The detail a ModelNotFoundException gets with debug off (Handler.php#L206-L211). */
export const MODEL_NOT_FOUND_DETAIL = 'The requested resource could not be found on the server.';

/**
 * The panel's JSON error bodies (v1.11.8:app/Exceptions/Handler.php#L138-L229):
 * - validation: one entry per message, `{code: ValidationException, status: '422', detail, meta: {source_field, rule}}`,
 *   compact (`response()->json`);
 * - authentication and DisplayException: compact JSON (their own JsonResponse);
 * - everything else: Laravel's prepareJsonResponse, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES.
 * With debug on every entry also has `source` {line, file} and `meta.trace` / `meta.previous`.
 */
export function renderErrorV111(error: unknown, debug: boolean): RenderedErrorV111 {
  const headers = { 'Content-Type': 'application/json' };
  if (error instanceof ValidationFailure) {
    const errors = error.errors.map((f) => {
      const entry: Record<string, unknown> = { code: 'ValidationException', status: '422', detail: f.detail };
      const meta: Record<string, unknown> = debug ? debugMeta('/vendor/laravel/framework/src/Illuminate/Foundation/Http/FormRequest.php') : {};
      if (debug) entry['source'] = { line: 1, file: '/vendor/laravel/framework/src/Illuminate/Foundation/Http/FormRequest.php' };
      entry['meta'] = { ...meta, source_field: f.field, rule: f.code };
      return entry;
    });
    return { status: 422, headers, body: phpJson({ errors }) };
  }
  const panelError = error instanceof PanelError ? asPhp8(error) : asInternal(error);
  const entry: Record<string, unknown> = { code: panelError.code, status: String(panelError.status), detail: detailOf(panelError, debug) };
  if (debug) {
    entry['source'] = { line: 1, file: panelError.sourceFile };
    entry['meta'] = debugMeta(panelError.sourceFile);
  }
  const compact = panelError.kind === 'authentication' || panelError.kind === 'display';
  const body = compact ? phpJson({ errors: [entry] }) : phpJson({ errors: [entry] }, { pretty: true, escapeSlashes: false });
  return { status: panelError.status, headers: { ...headers, ...panelError.headers }, body };
}

function detailOf(error: PanelError, debug: boolean): string {
  if (debug) return error.message;
  if (error.kind === 'internal') return GENERIC_DETAIL_V111;
  if (error.kind === 'model-not-found') return MODEL_NOT_FOUND_DETAIL;
  return error.message;
}

function debugMeta(file: string): Record<string, unknown> {
  return { trace: [{ file, line: 1, function: 'handle', class: 'MockPanel', type: '->' }], previous: [] };
}

/**
 * PHP 8 throws a TypeError where PHP 7 warned that a built-in got an argument of the wrong type (a
 * validation rule shared with the 0.7 twin raises the PHP 7 error).
 */
function asPhp8(error: PanelError): PanelError {
  if (error.code !== 'ErrorException' || !/expects parameter \d+ to be/.test(error.message)) return error;
  return new PanelError(error.status, 'TypeError', error.message, { kind: error.kind, headers: error.headers, sourceFile: error.sourceFile });
}

/** A bug in the twin still answers as the panel's handler would: a 500 with the generic detail. */
function asInternal(error: unknown): PanelError {
  const message = error instanceof Error ? error.message : String(error);
  return new PanelError(500, error instanceof Error ? error.constructor.name : 'Error', message, { kind: 'internal', sourceFile: '/app/Http/Kernel.php' });
}
