import { PanelError } from '../errors/panel-error.ts';
import type { IncomingRequest } from '../http/messages.ts';
import { parsePhpQuery, type InputValue } from '../http/php-query.ts';

export interface ParsedInput {
  query: Record<string, InputValue>;
  /** Query and body merged, the body winning on a shared key. */
  input: Record<string, unknown>;
}

/**
 * Global middleware and input parsing: ValidatePostSize (413), JSON or form body,
 * merged with the query; TrimStrings and ConvertEmptyStringsToNull on the result.
 */
export function parseInput(request: IncomingRequest, maxBodyBytes: number): ParsedInput {
  if (request.body.length > maxBodyBytes) {
    throw new PanelError(413, 'PostTooLargeException', '', { sourceFile: '/vendor/laravel/framework/src/Illuminate/Foundation/Http/Middleware/ValidatePostSize.php' });
  }
  const queryString = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const query = parsePhpQuery(queryString);
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  const isJson = contentType.includes('/json') || contentType.includes('+json');
  const method = request.method.toUpperCase();
  let body: Record<string, unknown> = {};
  if (isJson) body = decodeJsonBody(request.body);
  else if (method !== 'GET' && method !== 'HEAD' && contentType.includes('application/x-www-form-urlencoded')) {
    body = parsePhpQuery(request.body.toString('utf8'));
  }
  return { query, input: normaliseStrings({ ...query, ...body }) as Record<string, unknown> };
}

/** Malformed JSON, or JSON that is not an object, counts as an empty body (no parse error). */
function decodeJsonBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const UNTRIMMED = new Set(['password', 'password_confirmation']);

/** TrimStrings (except passwords) then ConvertEmptyStringsToNull, recursively. */
function normaliseStrings(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    const trimmed = UNTRIMMED.has(key) ? value : value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (Array.isArray(value)) return value.map((v) => normaliseStrings(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseStrings(v, k)]));
  }
  return value;
}
