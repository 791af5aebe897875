import { isIPv6 } from 'node:net';
import { PanelError } from '../../errors/panel-error.ts';

/**
 * The address side of AssignmentService (v0.7.19:app/Services/Allocations/AssignmentService.php#L58-L66): PHP's gethostbyname() on the `ip`
 * input, then s1lentium/iptools v1.1.1 `Network::parse()` and its iteration (every address from the
 * network address to the broadcast address, both included), printed with inet_ntop().
 *
 * Library failures are plain `\Exception`s: a 500 with code `Exception` and the message shown in
 * debug mode only. PHP warnings and notices become 500 `ErrorException`s (Laravel's error handler).
 */

export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

export interface IpNetwork {
  version: 4 | 6;
  /** Network address (the first one iterated). */
  first: bigint;
  /** Broadcast address (the last one iterated). */
  last: bigint;
}

const IP_SOURCE = '/vendor/s1lentium/iptools/src/IP.php';
const NETWORK_SOURCE = '/vendor/s1lentium/iptools/src/Network.php';
const SERVICE_SOURCE = '/app/Services/Allocations/AssignmentService.php';

/** PHP's MAXFQDNLEN: gethostbyname() refuses longer names with a warning. */
const MAXFQDNLEN = 255;

export const invalidIpFormat = () => libraryException('Invalid IP address format', IP_SOURCE);

function libraryException(message: string, sourceFile: string): PanelError {
  return new PanelError(500, 'Exception', message, { sourceFile });
}

function phpWarning(message: string, sourceFile: string): PanelError {
  return new PanelError(500, 'ErrorException', message, { sourceFile });
}

const width = (version: 4 | 6): number => (version === 4 ? 32 : 128);
const allOnes = (version: 4 | 6): bigint => (1n << BigInt(width(version))) - 1n;

/* ------------------------------------------------------------------------------------------ */
/* gethostbyname()                                                                              */
/* ------------------------------------------------------------------------------------------ */

/**
 * PHP's gethostbyname() on Linux (glibc): `localhost` resolves to 127.0.0.1 (the only name the mock
 * resolves; any other name fails and comes back unchanged, as an unresolvable one does in PHP). A
 * name made only of digits and dots is read by inet_aton(), so `127.1` or `010.0.0.1` (octal) are
 * normalised; everything else is returned unchanged.
 */
export function gethostbyname(name: string): string {
  if (name.includes('\0')) {
    throw phpWarning('gethostbyname() expects parameter 1 to be a valid path, string given', SERVICE_SOURCE);
  }
  if (name.length > MAXFQDNLEN) {
    throw phpWarning(`gethostbyname(): Host name is too long, the limit is ${MAXFQDNLEN} characters`, SERVICE_SOURCE);
  }
  if (name.toLowerCase() === 'localhost') return '127.0.0.1';
  if (/^[0-9.]+$/.test(name) && !name.endsWith('.')) {
    const value = inetAton(name);
    return value === undefined ? name : formatIp({ version: 4, value });
  }
  return name;
}

/** inet_aton(): 1 to 4 parts, each decimal or (leading 0) octal; the last part fills the remaining bytes. */
function inetAton(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: bigint[] = [];
  for (const part of parts) {
    if (part === '') return undefined;
    if (part.length > 1 && part.startsWith('0')) {
      if (!/^[0-7]+$/.test(part)) return undefined;
      values.push(BigInt(`0o${part}`));
    } else {
      values.push(BigInt(part));
    }
  }
  const leading = values.slice(0, -1);
  const tail = values[values.length - 1] ?? 0n;
  if (leading.some((v) => v > 255n)) return undefined;
  const tailBits = BigInt(8 * (4 - leading.length));
  if (tail >= 1n << tailBits) return undefined;
  return leading.reduce((acc, v, i) => acc | (v << BigInt(8 * (3 - i))), 0n) | tail;
}

/* ------------------------------------------------------------------------------------------ */
/* IPTools\IP::parse                                                                            */
/* ------------------------------------------------------------------------------------------ */

/** `IP::parse()`: `0x` hex, `0b` binary, a PHP-numeric long, or an address filter_var accepts. */
export function parseIp(text: string): IpAddress {
  if (text.startsWith('0x')) {
    const hex = text.slice(2);
    if (!/^([0-9a-fA-F]{8}|[0-9a-fA-F]{32})$/.test(hex)) throw libraryException('Invalid hexadecimal IP address format', IP_SOURCE);
    return { version: hex.length === 8 ? 4 : 6, value: BigInt(`0x${hex}`) };
  }
  if (text.startsWith('0b')) {
    const bin = text.slice(2);
    if (!/^([01]{32}|[01]{128})$/.test(bin)) throw libraryException('Invalid binary IP address format', IP_SOURCE);
    return { version: bin.length === 32 ? 4 : 6, value: BigInt(`0b${bin}`) };
  }
  if (isPhpNumeric(text)) return { version: 4, value: long2ip(text) };
  const v4 = filterIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  if (!text.includes('%') && isIPv6(text)) return { version: 6, value: parseIpv6(text) };
  throw invalidIpFormat();
}

/** PHP 7's is_numeric() on a string: leading whitespace, sign, decimal or exponent form; no trailing space. */
function isPhpNumeric(text: string): boolean {
  return /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text);
}

/**
 * long2ip() on a numeric string: PHP reads it as an integer (truncating a fraction, refusing a
 * value outside the 64-bit range with a warning) and keeps its low 32 bits.
 */
function long2ip(text: string): bigint {
  const trimmed = text.trim();
  let value: bigint;
  if (/^[+-]?\d+$/.test(trimmed)) {
    value = BigInt(trimmed);
  } else {
    const n = Number(trimmed);
    if (!(n >= -9223372036854775808 && n < 9223372036854775808)) value = 1n << 64n;
    else value = BigInt(Math.trunc(n));
  }
  if (value < -(1n << 63n) || value >= 1n << 63n) {
    throw phpWarning('long2ip() expects parameter 1 to be integer, string given', IP_SOURCE);
  }
  return BigInt.asUintN(32, value);
}

/** filter_var(FILTER_VALIDATE_IP) for IPv4: four decimal octets 0–255, no leading zeros. */
function filterIpv4(text: string): bigint | undefined {
  const match = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map((o) => BigInt(o));
  if (octets.some((o) => o > 255n)) return undefined;
  return octets.reduce((acc, o) => (acc << 8n) | o, 0n);
}

/** inet_pton(AF_INET6) of an address Node's isIPv6 accepted (embedded IPv4 tail allowed). */
function parseIpv6(text: string): bigint {
  let body = text;
  const tailWords: bigint[] = [];
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = filterIpv4(tail) ?? 0n;
    tailWords.push(v4 >> 16n, v4 & 0xffffn);
    body = body.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const [head = '', rest] = body.split('::');
  const headWords = head === '' ? [] : head.split(':').map((g) => BigInt(`0x${g}`));
  const restWords = rest === undefined || rest === '' ? [] : rest.split(':').map((g) => BigInt(`0x${g}`));
  const explicit = headWords.length + restWords.length + tailWords.length;
  const zeros = rest === undefined ? [] : Array<bigint>(8 - explicit).fill(0n);
  return [...headWords, ...zeros, ...restWords, ...tailWords].reduce((acc, w) => (acc << 16n) | w, 0n);
}

/* ------------------------------------------------------------------------------------------ */
/* inet_ntop                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** inet_ntop() as glibc prints it (what `IP::__toString()` returns). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join('.');
  }
  const words = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(16 * (7 - i))) & 0xffffn));
  // The longest run of at least two zero words (the first on a tie) becomes "::".
  let best = { base: -1, len: 0 };
  let current = { base: -1, len: 0 };
  words.forEach((word, i) => {
    if (word === 0) {
      current = current.base === -1 ? { base: i, len: 1 } : { base: current.base, len: current.len + 1 };
      if (current.len > best.len) best = current;
    } else {
      current = { base: -1, len: 0 };
    }
  });
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // An IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d) address keeps its dotted tail.
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += formatIp({ version: 4, value: ip.value & 0xffffffffn });
      return out;
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* IPTools\Network::parse                                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * `Network::parse()`: `ip/prefix`, `ip netmask` (space separated), or a single address (a network
 * of one). The prefix or netmask is applied to the address to find the network and broadcast.
 */
export function parseNetwork(data: string): IpNetwork {
  const cidr = /^(.+?)\/(\d+)$/.exec(data);
  let ip: IpAddress;
  let mask: bigint;
  if (cidr) {
    ip = parseIp(cidr[1] ?? '');
    const prefix = Number(cidr[2]);
    if (!(prefix >= 0 && prefix <= width(ip.version))) throw libraryException('Invalid prefix length', NETWORK_SOURCE);
    mask = prefixMask(ip.version, prefix);
  } else if (data.indexOf(' ') > 0) {
    const space = data.indexOf(' ');
    ip = parseIp(data.slice(0, space));
    const netmask = parseIp(data.slice(space + 1));
    const bits = netmask.value.toString(2).padStart(width(netmask.version), '0');
    if (!/^1*0*$/.test(bits)) throw libraryException('Invalid Netmask address format', NETWORK_SOURCE);
    if (netmask.version !== ip.version) throw libraryException('Netmask version is not same as IP version', NETWORK_SOURCE);
    mask = netmask.value;
  } else {
    ip = parseIp(data);
    mask = allOnes(ip.version);
  }
  const first = ip.value & mask;
  const last = first | (allOnes(ip.version) ^ mask);
  return { version: ip.version, first, last };
}

function prefixMask(version: 4 | 6, prefix: number): bigint {
  const bits = BigInt(width(version));
  return allOnes(version) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

/** How many addresses the network iterates. */
export function networkSize(network: IpNetwork): bigint {
  return network.last - network.first + 1n;
}

/**
 * Iterating a network that ends at the highest address (255.255.255.255 or ffff:…:ffff): after the
 * last address, the iterator's end check steps one address further, runs off the byte array and
 * raises PHP's "Undefined offset: 0" notice, a 500 ErrorException, after every address was handled.
 */
export function endsAtTopAddress(network: IpNetwork): boolean {
  return network.last === allOnes(network.version);
}

export const iteratorOverflow = () => phpWarning('Undefined offset: 0', IP_SOURCE);

/** Every address of the network, network and broadcast included. */
export function* addressesOf(network: IpNetwork): Generator<string> {
  for (let value = network.first; value <= network.last; value++) {
    yield formatIp({ version: network.version, value });
  }
}
