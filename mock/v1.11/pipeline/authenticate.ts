import { timingSafeEqual } from 'node:crypto';
import { ipAccessRefusal } from '../../http/ip-range.ts';
import { phpJsonDecodeAssoc } from '../../http/json-body.ts';
import { accessDeniedV111, badRequestV111, PanelErrorV111, unauthenticatedV111 } from '../errors/panel-error.ts';
import { KEY_TYPE_V111 } from '../store/rows.ts';
import type { ContextV111 } from './context.ts';
import { twoFactorRequiredOf } from '../services.ts';

const IDENTIFIER_LENGTH = 16;

/**
 * `auth:sanctum` with the panel's ApiKey as the token model: Laravel 10's bearerToken() (the text after
 * the LAST `Bearer ` in the header, cut at a comma), ApiKey::findToken (identifier = the first 16
 * characters, looked up under utf8mb4_unicode_ci; the rest must equal the decrypted token), an
 * expires_at in the past refuses it (Sanctum 3.2's isValidAccessToken). Any failure is
 * AuthenticationException, 401: a wrong key is no 403 in 1.x, and the key's type is not checked here
 * (v1.11.8:app/Models/ApiKey.php#L175-L186, laravel-v10.1.4:src/Illuminate/Http/Concerns/InteractsWithInput.php#L55-L66).
 * A key that authenticates gets its last_used_at stamped.
 */
export function authenticateSanctum(ctx: ContextV111): void {
  const header = ctx.request.headers['authorization'] ?? '';
  const position = header.lastIndexOf('Bearer ');
  if (position === -1) throw unauthenticatedV111();
  let token = header.slice(position + 'Bearer '.length);
  if (token.includes(',')) token = token.slice(0, token.indexOf(','));
  if (token === '') throw unauthenticatedV111();
  // The collation ignores case and trailing spaces.
  const identifier = token.slice(0, IDENTIFIER_LENGTH).replace(/ +$/, '').toLowerCase();
  const key = ctx.panel.store.first('api_keys', (k) => k.identifier.toLowerCase() === identifier);
  if (!key || !tokensEqual(key.token, token.slice(IDENTIFIER_LENGTH))) throw unauthenticatedV111();
  if (key.key_type !== KEY_TYPE_V111.ACCOUNT && key.key_type !== KEY_TYPE_V111.APPLICATION) throw unauthenticatedV111();
  if (key.expires_at !== null && Date.parse(`${key.expires_at.replace(' ', 'T')}Z`) <= ctx.panel.clock.nowMs()) throw unauthenticatedV111();
  const user = ctx.panel.store.find('users', key.user_id);
  if (!user) throw unauthenticatedV111();
  ctx.apiKey = key;
  ctx.user = user;
  key.last_used_at = ctx.panel.clock.dbTimestamp();
}

/**
 * IsValidJson: a JSON request (Content-Type containing /json or +json) with a body that does not
 * decode is a 400 naming json_decode's error (v1.11.8:app/Http/Middleware/Api/IsValidJson.php#L17-L28).
 */
export function requireValidJson(ctx: ContextV111): void {
  const type = ctx.request.headers['content-type'] ?? '';
  if (!(type.includes('/json') || type.includes('+json')) || ctx.request.body.length === 0) return;
  const problem = jsonError(ctx.request.body);
  if (problem) {
    throw badRequestV111(`The JSON data passed in the request appears to be malformed: ${problem}`, '/app/Http/Middleware/Api/IsValidJson.php');
  }
}

/** json_last_error_msg() of json_decode($body, true, 512, JSON_THROW_ON_ERROR), or undefined when it decodes. */
export function jsonError(body: Buffer): string | undefined {
  const text = body.toString('utf8').trim();
  if (text === 'null') return undefined;
  if (phpJsonDecodeAssoc(body) !== null) return undefined;
  if (!isWellFormedUtf8(body)) return 'Malformed UTF-8 characters, possibly incorrectly encoded';
  try {
    JSON.parse(text);
  } catch {
    return 'Syntax error';
  }
  if (/\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/.test(text)) {
    return 'Single unpaired UTF-16 surrogate in unicode escape';
  }
  return 'Maximum stack depth exceeded';
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function isWellFormedUtf8(bytes: Buffer): boolean {
  try {
    STRICT_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * RequireTwoFactorAuthentication (twice on the API groups, once after dedupe): with
 * pterodactyl.auth.2fa_required at 1 (admins) or 2 (everyone), a user without TOTP gets a 400
 * TwoFactorAuthRequiredException on every API route but those registered without it
 * (v1.11.8:app/Http/Middleware/RequireTwoFactorAuthentication.php#L34-L61).
 */
export function requireTwoFactor(ctx: ContextV111): void {
  const level = twoFactorRequiredOf(ctx.panel);
  const user = ctx.user;
  if (!user || ctx.route.noTwoFactor || level === 0 || user.use_totp) return;
  if (level === 1 && !user.root_admin) return;
  throw new PanelErrorV111(
    'http',
    400,
    'TwoFactorAuthRequiredException',
    'Two-factor authentication is required on this account in order to access this endpoint.',
    {},
    '/app/Http/Middleware/RequireTwoFactorAuthentication.php',
  );
}

/** AuthenticateIPAccess: a key with allowed_ips must be used from one of them (v1.11.8:app/Http/Middleware/Api/AuthenticateIPAccess.php#L21-L45). */
export function authenticateIpAccess(ctx: ContextV111): void {
  const refusal = ipAccessRefusal(ctx.apiKey?.allowed_ips, ctx.clientIp);
  if (refusal) throw accessDeniedV111(refusal, '/app/Http/Middleware/Api/AuthenticateIPAccess.php');
}

/** AuthenticateApplicationUser: the key's owner must be a root admin, whatever the key's type. */
export function requireRootAdmin(ctx: ContextV111): void {
  if (!ctx.user?.root_admin) {
    throw accessDeniedV111('This account does not have permission to access the API.', '/app/Http/Middleware/Api/Application/AuthenticateApplicationUser.php');
  }
}

/** RequireClientApiKey: an application key is refused on the client API (v1.11.8:app/Http/Middleware/Api/Client/RequireClientApiKey.php#L15-L24). */
export function requireClientApiKey(ctx: ContextV111): void {
  if (ctx.apiKey?.key_type === KEY_TYPE_V111.APPLICATION) {
    throw accessDeniedV111(
      'You are attempting to use an application API key on an endpoint that requires a client API key.',
      '/app/Http/Middleware/Api/Client/RequireClientApiKey.php',
    );
  }
}

function tokensEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
