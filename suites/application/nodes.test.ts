// Application API, nodes and their allocations (legacy docs page application/nodes).
// Statements say what a stock v0.7.19 panel MUST do; those marked SHARED_PROFILES hold for a stock v1.11.8
// panel too, with the values that differ by profile (perProfile). 1.x no longer reads ?search= (filter[...]
// instead, v1.11.8:app/Http/Controllers/Api/Application/Nodes/NodeController.php#L35-L45).
import { unavailable, violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import { ABSENT_ID } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { perProfile, SHARED_PROFILES } from '../support/per-profile.ts';
import { expectPartialFilter } from '../support/list-filters.ts';
import { createRecorded, runName } from '../support/created-resources.ts';
import { discover } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';
import { walkAllPages } from '../support/page-walk.ts';

const app = ['application' as const];
type Item = { attributes: Record<string, unknown> };

const NODE_HAS_SERVERS = 'A node must have no servers linked to it in order to be deleted.';
/** exceptions.node.daemon_off_config_updated: the daemon's file is core.json on 0.7, Wings' config.yml on 1.x (v1.11.8:resources/lang/en/exceptions.php#L7). */
const CONFIGURATION_NOT_PERSISTED = `The daemon configuration <strong>has been updated</strong>, however there was an error encountered while attempting to automatically update the configuration file on the Daemon. You will need to manually update the configuration file (${perProfile({ 'v0.7.19': 'core.json', 'v1.11': 'config.yml' })}) for the daemon to apply these changes.`;
/** NodeController's allowedFilters (v1.11.8:app/Http/Controllers/Api/Application/Nodes/NodeController.php#L37-L40). */
const NODE_FILTERS = ['uuid', 'name', 'fqdn', 'daemon_token_id'];
/**
 * What a new node holds by default: 0.7's API sets description "" and daemon_base /srv/daemon-data
 * (daemon_base from the Node model when absent, v0.7.19:app/Http/Requests/Api/Application/Nodes/StoreNodeRequest.php#L72-L80); 1.x leaves description null
 * and defaults daemon_base to /var/lib/pterodactyl/volumes (v1.11.8:app/Models/Node.php#L113-L122,
 * v1.11.8:app/Http/Requests/Api/Application/Nodes/StoreNodeRequest.php#L18-L72).
 */
const NODE_DEFAULTS = perProfile({
  'v0.7.19': { description: '', daemon_base: '/srv/daemon-data' },
  'v1.11': { description: null, daemon_base: '/var/lib/pterodactyl/volumes' },
});
/** Whether POST /nodes stores maintenance_mode: 0.7's request drops it, 1.x's accepts it (v1.11.8:app/Http/Requests/Api/Application/Nodes/StoreNodeRequest.php#L20-L36). */
const CREATE_STORES_MAINTENANCE = perProfile({ 'v0.7.19': false, 'v1.11': true });
/** The longest allocation alias (v1.11.8:app/Http/Requests/Api/Application/Allocations/StoreAllocationRequest.php#L18). */
const ALIAS_MAX = perProfile({ 'v0.7.19': 255, 'v1.11': 191 });
const SERVER_USING_ALLOCATION = 'A server is currently assigned to this allocation. An allocation can only be deleted if no server is currently assigned.';
const CIDR_OUT_OF_RANGE = 'CIDR notation only allows masks between /25 and /32.';
const PORT_OUT_OF_RANGE = 'Ports in an allocation must be greater than 1024 and less than or equal to 65535.';
const TOO_MANY_PORTS = 'Adding more than 1000 ports in a single range at once is not supported.';
const invalidMapping = (port: string) => `The mapping provided for ${port} was invalid and could not be processed.`;

async function createLocation(s: Session, label: string): Promise<number> {
  const short = runName(s, label).slice(0, 60);
  const created = (
    await createRecorded(s, 'createLocation', { body: { short, long: `Conformance ${label}` } }, (body) => ({
      kind: 'location',
      deleteOperation: 'deleteLocation',
      params: { location: Number(body.attributes['id']) },
      name: short,
    }))
  ).status(201);
  return created.json.attributes.id as number;
}

/** A valid node body: the required fields only; the fqdn never resolves (.invalid), so no daemon answers. */
function nodeBody(s: Session, label: string, locationId: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const name = runName(s, label);
  return {
    name,
    location_id: locationId,
    fqdn: `${name}.invalid`,
    scheme: 'https',
    memory: 1024,
    memory_overallocate: 0,
    disk: 10240,
    disk_overallocate: 0,
    daemon_listen: 8080,
    daemon_sftp: 2022,
    ...extra,
  };
}

/** POST /nodes through the ledger (newer than its location, so it is removed first). */
function createNode(s: Session, body: Record<string, unknown>, query?: Record<string, string>) {
  return createRecorded(s, 'createNode', { body, ...(query ? { query } : {}) }, (created) => ({
    kind: 'node',
    deleteOperation: 'deleteNode',
    params: { node: Number(created.attributes['id']) },
    name: String(created.attributes['name']),
  }));
}

const sharedLocations = new WeakMap<Session, Promise<number>>();

/**
 * The location this file's nodes are made on: one per run, made by the first behaviour that needs
 * it (no node behaviour needs a location of its own, and two requests per node add up on a live
 * panel's 120 a minute). Recorded before the nodes, so teardown removes it after them.
 */
function nodesLocation(s: Session): Promise<number> {
  let pending = sharedLocations.get(s);
  if (!pending) {
    pending = createLocation(s, 'nodes');
    sharedLocations.set(s, pending);
    // A failed create is not cached: the next behaviour tries again (and reports its own failure).
    pending.catch(() => sharedLocations.delete(s));
  }
  return pending;
}

/** A node made by this run, on the run's node location. */
async function ownNode(s: Session, label: string): Promise<{ locationId: number; nodeId: number }> {
  const locationId = await nodesLocation(s);
  const created = (await createNode(s, nodeBody(s, label, locationId))).status(201);
  return { locationId, nodeId: created.json.attributes.id as number };
}

/**
 * The nodes this run shares between behaviours, made once per run by the first behaviour that needs
 * one (a node costs a create and a delete; on a live panel's 120 a minute that adds up):
 * `refusals` for behaviours whose requests the panel refuses, so it stays as made (no allocation,
 * memory 1024); `allocations` for behaviours that add allocations, each on an IP of its own, and
 * check only the allocations on that IP (and for the one PATCH that commits a change).
 */
type SharedNodeRole = 'refusals' | 'allocations';
const sharedNodes = new WeakMap<Session, Map<SharedNodeRole, Promise<{ locationId: number; nodeId: number }>>>();

function sharedNode(s: Session, role: SharedNodeRole): Promise<{ locationId: number; nodeId: number }> {
  let byRole = sharedNodes.get(s);
  if (!byRole) sharedNodes.set(s, (byRole = new Map()));
  let pending = byRole.get(role);
  if (!pending) {
    pending = ownNode(s, `shared-${role}`);
    byRole.set(role, pending);
    // A failed create is not cached: the next behaviour tries again (and reports its own failure).
    pending.catch(() => byRole.delete(role));
  }
  return pending;
}

/** Every allocation of a node, over all pages. */
async function allocationsOf(s: Session, nodeId: number): Promise<Item[]> {
  return (await walkAllPages(s, 'listNodeAllocations', { params: { node: nodeId }, maxPages: 100 })).items;
}

/** The allocations of a node on the IPs `ip` accepts (a shared node holds other behaviours' allocations too). */
async function allocationsOn(s: Session, nodeId: number, ip: (address: string) => boolean): Promise<Item[]> {
  return (await allocationsOf(s, nodeId)).filter((a) => ip(String(a.attributes['ip'])));
}

const onIp = (address: string) => (candidate: string) => candidate === address;
/** 198.51.100.0/24: the CIDR behaviours' block; no other behaviour uses it. */
const inCidrBlock = (candidate: string) => candidate.startsWith('198.51.100.');

/**
 * An unassigned allocation's server include: 0.7's transformer calls a method on the missing server
 * (500, v0.7.19:app/Transformers/Api/Application/AllocationTransformer.php#L71-L82); 1.x renders the
 * null_resource for it (v1.11.8:app/Transformers/Api/Application/AllocationTransformer.php#L65-L76).
 */
const UNASSIGNED_SERVER_INCLUDE = perProfile<{ statement: string; meta: { provokes?: 'server-error' }; error?: { code: string; status: number } }>({
  'v0.7.19': { statement: '500 FatalThrowableError', meta: { provokes: 'server-error' }, error: { code: 'FatalThrowableError', status: 500 } },
  'v1.11': { statement: '200 with the server include as the null_resource', meta: {} },
});

/**
 * An ip the IP library refuses: 0.7 lets its exception through (500 Exception); 1.x shows it as a
 * DisplayException (v1.11.8:app/Services/Allocations/AssignmentService.php#L49-L59).
 */
const UNPARSABLE_IP = perProfile<{ meta: { provokes?: 'server-error' }; error: { code: string; status: number; detail?: string } }>({
  'v0.7.19': { meta: { provokes: 'server-error' }, error: { code: 'Exception', status: 500 } },
  'v1.11': { meta: {}, error: { code: 'DisplayException', status: 400, detail: 'Could not parse provided allocation IP address (300.1.1.1): Invalid IP address format' } },
});

const pairs = (items: Item[]) => items.map((a) => `${String(a.attributes['ip'])}:${String(a.attributes['port'])}`).sort();

function assertAttributes(what: string, actual: Record<string, unknown>, want: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(want)) {
    if (actual[key] !== value) violate(`${what}: ${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)}`, { kind: 'value' });
  }
}

/** POST allocations expecting a 400 of the assignment family with its message. */
async function assignmentFails(s: Session, nodeId: number, body: Record<string, unknown>, code: string, detail: string): Promise<void> {
  (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body })).error({ code, status: 400, detail });
}

describe('GET /api/application/nodes', () => {
  conformance(
    'GET /api/application/nodes?search= MUST find a node by a prefix of its name, and answer an empty page when nothing matches',
    { operation: 'listNodes', behaviour: 'nodes.list.search', effect: 'read', keys: app },
    async (s) => {
      const { nodeId } = await discover(s);
      const node = (await call(s, 'getNode', { params: { node: nodeId } })).status(200);
      const word = String(node.json.attributes.name).split(/\s+/)[0] ?? '';
      const prefix = word.length > 1 ? word.slice(0, word.length - 1) : word;
      const found = (await call(s, 'listNodes', { query: { search: prefix } })).status(200);
      found.paginated({ perPage: 50, page: 1 });
      const ids = (found.json.data as Item[]).map((d) => Number(d.attributes['id']));
      if (!ids.includes(nodeId)) violate(`search=${prefix} (a prefix of node name ${node.json.attributes.name}) did not find node ${nodeId}: [${ids.join(', ')}]`, { kind: 'listing' });
      (await call(s, 'listNodes', { query: { search: 'zzqxj-ptero-conformance-no-such-node' } })).status(200).paginated({ perPage: 50, page: 1, total: 0 });
    },
  );

  conformance(
    'GET /api/application/nodes?search= MUST find a node by a substring of its name alone, and by its location\'s short code',
    { operation: 'listNodes', behaviour: 'nodes.list.search-substring-and-location', effect: 'read', keys: app },
    async (s) => {
      const { nodeId } = await discover(s);
      const node = (await call(s, 'getNode', { params: { node: nodeId }, query: { include: 'location' } })).status(200);
      const word = String(node.json.attributes.name).split(/\s+/)[0] ?? '';
      if (word.length < 3) unavailable(`discovery: node ${nodeId}'s name ${node.json.attributes.name} is too short for a substring search`);
      const inner = word.slice(1);
      const byInner = (await call(s, 'listNodes', { query: { search: inner } })).status(200).json.data as Item[];
      if (!byInner.some((d) => d.attributes['id'] === nodeId)) violate(`search=${inner} (inside node name ${word}; name weight 10 ≥ 6.5) did not find node ${nodeId}`, { kind: 'listing' });
      const short = String(node.json.attributes.relationships.location.attributes.short);
      const byLocation = (await call(s, 'listNodes', { query: { search: short } })).status(200).json.data as Item[];
      if (!byLocation.some((d) => d.attributes['id'] === nodeId)) violate(`search=${short} (its location's short code) did not find node ${nodeId}`, { kind: 'listing' });
    },
  );

  conformance(
    'GET /api/application/nodes?search[]= (an array) MUST answer 500 FatalThrowableError, raised inside the route',
    { operation: 'listNodes', behaviour: 'nodes.list.search-array', provokes: 'server-error', effect: 'read', keys: app },
    async (s) => {
      (await call(s, 'listNodes', { query: { 'search[]': 'node' } })).error({ code: 'FatalThrowableError', status: 500 }).rateLimitHeaders(120);
    },
  );

  conformance(
    'GET /api/application/nodes?filter[name]= MUST find a node by a case-insensitive piece of its name, ignore search, and answer 400 InvalidFilterQuery for another filter',
    { operation: 'listNodes', behaviour: 'nodes.list.filter', effect: 'read', keys: app, profiles: ['v1.11'] },
    async (s) => {
      const { nodeId } = await discover(s);
      const name = String((await call(s, 'getNode', { params: { node: nodeId } })).status(200).json.attributes.name);
      if (name.length < 3) unavailable(`discovery: node ${nodeId}'s name ${name} is too short for a piece of it`);
      await expectPartialFilter(s, { operationId: 'listNodes', allowed: NODE_FILTERS, filter: 'name', piece: name.slice(1, -1), id: nodeId });
    },
  );

  conformance(
    'GET /api/application/nodes?include=allocations,location,servers MUST render all three includes for a key that may read them',
    { operation: 'listNodes', behaviour: 'nodes.list.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      (await call(s, 'listNodes', { query: { include: 'allocations,location,servers' } }))
        .status(200)
        .include('allocations', 'rendered')
        .include('location', 'rendered')
        .include('servers', 'rendered');
    },
  );
});

describe('GET /api/application/nodes/{node}', () => {
  conformance(
    'GET /api/application/nodes/{node} MUST answer the node object without relationships when no include is asked for',
    { operation: 'getNode', behaviour: 'nodes.view', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await discover(s);
      const answer = (await call(s, 'getNode', { params: { node: nodeId } })).status(200).include('location', 'absent');
      if (answer.json.object !== 'node') violate(`object is ${JSON.stringify(answer.json.object)}, not "node"`, { kind: 'value' });
      if (answer.json.attributes.id !== nodeId) violate(`asked for node ${nodeId}, got ${answer.json.attributes.id}`, { kind: 'value' });
      if ('daemonSecret' in answer.json.attributes || 'daemon_secret' in answer.json.attributes) violate('the node exposes its daemon secret', { kind: 'value' });
    },
  );

  conformance(
    'GET /api/application/nodes/{node}?include=allocations,location,servers MUST render the node\'s own allocations, location and servers',
    { operation: 'getNode', behaviour: 'nodes.view.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await discover(s);
      const answer = (await call(s, 'getNode', { params: { node: nodeId }, query: { include: 'allocations,location,servers' } }))
        .status(200)
        .include('allocations', 'rendered')
        .include('location', 'rendered')
        .include('servers', 'rendered');
      const a = answer.json.attributes;
      const location = a.relationships.location;
      if (location.object !== 'location' || location.attributes.id !== a.location_id) {
        violate(`the location include is ${JSON.stringify(location)}, expected location ${a.location_id}`, { kind: 'include' });
      }
      for (const server of a.relationships.servers.data as Item[]) {
        if (server.attributes['node'] !== nodeId) violate(`the servers include lists server ${String(server.attributes['id'])} of node ${String(server.attributes['node'])}`, { kind: 'include' });
      }
      const listed = pairs(await allocationsOf(s, nodeId));
      const included = pairs(a.relationships.allocations.data as Item[]);
      if (JSON.stringify(listed) !== JSON.stringify(included)) violate(`the allocations include (${included.length}) differs from the node's allocation list (${listed.length})`, { kind: 'include' });
    },
  );
});

describe('POST /api/application/nodes', () => {
  conformance(
    `POST /api/application/nodes MUST answer 201 with the node (description ${JSON.stringify(NODE_DEFAULTS.description)}, maintenance_mode false, public true, behind_proxy false, upload_size 100, daemon_base ${NODE_DEFAULTS.daemon_base} by default) and meta.resource pointing at it`,
    { operation: 'createNode', behaviour: 'nodes.create', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const locationId = await nodesLocation(s);
      const body = nodeBody(s, 'node-create', locationId);
      const created = (await createNode(s, body)).status(201);
      const a = created.json.attributes;
      const id = a.id as number;
      if (!String(created.json.meta.resource).endsWith(`/api/application/nodes/${id}`)) violate(`meta.resource ${created.json.meta.resource} does not point at node ${id}`, { kind: 'value' });
      assertAttributes('the new node', a, {
        name: body['name'],
        location_id: locationId,
        fqdn: body['fqdn'],
        scheme: 'https',
        memory: 1024,
        memory_overallocate: 0,
        disk: 10240,
        disk_overallocate: 0,
        daemon_listen: 8080,
        daemon_sftp: 2022,
        description: NODE_DEFAULTS.description,
        maintenance_mode: false,
        public: true,
        behind_proxy: false,
        upload_size: 100,
        daemon_base: NODE_DEFAULTS.daemon_base,
      });
      const viewed = (await call(s, 'getNode', { params: { node: id } })).status(200);
      assertAttributes('GET of the new node', viewed.json.attributes, { name: body['name'], location_id: locationId });
    },
  );

  conformance(
    `POST /api/application/nodes MUST store the optional fields it accepts and ignore ${CREATE_STORES_MAINTENANCE ? 'description' : 'description and maintenance_mode'}`,
    { operation: 'createNode', behaviour: 'nodes.create.optional-fields', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const locationId = await nodesLocation(s);
      const body = nodeBody(s, 'node-optional', locationId, {
        public: false,
        behind_proxy: true,
        upload_size: 512,
        daemon_base: '/var/lib/conformance',
        memory_overallocate: -1,
        disk_overallocate: 25,
        description: 'not accepted by the API',
        maintenance_mode: true,
      });
      const created = (await createNode(s, body)).status(201);
      assertAttributes('the new node', created.json.attributes, {
        public: false,
        behind_proxy: true,
        upload_size: 512,
        daemon_base: '/var/lib/conformance',
        memory_overallocate: -1,
        disk_overallocate: 25,
        description: NODE_DEFAULTS.description,
        maintenance_mode: CREATE_STORES_MAINTENANCE,
      });
    },
  );

  conformance(
    'POST /api/application/nodes?include=location,allocations MUST render the includes of the new node',
    { operation: 'createNode', behaviour: 'nodes.create.include', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const locationId = await nodesLocation(s);
      const created = (await createNode(s, nodeBody(s, 'node-include', locationId), { include: 'location,allocations' }))
        .status(201)
        .include('location', 'rendered')
        .include('allocations', 'rendered');
      const relationships = created.json.attributes.relationships;
      if (relationships.location.attributes.id !== locationId) violate(`the location include is location ${relationships.location.attributes.id}, not ${locationId}`, { kind: 'include' });
      if (relationships.allocations.data.length !== 0) violate('a new node already lists allocations', { kind: 'value' });
    },
  );

  conformance(
    'POST /api/application/nodes MUST answer 422 required for each missing required field, with the exact messages',
    { operation: 'createNode', behaviour: 'nodes.create.validation-required', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      (await createNode(s, {})).validation(
        { code: 'required', field: 'name', detail: 'The name field is required.' },
        { code: 'required', field: 'location_id', detail: 'The Location field is required.' },
        { code: 'required', field: 'fqdn', detail: 'The fqdn field is required.' },
        { code: 'required', field: 'scheme', detail: 'The scheme field is required.' },
        { code: 'required', field: 'memory', detail: 'The memory field is required.' },
        { code: 'required', field: 'memory_overallocate', detail: 'The memory overallocate field is required.' },
        { code: 'required', field: 'disk', detail: 'The disk field is required.' },
        { code: 'required', field: 'disk_overallocate', detail: 'The disk overallocate field is required.' },
        { code: 'required', field: 'daemon_listen', detail: 'The daemon listen field is required.' },
        { code: 'required', field: 'daemon_sftp', detail: 'The daemon sftp field is required.' },
      );
    },
  );

  conformance(
    'POST /api/application/nodes MUST answer 422 per invalid field with the rule code: name regex, location exists, numeric and min, between, integer, boolean, daemon_base regex',
    { operation: 'createNode', behaviour: 'nodes.create.validation-rules', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const locationId = await nodesLocation(s);
      const invalid = async (extra: Record<string, unknown>, expected: { code: string; field: string; detail: string }) => {
        (await createNode(s, nodeBody(s, 'node-invalid', locationId, extra))).validation(expected);
      };
      await invalid({ name: 'bad/name!' }, { code: 'regex', field: 'name', detail: 'The name format is invalid.' });
      await invalid({ name: 'n'.repeat(101) }, { code: 'regex', field: 'name', detail: 'The name format is invalid.' });
      await invalid({ location_id: ABSENT_ID }, { code: 'exists', field: 'location_id', detail: 'The selected Location is invalid.' });
      await invalid({ memory: 'lots' }, { code: 'numeric', field: 'memory', detail: 'The memory must be a number.' });
      await invalid({ memory: 0 }, { code: 'min', field: 'memory', detail: 'The memory must be at least 1.' });
      await invalid({ disk: 0 }, { code: 'min', field: 'disk', detail: 'The disk must be at least 1.' });
      await invalid({ memory_overallocate: -2 }, { code: 'min', field: 'memory_overallocate', detail: 'The memory overallocate must be at least -1.' });
      await invalid({ daemon_listen: 65536 }, { code: 'between', field: 'daemon_listen', detail: 'The daemon listen must be between 1 and 65535.' });
      await invalid({ daemon_sftp: 0 }, { code: 'between', field: 'daemon_sftp', detail: 'The daemon sftp must be between 1 and 65535.' });
      await invalid({ upload_size: 2048 }, { code: 'between', field: 'upload_size', detail: 'The File Upload Size Limit must be between 1 and 1024.' });
      await invalid({ upload_size: 1.5 }, { code: 'integer', field: 'upload_size', detail: 'The File Upload Size Limit must be an integer.' });
      await invalid({ public: 'maybe' }, { code: 'boolean', field: 'public', detail: 'The Node Visibility field must be true or false.' });
      await invalid({ behind_proxy: 'maybe' }, { code: 'boolean', field: 'behind_proxy', detail: 'The behind proxy field must be true or false.' });
      await invalid({ daemon_base: 'relative/path' }, { code: 'regex', field: 'daemon_base', detail: 'The Daemon Base Path format is invalid.' });
    },
  );
});

describe('PATCH and DELETE /api/application/nodes/{node}', () => {
  conformance(
    'PATCH /api/application/nodes/{node} MUST require every required field again (full replacement)',
    { operation: 'updateNode', behaviour: 'nodes.update.full-replacement', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'refusals');
      (await call(s, 'updateNode', { params: { node: nodeId }, body: { memory: 2048 } })).validation(
        { code: 'required', field: 'name', detail: 'The name field is required.' },
        { code: 'required', field: 'location_id', detail: 'The Location field is required.' },
        { code: 'required', field: 'fqdn', detail: 'The fqdn field is required.' },
        { code: 'required', field: 'scheme', detail: 'The scheme field is required.' },
        { code: 'required', field: 'memory_overallocate', detail: 'The memory overallocate field is required.' },
        { code: 'required', field: 'disk', detail: 'The disk field is required.' },
        { code: 'required', field: 'disk_overallocate', detail: 'The disk overallocate field is required.' },
        { code: 'required', field: 'daemon_listen', detail: 'The daemon listen field is required.' },
        { code: 'required', field: 'daemon_sftp', detail: 'The daemon sftp field is required.' },
      );
      const unchanged = (await call(s, 'getNode', { params: { node: nodeId } })).status(200);
      if (unchanged.json.attributes.memory !== 1024) violate(`a PATCH that failed validation changed memory to ${unchanged.json.attributes.memory}`, { kind: 'state' });
    },
  );

  conformance(
    'PATCH /api/application/nodes/{node} MUST commit the change and answer 400 ConfigurationNotPersistedException when the node\'s daemon cannot be reached',
    { operation: 'updateNode', behaviour: 'nodes.update.daemon-unreachable', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { locationId, nodeId } = await sharedNode(s, 'allocations');
      // The fqdn ends in .invalid: it never resolves, so the configuration push cannot connect.
      const body = nodeBody(s, 'node-patch', locationId, { memory: 4096, upload_size: 200 });
      (await call(s, 'updateNode', { params: { node: nodeId }, body })).error({ code: 'ConfigurationNotPersistedException', status: 400, detail: CONFIGURATION_NOT_PERSISTED });
      const viewed = (await call(s, 'getNode', { params: { node: nodeId } })).status(200);
      assertAttributes('the node after the PATCH', viewed.json.attributes, { memory: 4096, upload_size: 200 });
    },
  );

  conformance(
    'PATCH /api/application/nodes/{node} MUST answer 200 with the changed node when its daemon accepts the configuration',
    { operation: 'updateNode', behaviour: 'nodes.update', effect: 'write', keys: app, mockOnly: true, profiles: SHARED_PROFILES },
    async (s) => {
      const { locationId, nodeId } = await ownNode(s, 'node-patch-ok');
      const control = s.control;
      if (!control) unavailable('needs the mock control surface');
      await control.setNodeReachable(nodeId, true);
      try {
        const body = nodeBody(s, 'node-patch-ok', locationId, { memory: 8192, behind_proxy: true, name: 'Conformance renamed node' });
        const updated = (await call(s, 'updateNode', { params: { node: nodeId }, body })).status(200).freshTimestamps('updated_at');
        assertAttributes('the updated node', updated.json.attributes, { id: nodeId, memory: 8192, behind_proxy: true, name: 'Conformance renamed node' });
      } finally {
        await control.setNodeReachable(nodeId, false);
      }
    },
  );

  conformance(
    'DELETE /api/application/nodes/{node} MUST answer 204 with an empty body, after which the node and its allocations are gone',
    { operation: 'deleteNode', behaviour: 'nodes.delete', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await ownNode(s, 'node-delete');
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.10', ports: ['31000'] } })).status(204);
      const deleted = (await call(s, 'deleteNode', { params: { node: nodeId } })).status(204);
      s.ledger.forget('deleteNode', { node: nodeId });
      if (deleted.exchange.response.rawBody !== '') violate(`the 204 has a body: ${deleted.exchange.response.rawBody}`, { kind: 'body', pointer: '', expected: 'an empty body', actual: deleted.exchange.response.rawBody }, deleted.exchange);
      (await call(s, 'getNode', { params: { node: nodeId } })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'listNodeAllocations', { params: { node: nodeId } })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'deleteNode', { params: { node: nodeId } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'DELETE /api/application/nodes/{node} MUST answer 400 HasActiveServersException while servers are on the node',
    { operation: 'deleteNode', behaviour: 'nodes.delete.has-servers', effect: 'destructive', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = (await call(s, 'getServer', { params: { server: serverId } })).status(200);
      const nodeId = Number(server.json.attributes.node);
      (await call(s, 'deleteNode', { params: { node: nodeId } })).error({ code: 'HasActiveServersException', status: 400, detail: NODE_HAS_SERVERS });
      (await call(s, 'getNode', { params: { node: nodeId } })).status(200);
    },
  );
});

describe('GET /api/application/nodes/{node}/allocations', () => {
  conformance(
    'GET /api/application/nodes/{node}/allocations?include=node MUST render the allocation\'s node on every item',
    { operation: 'listNodeAllocations', behaviour: 'allocations.list.include-node', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await discover(s);
      const answer = (await call(s, 'listNodeAllocations', { params: { node: nodeId }, query: { include: 'node' } })).status(200).include('node', 'rendered');
      for (const item of answer.json.data as Item[]) {
        const node = (item.attributes['relationships'] as Record<string, { object: string; attributes: Record<string, unknown> }>)['node'];
        if (node?.object !== 'node' || node.attributes['id'] !== nodeId) violate(`allocation ${String(item.attributes['id'])} includes node ${JSON.stringify(node?.attributes['id'])}, not ${nodeId}`, { kind: 'include' });
      }
    },
  );

  conformance(
    `GET /api/application/nodes/{node}/allocations?include=server MUST answer ${UNASSIGNED_SERVER_INCLUDE.statement} when an allocation on the page is assigned to no server`,
    { operation: 'listNodeAllocations', behaviour: 'allocations.list.include-server-unassigned', ...UNASSIGNED_SERVER_INCLUDE.meta, effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const nodes = (await call(s, 'listNodes')).status(200).json.data as Item[];
      for (const node of nodes) {
        const nodeId = Number(node.attributes['id']);
        const page = (await call(s, 'listNodeAllocations', { params: { node: nodeId } })).status(200);
        if (!(page.json.data as Item[]).some((a) => a.attributes['assigned'] === false)) continue;
        const answer = await call(s, 'listNodeAllocations', { params: { node: nodeId }, query: { include: 'server' } });
        if (UNASSIGNED_SERVER_INCLUDE.error) {
          answer.error(UNASSIGNED_SERVER_INCLUDE.error);
          return;
        }
        answer.status(200);
        for (const a of answer.json.data as Item[]) {
          const server = (a.attributes['relationships'] as Record<string, { object: unknown; attributes: unknown }>)['server'];
          const rendered = server?.object === 'server';
          if (rendered !== (a.attributes['assigned'] === true)) violate(`allocation ${String(a.attributes['id'])} (assigned ${String(a.attributes['assigned'])}) has the server include ${JSON.stringify(server)}`, { kind: 'include', pointer: '/data/*/attributes/relationships/server' }, answer.exchange);
          if (!rendered && (server?.object !== 'null_resource' || server.attributes !== null)) violate(`allocation ${String(a.attributes['id'])}: the server include of an unassigned allocation is ${JSON.stringify(server)}, not the null_resource`, { kind: 'include' }, answer.exchange);
        }
        return;
      }
      unavailable('discovery: no node has an unassigned allocation on the first page of its allocations');
    },
  );

  conformance(
    'GET /api/application/servers/{server}?include=allocations.server MUST render the server include of each (assigned) allocation',
    { operation: 'getServer', behaviour: 'allocations.include-server-assigned', effect: 'read', keys: app, category: 'application/nodes', profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const answer = (await call(s, 'getServer', { params: { server: serverId }, query: { include: 'allocations.server' } })).status(200).include('allocations', 'rendered');
      const allocations = answer.json.attributes.relationships.allocations.data as Item[];
      if (allocations.length === 0) violate(`server ${serverId} has no allocation`, { kind: 'value' });
      for (const allocation of allocations) {
        if (allocation.attributes['assigned'] !== true) violate(`allocation ${String(allocation.attributes['id'])} of server ${serverId} is not marked assigned`, { kind: 'value' });
        const server = (allocation.attributes['relationships'] as Record<string, { object: string; attributes: Record<string, unknown> | null }> | undefined)?.['server'];
        if (server?.object !== 'server' || server.attributes?.['id'] !== serverId) {
          violate(`allocation ${String(allocation.attributes['id'])} includes ${JSON.stringify(server)}, expected server ${serverId}`, { kind: 'include' });
        }
      }
    },
  );
});

describe('POST /api/application/nodes/{node}/allocations', () => {
  conformance(
    'POST /api/application/nodes/{node}/allocations MUST answer 204 with an empty body and add one allocation per port, single ports and ranges, with the alias',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'allocations');
      const created = (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.20', alias: 'conformance.example', ports: ['31000', '31010-31012'] } })).status(204);
      if (created.exchange.response.rawBody !== '') violate(`the 204 has a body: ${created.exchange.response.rawBody}`, { kind: 'body', pointer: '', expected: 'an empty body', actual: created.exchange.response.rawBody }, created.exchange);
      const listed = await allocationsOn(s, nodeId, onIp('192.0.2.20'));
      const want = ['192.0.2.20:31000', '192.0.2.20:31010', '192.0.2.20:31011', '192.0.2.20:31012'];
      if (JSON.stringify(pairs(listed)) !== JSON.stringify(want)) violate(`the node lists ${JSON.stringify(pairs(listed))}, expected ${JSON.stringify(want)}`, { kind: 'value' });
      for (const a of listed) {
        assertAttributes(`allocation ${String(a.attributes['id'])}`, a.attributes, { alias: 'conformance.example', assigned: false });
        if (typeof a.attributes['port'] !== 'number') violate(`port ${JSON.stringify(a.attributes['port'])} is not a JSON number`, { kind: 'value' });
      }
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations MUST silently ignore ports the node already has, within a request and across requests',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.duplicates-ignored', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'allocations');
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.30', ports: ['31000', '31000', '31000-31001'] } })).status(204);
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.30', ports: ['31001', '31002'] } })).status(204);
      const got = pairs(await allocationsOn(s, nodeId, onIp('192.0.2.30')));
      const want = ['192.0.2.30:31000', '192.0.2.30:31001', '192.0.2.30:31002'];
      if (JSON.stringify(got) !== JSON.stringify(want)) violate(`the node lists ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`, { kind: 'value' });
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations with a /27 CIDR ip MUST add the port on all 32 addresses of the block, network and broadcast included',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.cidr', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'allocations');
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '198.51.100.32/27', ports: ['31000'] } })).status(204);
      const got = pairs(await allocationsOn(s, nodeId, inCidrBlock));
      const want = Array.from({ length: 32 }, (_, i) => `198.51.100.${32 + i}:31000`).sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) violate(`the node lists ${got.length} allocations ${JSON.stringify(got.slice(0, 4))}…, expected the 32 addresses 198.51.100.32–63`, { kind: 'value' });
    },
  );

  conformance(
    'GET /api/application/nodes/{node}/allocations MUST split more than 50 allocations over pages of 50 with consistent links',
    { operation: 'listNodeAllocations', behaviour: 'allocations.list.two-pages', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await ownNode(s, 'alloc-pages');
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.40', ports: ['31000-31059'] } })).status(204);
      const first = (await call(s, 'listNodeAllocations', { params: { node: nodeId } })).status(200).paginated({ perPage: 50, page: 1, total: 60 });
      const second = (await call(s, 'listNodeAllocations', { params: { node: nodeId }, query: { page: 2 } })).status(200).paginated({ perPage: 50, page: 2, total: 60 });
      (await call(s, 'listNodeAllocations', { params: { node: nodeId }, query: { page: 3 } })).status(200).paginated({ perPage: 50, page: 3, total: 60 });
      const ids = new Set([...(first.json.data as Item[]), ...(second.json.data as Item[])].map((a) => Number(a.attributes['id'])));
      if (ids.size !== 60) violate(`pages 1 and 2 hold ${ids.size} distinct allocations, expected 60`, { kind: 'listing' });
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations MUST answer 422 when ip or ports is missing, ports is not an array, or a port is a JSON number (code string, field ports.0)',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.validation', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'refusals');
      const post = (body: unknown) => call(s, 'createNodeAllocations', { params: { node: nodeId }, body });
      (await post({})).validation(
        { code: 'required', field: 'ip', detail: 'The ip field is required.' },
        { code: 'required', field: 'ports', detail: 'The ports field is required.' },
      );
      (await post({ ip: '192.0.2.50', ports: '31000' })).validation({ code: 'array', field: 'ports', detail: 'The ports must be an array.' });
      (await post({ ip: '192.0.2.50', ports: [31000] })).validation({ code: 'string', field: 'ports.0', detail: 'The ports.0 must be a string.' });
      (await post({ ip: '192.0.2.50', ports: ['31000'], alias: 'a'.repeat(ALIAS_MAX + 1) })).validation({ code: 'max', field: 'alias', detail: `The alias may not be greater than ${ALIAS_MAX} characters.` });
      const left = await allocationsOn(s, nodeId, onIp('192.0.2.50'));
      if (left.length !== 0) violate(`requests that failed validation created ${left.length} allocations`, { kind: 'state' });
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations MUST answer 400 CidrOutOfRangeException (message naming /25) for a mask outside /27–/32',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.cidr-out-of-range', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'refusals');
      await assignmentFails(s, nodeId, { ip: '198.51.100.0/26', ports: ['31000'] }, 'CidrOutOfRangeException', CIDR_OUT_OF_RANGE);
      await assignmentFails(s, nodeId, { ip: '198.51.100.0/25', ports: ['31000'] }, 'CidrOutOfRangeException', CIDR_OUT_OF_RANGE);
      const left = await allocationsOn(s, nodeId, inCidrBlock);
      if (left.length !== 0) violate(`refused requests created ${left.length} allocations`, { kind: 'state' });
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations MUST answer 400 PortOutOfRangeException for a port ≤ 1024 or > 65535, also at a range end',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.port-out-of-range', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'allocations');
      await assignmentFails(s, nodeId, { ip: '192.0.2.60', ports: ['1024'] }, 'PortOutOfRangeException', PORT_OUT_OF_RANGE);
      await assignmentFails(s, nodeId, { ip: '192.0.2.60', ports: ['65536'] }, 'PortOutOfRangeException', PORT_OUT_OF_RANGE);
      await assignmentFails(s, nodeId, { ip: '192.0.2.60', ports: ['1000-1100'] }, 'PortOutOfRangeException', PORT_OUT_OF_RANGE);
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.60', ports: ['1025', '65535'] } })).status(204);
      const got = pairs(await allocationsOn(s, nodeId, onIp('192.0.2.60')));
      const want = ['192.0.2.60:1025', '192.0.2.60:65535'];
      if (JSON.stringify(got) !== JSON.stringify(want)) violate(`the node lists ${JSON.stringify(got)}, expected only the bounds ${JSON.stringify(want)}`, { kind: 'value' });
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations MUST answer 400 InvalidPortMappingException naming the port when it is neither digits nor NNNN-NNNNN',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.invalid-mapping', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'refusals');
      await assignmentFails(s, nodeId, { ip: '192.0.2.70', ports: ['abc'] }, 'InvalidPortMappingException', invalidMapping('abc'));
      await assignmentFails(s, nodeId, { ip: '192.0.2.70', ports: ['31000:31005'] }, 'InvalidPortMappingException', invalidMapping('31000:31005'));
      await assignmentFails(s, nodeId, { ip: '192.0.2.70', ports: ['310-31005'] }, 'InvalidPortMappingException', invalidMapping('310-31005'));
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations MUST answer 400 TooManyPortsInRangeException for a range of 1001 ports, and accept one of 1000',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.too-many-ports', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await ownNode(s, 'alloc-many');
      await assignmentFails(s, nodeId, { ip: '192.0.2.80', ports: ['30000-31000'] }, 'TooManyPortsInRangeException', TOO_MANY_PORTS);
      // The size is checked before the bounds: an oversized range below 1024 is still "too many".
      await assignmentFails(s, nodeId, { ip: '192.0.2.80', ports: ['1000-2001'] }, 'TooManyPortsInRangeException', TOO_MANY_PORTS);
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.80', ports: ['30000-30999'] } })).status(204);
      const listed = (await call(s, 'listNodeAllocations', { params: { node: nodeId } })).status(200).paginated({ perPage: 50, page: 1, total: 1000 });
      if (listed.json.meta.pagination.total_pages !== 20) violate(`1000 allocations span ${listed.json.meta.pagination.total_pages} pages, expected 20`, { kind: 'listing' });
    },
  );

  conformance(
    'POST /api/application/nodes/{node}/allocations MUST create nothing when any port of the request is refused (one transaction)',
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.atomic', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'refusals');
      await assignmentFails(s, nodeId, { ip: '192.0.2.90', ports: ['31000', '31001-31003', 'abc'] }, 'InvalidPortMappingException', invalidMapping('abc'));
      const left = await allocationsOn(s, nodeId, onIp('192.0.2.90'));
      if (left.length !== 0) violate(`a refused request left ${JSON.stringify(pairs(left))}`, { kind: 'state' });
    },
  );

  conformance(
    `POST /api/application/nodes/{node}/allocations MUST answer ${UNPARSABLE_IP.error.status} ${UNPARSABLE_IP.error.code} for an ip the IP library cannot parse, and create nothing`,
    { operation: 'createNodeAllocations', behaviour: 'allocations.create.unparsable-ip', ...UNPARSABLE_IP.meta, effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await ownNode(s, 'alloc-bad-ip');
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '300.1.1.1', ports: ['31000'] } })).error(UNPARSABLE_IP.error);
      const left = await allocationsOf(s, nodeId);
      if (left.length !== 0) violate(`a refused request left ${JSON.stringify(pairs(left))}`, { kind: 'state' });
    },
  );
});

describe('DELETE /api/application/nodes/{node}/allocations/{allocation}', () => {
  conformance(
    'DELETE /api/application/nodes/{node}/allocations/{allocation} MUST answer 204 with an empty body and remove only that allocation',
    { operation: 'deleteNodeAllocation', behaviour: 'allocations.delete', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nodeId } = await sharedNode(s, 'allocations');
      (await call(s, 'createNodeAllocations', { params: { node: nodeId }, body: { ip: '192.0.2.100', ports: ['31000-31001'] } })).status(204);
      // The node is shared: every allocation but the deleted one must stay, other behaviours' too.
      const before = await allocationsOf(s, nodeId);
      const target = before.find((a) => a.attributes['ip'] === '192.0.2.100' && a.attributes['port'] === 31000);
      if (!target) violate(`port 31000 was not created: ${JSON.stringify(pairs(before))}`, { kind: 'state' });
      const allocationId = Number(target.attributes['id']);
      const deleted = (await call(s, 'deleteNodeAllocation', { params: { node: nodeId, allocation: allocationId } })).status(204);
      if (deleted.exchange.response.rawBody !== '') violate(`the 204 has a body: ${deleted.exchange.response.rawBody}`, { kind: 'body', pointer: '', expected: 'an empty body', actual: deleted.exchange.response.rawBody }, deleted.exchange);
      const after = pairs(await allocationsOf(s, nodeId));
      const kept = pairs(before.filter((a) => a !== target));
      if (JSON.stringify(after) !== JSON.stringify(kept)) violate(`after the delete the node lists ${JSON.stringify(after)}, expected ${JSON.stringify(kept)}`, { kind: 'state' });
      (await call(s, 'deleteNodeAllocation', { params: { node: nodeId, allocation: allocationId } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'DELETE /api/application/nodes/{node}/allocations/{allocation} MUST answer 404 NotFoundHttpException when the allocation belongs to another node, and keep it',
    { operation: 'deleteNodeAllocation', behaviour: 'allocations.delete.wrong-node', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      // Deleted through the refusals node; the allocation is made on the allocations node.
      const { nodeId } = await sharedNode(s, 'refusals');
      const { nodeId: otherId } = await sharedNode(s, 'allocations');
      (await call(s, 'createNodeAllocations', { params: { node: otherId }, body: { ip: '192.0.2.110', ports: ['31000'] } })).status(204);
      const [allocation] = await allocationsOn(s, otherId, onIp('192.0.2.110'));
      if (!allocation) violate(`node ${otherId} lists no allocation after the create`, { kind: 'value' });
      const allocationId = Number(allocation.attributes['id']);
      (await call(s, 'deleteNodeAllocation', { params: { node: nodeId, allocation: allocationId } })).error({ code: 'NotFoundHttpException', status: 404 });
      if (!(await allocationsOf(s, otherId)).some((a) => Number(a.attributes['id']) === allocationId)) violate(`allocation ${allocationId} of node ${otherId} is gone after a DELETE through node ${nodeId}`, { kind: 'state' });
      (await call(s, 'deleteNodeAllocation', { params: { node: nodeId, allocation: ABSENT_ID } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'DELETE /api/application/nodes/{node}/allocations/{allocation} MUST answer 400 ServerUsingAllocationException while a server is assigned to it',
    { operation: 'deleteNodeAllocation', behaviour: 'allocations.delete.assigned', effect: 'destructive', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = (await call(s, 'getServer', { params: { server: serverId } })).status(200);
      const nodeId = Number(server.json.attributes.node);
      const allocationId = Number(server.json.attributes.allocation);
      (await call(s, 'deleteNodeAllocation', { params: { node: nodeId, allocation: allocationId } })).error({
        code: 'ServerUsingAllocationException',
        status: 400,
        detail: SERVER_USING_ALLOCATION,
      });
      const still = (await allocationsOf(s, nodeId)).find((a) => Number(a.attributes['id']) === allocationId);
      if (!still || still.attributes['assigned'] !== true) violate(`allocation ${allocationId} is no longer listed as assigned on node ${nodeId}`, { kind: 'state' });
    },
  );
});
