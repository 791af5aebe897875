import { Agent, request } from 'undici';
import type { Exchange } from './exchange.ts';
import type { OperationIndex } from './operation-index.ts';
import type { Api, Pacer } from './pacer.ts';
import type { KeyRole, RunConfig } from './run-config.ts';

/** The Accept header the panel's own docs and tests send. */
export const JSON_ACCEPT = 'application/vnd.pterodactyl.v1+json';

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
}

export class SafetyError extends Error {}
export class KeyUnavailableError extends Error {}

export type ExchangeListener = (exchange: PanelExchange) => void;

/**
 * The suite's HTTP client: builds requests from the spec's operations, adds the JSON Accept header
 * and the bearer key, paces from X-RateLimit-* headers, and records every exchange. A run that
 * may not write refuses to send anything but GET, whatever a test asks.
 */
export class PanelClient {
  private readonly listeners: ExchangeListener[] = [];
  private readonly dispatcher: Agent;

  constructor(
    readonly baseUrl: string,
    private readonly config: RunConfig,
    private readonly index: OperationIndex,
    private readonly pacer: Pacer,
  ) {
    this.dispatcher = new Agent({ headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs, connectTimeout: config.timeoutMs });
  }

  onExchange(listener: ExchangeListener): void {
    this.listeners.push(listener);
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
    if (upper !== 'GET' && upper !== 'HEAD' && upper !== 'OPTIONS' && !this.config.allowWrites) {
      throw new SafetyError(`refused to send ${upper} ${path}: this run is read-only (set PTERO_ALLOW_WRITES=1 to allow writes)`);
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

    if (paced) await this.pacer.beforeRequest(api, utilizationOf);
    let exchange = await this.exchange(upper, url, headers, body, options.body, api, options.operationId);
    if (paced && exchange.response.status === 429) {
      const retryAfter = Number(exchange.response.headers['retry-after']);
      if (await this.pacer.backOff(retryAfter, 65)) {
        exchange = { ...(await this.exchange(upper, url, headers, body, options.body, api, options.operationId)), suiteCaused429: true };
      }
    }
    if (paced) this.pacer.afterResponse(api, exchange.response.headers);
    for (const listener of this.listeners) listener(exchange);
    return exchange;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private authorizationFor(api: Api, as: CallOptions['as']): string | undefined {
    if (as === 'none') return undefined;
    if (typeof as === 'object') return as.authorization;
    const role: KeyRole = as ?? api;
    const key = this.config.keys[role];
    if (!key) throw new KeyUnavailableError(`no key for role "${role}"`);
    return `Bearer ${key}`;
  }

  private async exchange(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    jsonBody: unknown,
    api: Api,
    operationId: string | undefined,
  ): Promise<PanelExchange> {
    const started = performance.now();
    const response = await request(url, { method: method as 'GET', headers, body, dispatcher: this.dispatcher });
    const rawBody = await response.body.text();
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
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

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
