import type { FailureRecord } from './failure.ts';
import { redactText } from './redaction.ts';

/**
 * After this many failed requests in a row (any connectivity class: no answer, an answer that is not
 * the panel's JSON, a body too large) the panel counts as unreachable: later requests fail at once.
 * Here, not in panel-client.ts: the run's command names it without loading the HTTP client.
 */
export const UNREACHABLE_AFTER = 3;

/**
 * Why a request got no usable panel answer. Transport kinds (the request got no answer at all):
 * timeout, refused, dns, reset, tls, network. Answer kinds (something answered, but not the panel's
 * API, or an answer HTTP itself cannot read): redirect, html, not-json, invalid-json, decoding, too-large,
 * malformed. And throttled: the panel kept
 * answering 429 after the suite backed off.
 */
export type ConnectivityKind =
  | 'timeout'
  | 'refused'
  | 'dns'
  | 'reset'
  | 'tls'
  | 'network'
  | 'redirect'
  | 'html'
  | 'not-json'
  | 'invalid-json'
  | 'decoding'
  | 'too-large'
  | 'malformed'
  | 'throttled';

const TRANSPORT_KINDS: ReadonlySet<ConnectivityKind> = new Set(['timeout', 'refused', 'dns', 'reset', 'tls', 'network']);

/**
 * A request that got no usable answer from the panel, in plain words ("the panel did not answer
 * within 1500 ms", "connection refused", "the panel answered HTML (text/html) instead of JSON") with
 * the request line it concerns. Everything in the message is redacted: no key, no token.
 */
export class ConnectivityError extends Error {
  override readonly name = 'ConnectivityError';
  readonly code = 'PTERO_CONNECTIVITY';

  constructor(
    readonly kind: ConnectivityKind,
    /** The cause in plain words, without the request line. */
    readonly plain: string,
    /** `METHOD URL`, redacted. */
    readonly requestLine: string,
    /** True when this request was not sent because an earlier one already showed the cause. */
    readonly notSent = false,
  ) {
    super(`${plain}${notSent ? ' (seen earlier in this run; this request was not sent)' : ''} — ${requestLine}`);
  }

  /** The request got no answer at all (as opposed to an answer that is not the panel's API). */
  get transport(): boolean {
    return TRANSPORT_KINDS.has(this.kind);
  }

  /** The failure as data (harness/failure.ts): a throttled panel is told apart by `cause`. */
  get failure(): FailureRecord {
    return { kind: 'connectivity', code: this.code, operation: null, status: null, violations: [], reproduce: null, cause: this.kind, message: this.message };
  }

  /** The same cause for another request that is not sent because of it. */
  repeatFor(requestLine: string): ConnectivityError {
    return new ConnectivityError(this.kind, this.plain, requestLine, true);
  }
}

/** `GET http://panel/api/...`, with keys and secret-looking query values redacted. */
export function requestLineOf(method: string, url: string, secrets: readonly string[] = []): string {
  const redacted = redactText(url, secrets).replace(/([?&](?:password|token|key|api_key)=)[^&]*/gi, '$1[REDACTED]');
  return `${method.toUpperCase()} ${redacted}`;
}

/** Where a transport error happened, for the words that describe it. */
export interface TransportContext {
  url: string;
  timeoutMs: number;
  /** Whether the status line and headers had arrived. */
  answered: boolean;
  bytesRead: number;
  declaredLength: number | undefined;
  /** Our own deadline fired (an AbortSignal we own). */
  deadline: boolean;
}

/** The plain-words cause of an undici / node:net / TLS error. */
export function describeTransportError(error: unknown, ctx: TransportContext): { kind: ConnectivityKind; plain: string } {
  const { hostname, host } = hostOf(ctx.url);
  const code = errorCode(error);
  const message = errorMessage(error);
  const progress = `after ${ctx.bytesRead}${ctx.declaredLength === undefined ? '' : ` of ${ctx.declaredLength}`} bytes`;
  if (ctx.deadline || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return ctx.answered
      ? { kind: 'timeout', plain: `the panel did not finish its answer within ${ctx.timeoutMs} ms (it stalled mid-body ${progress}; PTERO_TIMEOUT_MS)` }
      : { kind: 'timeout', plain: `the panel did not answer within ${ctx.timeoutMs} ms (PTERO_TIMEOUT_MS)` };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return { kind: 'timeout', plain: `could not connect to ${host} within ${ctx.timeoutMs} ms (PTERO_TIMEOUT_MS)` };
  }
  if (code === 'ECONNREFUSED') return { kind: 'refused', plain: `connection refused: nothing listens on ${host}` };
  if (code === 'ENOTFOUND') return { kind: 'dns', plain: `host not found: ${hostname} does not resolve (check PTERO_URL)` };
  if (code === 'EAI_AGAIN') return { kind: 'dns', plain: `host not found: ${hostname} could not be resolved (the DNS lookup failed; check PTERO_URL and the resolver)` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { kind: 'network', plain: `no route to ${host} (${code})` };
  if (isPlainHttpAnsweringTls(code, message)) {
    return {
      kind: 'tls',
      plain: `TLS spoken to a plain-HTTP port: PTERO_URL says https:// but ${host} answered the TLS handshake in plain HTTP (use http://, or the panel's HTTPS port)`,
    };
  }
  if (code !== undefined && (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || CERT_CODES.has(code) || code === 'EPROTO')) {
    return { kind: 'tls', plain: `the TLS handshake with ${host} failed: ${code}${message ? ` (${firstLine(message)})` : ''}` };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return ctx.answered
      ? { kind: 'reset', plain: `connection reset mid-body (${progress})` }
      : { kind: 'reset', plain: `connection reset by ${host} before the panel answered` };
  }
  // The panel answered, but its answer breaks HTTP (a 204 or 304 with a body, a body longer or shorter
  // than its Content-Length): an answer every client chokes on, so a deviation, not a lost panel.
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return { kind: 'malformed', plain: `the panel's answer does not match its content-length (the 204 has a body, or the body is cut short): ${firstLine(message)}` };
  }
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return ctx.answered
      ? { kind: 'reset', plain: `connection closed mid-body (${progress})` }
      : { kind: 'reset', plain: `${host} closed the connection without answering` };
  }
  return { kind: 'network', plain: `network error talking to ${host}: ${code ?? 'error'}${message ? ` (${firstLine(message)})` : ''}` };
}

/** Limits on what the client reads. */
export interface AnswerContext {
  /** The request's Accept asked for JSON: anything else is not the panel's API answering. */
  acceptJson: boolean;
}

/**
 * Why an answer that did arrive cannot be the panel's API answering a JSON request: a redirect (a v0.7
 * panel redirects to /auth/login when it takes the request for a browser's), an HTML page (a proxy's
 * 502), another content type, or a body that is not valid JSON. Empty bodies (204, HEAD, OPTIONS) pass.
 */
export function describeAnswerProblem(
  response: { status: number; headers: Record<string, string>; rawBody: string },
  ctx: AnswerContext,
): { kind: ConnectivityKind; plain: string } | undefined {
  if (!ctx.acceptJson) return undefined;
  const { status, headers, rawBody } = response;
  const location = headers['location'];
  if (status >= 300 && status < 400 && location !== undefined) {
    const target = redactText(location);
    const login = /\/auth\/login(?:[?#]|$)/.test(location);
    return {
      kind: 'redirect',
      plain: `the panel redirected (${status}) to ${target} instead of answering JSON${
        login ? ': it took the request for a browser\'s (a v0.7 panel does this when the Accept header is not JSON — did a proxy drop it?)' : ''
      }`,
    };
  }
  if (rawBody.length === 0) return undefined;
  const fullType = headers['content-type'] ?? '';
  const type = fullType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || (type === '' && /^\s*<(?:!doctype html|html)/i.test(rawBody))) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(rawBody)?.[1]?.trim();
    const proxy = status === 502 || status === 503 || status === 504 ? ' (a proxy\'s error page: is the panel behind it running?)' : '';
    return {
      kind: 'html',
      plain: `the panel answered HTML (${type || 'no Content-Type'}) instead of JSON: ${status}${title ? ` "${clip(redactText(title), 80)}"` : ''}${proxy}`,
    };
  }
  const jsonType = /^application\/(?:[\w.+-]+\+)?json$/.test(type);
  let parseError: string | undefined;
  try {
    JSON.parse(rawBody);
  } catch (error) {
    parseError = error instanceof Error ? error.message : String(error);
  }
  if (!jsonType) {
    return {
      kind: 'not-json',
      plain: `the panel answered ${type ? `${type}` : 'without a Content-Type'} instead of JSON (${status}, ${rawBody.length} bytes${parseError ? '' : '; the body itself is JSON'})`,
    };
  }
  if (parseError !== undefined) {
    // The parser ran out of body (or stopped at its very end): the answer was cut short.
    const position = Number(/position (\d+)/.exec(parseError)?.[1] ?? Number.NaN);
    const atEnd = /end of (?:JSON )?input|Unterminated/i.test(parseError) || position >= rawBody.trimEnd().length;
    const truncated = atEnd ? '; the body ends early: truncated?' : '';
    return { kind: 'invalid-json', plain: `invalid JSON: ${clip(redactText(parseError), 160)} (${status}, ${rawBody.length} bytes${truncated})` };
  }
  return undefined;
}

export function tooLarge(limitBytes: number, declaredLength: number | undefined): { kind: ConnectivityKind; plain: string } {
  return {
    kind: 'too-large',
    plain: `the panel sent a body larger than ${megabytes(limitBytes)} (${
      declaredLength === undefined ? 'the client stopped reading there' : `Content-Length ${declaredLength}`
    }); no real answer is that large`,
  };
}

export function megabytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

function isPlainHttpAnsweringTls(code: string | undefined, message: string): boolean {
  return code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number|packet length too long|http request/i.test(message);
}

/** The first error code in the chain (cause, AggregateError members). */
function errorCode(error: unknown): string | undefined {
  for (const e of chain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  for (const e of chain(error)) if (e instanceof Error && e.message) return e.message;
  return '';
}

function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    out.push(current);
    if (current instanceof AggregateError && current.errors.length > 0) out.push(...current.errors);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

function hostOf(url: string): { hostname: string; host: string } {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    return { hostname: parsed.hostname, host: `${parsed.hostname}:${port}` };
  } catch {
    return { hostname: url, host: url };
  }
}

function firstLine(text: string): string {
  return clip(redactText(text.split('\n')[0] ?? ''), 200);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
