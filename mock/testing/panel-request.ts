import type { OutgoingResponse } from '../http/messages.ts';
import type { MockPanel } from '../panel.ts';
import type { Seed } from '../store/rows.ts';
import { fixtureKey, type KeyedSeed } from './fixture-keys.ts';

export interface TestRequest {
  /** A fixture key name (memo prefix, e.g. app-full) or a raw Authorization value via `authorization`. */
  key?: string;
  authorization?: string;
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  ip?: string;
  scheme?: 'http' | 'https';
}

export interface TestResponse extends OutgoingResponse {
  /** Lower-cased response headers, as a client sees them. */
  lowerHeaders: Record<string, string>;
  json: any; // any: tests inspect arbitrary bodies
}

/** Sends one in-process request to the mock (of any profile) as a JSON API client would. */
export async function request<S extends KeyedSeed = Seed>(panel: MockPanel<S>, method: string, url: string, options: TestRequest = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { accept: 'application/json', host: 'panel.test', ...lower(options.headers ?? {}) };
  if (options.key) headers['authorization'] = `Bearer ${fixtureKey(panel, options.key)}`;
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  let body = Buffer.alloc(0);
  if (options.rawBody !== undefined) body = Buffer.from(options.rawBody);
  else if (options.body !== undefined) {
    body = Buffer.from(JSON.stringify(options.body));
    headers['content-type'] ??= 'application/json';
  }
  const response = await panel.handle({ method, url, headers, body, remoteAddress: options.ip ?? '127.0.0.1', scheme: options.scheme ?? 'http' });
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
