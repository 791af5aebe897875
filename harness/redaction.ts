import type { Exchange } from './exchange.ts';
import { FragmentMatcher } from './secret-fragments.ts';
import type { Violation } from './violation.ts';

// Everything stored, attached, printed or logged goes through these functions first. Two layers:
// the secrets the run knows (its keys, and on the mock the seed's database passwords and daemon
// secrets) are replaced wherever they occur, in their obvious encodings too, and so is any piece of
// 12+ characters of one, split, hex or reversed (secret-fragments.ts); and whatever only
// looks secret is replaced by shape and by name (a 48-character panel key, a bearer credential,
// credential headers, password/token/secret fields in JSON, form bodies, query strings and text).
// secret-scan.ts checks the files a run wrote for the known secrets, as the proof.

/** Placeholder written wherever a secret was. */
export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-access-token', 'x-csrf-token', 'x-xsrf-token', 'x-api-key', 'x-auth-token']);
// A v0.7 key is 48 letters and digits (16-character identifier + 32-character token).
const PANEL_KEY_PATTERN = /(?<![A-Za-z0-9])[A-Za-z0-9]{48}(?![A-Za-z0-9])/g;
const PANEL_KEY = /^[A-Za-z0-9]{48}$/;
/** Secrets shorter than this are not replaced as text (they would match everywhere). */
const MIN_SECRET_LENGTH = 6;

/** A header whose value is a credential: Authorization, cookies, tokens, API keys. */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || /token|secret|password|api-?key/.test(lower);
}

/**
 * A JSON field, form field or query parameter whose value is a secret: password,
 * password_confirmation, current_password (any name holding "password"), *_pass, *token,
 * *secret (daemonSecret, daemon_secret), api_key. `user[password]` counts by its inner name.
 */
export function isSecretField(name: string): boolean {
  const inner = (name.replace(/\]$/, '').split('[').pop() ?? name).toLowerCase().replace(/-/g, '_');
  return (
    inner.includes('password') ||
    inner === 'passwd' ||
    /(?:^|_)pass$/.test(inner) ||
    /(?:^|_)token$/.test(inner) ||
    /secret$/.test(inner) ||
    inner === 'api_key' ||
    inner === 'apikey'
  );
}

/** A query parameter whose value is a secret: the secret fields, plus `key`. */
export function isSecretQueryName(name: string): boolean {
  const decoded = safeDecode(name);
  const inner = (decoded.replace(/\]$/, '').split('[').pop() ?? decoded).toLowerCase();
  return isSecretField(decoded) || inner === 'key' || inner === 'signature';
}

/** One form in which a secret can appear in text. */
export interface SecretVariant {
  encoding: 'raw' | 'url-encoded' | 'form-encoded' | 'json-escaped' | 'base64' | 'base64url' | 'token part' | 'token part, base64';
  text: string;
}

/**
 * The forms of a secret worth looking for: the secret itself, URL/form-encoded and JSON-escaped
 * when that differs, its base64 (and base64url) at each of the three byte alignments (so it is
 * found inside a longer encoded string, e.g. a Basic credential), and for a 48-character panel key
 * its 32-character token on its own.
 */
export function secretVariants(secret: string): SecretVariant[] {
  const out: SecretVariant[] = [];
  const add = (encoding: SecretVariant['encoding'], text: string): void => {
    if (text.length >= MIN_SECRET_LENGTH && !out.some((v) => v.text === text)) out.push({ encoding, text });
  };
  if (secret.length < MIN_SECRET_LENGTH) return out;
  add('raw', secret);
  add('url-encoded', encodeURIComponent(secret));
  add('form-encoded', encodeURIComponent(secret).replace(/%20/g, '+'));
  add('json-escaped', JSON.stringify(secret).slice(1, -1));
  for (const core of base64Cores(secret)) {
    add('base64', core);
    add('base64url', core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  if (PANEL_KEY.test(secret)) {
    const token = secret.slice(16);
    add('token part', token);
    for (const core of base64Cores(token)) add('token part, base64', core);
  }
  return out;
}

/**
 * The base64 characters that depend only on the secret's bytes, for each of the three offsets
 * the secret can start at inside a longer encoded string (offset 0 keeps the whole encoding).
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const first = Math.ceil((8 * shift) / 6);
    const last = Math.floor((8 * (shift + bytes.length)) / 6);
    const core = shift === 0 ? encoded.replace(/=+$/, '') : encoded.slice(first, last);
    if (core.length >= 8) cores.push(core);
  }
  return cores;
}

interface SecretMatcher {
  all: RegExp;
  texts: string[];
  fragments: FragmentMatcher;
}

const matchers = new Map<string, SecretMatcher>();

function matcherFor(secrets: readonly string[]): SecretMatcher | undefined {
  const id = secrets.join('\u0000');
  let matcher = matchers.get(id);
  if (!matcher) {
    const texts = [...new Set(secrets.flatMap((s) => secretVariants(s).map((v) => v.text)))].sort((a, b) => b.length - a.length);
    if (texts.length === 0) return undefined;
    matcher = { all: new RegExp(texts.map(escapeRegExp).join('|'), 'g'), texts, fragments: new FragmentMatcher(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH)) };
    if (matchers.size > 50) matchers.clear();
    matchers.set(id, matcher);
  }
  return matcher;
}

/** A string with every known secret (in every form of secretVariants) and anything shaped like a credential replaced. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const matcher = matcherFor(secrets);
  if (matcher) {
    out = out.replace(matcher.all, REDACTED);
    // Pieces of 12+ characters, split by spaces, dashes or line breaks, hex, reversed (secret-fragments.ts).
    out = replaceFragments(out, matcher.fragments);
    // A value cut short (violations and logs truncate long values with "…") may end in a prefix of a secret.
    // Anchored at the start of a run (the lookbehind): the same matches, in linear time on long bodies.
    if (out.includes('…') || out.includes('...')) out = out.replace(/(?<![A-Za-z0-9+/_=%-])([A-Za-z0-9+/_=%-]{6,})(?=…|\.\.\.)/g, (run: string) =>
      matcher.texts.some((t) => t.startsWith(run) || suffixIsPrefixOf(run, t)) ? REDACTED : run,
    );
  }
  out = out.replace(PANEL_KEY_PATTERN, REDACTED);
  // A truncated value ending in something key-like (digits in it, or long): the rest of a key may have been cut.
  if (out.includes('…')) out = out.replace(/(?<![A-Za-z0-9])([A-Za-z0-9]{8,})(?=…)/g, (run: string) => (/\d/.test(run) || run.length >= 16 ? REDACTED : run));
  // Credentials in header lines and bearer/basic values.
  out = out.replace(/(?<![/\w-])(authorization|proxy-authorization)(\s*:[ \t]*)(?:(bearer|basic|token|digest)([ \t]+))?([^\s'",]+)/gi, (m, name: string, sep: string, scheme: string | undefined, gap: string | undefined, value: string) =>
    value === REDACTED ? m : `${name}${sep}${scheme ? `${scheme}${gap}` : ''}${REDACTED}`,
  );
  out = out.replace(/(?<![/\w-])((?:set-)?cookie)(\s*:[ \t]*)([^\r\n'"]+)/gi, (m, name: string, sep: string, value: string) => (value === REDACTED ? m : `${name}${sep}${REDACTED}`));
  out = out.replace(/(?<![/\w-])(x-access-token|x-csrf-token|x-xsrf-token|x-api-key|x-auth-token)(\s*:[ \t]*)([^\s'",]+)/gi, (m, name: string, sep: string, value: string) =>
    value === REDACTED ? m : `${name}${sep}${REDACTED}`,
  );
  out = out.replace(/\b(Bearer|Basic)([ \t]+)([A-Za-z0-9._~+/=-]{8,})/gi, (m, scheme: string, gap: string, value: string) =>
    /\d/.test(value) || value.length >= 20 ? `${scheme}${gap}${REDACTED}` : m,
  );
  // Secret fields as JSON pairs ("password":"…", also JSON inside a JSON string and cut-off values).
  out = out.replace(/"([A-Za-z0-9_.[\]-]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)("|$)/g, (m, name: string, sep: string, value: string) =>
    isSecretPair(name, value) ? `"${name}"${sep}"${REDACTED}"` : m,
  );
  out = out.replace(/\\"([A-Za-z0-9_.[\]-]+)\\"(\s*:\s*)\\"((?:(?!\\").)*)(\\"|$)/g, (m, name: string, sep: string, value: string) =>
    isSecretPair(name, value) ? `\\"${name}\\"${sep}\\"${REDACTED}\\"` : m,
  );
  // …as inspected objects (password: 'value') and as form or query pairs (password=value&…).
  out = out.replace(/\b([A-Za-z_][A-Za-z0-9_]*)(\s*:\s*)'((?:[^'\\]|\\.)*)('|$)/g, (m, name: string, sep: string, value: string) =>
    isSecretPair(name, value) ? `${name}${sep}'${REDACTED}'` : m,
  );
  out = out.replace(/(?<![A-Za-z0-9_.[\]%-])([A-Za-z0-9_.[\]%-]+)=([^&\s"'#;<]*)/g, (m, name: string, value: string) =>
    value !== '' && value !== REDACTED && value !== encodeURIComponent(REDACTED) && isSecretQueryName(name) ? `${name}=${REDACTED}` : m,
  );
  return out;
}

function replaceFragments(text: string, fragments: FragmentMatcher): string {
  const found = fragments.find(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + REDACTED;
    at = f.end;
  }
  return out + text.slice(at);
}

function isSecretPair(name: string, value: string): boolean {
  return value !== '' && value !== REDACTED && (isSecretField(name) || SECRET_HEADERS.has(name.toLowerCase()));
}

function suffixIsPrefixOf(run: string, text: string): boolean {
  // The run may start before the secret (e.g. a longer word glued to it): any tail of 8+ characters that starts the secret.
  for (let i = 1; i <= run.length - 8; i++) if (text.startsWith(run.slice(i))) return true;
  return false;
}

/** A JSON value with secret-named fields replaced, and strings redacted as text. */
export function redactJson(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretField(k) ? redactSecretValue(v) : redactJson(v, secrets)]));
  }
  return value;
}

/**
 * The value of a secret-named field: every leaf replaced, the shape kept (so
 * `relationships.password` still reads as a database_password object with its password hidden).
 */
function redactSecretValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(redactSecretValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'object' && typeof v === 'string' && !/\d/.test(v) ? v : redactSecretValue(v)]));
  }
  return REDACTED;
}

/** Headers with credentials replaced; the scheme of Authorization is kept so a reader sees which was sent. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!isSecretHeader(lower)) out[name] = redactText(value, secrets);
    else if (lower === 'authorization' || lower === 'proxy-authorization') out[name] = /^\S+\s+\S/.test(value) ? `${value.split(/\s+/)[0]} ${REDACTED}` : REDACTED;
    else out[name] = REDACTED;
  }
  return out;
}

/** A URL with credentials in its user-info and secret query parameters replaced, and its text redacted. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  const withoutUserInfo = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:)[^@/\s]*@/i, `$1${REDACTED}@`);
  const query = withoutUserInfo.replace(/([?&;])([^=&#;]+)=([^&#;]*)/g, (m, sep: string, name: string, value: string) =>
    value !== '' && isSecretQueryName(name) ? `${sep}${name}=${REDACTED}` : m,
  );
  return redactText(query, secrets);
}

/** A raw body: JSON by fields, anything else (form-encoded pairs, HTML, text) as text. */
export function redactBody(raw: string, secrets: readonly string[] = []): string {
  try {
    return JSON.stringify(redactJson(JSON.parse(raw), secrets));
  } catch {
    return redactText(raw, secrets);
  }
}

/** An exchange safe to store, attach, print or log. */
export function redactExchange(exchange: Exchange, secrets: readonly string[] = []): Exchange {
  return {
    request: {
      method: exchange.request.method,
      url: redactUrl(exchange.request.url, secrets),
      headers: redactHeaders(exchange.request.headers, secrets),
      ...(exchange.request.body === undefined ? {} : { body: redactJson(exchange.request.body, secrets) }),
    },
    response: {
      status: exchange.response.status,
      headers: redactHeaders(exchange.response.headers, secrets),
      rawBody: redactBody(exchange.response.rawBody, secrets),
    },
  };
}

/**
 * A violation safe to print: its `actual` (and `expected`) can quote what the panel sent. A
 * violation at or under a secret field, or at a credential header, hides the value entirely.
 */
export function redactViolation(violation: Violation, secrets: readonly string[] = []): Violation {
  const segments = violation.pointer.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const atHeader = segments[1] === 'headers' && segments.length === 3;
  // At or inside a secret field (e.g. anywhere under relationships/password) the value is hidden.
  const secretPlace = atHeader ? isSecretHeader(segments[2] ?? '') : segments.some((s) => s !== '' && isSecretField(s));
  return {
    ...violation,
    pointer: redactText(violation.pointer, secrets),
    expected: redactText(violation.expected, secrets),
    actual: secretPlace && violation.actual !== 'absent' && violation.actual !== 'null' ? REDACTED : redactText(violation.actual, secrets),
  };
}

export function redactViolations(violations: readonly Violation[], secrets: readonly string[] = []): Violation[] {
  return violations.map((v) => redactViolation(v, secrets));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
