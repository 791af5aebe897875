import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { asArray, asBool, type ClientActivityRow, type ClientApiKeyRow, type ClientSshKeyRow, type ClientUserRow } from './client-rows.ts';
import { atom, atomOrNull, item, NULL_RESOURCE, withRelationships, type Attributes } from './client-envelopes.ts';

/**
 * The client transformers of the account: AccountTransformer, UserTransformer, ApiKeyTransformer,
 * UserSSHKeyTransformer and ActivityLogTransformer (v1.11.8:app/Transformers/Api/Client/*), as pure
 * functions of rows. `timezone` is APP_TIMEZONE.
 */

/** AccountTransformer (resource `user`): GET /account. */
export function accountAttributes(user: ClientUserRow): Attributes {
  return {
    id: user.id,
    admin: asBool(user.root_admin),
    username: user.username,
    email: user.email,
    first_name: user.name_first,
    last_name: user.name_last,
    language: user.language,
  };
}

/** UserTransformer (resource `user`): subusers and activity actors; the Gravatar URL is md5 of the lower-cased e-mail. */
export function userAttributes(user: ClientUserRow, timezone: string): Attributes {
  return {
    uuid: user.uuid,
    username: user.username,
    email: user.email,
    image: `https://gravatar.com/avatar/${createHash('md5').update(user.email.toLowerCase()).digest('hex')}`,
    '2fa_enabled': asBool(user.use_totp),
    created_at: atom(user.created_at, timezone),
  };
}

/** ApiKeyTransformer (resource `api_key`). */
export function apiKeyAttributes(key: ClientApiKeyRow, timezone: string): Attributes {
  return {
    identifier: key.identifier,
    description: key.memo,
    allowed_ips: asArray(key.allowed_ips),
    last_used_at: atomOrNull(key.last_used_at, timezone),
    created_at: atom(key.created_at, timezone),
  };
}

/** UserSSHKeyTransformer (resource `ssh_key`). */
export function sshKeyAttributes(key: ClientSshKeyRow, timezone: string): Attributes {
  return {
    name: key.name,
    fingerprint: key.fingerprint,
    public_key: key.public_key,
    created_at: atom(key.created_at, timezone),
  };
}

const PLACEHOLDERS = parse(readFileSync(new URL('../activity-placeholders.yaml', import.meta.url), 'utf8')) as Record<string, string[]>;

export interface ActivityView {
  /** The entry's actor when it is a user (the morph may point elsewhere, or at nothing). */
  readonly actor: ClientUserRow | null;
  /** The user making the request. */
  readonly viewer: ClientUserRow;
  readonly timezone: string;
  /** `?include=actor`. */
  readonly includeActor: boolean;
}

/**
 * ActivityLogTransformer (resource `activity_log`,
 * v1.11.8:app/Transformers/Api/Client/ActivityLogTransformer.php#L19-L120): `id` is sha1 of the row id;
 * the IP shows only to its actor or a root admin; an `ip` property only to its actor.
 */
export function activityAttributes(row: ClientActivityRow, view: ActivityView): Attributes {
  const actorIsViewer = view.actor !== null && view.actor.id === view.viewer.id;
  const attributes: Attributes = {
    id: createHash('sha1').update(String(row.id)).digest('hex'),
    batch: row.batch,
    event: row.event,
    is_api: row.api_key_id !== null,
    ip: actorIsViewer || asBool(view.viewer.root_admin) ? row.ip : null,
    description: row.description,
    properties: activityProperties(row, actorIsViewer),
    has_additional_metadata: hasAdditionalMetadata(row),
    timestamp: atom(row.timestamp, view.timezone),
  };
  if (!view.includeActor) return attributes;
  const actor = view.actor ? item('user', userAttributes(view.actor, view.timezone)) : NULL_RESOURCE;
  return withRelationships(attributes, [['actor', actor]]);
}

function entriesOf(properties: ClientActivityRow['properties']): Array<[string, unknown]> {
  if (properties === null) return [];
  if (Array.isArray(properties)) return properties.map((value, index) => [String(index), value]);
  return Object.entries(properties);
}

/** PHP's count() of an array value: list length or number of keys. */
function countOf(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return undefined;
}

function phpString(value: unknown): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}

function activityProperties(row: ClientActivityRow, actorIsViewer: boolean): Record<string, unknown> {
  const entries = entriesOf(row.properties);
  const mapped: Array<[string, unknown]> = [];
  for (const [key, value] of entries) {
    if (key === 'ip' && !actorIsViewer) {
      mapped.push([key, '[hidden]']);
      continue;
    }
    const count = countOf(value);
    if (count === undefined) {
      mapped.push([key, key === 'directory' ? `/${phpString(value).replace(/^\/+|\/+$/g, '')}/`.replaceAll('//', '/') : value]);
    } else {
      mapped.push([key, value], [`${key}_count`, count]);
    }
  }
  const properties = new Map(mapped);
  const countKeys = [...properties.keys()].filter((key) => key.endsWith('_count'));
  if (countKeys.length === 1) {
    const only = countKeys[0] as string;
    const count = properties.get(only);
    properties.delete(only);
    properties.set('count', count);
  }
  return Object.fromEntries(properties);
}

function hasAdditionalMetadata(row: ClientActivityRow): boolean {
  const entries = entriesOf(row.properties);
  if (entries.length === 0) return false;
  const shown = new Set([...(PLACEHOLDERS[row.event.replaceAll(':', '.')] ?? []), 'ip', 'useragent', 'using_sftp']);
  return entries.some(([key]) => !shown.has(key));
}
