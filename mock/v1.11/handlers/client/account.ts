import { createHash, createPublicKey, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ValidationFailure } from '../../../errors/panel-error.ts';
import { badRequestV111, displayExceptionV111, modelNotFoundV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import { KEY_TYPE_V111, type ServerRow } from '../../store/rows.ts';
import { accountAttributes, apiKeyAttributes, sshKeyAttributes } from '../../transform/client/account-transformers.ts';
import { randomUniqueId } from '../../wings/node-jwt.ts';
import type { HandlerTableV111 } from '../handler.ts';
import { noContentV111 } from '../handler.ts';
import { activityPage, logActivity } from './activity-log.ts';
import { clientServerAttributes, itemBody, listBody, pageBody, perPageOf } from './client-views.ts';
import { newTotpSecret, verifyTotp } from './totp.ts';
import { isValidIpOrRange } from './ip-ranges.ts';

/**
 * GET /api/client, GET /permissions and the /account routes
 * (v1.11.8:app/Http/Controllers/Api/Client/{ClientController,AccountController,TwoFactorController,ApiKeyController,SSHKeyController,ActivityLogController}.php).
 */

const PERMISSIONS = parse(readFileSync(new URL('./permission-catalogue.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;

const IPV4_WITH_PORT = /^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)(?::\d{1,5})?$/;

/** MultiFieldServerFilter (v1.11.8:app/Models/Filters/MultiFieldServerFilter.php#L24-L66). */
function multiFieldMatch(ctx: ContextV111, server: ServerRow, value: string): boolean {
  if (IPV4_WITH_PORT.test(value) || /^:\d{1,5}$/.test(value)) {
    const [ip, port] = value.split(':');
    return ctx.panel.store
      .where('allocations', (row) => row.server_id === server.id)
      .some((row) => (value.startsWith(':') ? String(row.port).startsWith(value.slice(1)) : row.ip === ip && (port === undefined || String(row.port).startsWith(port))));
  }
  return server.uuid === value || server.uuid.startsWith(value) || server.uuidShort === value || server.external_id === value || server.name.toLowerCase().includes(value.toLowerCase());
}

const SERVER_FILTERS = ['uuid', 'name', 'description', 'external_id', '*'];

function listClientServers(ctx: ContextV111) {
  const { store } = ctx.panel;
  const user = ctx.actor;
  const accessible = new Set(store.all('servers').filter((server) => server.owner_id === user.id || store.first('subusers', (row) => row.server_id === server.id && row.user_id === user.id)).map((server) => server.id));
  const type = ctx.inputValue('type');
  let servers = store.all('servers');
  if (type === 'admin' || type === 'admin-all') {
    if (!user.root_admin) servers = [];
    else if (type === 'admin') servers = servers.filter((server) => !accessible.has(server.id));
  } else if (type === 'owner') servers = servers.filter((server) => server.owner_id === user.id);
  else servers = servers.filter((server) => accessible.has(server.id));
  const filter = ctx.query['filter'];
  if (filter !== undefined && filter !== null && typeof filter === 'object') {
    const filters = filter as Record<string, unknown>;
    const unknown = Object.keys(filters).filter((key) => !SERVER_FILTERS.includes(key));
    if (unknown.length > 0) {
      throw new PanelErrorV111('http', 400, 'InvalidFilterQuery', `Requested filter(s) \`${unknown.join(', ')}\` are not allowed. Allowed filter(s) are \`${SERVER_FILTERS.join(', ')}\`.`, {}, '/vendor/spatie/laravel-query-builder/src/Exceptions/InvalidFilterQuery.php');
    }
    for (const [key, raw] of Object.entries(filters)) {
      if (typeof raw !== 'string' || raw === '') continue;
      if (key === '*') servers = servers.filter((server) => multiFieldMatch(ctx, server, raw));
      else servers = servers.filter((server) => String((server as unknown as Record<string, unknown>)[key] ?? '').toLowerCase().includes(raw.toLowerCase()));
    }
  }
  return { status: 200, body: pageBody(ctx, 'server', servers, perPageOf(ctx, 50, 100), (server) => clientServerAttributes(ctx, server)) };
}

/** UpdateEmailRequest / UpdatePasswordRequest authorize(): the current password first (400, before validation). */
export function checkCurrentPassword(ctx: ContextV111): void {
  const field = ctx.operationId === 'updateAccountEmail' ? 'password' : ctx.operationId === 'updateAccountPassword' ? 'current_password' : undefined;
  if (!field) return;
  if (ctx.inputValue(field) !== ctx.actor.password) {
    throw displayExceptionV111('The password provided was invalid for this account.', 'InvalidPasswordProvidedException', 400, '/app/Exceptions/Http/Base/InvalidPasswordProvidedException.php');
  }
}

const invalidPassword = () => badRequestV111('The password provided was not valid.', '/app/Http/Controllers/Api/Client/TwoFactorController.php');

function randomString(length: number): string {
  return randomUniqueId(length);
}

/** OpenSSH public keys as phpseclib loads them: the key in PKCS8 (CRLF lines) and its SHA256 fingerprint. */
function loadPublicKey(text: string): { pem: string; fingerprint: string } | { error: string } {
  const match = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(?:256|384|521))\s+([A-Za-z0-9+/=]+)(?:\s.*)?$/.exec(text.trim());
  if (!match) return { error: 'The public key provided is not valid.' };
  const blob = Buffer.from(match[2] as string, 'base64');
  const fields: Buffer[] = [];
  for (let offset = 0; offset + 4 <= blob.length; ) {
    const length = blob.readUInt32BE(offset);
    fields.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  if (fields[0]?.toString() !== match[1]) return { error: 'The public key provided is not valid.' };
  if (match[1] === 'ssh-dss') return { error: 'DSA keys are not supported.' };
  const b64url = (buffer: Buffer) => buffer.toString('base64url');
  const unsigned = (buffer: Buffer) => (buffer[0] === 0 ? buffer.subarray(1) : buffer);
  let jwk: Record<string, string>;
  try {
    if (match[1] === 'ssh-ed25519') jwk = { kty: 'OKP', crv: 'Ed25519', x: b64url(fields[1] as Buffer) };
    else if (match[1] === 'ssh-rsa') {
      const modulus = unsigned(fields[2] as Buffer);
      if (modulus.length * 8 < 2048) return { error: 'RSA keys must be at least 2048 bytes in length.' };
      jwk = { kty: 'RSA', e: b64url(unsigned(fields[1] as Buffer)), n: b64url(modulus) };
    } else {
      const point = fields[2] as Buffer;
      const size = (point.length - 1) / 2;
      const curve = { 'ecdsa-sha2-nistp256': 'P-256', 'ecdsa-sha2-nistp384': 'P-384', 'ecdsa-sha2-nistp521': 'P-521' }[match[1] as string] as string;
      jwk = { kty: 'EC', crv: curve, x: b64url(point.subarray(1, 1 + size)), y: b64url(point.subarray(1 + size)) };
    }
    const der = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    const pem = `-----BEGIN PUBLIC KEY-----\r\n${lines.join('\r\n')}\r\n-----END PUBLIC KEY-----`;
    const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
    return { pem, fingerprint };
  } catch {
    return { error: 'The public key provided is not valid.' };
  }
}

/**
 * An error a FormRequest adds in its after-hook (StoreSSHKeyRequest, StoreApiKeyRequest) is no failed
 * rule: the Handler finds no code for it and str_replace() of null renders meta.rule as ""
 * (v1.11.8:app/Exceptions/Handler.php#L150-L172).
 */
const AFTER_HOOK_RULE = '';

function validationFailure(field: string, detail: string): ValidationFailure {
  return new ValidationFailure([{ field, code: AFTER_HOOK_RULE, detail }]);
}

export const accountHandlers: HandlerTableV111 = {
  listClientServers,

  getClientPermissions: () => ({ status: 200, body: { object: 'system_permissions', attributes: { permissions: PERMISSIONS } } }),

  getAccount: (ctx) => ({ status: 200, body: itemBody('user', accountAttributes(ctx.actor)) }),

  getTwoFactor: (ctx) => {
    const user = ctx.actor;
    if (user.use_totp) throw badRequestV111('Two-factor authentication is already enabled on this account.', '/app/Http/Controllers/Api/Client/TwoFactorController.php');
    const secret = newTotpSecret((max) => randomInt(max));
    user.totp_secret = secret;
    user.updated_at = ctx.panel.clock.dbTimestamp();
    const company = encodeURIComponent('Pterodactyl');
    return {
      status: 200,
      body: { data: { image_url_data: `otpauth://totp/${company}:${encodeURIComponent(user.email)}?secret=${secret}&issuer=${company}`, secret } },
    };
  },

  enableTwoFactor: (ctx) => {
    const user = ctx.actor;
    if (ctx.inputValue('password') !== user.password) throw invalidPassword();
    // decrypt(null) of a user who never asked for a secret: an uncaught DecryptException.
    if (user.totp_secret === null) throw new PanelErrorV111('internal', 500, 'DecryptException', 'The payload is invalid.', {}, '/vendor/laravel/framework/src/Illuminate/Encryption/Encrypter.php');
    if (!verifyTotp(user.totp_secret, String(ctx.inputValue('code')), ctx.panel.clock.nowSeconds())) {
      throw displayExceptionV111('The provided two-factor authentication token was not valid.', 'TwoFactorAuthenticationTokenInvalid', 400, '/app/Exceptions/Service/User/TwoFactorAuthenticationTokenInvalid.php');
    }
    const tokens = Array.from({ length: 10 }, () => randomString(10));
    const now = ctx.panel.clock.dbTimestamp();
    ctx.panel.store.remove('recovery_tokens', (row) => row.user_id === user.id);
    for (const token of tokens) ctx.panel.store.insert('recovery_tokens', { user_id: user.id, token, created_at: now });
    user.use_totp = true;
    user.totp_authenticated_at = now;
    logActivity(ctx, 'user:two-factor.create');
    return { status: 200, body: { object: 'recovery_tokens', attributes: { tokens } } };
  },

  disableTwoFactor: (ctx) => {
    const user = ctx.actor;
    if ((ctx.inputValue('password') ?? '') !== user.password) throw invalidPassword();
    user.use_totp = false;
    user.totp_authenticated_at = ctx.panel.clock.dbTimestamp();
    logActivity(ctx, 'user:two-factor.delete');
    return noContentV111();
  },

  updateAccountEmail: (ctx) => {
    const user = ctx.actor;
    const original = user.email;
    user.email = String(ctx.inputValue('email'));
    user.updated_at = ctx.panel.clock.dbTimestamp();
    if (original !== user.email) logActivity(ctx, 'user:account.email-changed', { old: original, new: user.email });
    return noContentV111();
  },

  updateAccountPassword: (ctx) => {
    ctx.actor.password = String(ctx.inputValue('password'));
    ctx.actor.updated_at = ctx.panel.clock.dbTimestamp();
    logActivity(ctx, 'user:account.password-changed');
    return noContentV111();
  },

  listAccountActivity: (ctx) => ({ status: 200, body: activityPage(ctx, 'user', ctx.actor.id) }),

  listApiKeys: (ctx) => {
    const keys = ctx.panel.store.where('api_keys', (row) => row.user_id === ctx.actor.id && row.key_type === KEY_TYPE_V111.ACCOUNT);
    return { status: 200, body: listBody('api_key', keys.map((key) => apiKeyAttributes(key, ctx.panel.appTimezone))) };
  },

  createApiKey: (ctx) => {
    const store = ctx.panel.store;
    const ips = ctx.inputValue('allowed_ips');
    if (Array.isArray(ips)) {
      const failures = ips
        .map((ip, index) => ({ ip, index }))
        .filter(({ ip }) => typeof ip !== 'string' || !isValidIpOrRange(ip))
        .map(({ ip, index }) => ({ field: `allowed_ips.${index}`, code: AFTER_HOOK_RULE, detail: `"${String(ip)}" is not a valid IP address or CIDR range.` }));
      if (failures.length > 0) throw new ValidationFailure(failures);
    }
    if (store.where('api_keys', (row) => row.user_id === ctx.actor.id && row.key_type === KEY_TYPE_V111.ACCOUNT).length >= 25) {
      throw displayExceptionV111('You have reached the account limit for number of API keys.');
    }
    const now = ctx.panel.clock.dbTimestamp();
    const token = randomString(32);
    const description = ctx.inputValue('description');
    const key = store.insert('api_keys', {
      user_id: ctx.actor.id,
      key_type: KEY_TYPE_V111.ACCOUNT,
      identifier: `ptlc_${randomString(11)}`,
      token,
      allowed_ips: Array.isArray(ips) ? ips.map(String) : [],
      memo: typeof description === 'string' ? description : '',
      last_used_at: null,
      expires_at: null,
      r_servers: 0,
      r_nodes: 0,
      r_allocations: 0,
      r_users: 0,
      r_locations: 0,
      r_nests: 0,
      r_eggs: 0,
      r_database_hosts: 0,
      r_server_databases: 0,
      created_at: now,
      updated_at: now,
    });
    logActivity(ctx, 'user:api-key.create', { identifier: key.identifier });
    // NewAccessToken's plainTextToken: the 32-character secret alone (the identifier is in the attributes).
    return { status: 200, body: itemBody('api_key', apiKeyAttributes(key, ctx.panel.appTimezone), { secret_token: token }) };
  },

  deleteApiKey: (ctx) => {
    const identifier = ctx.params['identifier'] ?? '';
    const key = ctx.panel.store.first('api_keys', (row) => row.user_id === ctx.actor.id && row.key_type === KEY_TYPE_V111.ACCOUNT && row.identifier === identifier);
    if (!key) throw modelNotFoundV111('ApiKey', identifier);
    logActivity(ctx, 'user:api-key.delete', { identifier: key.identifier });
    ctx.panel.store.remove('api_keys', (row) => row.id === key.id);
    return noContentV111();
  },

  listSshKeys: (ctx) => {
    const keys = ctx.panel.store.where('user_ssh_keys', (row) => row.user_id === ctx.actor.id && row.deleted_at === null);
    return { status: 200, body: listBody('ssh_key', keys.map((key) => sshKeyAttributes(key, ctx.panel.appTimezone))) };
  },

  createSshKey: (ctx) => {
    const loaded = loadPublicKey(String(ctx.inputValue('public_key')));
    if ('error' in loaded) throw validationFailure('public_key', loaded.error);
    const store = ctx.panel.store;
    if (store.first('user_ssh_keys', (row) => row.user_id === ctx.actor.id && row.deleted_at === null && row.fingerprint === loaded.fingerprint)) {
      throw validationFailure('public_key', 'The public key provided already exists on your account.');
    }
    const now = ctx.panel.clock.dbTimestamp();
    const key = store.insert('user_ssh_keys', {
      user_id: ctx.actor.id,
      name: String(ctx.inputValue('name')),
      fingerprint: loaded.fingerprint,
      public_key: loaded.pem,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    });
    logActivity(ctx, 'user:ssh-key.create', { fingerprint: key.fingerprint }, [{ type: 'other', id: key.id, morph: 'Pterodactyl\\Models\\UserSSHKey' }]);
    return { status: 200, body: itemBody('ssh_key', sshKeyAttributes(key, ctx.panel.appTimezone)) };
  },

  deleteSshKey: (ctx) => {
    const fingerprint = ctx.inputValue('fingerprint');
    const key = ctx.panel.store.first('user_ssh_keys', (row) => row.user_id === ctx.actor.id && row.deleted_at === null && row.fingerprint === fingerprint);
    if (key) {
      key.deleted_at = ctx.panel.clock.dbTimestamp();
      logActivity(ctx, 'user:ssh-key.delete', { fingerprint: key.fingerprint }, [{ type: 'other', id: key.id, morph: 'Pterodactyl\\Models\\UserSSHKey' }]);
    }
    return noContentV111();
  },
};
