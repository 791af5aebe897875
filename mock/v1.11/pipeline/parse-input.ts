import { jsonInputBag } from '../../http/json-body.ts';
import type { IncomingRequest } from '../../http/messages.ts';
import { parsePhpQuery } from '../../http/php-query.ts';
import { declaredLength } from '../../pipeline/parse-input.ts';
import { PanelErrorV111 } from '../errors/panel-error.ts';

export interface ParsedInputV111 {
  /** `$request->query()` after the global middleware. */
  query: Record<string, unknown>;
  /** Query and body merged, the body winning (`$request->input()`). */
  input: Record<string, unknown>;
  /** The method the router matches (a POST may override it). */
  method: string;
}

/** RouteServiceProvider's FILE_PATH_REGEX: TrimStrings skips these paths (36 characters: a full uuid only). */
const UNTRIMMED_PATH = /^\/api\/client\/servers\/([a-z0-9-]{36})\/files(\/?$|\/(.)*$)/i;
/** The panel's TrimStrings::$except (v1.11.8:app/Http/Middleware/TrimStrings.php). */
const UNTRIMMED_KEYS = new Set(['password', 'password_confirmation']);
const OVERRIDABLE = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'PATCH', 'PURGE', 'TRACE'];

/**
 * The global middleware of v1.11.8 (app/Http/Kernel.php#L40-L47) and the input Laravel 10 reads:
 * ValidatePostSize (413 on the declared length), the input source (the JSON bag for a `/json` or
 * `+json` type, the query for GET/HEAD, else the form body PHP or Symfony parsed), then TrimStrings
 * (laravel-v10.1.4: `\s`, U+FEFF and U+200B at either end, not NUL; skipped for the client file routes
 * addressed by full uuid, v1.11.8:app/Providers/RouteServiceProvider.php#L19-L27) and
 * ConvertEmptyStringsToNull, over the query and the body alike.
 */
export function parseInputV111(request: IncomingRequest, maxBodyBytes: number): ParsedInputV111 {
  if (declaredLength(request) > maxBodyBytes || request.body.length > maxBodyBytes) {
    throw new PanelErrorV111('http', 413, 'PostTooLargeException', '', {}, '/vendor/laravel/framework/src/Illuminate/Foundation/Http/Middleware/ValidatePostSize.php');
  }
  const path = request.url.split('?')[0] ?? '';
  const queryString = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const trim = !UNTRIMMED_PATH.test(path);
  const query = clean(parsePhpQuery(queryString), trim) as Record<string, unknown>;
  const body = clean(inputSource(request), trim) as Record<string, unknown>;
  const input = { ...query, ...body };
  return { query, input, method: routingMethod(request, body, query) };
}

function inputSource(request: IncomingRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (type.includes('/json') || type.includes('+json')) return jsonInputBag(request.body);
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return {};
  const form = 'application/x-www-form-urlencoded';
  // PHP fills $_POST for POST (type lower-cased, cut at `;`, `,` or space); Symfony parses PUT/PATCH/DELETE
  // bodies whose type starts with the lower-case form type.
  const parsed =
    method === 'POST' ? (type.split(/[;, ]/, 1)[0] ?? '').toLowerCase() === form : ['PUT', 'PATCH', 'DELETE'].includes(method) && type.startsWith(form);
  return parsed ? parsePhpQuery(request.body.toString('utf8')) : {};
}

/** TrimStrings then ConvertEmptyStringsToNull, recursively; a key in the except list keeps its value. */
function clean(value: unknown, trim: boolean, key = ''): unknown {
  if (typeof value === 'string') {
    const trimmed = trim && !UNTRIMMED_KEYS.has(key) ? trimLaravel10(value) : value;
    return trimmed === '' ? null : trimmed;
  }
  if (Array.isArray(value)) return value.map((v, i) => clean(v, trim, String(i)));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, trim, k)]));
  return value;
}

/** `preg_replace('~^[\s\x{FEFF}\x{200B}]+|[\s\x{FEFF}\x{200B}]+$~u', '', $value)`: PCRE's ASCII `\s` plus the two. */
export function trimLaravel10(value: string): string {
  return value.replace(/^[ \t\n\x0b\f\r\uFEFF\u200B]+|[ \t\n\x0b\f\r\uFEFF\u200B]+$/g, '');
}

/**
 * Symfony 6's getMethod with the override Laravel enables: a POST routes as `X-HTTP-Method-Override`,
 * else a string `_method` of the body, else of the query; upper-cased; a name of anything but letters
 * is a SuspiciousOperationException, which Laravel 10 renders as a 404 `Bad hostname provided.`.
 */
function routingMethod(request: IncomingRequest, body: Record<string, unknown>, query: Record<string, unknown>): string {
  const real = request.method.toUpperCase();
  if (real !== 'POST') return real;
  const header = request.headers['x-http-method-override'];
  const named = header || ('_method' in body ? body['_method'] : query['_method']);
  if (typeof named !== 'string' || named === '') return real;
  const method = named.toUpperCase();
  if (OVERRIDABLE.includes(method) || /^[A-Z]+$/.test(method)) return method;
  throw new PanelErrorV111('http', 404, 'NotFoundHttpException', 'Bad hostname provided.', {}, '/vendor/symfony/http-foundation/Request.php');
}
