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
  return { status: panelError.status, headers: { ...headers, ...panelError.headers }, body: errorBody(panelError, detail, debug) };
}

// The same few errors (404, 403…) are rendered over and over: their bodies by what they are made of
// (at most a thousand, of short details: a detail may echo the request).
const bodies = new Map<string, string>();
const BODY_MEMO_LIMIT = 1000;
const MEMO_DETAIL_LIMIT = 512;

function errorBody(panelError: PanelError, detail: string, debug: boolean): string {
  const key = `${debug}\u0000${panelError.display}\u0000${panelError.code}\u0000${panelError.status}\u0000${panelError.sourceFile}\u0000${detail}`;
  let body = bodies.get(key);
  if (body !== undefined) return body;
  const entry: Record<string, unknown> = { code: panelError.code, status: String(panelError.status), detail };
  if (debug) {
    entry['source'] = { line: 1, file: panelError.sourceFile };
    entry['meta'] = { trace: [`#0 ${panelError.sourceFile}(1): mock panel`, '#1 {main}'] };
  }
  body = panelError.display ? phpJson({ errors: [entry] }) : phpJson({ errors: [entry] }, { pretty: true, escapeSlashes: false });
  if (detail.length > MEMO_DETAIL_LIMIT) return body;
  if (bodies.size >= BODY_MEMO_LIMIT) bodies.clear();
  bodies.set(key, body);
  return body;
}

/** A bug in the mock itself still answers like the panel's handler would: a generic 500. */
function asFatal(error: unknown): PanelError {
  const message = error instanceof Error ? error.message : String(error);
  return new PanelError(500, 'FatalThrowableError', message, { sourceFile: '/app/Http/Kernel.php' });
}
