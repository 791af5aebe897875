import { createHash, randomBytes } from 'node:crypto';

// Personal data in what a live run writes for people to share (the behaviour document, the Allure
// attachments and results): customers' e-mails and names, user names, node host names, IP
// addresses, external ids, and the server and node names operators choose (they often name a
// customer). Each value is replaced by a pseudonym of the same type and shape (an e-mail stays an
// e-mail-shaped string, an IP stays an IP, null stays null, numbers are never touched), so the
// document still reads, its field types stay true and `npm run diff` compares as before.
// Pseudonyms are stable within a process (one value, one pseudonym) and salted per process, so
// they cannot be looked up. Kept as they are: ids, uuids, timestamps, limits, eggs, nests and
// locations (the operator's own catalogue), and anything not listed below.

/** Fields holding personal data in any object, by name. */
const PERSONAL_FIELDS: Record<string, Kind> = {
  email: 'email',
  username: 'username',
  first_name: 'name',
  last_name: 'name',
  name_first: 'name',
  name_last: 'name',
  external_id: 'external id',
  fqdn: 'host',
  hostname: 'host',
  host: 'host',
  ip: 'ip',
  ip_alias: 'host',
  alias: 'host',
};

/** Fields that are personal in objects of one type (a Fractal `object` beside `attributes`). */
const PERSONAL_FIELDS_OF: Record<string, Record<string, Kind>> = {
  server: { name: 'name', description: 'text' },
  node: { name: 'name', description: 'text' },
  database_host: { name: 'name' },
  server_database: { database: 'name' },
  database: { database: 'name' },
  user: { name: 'name' },
};

type Kind = 'email' | 'username' | 'name' | 'external id' | 'host' | 'ip' | 'text';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g;
const IPV4_ONLY = /^(?:\d{1,3}\.){3}\d{1,3}$/;
// Full or ::-compressed IPv6 addresses (at least three groups, so times like 12:30:45 are not one).
const IPV6 = /(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?:[0-9A-Fa-f:]*)(?![0-9A-Fa-f:])/g;
const DOCUMENTATION_ADDRESS = /^(?:192\.0\.2\.|2001:db8:)|@example\.invalid$|\.example\.invalid$/;

const salt = randomBytes(16);
const pseudonyms = new Map<string, string>();

function tag(value: string): string {
  return createHash('sha256').update(salt).update(value).digest('hex').slice(0, 6);
}

/** The pseudonym of one value: the same shape, the same value always the same pseudonym in this process. */
export function pseudonym(kind: Kind, value: string): string {
  if (value === '' || DOCUMENTATION_ADDRESS.test(value) || value.startsWith('[REDACTED')) return value;
  const id = `${kind}\u0000${value}`;
  let out = pseudonyms.get(id);
  if (out !== undefined) return out;
  const h = tag(value);
  switch (kind) {
    case 'email':
      out = `user-${h}@example.invalid`;
      break;
    case 'ip':
    case 'host':
      out = IPV4_ONLY.test(value) ? `192.0.2.${(parseInt(h, 16) % 254) + 1}` : value.includes(':') && /^[0-9A-Fa-f:]+$/.test(value) ? `2001:db8::${h.slice(0, 4)}` : kind === 'ip' ? `192.0.2.${(parseInt(h, 16) % 254) + 1}` : `host-${h}.example.invalid`;
      break;
    case 'username':
      out = `user-${h}`;
      break;
    case 'external id':
      out = `ext-${h}`;
      break;
    case 'text':
      out = `text-${h}`;
      break;
    default:
      out = `name-${h}`;
  }
  if (pseudonyms.size > 100_000) pseudonyms.clear();
  pseudonyms.set(id, out);
  return out;
}

/** E-mail and IP addresses in free text (messages, error details, URLs) replaced by pseudonyms. */
export function maskPersonalText(text: string): string {
  if (!/[@.:]/.test(text)) return text;
  return text
    .replace(EMAIL, (m) => pseudonym('email', m))
    .replace(IPV4, (m) => pseudonym('ip', m))
    .replace(IPV6, (m) => (m.includes('::') || m.split(':').length >= 8 ? pseudonym('ip', m) : m));
}

/** A JSON value with personal fields replaced by pseudonyms of the same shape, and addresses in every string. */
export function maskPersonalData(value: unknown, fields: Record<string, Kind> = {}): unknown {
  if (typeof value === 'string') return maskPersonalText(value);
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  // A Fractal item: the personal fields of its type apply to its attributes.
  const typed = typeof object['object'] === 'string' ? PERSONAL_FIELDS_OF[object['object']] : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) {
    const kind = fields[key] ?? PERSONAL_FIELDS[key];
    if (typeof child === 'string' && kind) out[key] = pseudonym(kind, child);
    else out[key] = maskPersonalData(child, key === 'attributes' && typed ? typed : {});
  }
  return out;
}

/** A URL path with the external id of `/users/external/{id}` replaced. */
export function maskPersonalPath(path: string): string {
  return maskPersonalText(path.replace(/(\/external\/)([^/?#]+)/, (_, prefix: string, id: string) => `${prefix}${pseudonym('external id', decodeURIComponent(id))}`));
}

/** A JSON text masked as JSON (when it parses) or as text. */
export function maskPersonalJsonText(text: string): string {
  try {
    return JSON.stringify(maskPersonalData(JSON.parse(text)), null, 2);
  } catch {
    return maskPersonalText(text);
  }
}
