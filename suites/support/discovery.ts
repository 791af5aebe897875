import { unavailable } from '../../harness/failure.ts';
import type { PanelExchange } from '../../harness/panel-client.ts';
import type { Session } from './session.ts';
import { perProfile } from './per-profile.ts';

/** Ids of existing resources the read-only behaviours need, found through read calls (or pinned). */
export interface Discovered {
  userId: number;
  userExternalId: string | undefined;
  serverId: number;
  serverExternalId: string | undefined;
  nodeId: number;
  locationId: number;
  nestId: number;
  eggId: number;
  /** An allocation on nodeId, and whether a server uses it. */
  allocationId: number | undefined;
  /** A database of serverId, if it has one. */
  databaseId: number | undefined;
}

export interface DiscoveredClient {
  /** A server the client key's user owns. */
  ownedIdentifier: string;
  ownedServerUuid: string;
}

const cache = new WeakMap<Session, Promise<Discovered>>();
const clientCache = new WeakMap<Session, Promise<DiscoveredClient>>();

type Item = { attributes: Record<string, unknown> };

/** Application-side ids (needs the application key). */
export function discover(s: Session): Promise<Discovered> {
  let pending = cache.get(s);
  if (!pending) {
    pending = discoverApplication(s);
    cache.set(s, pending);
  }
  return pending;
}

const OWNER_QUERY = { 'v0.7.19': { filter: 'owner' }, 'v1.11': { type: 'owner' } };

/** Client-side ids (needs the client key of a server owner). */
export function discoverClient(s: Session): Promise<DiscoveredClient> {
  let pending = clientCache.get(s);
  if (!pending) {
    pending = (async () => {
      // Only the key owner's servers: 0.7 reads ?filter=owner, 1.x ?type=owner (and ignores filter)
      // (v0.7.19:app/Http/Controllers/Api/Client/ClientController.php#L38-L57,
      // v1.11.8:app/Http/Controllers/Api/Client/ClientController.php#L43-L60).
      const list = data(await s.client.call('listClientServers', { query: perProfile(OWNER_QUERY) }));
      // 1.x answers 409 to most of a suspended, installing, transferring or restoring server's routes
      // (v1.11.8:app/Http/Middleware/Api/Client/Server/AuthenticateServerAccess.php#L49-L62): an owned
      // server in none of those states first (0.7's servers carry no status, so its first owned one).
      const ownedServers = list.filter((d) => d.attributes['server_owner'] === true);
      const owned = ownedServers.find(usable) ?? ownedServers[0];
      if (!owned) unavailable('discovery: the client key owns no server; give the key of a server owner in PTERO_CLIENT_KEY');
      return { ownedIdentifier: String(owned.attributes['identifier']), ownedServerUuid: String(owned.attributes['uuid']) };
    })();
    clientCache.set(s, pending);
  }
  return pending;
}

async function discoverApplication(s: Session): Promise<Discovered> {
  const pins = s.config.pins;
  const users = data(await s.client.call('listUsers'));
  const user = pick(users, pins.user, 'user');
  const servers = data(await s.client.call('listServers'));
  const server = pick(servers, pins.server, 'server');
  const nodes = data(await s.client.call('listNodes'));
  const node = pick(nodes, pins.node, 'node');
  const locations = data(await s.client.call('listLocations'));
  const location = pick(locations, pins.location, 'location');
  const nests = data(await s.client.call('listNests'));
  const nest = pick(nests, pins.nest, 'nest');
  const eggs = data(await s.client.call('listNestEggs', { params: { nest: id(nest) } }));
  const egg = pick(eggs, pins.egg, 'egg');
  const allocations = data(await s.client.call('listNodeAllocations', { params: { node: id(node) } }));
  const databases = data(await s.client.call('listServerDatabases', { params: { server: id(server) } }));
  return {
    userId: id(user),
    userExternalId: firstExternal(users),
    serverId: id(server),
    serverExternalId: firstExternal(servers),
    nodeId: id(node),
    locationId: id(location),
    nestId: id(nest),
    eggId: id(egg),
    allocationId: allocations[0] ? id(allocations[0]) : undefined,
    databaseId: databases[0] ? id(databases[0]) : undefined,
  };
}

/** A 1.x server a client can work on: no status, not under maintenance, not being transferred. */
function usable(item: Item): boolean {
  const a = item.attributes;
  return (a['status'] ?? null) === null && a['is_suspended'] !== true && a['is_installing'] !== true && a['is_transferring'] !== true && a['is_node_under_maintenance'] !== true;
}

function data(exchange: PanelExchange): Item[] {
  const list = (exchange.json as { data?: Item[] } | undefined)?.data;
  if (exchange.response.status !== 200 || !Array.isArray(list)) {
    unavailable(`discovery: ${exchange.request.method} ${new URL(exchange.request.url).pathname} answered ${exchange.response.status}; cannot find the resources the suite needs`, exchange);
  }
  return list;
}

function pick(items: Item[], pinned: string | undefined, what: string): Item {
  const chosen = pinned === undefined ? items[0] : items.find((i) => String(i.attributes['id']) === pinned);
  if (!chosen) unavailable(pinned === undefined ? `discovery: the panel has no ${what} on the first page` : `discovery: PTERO_PIN_${what.toUpperCase()}=${pinned} is not on the first page of ${what}s`);
  return chosen;
}

function id(item: Item): number {
  return Number(item.attributes['id']);
}

function firstExternal(items: Item[]): string | undefined {
  const found = items.find((i) => typeof i.attributes['external_id'] === 'string');
  return found ? String(found.attributes['external_id']) : undefined;
}
