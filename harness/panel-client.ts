import type { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { parentGone } from './parent-liveness.ts';
import { ConnectivityError, UNREACHABLE_AFTER, describeAnswerProblem, describeTransportError, megabytes, requestLineOf, tooLarge } from './connectivity-error.ts';
import type { Exchange } from './exchange.ts';
import { redactText } from './redaction.ts';
import type { OperationIndex } from './operation-index.ts';
import type { Api, Pacer } from './pacer.ts';
import type { KeyRole, RunConfig } from './run-config.ts';

/** The Accept header the panel's own docs and tests send. */
export const JSON_ACCEPT = 'application/vnd.pterodactyl.v1+json';

/** No real answer comes near this; a larger body is reported, not read (also after decompression). */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** The longest Retry-After the suite waits out once before it reports the panel as throttling. */
export const MAX_BACKOFF_SECONDS = 65;
export { UNREACHABLE_AFTER };

export interface CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  /** JSON body; `rawBody` sends bytes as they are. */
  body?: unknown;
  rawBody?: string;
  /** The key role to authenticate as (default: the operation's API key), `none`, or a raw Authorization value. */
  as?: KeyRole | 'none' | { authorization: string };
  headers?: Record<string, string>;
  /** Rate-limit probes turn pacing off: they exhaust the window on purpose. */
  paced?: boolean;
}

export interface PanelExchange extends Exchange {
  operationId: string | undefined;
  api: Api;
  /** The parsed body, when it is JSON. */
  json: unknown;
  durationMs: number;
  /** The suite's own traffic hit the limit, and the answer after waiting is the one kept. */
  suiteCaused429: boolean;
  /** Set when the client threw a ConnectivityError for this exchange: the cause in plain words. */
  failure?: string;
}

export interface PanelClientLimits {
  /** The most bytes of a body the client reads (default MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
}

/** The suite refused to send a request (a write on a read-only run, a run whose parent is gone). */
export class SafetyError extends Error {
  override readonly name = 'SafetyError';
  readonly code = 'PTERO_SAFETY';
}

/** The run has no key for a role a behaviour needs. */
export class KeyUnavailableError extends Error {
  override readonly name = 'KeyUnavailableError';
  readonly code = 'PTERO_KEY_UNAVAILABLE';
}

export type ExchangeListener = (exchange: PanelExchange) => void;
/** Told about every request not sent because the panel already counts as unreachable (or throttling). */
export type RefusalListener = (stoppedBy: ConnectivityError) => void;

/**
 * The suite's HTTP client: builds requests from the spec's operations, adds the JSON Accept header
 * and the bearer key, paces from X-RateLimit-* headers, and records every exchange. A run that
 * may not write refuses to send anything but GET, whatever a test asks.
 */
/** One request as the client sends it: the wire form, the JSON it came from, and the redacted request line. */
interface Outgoing {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly jsonBody: unknown;
  readonly api: Api;
  readonly operationId: string | undefined;
  readonly line: string;
}

export class PanelClient {
  private readonly listeners: ExchangeListener[] = [];
  private readonly refusalListeners: RefusalListener[] = [];
  private readonly dispatcher: Agent;
  private readonly maxResponseBytes: number;
  /** Set once the panel is known not to answer (throttling, unreachable): later requests fail fast with it. */
  private stoppedBy: ConnectivityError | undefined;
  private failuresInARow = 0;

  constructor(
    readonly baseUrl: string,
    private readonly config: RunConfig,
    private readonly index: OperationIndex,
    private readonly pacer: Pacer,
    limits: PanelClientLimits = {},
  ) {
    this.dispatcher = new Agent({ headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs, connectTimeout: config.timeoutMs });
    this.maxResponseBytes = limits.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  }

  onExchange(listener: ExchangeListener): void {
    this.listeners.push(listener);
  }

  onRefusal(listener: RefusalListener): void {
    this.refusalListeners.push(listener);
  }

  /** Set once the panel counts as unreachable (or throttling): the cause every later request fails with. */
  get stopCause(): ConnectivityError | undefined {
    return this.stoppedBy;
  }

  hasKey(role: KeyRole): boolean {
    return this.config.keys[role] !== undefined;
  }

  /** Calls a spec operation by operationId. */
  call(operationId: string, options: CallOptions = {}): Promise<PanelExchange> {
    const info = this.index.get(operationId);
    const path = info.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new Error(`${operationId} needs the path parameter "${name}"`);
      return encodeURIComponent(String(value));
    });
    return this.send(info.method.toUpperCase(), path, { ...options, operationId, api: info.api });
  }

  /** Sends any request (for routes the spec does not have, e.g. the legacy docs' 1.x paths). */
  async send(method: string, path: string, options: CallOptions & { operationId?: string; api?: Api } = {}): Promise<PanelExchange> {
    const upper = method.toUpperCase();
    if (upper !== 'GET' && upper !== 'HEAD' && upper !== 'OPTIONS') {
      if (!this.config.allowWrites) throw new SafetyError(`refused to send ${upper} ${path}: this run is read-only (set PTERO_ALLOW_WRITES=1 to allow writes)`);
      // A runner orphaned by a killed conformance process sends no write (harness/parent-liveness.ts).
      if (parentGone()) throw new SafetyError(`refused to send ${upper} ${path}: the conformance process that started this run is gone; what the run created stays in its ledger for npm run cleanup`);
    }
    const api: Api = options.api ?? (path.startsWith('/api/client') ? 'client' : 'application');
    const headers: Record<string, string> = { accept: JSON_ACCEPT, ...lowerKeys(options.headers ?? {}) };
    const authorization = this.authorizationFor(api, options.as);
    if (authorization !== undefined) headers['authorization'] = authorization;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const query = options.query ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
    const url = `${this.baseUrl}${path}${query}`;
    const paced = options.paced ?? true;
    const utilizationOf = options.operationId === 'getClientServerUtilization' ? headers['authorization'] : undefined;
    const line = requestLineOf(upper, url, this.secrets());
    if (this.stoppedBy) {
      for (const listener of this.refusalListeners) listener(this.stoppedBy);
      throw this.stoppedBy.repeatFor(line);
    }

    if (paced) await this.pacer.beforeRequest(api, utilizationOf);
    const attempt = () => this.attempt({ method: upper, url, headers, body, jsonBody: options.body, api, operationId: options.operationId, line });
    let exchange = await attempt();
    if (paced && exchange.response.status === 429) {
      const retryAfter = Number(exchange.response.headers['retry-after']);
      const waited = await this.pacer.backOff(retryAfter, MAX_BACKOFF_SECONDS);
      if (waited) exchange = { ...(await attempt()), suiteCaused429: true };
      if (exchange.response.status === 429) {
        // The panel throttles beyond what the suite caused: one cause for the rest of the run, no more waiting.
        this.stoppedBy = new ConnectivityError('throttled', throttledCause(exchange, retryAfter, waited), line);
        this.pacer.afterResponse(api, exchange.response.headers);
        this.notify({ ...exchange, failure: this.stoppedBy.plain });
        throw this.stoppedBy;
      }
    }
    if (paced) this.pacer.afterResponse(api, exchange.response.headers);
    const problem = describeAnswerProblem(exchange.response, { acceptJson: /json/i.test(headers['accept'] ?? '') });
    if (problem) {
      // Something answered, but not the panel's JSON API (a proxy's error page, a login redirect, broken JSON).
      const error = new ConnectivityError(problem.kind, problem.plain, line);
      this.countFailure(error);
      this.notify({ ...exchange, failure: error.plain });
      throw error;
    }
    this.failuresInARow = 0;
    this.notify(exchange);
    return exchange;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private secrets(): string[] {
    return Object.values(this.config.keys).filter((k): k is string => typeof k === 'string');
  }

  private notify(exchange: PanelExchange): void {
    for (const listener of this.listeners) listener(exchange);
  }

  /**
   * One exchange; a request that got no usable answer becomes a ConnectivityError in plain words,
   * is still recorded (status 0) for the run's reports, and counts towards the unreachable verdict
   * (as does an answer that is not the panel's JSON, in `send`).
   */
  private async attempt(outgoing: Outgoing): Promise<PanelExchange> {
    const { method, url, headers, jsonBody, api, operationId, line } = outgoing;
    const started = performance.now();
    try {
      return await this.exchange(outgoing);
    } catch (error) {
      const failure = error instanceof ConnectivityError ? error : this.unexpected(error, line);
      this.countFailure(failure);
      this.notify({
        operationId,
        api,
        request: { method, url, headers, ...(jsonBody === undefined ? {} : { body: jsonBody }) },
        response: { status: 0, headers: {}, rawBody: '' },
        json: undefined,
        durationMs: performance.now() - started,
        suiteCaused429: false,
        failure: failure.plain,
      });
      throw failure;
    }
  }

  /** Every connectivity class counts: a body too large or an HTML page is as useless as no answer. */
  private countFailure(failure: ConnectivityError): void {
    if (++this.failuresInARow >= UNREACHABLE_AFTER) this.stoppedBy ??= failure;
  }

  private unexpected(error: unknown, line: string): ConnectivityError {
    const message = error instanceof Error ? error.message : String(error);
    return new ConnectivityError('network', `the request failed: ${redactText(message, this.secrets())}`, line);
  }

  private authorizationFor(api: Api, as: CallOptions['as']): string | undefined {
    if (as === 'none') return undefined;
    if (typeof as === 'object') return as.authorization;
    const role: KeyRole = as ?? api;
    const key = this.config.keys[role];
    if (!key) throw new KeyUnavailableError(`no key for role "${role}"`);
    return `Bearer ${key}`;
  }

  private async exchange(outgoing: Outgoing): Promise<PanelExchange> {
    const { method, url, headers, body, jsonBody, api, operationId, line } = outgoing;
    const started = performance.now();
    // One deadline for the whole exchange (undici's own timeouts are per phase and reset on every chunk).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.config.timeoutMs);
    const progress = { answered: false, bytesRead: 0, declaredLength: undefined as number | undefined };
    let rawBody: string;
    let response: Awaited<ReturnType<typeof request>>;
    const responseHeaders: Record<string, string> = {};
    try {
      response = await request(url, { method: method as 'GET', headers, body, dispatcher: this.dispatcher, signal: deadline.signal });
      progress.answered = true;
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const declared = responseHeaders['content-length'];
      if (declared !== undefined && /^\d+$/.test(declared)) progress.declaredLength = Number(declared);
      const raw = await readCapped(response.body, this.maxResponseBytes, progress, line);
      rawBody = decode(raw, responseHeaders['content-encoding'], this.maxResponseBytes, line).toString('utf8');
    } catch (error) {
      if (error instanceof ConnectivityError) throw error;
      const cause = describeTransportError(error, { url, timeoutMs: this.config.timeoutMs, ...progress, deadline: deadline.signal.aborted });
      throw new ConnectivityError(cause.kind, cause.plain, line);
    } finally {
      clearTimeout(timer);
    }
    let json: unknown;
    try {
      json = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      json = undefined;
    }
    return {
      operationId,
      api,
      request: { method, url, headers, ...(jsonBody === undefined ? {} : { body: jsonBody }) },
      response: { status: response.statusCode, headers: responseHeaders, rawBody },
      json,
      durationMs: performance.now() - started,
      suiteCaused429: false,
    };
  }
}

/** The body, up to `limit` bytes; past that the connection is dropped and the size reported. */
async function readCapped(
  body: Readable,
  limit: number,
  progress: { bytesRead: number; declaredLength: number | undefined },
  line: string,
): Promise<Buffer> {
  if (progress.declaredLength !== undefined && progress.declaredLength > limit) {
    body.destroy();
    const cause = tooLarge(limit, progress.declaredLength);
    throw new ConnectivityError(cause.kind, cause.plain, line);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    progress.bytesRead += buffer.length;
    if (progress.bytesRead > limit) {
      body.destroy();
      const cause = tooLarge(limit, undefined);
      throw new ConnectivityError(cause.kind, cause.plain, line);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Undoes Content-Encoding (gzip, deflate, br; a list is undone last first), capped like the body. */
function decode(raw: Buffer, contentEncoding: string | undefined, limit: number, line: string): Buffer {
  const encodings = (contentEncoding ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== '' && e !== 'identity');
  let out = raw;
  for (const encoding of encodings.reverse()) {
    if (out.length === 0) break;
    const options = { maxOutputLength: limit };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') out = gunzipSync(out, options);
      else if (encoding === 'br') out = brotliDecompressSync(out, options);
      else if (encoding === 'deflate') {
        try {
          out = inflateSync(out, options);
        } catch {
          out = inflateRawSync(out, options); // some servers send raw deflate
        }
      } else {
        throw new ConnectivityError('decoding', `the panel sent a body encoded as "${encoding}" (Content-Encoding), which the client cannot decode`, line);
      }
    } catch (error) {
      if (error instanceof ConnectivityError) throw error;
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new ConnectivityError('too-large', `the panel sent a body that decompresses to more than ${megabytes(limit)}; no real answer is that large`, line);
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new ConnectivityError('decoding', `the body could not be decoded as ${encoding} (Content-Encoding: ${contentEncoding}): ${message}`, line);
    }
  }
  return out;
}

function throttledCause(exchange: PanelExchange, retryAfter: number, waited: boolean): string {
  const code = (exchange.json as { errors?: { code?: unknown }[] } | undefined)?.errors?.[0]?.code;
  const what = `429${typeof code === 'string' ? ` ${code}` : ''}`;
  if (!Number.isFinite(retryAfter)) return `the panel throttled the suite: ${what} without Retry-After, so the suite cannot know when to try again`;
  const detail = waited ? `still 429 after waiting ${retryAfter + 1} s` : `longer than the ${MAX_BACKOFF_SECONDS} s the suite waits out`;
  return `the panel throttled the suite: ${what} with Retry-After ${retryAfter} (${detail}; is another client sharing this IP's window?)`;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
