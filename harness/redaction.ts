/** Placeholder written wherever a secret was. */
export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-access-token']);

/** Headers with credentials replaced; the scheme of Authorization is kept so a reader sees which was sent. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!SECRET_HEADERS.has(lower)) out[name] = value;
    else if (lower === 'authorization') out[name] = value.replace(/^(\S+\s+).+$/s, `$1${REDACTED}`).replace(/^[^\s]+$/, REDACTED);
    else out[name] = REDACTED;
  }
  return out;
}
