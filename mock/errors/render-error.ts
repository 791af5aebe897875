import { phpJson } from '../http/php-json.ts';
import { GENERIC_DETAIL, PanelError, ValidationFailure } from './panel-error.ts';

export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The panel's app/Exceptions/Handler.php, JSON branch. */
export function renderError(error: unknown, debug: boolean): RenderedError {
  const headers = { 'Content-Type': 'application/json' };
  if (error instanceof ValidationFailure) {
    const errors = error.errors.map((e) => ({ code: e.code, detail: e.detail, source: { field: e.field } }));
    return { status: 422, headers, body: phpJson({ errors }) };
  }
  const panelError = error instanceof PanelError ? error : asFatal(error);
  const detail = debug || panelError.display ? panelError.message : GENERIC_DETAIL;
  const entry: Record<string, unknown> = { code: panelError.code, status: String(panelError.status), detail };
  if (debug) {
    entry['source'] = { line: 1, file: panelError.sourceFile };
    entry['meta'] = { trace: [`#0 ${panelError.sourceFile}(1): mock panel`, '#1 {main}'] };
  }
  const body = panelError.display
    ? phpJson({ errors: [entry] })
    : phpJson({ errors: [entry] }, { pretty: true, escapeSlashes: false });
  return { status: panelError.status, headers: { ...headers, ...panelError.headers }, body };
}

/** A bug in the mock itself still answers like the panel's handler would: a generic 500. */
function asFatal(error: unknown): PanelError {
  const message = error instanceof Error ? error.message : String(error);
  return new PanelError(500, 'FatalThrowableError', message, { sourceFile: '/app/Http/Kernel.php' });
}
