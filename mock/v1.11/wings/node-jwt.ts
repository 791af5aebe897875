import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The JWTs the panel signs for a node's Wings (v1.11.8:app/Services/Nodes/NodeJWTService.php#L57-L100,
 * lcobucci/jwt 4.3.0): HS256 with the node's decrypted daemon token as the key; header
 * `{typ, alg, jti[, sub]}`; claims in the builder's order `iss, aud, jti, iat, nbf, exp[, sub]`, then the
 * caller's claims, then `user_uuid`, `user_id` and a random `unique_id`. The builder is given only the
 * TimestampDates formatter, so the dates are integer seconds and `aud` stays a one-element array
 * (lcobucci's UnifyAudience formatter, which would make it a string, is not applied).
 */

export interface JwtNode {
  readonly scheme: string;
  readonly fqdn: string;
  readonly daemonListen: number;
  /** The node's daemon token, decrypted (Node::getDecryptedKey). */
  readonly daemonToken: string;
}

export interface JwtUser {
  readonly id: number;
  readonly uuid: string;
}

/** Node::getConnectionAddress (v1.11.8:app/Models/Node.php#L127-L130). */
export function connectionAddress(node: Pick<JwtNode, 'scheme' | 'fqdn' | 'daemonListen'>): string {
  return `${node.scheme}://${node.fqdn}:${node.daemonListen}`;
}

export interface NodeJwtRequest {
  readonly node: JwtNode;
  /** config('app.url'): the `iss` claim. */
  readonly appUrl: string;
  /** Hashed (md5) into `jti`. */
  readonly identifiedBy: string;
  /** Seconds since the epoch (CarbonImmutable::now()). */
  readonly nowSeconds: number;
  readonly expiresAtSeconds?: number;
  readonly subject?: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly user?: JwtUser;
  /** Str::random(): 16 letters and digits; injectable for deterministic tests. */
  readonly uniqueId?: string;
}

const RANDOM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Laravel's Str::random(16) alphabet and length. */
export function randomUniqueId(length = 16): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += RANDOM_ALPHABET[randomInt(RANDOM_ALPHABET.length)];
  return text;
}

function base64Url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** PHP's json_encode with JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE is JSON.stringify for these values. */
function encodeSegment(value: unknown): string {
  return base64Url(JSON.stringify(value));
}

export function signNodeJwt(request: NodeJwtRequest): string {
  const jti = createHash('md5').update(request.identifiedBy).digest('hex');
  const header: Record<string, unknown> = { typ: 'JWT', alg: 'HS256', jti };
  const claims: Record<string, unknown> = {
    iss: request.appUrl,
    aud: [connectionAddress(request.node)],
    jti,
    iat: request.nowSeconds,
    nbf: request.nowSeconds - 300,
  };
  if (request.expiresAtSeconds !== undefined) claims['exp'] = request.expiresAtSeconds;
  if (request.subject) {
    claims['sub'] = request.subject;
    header['sub'] = request.subject;
  }
  for (const [key, value] of Object.entries(request.claims)) claims[key] = value;
  if (request.user) {
    claims['user_uuid'] = request.user.uuid;
    claims['user_id'] = request.user.id;
  }
  claims['unique_id'] = request.uniqueId ?? randomUniqueId();
  const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  const signature = createHmac('sha256', request.node.daemonToken).update(signingInput).digest();
  return `${signingInput}.${base64Url(signature)}`;
}

export interface VerifiedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

/**
 * What Wings checks of a token it is handed (wings-v1.11.8:router/tokens/parser.go): an HS256
 * signature with its own token, and the time claims. Returns the decoded token or a reason.
 */
export function verifyNodeJwt(token: string, daemonToken: string, nowSeconds: number): VerifiedJwt | { readonly invalid: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { invalid: 'not three segments' };
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { invalid: 'not JSON' };
  }
  if (header['alg'] !== 'HS256') return { invalid: `alg ${String(header['alg'])}` };
  const expected = createHmac('sha256', daemonToken).update(`${headerPart}.${claimsPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { invalid: 'signature' };
  if (typeof claims['exp'] === 'number' && nowSeconds >= claims['exp']) return { invalid: 'expired' };
  if (typeof claims['nbf'] === 'number' && nowSeconds < claims['nbf']) return { invalid: 'not yet valid' };
  return { header, claims };
}
