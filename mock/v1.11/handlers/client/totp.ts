import { createHmac } from 'node:crypto';

/**
 * TOTP as pragmarx/google2fa checks it (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, base32
 * secret): verifyKey accepts the codes of `window` steps before and after now
 * (pterodactyl.auth.2fa.window, 4 by default; v1.11.8:config/pterodactyl.php#L40-L44).
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(secret: string): Buffer {
  let bits = '';
  for (const char of secret.toUpperCase().replace(/=+$/, '')) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    bits += index.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(Number.parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function totpAt(secret: string, epochSeconds: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(epochSeconds / 30)));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (digest[digest.length - 1] as number) & 0x0f;
  const code = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

export function verifyTotp(secret: string, code: string, epochSeconds: number, window = 4): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  for (let step = -window; step <= window; step += 1) {
    if (totpAt(secret, epochSeconds + step * 30) === code) return true;
  }
  return false;
}

/** TwoFactorSetupService's secret: `bytes` (32) characters of the base32 alphabet. */
export function newTotpSecret(random: (max: number) => number, length = 32): string {
  let secret = '';
  for (let i = 0; i < length; i += 1) secret += BASE32[random(32)];
  return secret;
}
