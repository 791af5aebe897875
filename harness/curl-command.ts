import type { Exchange } from './exchange.ts';
import { redactHeaders } from './redaction.ts';

/** A curl line that repeats the request, with the key redacted. */
export function curlCommand(exchange: Exchange): string {
  const { method, url, headers, body } = exchange.request;
  const parts = ['curl', '-X', method.toUpperCase(), quote(url)];
  for (const [name, value] of Object.entries(redactHeaders(headers))) parts.push('-H', quote(`${name}: ${value}`));
  if (body !== undefined) parts.push('--data', quote(JSON.stringify(body)));
  return parts.join(' ');
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
