// The 1.x server the client-API server-resource suites (files, databases, schedules, backups) work
// on: the discovered owned server (discovery.ts prefers one without a status), with what those
// suites compare answers against: its numeric id, its feature limits, and the key owner's user id.
import { unavailable } from '../../harness/failure.ts';
import type { Session } from './session.ts';
import { discoverClient } from './discovery.ts';

export interface OwnedServer {
  /** The short identifier the routes take as {server}. */
  identifier: string;
  uuid: string;
  /** servers.id (the client transformer's internal_id). */
  internalId: number;
  featureLimits: { databases: number | null; allocations: number | null; backups: number | null };
  /** The client key owner's users.id (GET /api/client/account). */
  userId: number;
}

const cache = new WeakMap<Session, Promise<OwnedServer>>();

/** Read once per session: two GETs besides discovery. */
export function ownedServer(s: Session): Promise<OwnedServer> {
  let pending = cache.get(s);
  if (!pending) {
    pending = (async () => {
      const { ownedIdentifier, ownedServerUuid } = await discoverClient(s);
      const server = await s.client.call('getClientServer', { params: { server: ownedIdentifier } });
      const account = await s.client.call('getAccount');
      const attributes = (server.json as { attributes?: Record<string, unknown> } | undefined)?.attributes;
      const user = (account.json as { attributes?: Record<string, unknown> } | undefined)?.attributes;
      if (server.response.status !== 200 || !attributes) unavailable(`discovery: GET /api/client/servers/${ownedIdentifier} answered ${server.response.status}`, server);
      if (account.response.status !== 200 || !user) unavailable(`discovery: GET /api/client/account answered ${account.response.status}`, account);
      const limits = (attributes['feature_limits'] ?? {}) as Record<string, unknown>;
      const limit = (value: unknown) => (value === null || value === undefined ? null : Number(value));
      return {
        identifier: ownedIdentifier,
        uuid: ownedServerUuid,
        internalId: Number(attributes['internal_id']),
        featureLimits: { databases: limit(limits['databases']), allocations: limit(limits['allocations']), backups: limit(limits['backups']) },
        userId: Number(user['id']),
      };
    })();
    cache.set(s, pending);
  }
  return pending;
}

/**
 * Makes sure the client-subuser-limited key's user is a subuser of the owned server without
 * `permission` (GET …/users as the owner), so that a denial is the permission's and not the
 * server's (a stranger gets 404 before any permission).
 */
export async function subuserLacking(s: Session, server: OwnedServer, permission: string): Promise<void> {
  const account = await s.client.call('getAccount', { as: 'client-subuser-limited' });
  const email = (account.json as { attributes?: Record<string, unknown> } | undefined)?.attributes?.['email'];
  if (account.response.status !== 200 || typeof email !== 'string') unavailable(`discovery: GET /api/client/account as client-subuser-limited answered ${account.response.status}`, account);
  const subusers = await s.client.call('listSubusers', { params: { server: server.identifier } });
  const data = (subusers.json as { data?: Array<{ attributes: Record<string, unknown> }> } | undefined)?.data;
  if (subusers.response.status !== 200 || !Array.isArray(data)) unavailable(`discovery: GET /api/client/servers/${server.identifier}/users answered ${subusers.response.status}`, subusers);
  const subuser = data.find((d) => String(d.attributes['email']).toLowerCase() === email.toLowerCase());
  if (!subuser) unavailable(`discovery: the client-subuser-limited key's user is not a subuser of server ${server.identifier}`, subusers);
  const permissions = (subuser.attributes['permissions'] ?? []) as unknown[];
  if (permissions.includes(permission)) unavailable(`discovery: the client-subuser-limited key's user holds ${permission} on server ${server.identifier}; give it a subuser without it`, subusers);
}
