import { isIP } from 'node:net';

/**
 * IPTools\Range::parse(...)->valid() as StoreApiKeyRequest uses it: an address, a CIDR range
 * (address/prefix within the family's width), a `first-last` range, or a `*` wildcard form of IPv4.
 */
export function isValidIpOrRange(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const cidr = /^(.+)\/(\d{1,3})$/.exec(value);
  if (cidr) {
    const family = isIP(cidr[1] as string);
    const prefix = Number(cidr[2]);
    return family !== 0 && prefix <= (family === 4 ? 32 : 128);
  }
  const range = /^([^-]+)-([^-]+)$/.exec(value);
  if (range) return isIP((range[1] as string).trim()) !== 0 && isIP((range[1] as string).trim()) === isIP((range[2] as string).trim());
  if (value.includes('*')) return isIP(value.replace(/\*/g, '0')) === 4;
  return false;
}
