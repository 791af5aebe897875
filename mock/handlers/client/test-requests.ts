import type { MockPanel } from '../../panel.ts';
import { request } from '../../testing/panel-request.ts';

/**
 * Test support for the server / daemon handler tests: the seed's API keys and a way to drive a full
 * request through `panel.handle` the way an HTTP client would.
 */
export type KeyName =
  | 'app-full'
  | 'client-owner'
  | 'client-subuser-limited'
  | 'client-subuser-power'
  | 'client-root-admin'
  | 'client-stranger'
  | 'client-owner-msmith'
  | 'client-owner-kwilliams'
  | 'client-owner-alpha';

export interface TestResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  rawBody: string;
  json: any; // any: tests inspect arbitrary bodies
}

export async function send(panel: MockPanel, key: KeyName, method: string, url: string, body?: unknown): Promise<TestResponse> {
  const r = await request(panel, method, url, { key, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) });
  return { status: r.status, headers: r.lowerHeaders, rawBody: r.body, json: r.json };
}

/** The single error object of an error body. */
export function errorOf(response: TestResponse): { code: string; status: string; detail: string } {
  return response.json.errors[0];
}

export const DAEMON_TEXT = (status: string | number) =>
  `There was an exception while attempting to communicate with the daemon resulting in a HTTP/${status} response code. This exception has been logged.`;

export { storeState } from '../../testing/store-state.ts';
