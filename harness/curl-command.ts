import type { Exchange } from './exchange.ts';
import { redactHeaders, redactJson, redactUrl } from './redaction.ts';

/**
 * A curl line that repeats the request, with every credential redacted (key, cookies, passwords in
 * the URL or body), whether or not the exchange was redacted before.
 */
export function curlCommand(exchange: Exchange, secrets: readonly string[] = []): string {
  const { method, url, headers, body } = exchange.request;
  const parts = ['curl', '-X', method.toUpperCase(), quote(redactUrl(url, secrets))];
  for (const [name, value] of Object.entries(redactHeaders(headers, secrets))) parts.push('-H', quote(`${name}: ${value}`));
  // The recorded body is the JSON value that was sent (strings included: a form-encoded string is redacted by its pairs).
  if (body !== undefined) parts.push('--data', quote(JSON.stringify(redactJson(body, secrets))));
  return parts.join(' ');
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
