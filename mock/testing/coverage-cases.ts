// What the spec-coverage self-tests (mock/spec-coverage.test.ts and the v1.11 twin's two) share:
// the layered case requests of their YAML files, the URL a case names, and sending it through the
// shared request helper. Each test keeps its own setup (the daemon it simulates) and expectations.
import type { OperationInfo } from '../../harness/operation-index.ts';
import type { MockPanel } from '../panel.ts';
import type { Seed } from '../store/rows.ts';
import type { KeyedSeed } from './fixture-keys.ts';
import { request, type TestResponse } from './panel-request.ts';

/** A request sent before the case's own (to use up a window, create a row…), with the status it must get. */
export interface BeforeRequest {
  method: string;
  url: string;
  key?: string | null;
  body?: unknown;
  repeat?: number;
  status?: number;
}

/** One layer of a case's request (the operation's base, the status's default, the case); `Setup` is the test's own. */
export interface CaseRequestOf<Setup extends object> {
  method?: string;
  url?: string;
  params?: Record<string, string | number>;
  query?: string;
  key?: string | null;
  authorization?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  ip?: string;
  setup?: Setup;
  debugToo?: boolean;
  /** false: the status's default is not applied (the case has its own reason). */
  useDefaults?: boolean;
  /** The `code` of the first error object. */
  code?: string;
  why?: string;
}

/** Later layers win; `setup`, `params` and `headers` merge one level deep, `query` strings are joined. */
export function mergeLayers<R extends CaseRequestOf<object>>(...layers: (R | undefined)[]): R {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [name, value] of Object.entries(layer)) {
      const current = out[name];
      if (name === 'query' && typeof current === 'string' && current !== '' && typeof value === 'string') out[name] = `${current}&${value}`;
      else if ((name === 'setup' || name === 'params' || name === 'headers') && current !== null && typeof current === 'object' && value !== null && typeof value === 'object') {
        out[name] = { ...current, ...value };
      } else out[name] = value;
    }
  }
  return out as R;
}

/** The case's URL: its own `url`, else the operation's path with `params`; then its `query`. */
export function caseUrl(info: OperationInfo, req: Pick<CaseRequestOf<object>, 'url' | 'params' | 'query'>): string {
  let path = req.url;
  if (path === undefined) {
    path = info.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = req.params?.[name];
      if (value === undefined) throw new Error(`${info.operationId}: no value for path parameter {${name}}`);
      return encodeURIComponent(String(value));
    });
  }
  return req.query ? `${path}${path.includes('?') ? '&' : '?'}${req.query}` : path;
}

type Sendable = Pick<CaseRequestOf<object>, 'key' | 'authorization' | 'body' | 'rawBody' | 'headers' | 'ip'>;

/** Sends a case's request (a fixture key by name, or a raw Authorization) to a panel of any profile. */
export function sendCase<S extends KeyedSeed = Seed>(panel: MockPanel<S>, method: string, url: string, req: Sendable): Promise<TestResponse> {
  return request(panel, method, url, {
    ...(req.key ? { key: req.key } : {}),
    ...(req.authorization !== undefined ? { authorization: req.authorization } : {}),
    ...(req.body !== undefined ? { body: req.body } : {}),
    ...(req.rawBody !== undefined ? { rawBody: req.rawBody } : {}),
    ...(req.headers ? { headers: req.headers } : {}),
    ...(req.ip ? { ip: req.ip } : {}),
  });
}

/** The case's `before` requests, each as often as it says; an answer with another status than it says fails the case. */
export async function sendBefore<S extends KeyedSeed = Seed>(panel: MockPanel<S>, befores: readonly BeforeRequest[]): Promise<void> {
  for (const before of befores) {
    for (let i = 0; i < (before.repeat ?? 1); i++) {
      const answer = await sendCase(panel, before.method, before.url, { key: before.key ?? null, body: before.body });
      if (before.status !== undefined && answer.status !== before.status) {
        throw new Error(`setup: ${before.method} ${before.url} #${i + 1} answered ${answer.status}, not ${before.status}: ${answer.body}`);
      }
    }
  }
}
