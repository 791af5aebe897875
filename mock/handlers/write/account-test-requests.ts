import type { MockPanel } from '../../panel.ts';

/**
 * Test support for the user / location / node / allocation write handler tests: full requests
 * through `panel.handle`, as an HTTP client sends them.
 */

/** The seed's `app-full` application key (fixtures/seed.yaml, api_keys id 1): identifier + token. */
export const APP_FULL_KEY = '0Vo64ff5lbW0lkch' + 'lgjoALUr6D3zQc5Ue2XpCYwZ4xfjKQdH';

export interface TestResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  rawBody: string;
  json: any;
}

export interface SendOptions {
  host?: string;
  scheme?: 'http' | 'https';
}

export async function send(panel: MockPanel, method: string, url: string, body?: unknown, options: SendOptions = {}): Promise<TestResponse> {
  const response = await panel.handle({
    method,
    url,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${APP_FULL_KEY}`,
      host: options.host ?? 'panel.test',
      'content-type': 'application/json',
    },
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
    remoteAddress: '127.0.0.1',
    scheme: options.scheme ?? 'http',
  });
  const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
  let json: unknown;
  try {
    json = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers, rawBody: response.body, json };
}

/** The single error object of an error body. */
export function errorOf(response: TestResponse): { code: string; status: string; detail: string; source?: unknown } {
  return response.json.errors[0];
}

/**
 * Everything a request may change, without the key-use bookkeeping of authentication
 * (api_keys.last_used_at): every other table, the id counters and the daemon state.
 */
export function storeState(panel: MockPanel): unknown {
  const snapshot = panel.store.snapshot();
  const apiKeys = snapshot.tables.api_keys.map(({ last_used_at: _used, ...rest }) => rest);
  return { tables: { ...snapshot.tables, api_keys: apiKeys }, daemon: snapshot.daemon, nextIds: snapshot.nextIds };
}
