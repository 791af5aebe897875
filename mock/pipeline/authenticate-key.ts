import { timingSafeEqual } from 'node:crypto';
import { accessDenied, unauthenticated } from '../errors/panel-error.ts';
import { ipAccessRefusal } from '../http/ip-range.ts';
import { KEY_TYPE } from '../store/rows.ts';
import type { RequestContext } from './request-context.ts';

const IDENTIFIER_LENGTH = 16;

/**
 * AuthenticateKey (`api..key:2` / `api..key:1`): bearer present (401), identifier of this key type
 * (403), token (403); then the key's owner is the request's user (v0.7.19:app/Http/Middleware/Api/AuthenticateKey.php#L59-L87).
 */
export function authenticateKey(ctx: RequestContext): void {
  const header = ctx.request.headers['authorization'] ?? '';
  // Laravel's bearerToken(): only a header starting with exactly "Bearer " carries a token.
  if (!header.startsWith('Bearer ')) throw unauthenticated();
  const bearer = header.slice('Bearer '.length);
  if (bearer === '') throw unauthenticated();
  const keyType = ctx.api === 'application' ? KEY_TYPE.APPLICATION : KEY_TYPE.ACCOUNT;
  // utf8mb4_unicode_ci: the identifier matches case-insensitively and ignores trailing spaces.
  const identifier = bearer.slice(0, IDENTIFIER_LENGTH).replace(/ +$/, '').toLowerCase();
  const key = ctx.panel.store.first('api_keys', (k) => k.key_type === keyType && k.identifier.toLowerCase() === identifier);
  if (!key) throw accessDenied();
  if (!tokensEqual(key.token, bearer.slice(IDENTIFIER_LENGTH))) throw accessDenied();
  ctx.apiKey = key;
  ctx.user = ctx.panel.store.find('users', key.user_id);
  key.last_used_at = ctx.panel.clock.dbTimestamp();
}

/** AuthenticateApplicationUser: the application key's owner must be a root admin. */
export function requireRootAdmin(ctx: RequestContext): void {
  if (!ctx.user?.root_admin) {
    throw accessDenied('This account does not have permission to access the API.', '/app/Http/Middleware/Api/Application/AuthenticateApplicationUser.php');
  }
}

/** AuthenticateIPAccess: a non-empty allowed_ips list must contain the request IP. */
export function authenticateIp(ctx: RequestContext): void {
  const refusal = ipAccessRefusal(ctx.apiKey?.allowed_ips, ctx.clientIp);
  if (refusal) throw accessDenied(refusal, '/app/Http/Middleware/Api/AuthenticateIPAccess.php');
}

function tokensEqual(expected: string, given: string): boolean {
  // Equal strings have equal bytes: the usual case needs no buffers.
  if (expected === given) return true;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
