import type { OutgoingResponse } from '../../http/messages.ts';
import type { MockPanelV111 } from '../panel.ts';

export interface TestRequestV111 {
  /** A seed key by its memo (`app-full`, `client-owner`…). */
  key?: string;
  /** A raw Authorization header instead. */
  authorization?: string;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  ip?: string;
}

export interface TestResponseV111 extends OutgoingResponse {
  lowerHeaders: Record<string, string>;
  json: any; // any: tests inspect arbitrary bodies
}

/** `identifier + token` of the seed key whose memo starts with `name:` (the 0.7 seed's convention). */
export function seedKeyV111(panel: MockPanelV111, memo: string): string {
  const key = panel.store.first('api_keys', (k) => (k.memo ?? '').startsWith(`${memo}:`));
  if (!key) throw new Error(`no seed key with memo ${memo}`);
  return `${key.identifier}${key.token}`;
}

/** One in-process request to the v1.11 twin as a JSON API client sends it. */
export async function requestV111(panel: MockPanelV111, method: string, url: string, options: TestRequestV111 = {}): Promise<TestResponseV111> {
  const headers: Record<string, string> = { accept: 'application/json', host: 'panel.test', ...lower(options.headers ?? {}) };
  if (options.key) headers['authorization'] = `Bearer ${seedKeyV111(panel, options.key)}`;
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  let body = Buffer.alloc(0);
  if (options.rawBody !== undefined) body = Buffer.from(options.rawBody);
  else if (options.body !== undefined) {
    body = Buffer.from(JSON.stringify(options.body));
    headers['content-type'] ??= 'application/json';
  }
  const response = await panel.handle({ method, url, headers, body, remoteAddress: options.ip ?? '127.0.0.1', scheme: 'http' });
  let json: unknown;
  try {
    json = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    json = undefined;
  }
  return { ...response, lowerHeaders: lower(response.headers), json };
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
