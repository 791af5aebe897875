import type { MockPanel } from '../../panel.ts';
import { request } from '../../testing/panel-request.ts';

/**
 * Test support for the user / location / node / allocation write handler tests: full requests
 * through `panel.handle`, as an HTTP client sends them.
 */

export interface TestResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  rawBody: string;
  json: any; // any: tests inspect arbitrary bodies
}

export interface SendOptions {
  host?: string;
  scheme?: 'http' | 'https';
}

/** A request with the seed's app-full key, as an HTTP client sends it. */
export async function send(panel: MockPanel, method: string, url: string, body?: unknown, options: SendOptions = {}): Promise<TestResponse> {
  const r = await request(panel, method, url, {
    key: 'app-full',
    headers: { 'content-type': 'application/json', ...(options.host ? { host: options.host } : {}) },
    ...(options.scheme ? { scheme: options.scheme } : {}),
    ...(body === undefined ? {} : { body }),
  });
  return { status: r.status, headers: r.lowerHeaders, rawBody: r.body, json: r.json };
}

/** The single error object of an error body. */
export function errorOf(response: TestResponse): { code: string; status: string; detail: string; source?: unknown } {
  return response.json.errors[0];
}

export { storeState } from '../../testing/store-state.ts';
