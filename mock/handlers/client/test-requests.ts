import type { MockPanel } from '../../panel.ts';

/**
 * Test support for the server / daemon handler tests: the seed's API keys and a way to drive a full
 * request through `panel.handle` the way an HTTP client would.
 */
export const KEYS = {
  'app-full': '0Vo64ff5lbW0lkch' + 'lgjoALUr6D3zQc5Ue2XpCYwZ4xfjKQdH',
  'client-owner': 'C46z8qbjf01hIwtx' + 'zypXR68nOpyrmt58lbdunEGfcEkX5OSA',
  'client-subuser-limited': 'J3dU91qWKPjbb7Ad' + '93MTGll5Ej6ZjSkR8Te1VKvSqO7EhZ1x',
  'client-subuser-power': 'PrREflpR8A6KgjmJ' + 'HYQRe8mmgUvUP1AevQpLeea0mrqGeDSo',
  'client-root-admin': 'EYBGi0WEVyTBzbft' + 'cT1DRarHiNNRSLW7Y5bZ4Wd1bRgGgmEk',
  'client-stranger': 'X7adcdtLS1S75LGv' + 'Rk2kKP3pTV8GS8v81wHb4orAok0h62wP',
  'client-owner-msmith': 'ayCw4nM9tTfqUAEs' + 'TQ8AclTHTfrVCQav3DFCJZhfIFUxf6me',
  'client-owner-kwilliams': 'xnxCTARMXFogZ53v' + 'AaqG47JADuutxYuniiSFoyX1TqXS1Rmj',
  'client-owner-alpha': 'ygHQccoiN2qUFsfz' + '41Rz7u4ibyJ4vYiBaajiKhxXfx4iQdBo',
} as const;
export type KeyName = keyof typeof KEYS;

export interface TestResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  rawBody: string;
  json: any;
}

export async function send(panel: MockPanel, key: KeyName, method: string, url: string, body?: unknown): Promise<TestResponse> {
  const response = await panel.handle({
    method,
    url,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${KEYS[key]}`,
      host: 'panel.test',
      'content-type': 'application/json',
    },
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
    remoteAddress: '127.0.0.1',
    scheme: 'http',
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
export function errorOf(response: TestResponse): { code: string; status: string; detail: string } {
  return response.json.errors[0];
}

export const DAEMON_TEXT = (status: string | number) =>
  `There was an exception while attempting to communicate with the daemon resulting in a HTTP/${status} response code. This exception has been logged.`;

/**
 * The store as a request may change it: every table and the daemon state, without the key-use
 * side effects of authentication (api_keys.last_used_at) and, for client requests, the lazily
 * created daemon keys.
 */
export function storeState(panel: MockPanel, options: { withoutDaemonKeys?: boolean } = {}): unknown {
  const snapshot = panel.store.snapshot();
  const tables: Record<string, unknown> = { ...snapshot.tables };
  delete tables['api_keys'];
  const nextIds: Record<string, number> = { ...snapshot.nextIds };
  if (options.withoutDaemonKeys) {
    delete tables['daemon_keys'];
    delete nextIds['daemon_keys'];
  }
  return { tables, daemon: snapshot.daemon, nextIds };
}
