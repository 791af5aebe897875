import { isIP } from 'node:net';

/**
 * Whether an IP falls in one `allowed_ips` entry: a single address, a CIDR block, an `a-b` range
 * or a `*` wildcard (the forms s1lentium/iptools parses). Unparsable entries match nothing.
 */
export function ipInRange(ip: string, entry: string): boolean {
  const address = toBigInt(ip);
  if (!address) return false;
  const range = parseRange(entry.trim());
  return range !== undefined && range.version === address.version && address.value >= range.first && address.value <= range.last;
}

/**
 * AuthenticateIPAccess (the same middleware in 0.7 and 1.x): the refusal's message when a key's
 * non-empty `allowed_ips` has no entry for the request's IP; undefined when the IP may use the key.
 */
export function ipAccessRefusal(allowed: readonly string[] | null | undefined, ip: string): string | undefined {
  if (!allowed || allowed.length === 0 || allowed.some((entry) => ipInRange(ip, entry))) return undefined;
  return `This IP address (${ip}) does not have permission to access the API using these credentials.`;
}

interface Parsed {
  version: 4 | 6;
  value: bigint;
}

function parseRange(entry: string): { version: 4 | 6; first: bigint; last: bigint } | undefined {
  if (entry.includes('/')) {
    const [base = '', bitsText = ''] = entry.split('/');
    const parsed = toBigInt(base);
    const bits = Number(bitsText);
    const width = parsed?.version === 4 ? 32 : 128;
    if (!parsed || !/^\d+$/.test(bitsText) || bits > width) return undefined;
    const hostBits = BigInt(width - bits);
    const first = (parsed.value >> hostBits) << hostBits;
    return { version: parsed.version, first, last: first + (1n << hostBits) - 1n };
  }
  if (entry.includes('-')) {
    const [a = '', b = ''] = entry.split('-');
    const first = toBigInt(a.trim());
    const last = toBigInt(b.trim());
    if (!first || !last || first.version !== last.version) return undefined;
    return { version: first.version, first: first.value, last: last.value };
  }
  if (entry.includes('*')) {
    return parseRange(`${entry.replace(/\*/g, '0')}-${entry.replace(/\*/g, '255')}`);
  }
  const single = toBigInt(entry);
  return single ? { version: single.version, first: single.value, last: single.value } : undefined;
}

function toBigInt(ip: string): Parsed | undefined {
  const bare = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const version = isIP(bare);
  if (version === 4) {
    return { version: 4, value: bare.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n) };
  }
  if (version === 6) {
    const [head = '', tail = ''] = bare.split('::');
    const headParts = head ? head.split(':') : [];
    const tailParts = bare.includes('::') ? (tail ? tail.split(':') : []) : [];
    const groups = [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
    return { version: 6, value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n) };
  }
  return undefined;
}
