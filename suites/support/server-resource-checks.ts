// What the 1.x server-resource behaviours (files, databases, schedules, backups) judge in an answer,
// as pure functions returning problems (data): the suites raise the first one with violate(), and a
// unit test feeds each one a deviating answer to prove it fails.
import { createHash } from 'node:crypto';
import type { AdHocViolation } from '../../harness/failure.ts';

export interface Problem {
  message: string;
  violation: AdHocViolation;
}

/** What a signed Wings URL of the client API must carry (v1.11.8:app/Services/Nodes/NodeJWTService.php#L63-L102). */
export interface SignedUrlExpectation {
  /** The Wings path before `?token=`: /download/file, /upload/file, /download/backup. */
  path: string;
  /** Claims that must hold exactly these values (server_uuid, file_path, backup_uuid…). */
  claims: Record<string, unknown>;
  /** The key owner's user id: `user_id` claim and jti = md5(user id . server uuid). */
  userId: number;
  serverUuid: string;
  /** setExpiresAt(now + 15 minutes) in every client controller. */
  lifetimeSeconds: number;
}

function problem(message: string, violation: AdHocViolation): Problem {
  return { message, violation };
}

function base64UrlJson(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A signed URL is `<node connection address><path>?token=<JWT>`; the JWT (HS256) is issued for the
 * node's address (`aud`), identified by md5(user id . server uuid) (`jti`, claim and header), valid
 * from five minutes before its issue (`nbf`) to `lifetimeSeconds` after (`exp`), and carries the
 * controller's claims plus the user's (`user_uuid`, `user_id`) and a 16-character `unique_id`.
 */
export function signedUrlProblems(url: unknown, expected: SignedUrlExpectation): Problem[] {
  const at = '/attributes/url';
  if (typeof url !== 'string') return [problem('the signed URL is not a string', { kind: 'value', pointer: at, expected: 'a URL', actual: url })];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [problem('the signed URL is not an absolute URL', { kind: 'value', pointer: at, expected: 'an absolute URL', actual: url.split('?')[0] })];
  }
  const out: Problem[] = [];
  if (!parsed.pathname.endsWith(expected.path)) out.push(problem(`the signed URL's path is ${parsed.pathname}, not ${expected.path}`, { kind: 'value', pointer: at, expected: expected.path, actual: parsed.pathname }));
  const token = parsed.searchParams.get('token');
  const parts = token?.split('.') ?? [];
  const header = base64UrlJson(parts[0]);
  const claims = base64UrlJson(parts[1]);
  if (parts.length !== 3 || !header || !claims) return [...out, problem('the signed URL has no JWT in its token parameter', { kind: 'value', pointer: at, expected: 'token=<header>.<claims>.<signature>' })];
  if (header['alg'] !== 'HS256') out.push(problem(`the token's alg is ${JSON.stringify(header['alg'])}, not HS256 (the node's key signs it)`, { kind: 'value', pointer: at, expected: 'HS256', actual: header['alg'] }));
  const jti = createHash('md5').update(`${expected.userId}${expected.serverUuid}`).digest('hex');
  if (claims['jti'] !== jti) out.push(problem(`the token's jti is ${JSON.stringify(claims['jti'])}, not md5(user id . server uuid)`, { kind: 'value', pointer: at, expected: jti, actual: claims['jti'] }));
  if (header['jti'] !== jti) out.push(problem("the token's header lacks jti = md5(user id . server uuid)", { kind: 'value', pointer: at, expected: jti, actual: header['jti'] }));
  const aud = Array.isArray(claims['aud']) ? claims['aud'][0] : claims['aud'];
  if (aud !== parsed.origin) out.push(problem(`the token's audience is ${JSON.stringify(aud)}, not the node address the URL points at (${parsed.origin})`, { kind: 'value', pointer: at, expected: parsed.origin, actual: aud }));
  const iat = Number(claims['iat']);
  const exp = Number(claims['exp']);
  const nbf = Number(claims['nbf']);
  if (Math.round(exp - iat) !== expected.lifetimeSeconds) out.push(problem(`the token lives ${exp - iat} s, not ${expected.lifetimeSeconds} s`, { kind: 'value', pointer: at, expected: `exp - iat = ${expected.lifetimeSeconds}`, actual: `exp - iat = ${exp - iat}` }));
  if (Math.round(iat - nbf) !== 300) out.push(problem(`the token is valid from ${iat - nbf} s before its issue, not 300 s`, { kind: 'value', pointer: at, expected: 'iat - nbf = 300', actual: `iat - nbf = ${iat - nbf}` }));
  if (claims['user_id'] !== expected.userId) out.push(problem(`the token's user_id is ${JSON.stringify(claims['user_id'])}, not the key owner's ${expected.userId}`, { kind: 'value', pointer: at, expected: expected.userId, actual: claims['user_id'] }));
  if (typeof claims['user_uuid'] !== 'string') out.push(problem("the token lacks the user's uuid (user_uuid)", { kind: 'value', pointer: at, expected: 'user_uuid', actual: claims['user_uuid'] }));
  if (typeof claims['unique_id'] !== 'string' || claims['unique_id'].length !== 16) out.push(problem('the token lacks a 16-character unique_id', { kind: 'value', pointer: at, expected: 'unique_id of 16 characters', actual: claims['unique_id'] }));
  for (const [name, value] of Object.entries(expected.claims)) {
    if (claims[name] !== value) out.push(problem(`the token's ${name} is ${JSON.stringify(claims[name])}, not ${JSON.stringify(value)}`, { kind: 'value', pointer: at, expected: value, actual: claims[name] }));
  }
  return out;
}

/**
 * A file object's `mode` (Go's os.FileMode.String(), e.g. -rw-r--r--) and `mode_bits` (its permission
 * bits in octal, e.g. 644) say the same (wings-v1.11.8:server/filesystem/stat.go#L17-L41); a folder's
 * mode starts with d, a file's does not.
 */
export function fileModeProblems(item: Record<string, unknown>, index: number): Problem[] {
  const at = `/data/${index}/attributes`;
  const mode = String(item['mode'] ?? '');
  const bits = String(item['mode_bits'] ?? '');
  const out: Problem[] = [];
  const permissions = mode.slice(-9);
  const fromMode = /^[rwx-]{9}$/.test(permissions)
    ? [0, 3, 6].map((i) => (permissions[i] === 'r' ? 4 : 0) + (permissions[i + 1] === 'w' ? 2 : 0) + (permissions[i + 2] === 'x' ? 1 : 0)).join('')
    : undefined;
  if (fromMode === undefined || fromMode !== bits.replace(/^0+(?=\d{3})/, '').padStart(3, '0')) {
    out.push(problem(`item ${index} (${String(item['name'])}): mode ${JSON.stringify(mode)} and mode_bits ${JSON.stringify(bits)} disagree`, { kind: 'value', pointer: `${at}/mode_bits`, expected: fromMode ?? 'permission bits of mode', actual: bits }));
  }
  if (mode.startsWith('d') === (item['is_file'] === true)) {
    out.push(problem(`item ${index} (${String(item['name'])}): is_file ${String(item['is_file'])} with mode ${mode}`, { kind: 'value', pointer: `${at}/is_file`, expected: mode.startsWith('d') ? 'false for a folder' : 'true for a file', actual: item['is_file'] }));
  }
  return out;
}

/**
 * A server's backups page: `meta.backup_count` counts the backups that did not fail, in progress
 * (completed_at null) or successful (v1.11.8:app/Repositories/Eloquent/BackupRepository.php#L38-L44),
 * checked when the page holds them all.
 */
export function backupCountProblems(body: { data?: Array<{ attributes: Record<string, unknown> }>; meta?: Record<string, unknown> }): Problem[] {
  const pagination = (body.meta?.['pagination'] ?? {}) as Record<string, unknown>;
  if (Number(pagination['total_pages'] ?? 1) > 1) return [];
  const items = body.data ?? [];
  const nonFailed = items.filter((d) => d.attributes['is_successful'] === true || d.attributes['completed_at'] === null).length;
  const count = body.meta?.['backup_count'];
  return count === nonFailed ? [] : [problem(`meta.backup_count is ${JSON.stringify(count)}, but ${nonFailed} of the ${items.length} backups did not fail`, { kind: 'value', pointer: '/meta/backup_count', expected: nonFailed, actual: count })];
}

/**
 * The name a client database gets: `s{server id}_` and the requested name, cut so that the whole is
 * at most 48 characters (v1.11.8:app/Services/Databases/DatabaseManagementService.php#L48-L52); its
 * user `u{server id}_` and 10 random characters (same file #L91-L97).
 */
export function databaseNameProblems(attributes: Record<string, unknown>, serverId: number, requested: string): Problem[] {
  const prefix = `s${serverId}_`;
  const name = prefix + requested.slice(0, 48 - prefix.length);
  const out: Problem[] = [];
  if (attributes['name'] !== name) out.push(problem(`the database is named ${JSON.stringify(attributes['name'])}, not ${JSON.stringify(name)}`, { kind: 'value', pointer: '/attributes/name', expected: name, actual: attributes['name'] }));
  const user = new RegExp(`^u${serverId}_[A-Za-z0-9]{10}$`);
  if (typeof attributes['username'] !== 'string' || !user.test(attributes['username'])) out.push(problem(`the database user ${JSON.stringify(attributes['username'])} is not u${serverId}_ and 10 letters or digits`, { kind: 'value', pointer: '/attributes/username', expected: user.source, actual: attributes['username'] }));
  return out;
}

/** The first problem, if any (a behaviour reports one failure). */
export function firstProblem(problems: readonly Problem[]): Problem | undefined {
  return problems[0];
}
