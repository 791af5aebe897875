import type { Exchange } from './exchange.ts';

/** Placeholder written wherever a secret was. */
export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-access-token']);
const SECRET_FIELDS = new Set(['password', 'password_confirmation', 'current_password', 'token', 'secret', 'daemonsecret', 'daemon_secret']);
// A v0.7 key is 48 letters and digits (16-character identifier + 32-character token).
const PANEL_KEY_PATTERN = /(?<![A-Za-z0-9])[A-Za-z0-9]{48}(?![A-Za-z0-9])/g;

/** Headers with credentials replaced; the scheme of Authorization is kept so a reader sees which was sent. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!SECRET_HEADERS.has(lower)) out[name] = value;
    else if (lower === 'authorization') out[name] = /^\S+\s+\S/.test(value) ? `${value.split(/\s+/)[0]} ${REDACTED}` : REDACTED;
    else out[name] = REDACTED;
  }
  return out;
}

/** A string with every known secret and anything shaped like a panel key replaced. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  return out.replace(PANEL_KEY_PATTERN, REDACTED);
}

/** A JSON value with secret-named fields replaced, and strings redacted as text. */
export function redactJson(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k.toLowerCase()) && v !== null ? REDACTED : redactJson(v, secrets)]),
    );
  }
  return value;
}

/** An exchange safe to store, attach, print or log. */
export function redactExchange(exchange: Exchange, secrets: readonly string[] = []): Exchange {
  return {
    request: {
      method: exchange.request.method,
      url: redactUrl(exchange.request.url, secrets),
      headers: mapValues(redactHeaders(exchange.request.headers), (v) => redactText(v, secrets)),
      ...(exchange.request.body === undefined ? {} : { body: redactJson(exchange.request.body, secrets) }),
    },
    response: {
      status: exchange.response.status,
      headers: mapValues(redactHeaders(exchange.response.headers), (v) => redactText(v, secrets)),
      rawBody: redactBody(exchange.response.rawBody, secrets),
    },
  };
}

function redactBody(raw: string, secrets: readonly string[]): string {
  try {
    return JSON.stringify(redactJson(JSON.parse(raw), secrets));
  } catch {
    return redactText(raw, secrets);
  }
}

function redactUrl(url: string, secrets: readonly string[]): string {
  const text = redactText(url, secrets);
  return text.replace(/([?&](?:password|token|key|api_key)=)[^&]*/gi, `$1${REDACTED}`);
}

function mapValues(record: Record<string, string>, fn: (v: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
