import { PanelError } from '../errors/panel-error.ts';
import { jsonInputBag } from '../http/json-body.ts';
import type { IncomingRequest } from '../http/messages.ts';
import { parsePhpQuery, type InputValue } from '../http/php-query.ts';

export interface ParsedInput {
  query: Record<string, InputValue>;
  /** Query and body merged, the body winning on a shared key. */
  input: Record<string, unknown>;
  /** The method the router matches: the request's, or for POST its override. */
  method: string;
}

/**
 * The global middleware and the input the controllers see (v0.7.19:app/Http/Kernel.php#L50-L56):
 * ValidatePostSize (413), then the input source Laravel picks, merged with the query
 * (laravel/framework v5.7.14:src/Illuminate/Http/Concerns/InteractsWithInput.php#L206-L211: the body
 * wins), then TrimStrings and ConvertEmptyStringsToNull.
 */
export function parseInput(request: IncomingRequest, maxBodyBytes: number): ParsedInput {
  if (postTooLarge(request, maxBodyBytes)) {
    throw new PanelError(413, 'PostTooLargeException', '', { sourceFile: '/vendor/laravel/framework/src/Illuminate/Foundation/Http/Middleware/ValidatePostSize.php' });
  }
  const queryString = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const query = parsePhpQuery(queryString);
  const input = normaliseStrings({ ...query, ...inputSource(request) }) as Record<string, unknown>;
  return { query, input, method: routingMethod(request, input) };
}

/**
 * Symfony's getMethod() with the override Laravel's kernel enables (laravel/framework
 * v5.7.14:src/Illuminate/Foundation/Http/Kernel.php#L114; symfony/http-foundation
 * v4.1.7:Request.php#L1212-L1230): a POST becomes the method named by `X-HTTP-Method-Override`,
 * else by a string `_method` in the body (the JSON bag for a JSON request) or the query. The router
 * asks after the global middleware, so `_method` is already trimmed. Any name is taken, upper-cased
 * (ASCII, as strtoupper): an unknown one is a 405 on a known path.
 */
function routingMethod(request: IncomingRequest, input: Record<string, unknown>): string {
  const real = asciiUpper(request.method);
  if (real !== 'POST') return real;
  const header = request.headers['x-http-method-override'];
  if (header) return asciiUpper(header);
  const named = Object.prototype.hasOwnProperty.call(input, '_method') ? input['_method'] : undefined;
  return typeof named === 'string' ? asciiUpper(named) : real;
}

function asciiUpper(text: string): string {
  // Clients send upper-case methods: nothing to replace.
  if (!/[a-z]/.test(text)) return text;
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/**
 * ValidatePostSize compares the declared `CONTENT_LENGTH` with post_max_size
 * (laravel/framework v5.7.14:src/Illuminate/Foundation/Http/Middleware/ValidatePostSize.php#L19-L28);
 * a body without a declared length (chunked) counts by its size, as the web server declares it to PHP.
 */
export function postTooLarge(request: IncomingRequest, maxBodyBytes: number): boolean {
  return declaredLength(request) > maxBodyBytes || request.body.length > maxBodyBytes;
}

/** The Content-Length the client declared (Node's parser admits only digits), 0 when absent. */
export function declaredLength(request: { headers: Record<string, string | string[] | undefined> }): number {
  const raw = request.headers['content-length'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) ? value : 0;
}

/**
 * Laravel's getInputSource() (laravel/framework v5.7.14:src/Illuminate/Http/Request.php#L351-L358):
 * the JSON bag when isJson(), else the query for GET/HEAD, else the request bag (the form body).
 */
function inputSource(request: IncomingRequest): Record<string, unknown> {
  const contentType = request.headers['content-type'] ?? '';
  // isJson(): Str::contains(CONTENT_TYPE, ['/json', '+json']), mb_strpos, so case-sensitive
  // (v5.7.14:src/Illuminate/Http/Concerns/InteractsWithContentTypes.php#L32-L35, Support/Str.php#L104-L113).
  // `Content-Type: Application/Json` is not JSON: the body is not read at all.
  if (contentType.includes('/json') || contentType.includes('+json')) return jsonInputBag(request.body);
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return {};
  return isFormBody(method, contentType) ? parsePhpQuery(request.body.toString('utf8')) : {};
}

/**
 * Who parses a form body: for POST, PHP itself fills $_POST, matching the media type lower-cased
 * and cut at the first `;`, `,` or space (php-src main/SAPI.c sapi_read_post_data); for PUT,
 * PATCH and DELETE, Symfony's createFromGlobals, only when CONTENT_TYPE starts with the exact
 * lower-case type (symfony/http-foundation v4.1.7:Request.php#L279-L291). Other methods: nobody.
 */
function isFormBody(method: string, contentType: string): boolean {
  const form = 'application/x-www-form-urlencoded';
  if (method === 'POST') return (contentType.split(/[;, ]/, 1)[0] ?? '').toLowerCase() === form;
  if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') return contentType.startsWith(form);
  return false;
}

const UNTRIMMED = new Set(['password', 'password_confirmation']);

/**
 * TrimStrings (except passwords, v0.7.19:app/Http/Middleware/TrimStrings.php#L14-L17) then
 * ConvertEmptyStringsToNull, recursively. PHP's trim() removes only space, \t, \n, \r, \0 and \v
 * (laravel/framework v5.7.14:src/Illuminate/Foundation/Http/Middleware/TrimStrings.php#L23-L30): a
 * no-break space or U+2028 stays, where String.prototype.trim would drop it.
 */
function normaliseStrings(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    const trimmed = UNTRIMMED.has(key) ? value : value.replace(/^[ \t\n\r\0\x0b]+|[ \t\n\r\0\x0b]+$/g, '');
    return trimmed === '' ? null : trimmed;
  }
  if (Array.isArray(value)) return value.map((v) => normaliseStrings(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseStrings(v, k)]));
  }
  return value;
}
