import { PanelError } from '../../errors/panel-error.ts';
import { phpJson } from '../../http/php-json.ts';
import { PanelErrorV111, ValidationFailureV111 } from './panel-error.ts';

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
  if (error instanceof ValidationFailureV111) {
    const errors = error.failures.map((f) => {
      const entry: Record<string, unknown> = { code: 'ValidationException', status: '422', detail: f.detail };
      const meta: Record<string, unknown> = debug ? debugMeta('/vendor/laravel/framework/src/Illuminate/Foundation/Http/FormRequest.php') : {};
      if (debug) entry['source'] = { line: 1, file: '/vendor/laravel/framework/src/Illuminate/Foundation/Http/FormRequest.php' };
      entry['meta'] = { ...meta, source_field: f.field, rule: f.rule };
      return entry;
    });
    return { status: 422, headers, body: phpJson({ errors }) };
  }
  const panelError = error instanceof PanelErrorV111 ? error : asInternal(error);
  const entry: Record<string, unknown> = { code: panelError.code, status: String(panelError.status), detail: detailOf(panelError, debug) };
  if (debug) {
    entry['source'] = { line: 1, file: panelError.sourceFile };
    entry['meta'] = debugMeta(panelError.sourceFile);
  }
  const compact = panelError.kind === 'authentication' || panelError.kind === 'display';
  const body = compact ? phpJson({ errors: [entry] }) : phpJson({ errors: [entry] }, { pretty: true, escapeSlashes: false });
  return { status: panelError.status, headers: { ...headers, ...panelError.headers }, body };
}

function detailOf(error: PanelErrorV111, debug: boolean): string {
  if (debug) return error.message;
  if (error.kind === 'internal') return GENERIC_DETAIL_V111;
  if (error.kind === 'model-not-found') return MODEL_NOT_FOUND_DETAIL;
  return error.message;
}

function debugMeta(file: string): Record<string, unknown> {
  return { trace: [{ file, line: 1, function: 'handle', class: 'MockPanel', type: '->' }], previous: [] };
}

/** A bug in the twin still answers as the panel's handler would: a 500 with the generic detail. */
function asInternal(error: unknown): PanelErrorV111 {
  // A stage shared with the 0.7 twin (PostTooLargeException before routing, a validation rule's PHP
  // error) raised the 0.7 class: an HTTP exception keeps its message, a server error is internal.
  if (error instanceof PanelError) {
    const kind = error.display ? 'display' : error.status >= 500 ? 'internal' : 'http';
    return new PanelErrorV111(kind, error.status, error.code, error.message, error.headers, error.sourceFile);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PanelErrorV111('internal', 500, error instanceof Error ? error.constructor.name : 'Error', message, {}, '/app/Http/Kernel.php');
}
