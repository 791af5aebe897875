import { randomUUID } from 'node:crypto';
import { DaemonError } from '../../daemon/daemon-error.ts';
import { daemonDisplayException } from '../../daemon/daemon-failures.ts';
import { daemonCreateServer, daemonRevokeAccessKey, daemonUpdateServer } from '../../daemon/server-daemon.ts';
import { daemonConnectionFailed, displayException, PanelError } from '../../errors/panel-error.ts';
import type { PanelServices } from '../../panel-services.ts';
import { randomAlphanumeric } from '../../pipeline/authenticate-client-access.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { AllocationRow, EggRow, NodeRow, ServerRow } from '../../store/rows.ts';
import { mysqlIdMatch, mysqlIntegerColumn, mysqlStringColumn, phpBoolCast, phpIntArgument, INT_RANGE, UINT_RANGE } from '../../php-coercion.ts';
import { serializeItem } from '../../transform/serialize.ts';
import { validateEggEnvironment } from '../../validation/egg-environment.ts';
import type { HandlerResult, HandlerTable } from '../handler.ts';

/*
 * Application API server writes: create, details, build, startup. The request
 * rules have already passed (validateRequest); what is left is the services' own behaviour,
 * including their quirks, inside a store transaction so a thrown error changes nothing.
 */

/* ------------------------------------------------------------------------------------------ */
/* Input helpers (the PHP / MySQL conversions are in mock/php-coercion.ts)                      */
/* ------------------------------------------------------------------------------------------ */

type Input = Record<string, unknown>;

/** `array_get($input, 'a.b')`: undefined when any step is missing. */
export function valueAt(input: unknown, path: string): unknown {
  let current: unknown = input;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** `array_key_exists` along a dotted path (a key holding null exists). */
export function hasPath(input: unknown, path: string): boolean {
  const keys = path.split('.');
  let current: unknown = input;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/** Eloquent's update: writes the changed columns and bumps updated_at only when something changed. */
export function updateRow<R extends { updated_at: string }>(row: R, changes: Partial<R>, now: string): boolean {
  let dirty = false;
  for (const [key, value] of Object.entries(changes) as [keyof R, R[keyof R]][]) {
    if (row[key] !== value) {
      row[key] = value;
      dirty = true;
    }
  }
  if (dirty) row.updated_at = now;
  return dirty;
}

/** A nullable unsigned limit column (database_limit, allocation_limit): null stays null. */
function nullableColumn(value: unknown): number | null {
  return value === null || value === undefined ? null : mysqlIntegerColumn(value, UINT_RANGE);
}

/** DaemonServerRepository::update inside the transaction: a daemon that fails rolls the change back with 504. */
function pushToDaemon(panel: PanelServices, server: ServerRow): void {
  try {
    daemonUpdateServer(panel, server);
  } catch (error) {
    if (error instanceof DaemonError) throw daemonConnectionFailed(error.status);
    throw error;
  }
}

function mustFind<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new PanelError(500, 'ErrorException', `Trying to get property of non-object (${what})`);
  return row;
}

function input(ctx: RequestContext): Input {
  return ctx.input as Input;
}

/** What every PATCH of a bound server starts from. */
function serverUpdate(ctx: RequestContext): { panel: PanelServices; store: PanelServices['store']; body: Input; serverId: number } {
  return { panel: ctx.panel, store: ctx.panel.store, body: input(ctx), serverId: mustFind(ctx.models.server ?? undefined, 'server').id };
}

/** servers.pack_id references packs.id: an id that matches no pack fails the insert/update (spec x-uncertain). */
function packIdOf(panel: PanelServices, value: unknown): number | null {
  const id = value === null || value === undefined ? 0 : mysqlIntegerColumn(value, UINT_RANGE);
  if (id <= 0) return null;
  if (!panel.store.find('packs', id)) {
    throw new PanelError(
      500,
      'QueryException',
      'SQLSTATE[23000]: Integrity constraint violation: 1452 Cannot add or update a child row: a foreign key constraint fails (`panel`.`servers`, CONSTRAINT `servers_pack_id_foreign` FOREIGN KEY (`pack_id`) REFERENCES `packs` (`id`))',
      { sourceFile: '/vendor/laravel/framework/src/Illuminate/Database/Connection.php' },
    );
  }
  return id;
}

/** The rendered server as the single-item envelope. */
export function serverBody(ctx: RequestContext, serverId: number, status: number): HandlerResult {
  const row = mustFind(ctx.panel.store.find('servers', serverId), 'server');
  return { status, body: serializeItem(ctx, 'server', row) };
}

/* ------------------------------------------------------------------------------------------ */
/* POST /servers                                                                              */
/* ------------------------------------------------------------------------------------------ */

const NO_VIABLE_NODE = 'No nodes satisfying the requirements specified for automatic deployment could be found.';
const NO_VIABLE_ALLOCATION = 'No allocations satisfying the requirements for automatic deployment were found.';
const TOO_MANY_PORTS = 'Adding more than 1000 ports in a single range at once is not supported.';

/** One `deploy.port_range` entry after parsing: a port or an inclusive range. */
type PortFilter = { port: number } | { from: number; to: number };

/**
 * FindViableNodesService: public nodes in the requested locations (all public nodes for an empty
 * list) where the servers' memory and disk plus the new server's stay within size × (1 + over/100).
 * The formula is applied as written, so an overallocation of -1 means 99 %, not "unlimited".
 */
export function findViableNodes(panel: PanelServices, locations: number[], memory: number, disk: number): NodeRow[] {
  const store = panel.store;
  return store
    .where('nodes', (node) => node.public && (locations.length === 0 || locations.includes(node.location_id)))
    .filter((node) => {
      const servers = store.where('servers', (s) => s.node_id === node.id);
      const usedMemory = servers.reduce((sum, s) => sum + s.memory, 0);
      const usedDisk = servers.reduce((sum, s) => sum + s.disk, 0);
      // Integer form of used + new <= size * (1 + over / 100).
      return (
        (usedMemory + memory) * 100 <= node.memory * (100 + node.memory_overallocate) &&
        (usedDisk + disk) * 100 <= node.disk * (100 + node.disk_overallocate)
      );
    });
}

/**
 * AllocationSelectionService::setPorts: digits are a port, `NNNN-NNNNN` a range (more than 1000
 * apart: 400 DisplayException), anything else is dropped silently.
 */
export function parsePortRange(entries: unknown): PortFilter[] {
  if (!Array.isArray(entries)) return [];
  const out: PortFilter[] = [];
  for (const entry of entries) {
    const text = typeof entry === 'number' ? String(entry) : typeof entry === 'string' ? entry : '';
    if (/^\d+$/.test(text)) {
      out.push({ port: Number(text) });
      continue;
    }
    const range = /^(\d{4,5})-(\d{4,5})$/.exec(text);
    if (!range) continue;
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to - from > 1000) throw displayException(400, 'DisplayException', TOO_MANY_PORTS, '/app/Services/Deployment/AllocationSelectionService.php');
    out.push({ from, to });
  }
  return out;
}

/**
 * AllocationRepository::getRandomAllocation: a free allocation on one of the nodes, with a port in
 * the filters (any port without filters), on an IP of its node no server uses when `dedicated`.
 * The panel picks at random; the mock takes the lowest id so runs are repeatable.
 */
export function selectAllocation(panel: PanelServices, nodeIds: number[], ports: PortFilter[], dedicated: boolean): AllocationRow | undefined {
  const store = panel.store;
  const portMatches = (port: number) =>
    ports.length === 0 || ports.some((f) => ('port' in f ? f.port === port : port >= f.from && port <= f.to));
  const candidates = store
    .where('allocations', (a) => a.server_id === null && nodeIds.includes(a.node_id) && portMatches(a.port))
    .filter((a) => !dedicated || !store.first('allocations', (o) => o.node_id === a.node_id && o.ip === a.ip && o.server_id !== null));
  return candidates.sort((a, b) => a.id - b.id)[0];
}

/**
 * configureDeployment hands the raw limits to setDisk(int) then setMemory(int)
 * (v0.7.19:app/Services/Servers/ServerCreationService.php#L190-L195): PHP's weak int parameter
 * truncates a fraction; a value no int can hold is a TypeError (500).
 */
function deploymentIntArgument(value: unknown, setter: 'setDisk' | 'setMemory'): number {
  const number = phpIntArgument(value);
  if (number !== undefined) return number;
  const given = typeof value === 'number' ? 'float' : typeof value === 'string' ? 'string' : value === null ? 'null' : 'array';
  throw new PanelError(
    500,
    'FatalThrowableError',
    `Argument 1 passed to Pterodactyl\\Services\\Deployment\\FindViableNodesService::${setter}() must be of the type integer, ${given} given, called in /app/Services/Servers/ServerCreationService.php on line ${setter === 'setDisk' ? 193 : 194}`,
    { sourceFile: '/app/Services/Deployment/FindViableNodesService.php' },
  );
}

function deploymentAllocation(ctx: RequestContext, deploy: unknown, limits: unknown): AllocationRow {
  const disk = deploymentIntArgument(valueAt(limits, 'disk'), 'setDisk');
  const memory = deploymentIntArgument(valueAt(limits, 'memory'), 'setMemory');
  const rawLocations = valueAt(deploy, 'locations');
  const locations = (Array.isArray(rawLocations) ? rawLocations : []).map(mysqlIdMatch).filter((id): id is number => id !== undefined);
  const nodes = findViableNodes(ctx.panel, locations, memory, disk);
  if (nodes.length === 0) {
    throw displayException(400, 'NoViableNodeException', NO_VIABLE_NODE, '/app/Services/Deployment/FindViableNodesService.php');
  }
  const ports = parsePortRange(valueAt(deploy, 'port_range'));
  const dedicated = phpBoolCast(valueAt(deploy, 'dedicated_ip'));
  const allocation = selectAllocation(
    ctx.panel,
    nodes.map((n) => n.id),
    ports,
    dedicated,
  );
  if (!allocation) {
    throw displayException(400, 'NoViableAllocationException', NO_VIABLE_ALLOCATION, '/app/Services/Deployment/AllocationSelectionService.php');
  }
  return allocation;
}

function createServer(ctx: RequestContext): HandlerResult {
  const panel = ctx.panel;
  const store = panel.store;
  const body = input(ctx);
  const limits = valueAt(body, 'limits');
  const egg = mustFind(store.find('eggs', mysqlIdMatch(body['egg']) ?? 0), 'egg');

  const serverId = store.transaction(() => {
    // Node and default allocation: deployment, or the node of allocation.default.
    let defaultAllocation: AllocationRow;
    const deploy = body['deploy'];
    if (deploy !== null && deploy !== undefined) {
      defaultAllocation = deploymentAllocation(ctx, deploy, limits);
    } else {
      defaultAllocation = mustFind(store.find('allocations', mysqlIdMatch(valueAt(body, 'allocation.default')) ?? 0), 'allocation');
    }

    // Egg variables, validated at admin level after the deployment (422 on environment.<ENV>).
    const environment = body['environment'];
    validateEggEnvironment(ctx, egg.id, environment);

    const now = panel.clock.dbTimestamp();
    let uuid = randomUUID();
    while (store.first('servers', (s) => s.uuidShort === uuid.slice(0, 8))) uuid = randomUUID();
    const server = store.insert('servers', {
      external_id: body['external_id'] === null || body['external_id'] === undefined ? null : mysqlStringColumn(body['external_id']),
      uuid,
      uuidShort: uuid.slice(0, 8),
      node_id: defaultAllocation.node_id,
      name: mysqlStringColumn(body['name']),
      description: mysqlStringColumn(body['description']),
      suspended: false,
      skip_scripts: phpBoolCast(body['skip_scripts']),
      owner_id: mysqlIntegerColumn(body['user'], UINT_RANGE),
      memory: mysqlIntegerColumn(valueAt(limits, 'memory'), UINT_RANGE),
      swap: mysqlIntegerColumn(valueAt(limits, 'swap'), INT_RANGE),
      disk: mysqlIntegerColumn(valueAt(limits, 'disk'), UINT_RANGE),
      io: mysqlIntegerColumn(valueAt(limits, 'io'), UINT_RANGE),
      cpu: mysqlIntegerColumn(valueAt(limits, 'cpu'), UINT_RANGE),
      // The request's oom_disabled is validated and then ignored (appendix 14).
      oom_disabled: true,
      allocation_id: defaultAllocation.id,
      nest_id: egg.nest_id,
      egg_id: egg.id,
      pack_id: packIdOf(panel, body['pack']),
      startup: mysqlStringColumn(body['startup']),
      image: mysqlStringColumn(body['docker_image']),
      // The panel writes 0; only the daemon's install report would change it (not simulated).
      installed: 0,
      database_limit: nullableColumn(valueAt(body, 'feature_limits.databases')),
      allocation_limit: nullableColumn(valueAt(body, 'feature_limits.allocations')),
      created_at: now,
      updated_at: now,
    });

    // The default and every additional id are assigned as sent: not checked against the node,
    // and with `deploy` not validated at all (even ids another server holds).
    const additional = valueAt(body, 'allocation.additional');
    const ids = new Set<number>([defaultAllocation.id]);
    if (Array.isArray(additional)) {
      for (const raw of additional) {
        const id = mysqlIdMatch(raw);
        if (id !== undefined) ids.add(id);
      }
    }
    // assignAllocationsToServer is an Eloquent builder update (v0.7.19:app/Services/Servers/ServerCreationService.php#L249-L257,
    // v0.7.19:app/Repositories/Eloquent/AllocationRepository.php#L30-L33), which adds updated_at = now to
    // every matched row (laravel/framework v5.7.14:src/Illuminate/Database/Eloquent/Builder.php#L813-L816, #L854-L864).
    for (const allocation of store.where('allocations', (a) => ids.has(a.id))) {
      allocation.server_id = server.id;
      allocation.updated_at = now;
    }

    // One server variable per egg variable: the sent value, else the egg's default.
    const env = environment !== null && typeof environment === 'object' ? (environment as Record<string, unknown>) : {};
    for (const variable of store.where('egg_variables', (v) => v.egg_id === egg.id)) {
      const sent = env[variable.env_variable];
      store.insert('server_variables', {
        server_id: server.id,
        variable_id: variable.id,
        variable_value: sent === null || sent === undefined ? variable.default_value : mysqlStringColumn(sent),
        created_at: now,
        updated_at: now,
      });
    }

    try {
      daemonCreateServer(panel, server);
    } catch (error) {
      if (error instanceof DaemonError) throw daemonConnectionFailed(error.status);
      throw error;
    }
    return server.id;
  });
  return serverBody(ctx, serverId, 201);
}

/* ------------------------------------------------------------------------------------------ */
/* PATCH /servers/{server}/details                                                             */
/* ------------------------------------------------------------------------------------------ */

function updateServerDetails(ctx: RequestContext): HandlerResult {
  const { panel, store, body, serverId } = serverUpdate(ctx);

  store.transaction(() => {
    const server = mustFind(store.find('servers', serverId), 'server');
    const now = panel.clock.dbTimestamp();
    const previousOwner = server.owner_id;
    const owner = mysqlIntegerColumn(body['user'], UINT_RANGE);
    // All four fields are always written: omitted external_id → null, omitted description → "".
    updateRow(
      server,
      {
        external_id: body['external_id'] === null || body['external_id'] === undefined ? null : mysqlStringColumn(body['external_id']),
        name: mysqlStringColumn(body['name']),
        owner_id: owner,
        description: mysqlStringColumn(body['description']),
      },
      now,
    );
    if (owner === previousOwner) return;

    // DaemonKeyDeletionService for the old owner: no key → RecordNotFoundException (404 HttpException).
    const key = store.first('daemon_keys', (k) => k.server_id === server.id && k.user_id === previousOwner);
    if (!key) throw new PanelError(404, 'HttpException', '', { sourceFile: '/app/Repositories/Eloquent/EloquentRepository.php' });
    store.remove('daemon_keys', (k) => k.id === key.id);
    try {
      daemonRevokeAccessKey(panel, server.node_id);
    } catch (error) {
      if (error instanceof DaemonError) throw daemonDisplayException(error, '/app/Services/DaemonKeys/DaemonKeyDeletionService.php');
      throw error;
    }
    // DaemonKeyCreationService for the new owner (an existing key, e.g. as subuser, is kept).
    if (!store.first('daemon_keys', (k) => k.server_id === server.id && k.user_id === owner)) {
      store.insert('daemon_keys', { server_id: server.id, user_id: owner, secret: `i_${randomAlphanumeric(40)}`, created_at: now, updated_at: now });
    }
  });
  return serverBody(ctx, serverId, 200);
}

/* ------------------------------------------------------------------------------------------ */
/* PATCH /servers/{server}/build                                                               */
/* ------------------------------------------------------------------------------------------ */

const DEFAULT_ALLOCATION_NOT_FOUND = "The requested default allocation was not found in this server's allocations.";
const NO_NEW_DEFAULT_ALLOCATION = 'You are attempting to delete the default allocation for this server but there is no fallback allocation to use.';

function idList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** PHP's loose `==` between two ids as they arrive (ints or numeric strings). */
function sameId(a: unknown, b: unknown): boolean {
  const x = mysqlIdMatch(a);
  return x !== undefined && x === mysqlIdMatch(b);
}

function updateServerBuild(ctx: RequestContext): HandlerResult {
  const { panel, store, body, serverId } = serverUpdate(ctx);

  // The request's validated() reads feature_limits['allocations'] directly: undefined index → 500.
  if (!hasPath(body, 'feature_limits.allocations')) {
    throw new PanelError(500, 'ErrorException', 'Undefined index: allocations', {
      sourceFile: '/app/Http/Requests/Api/Application/Servers/UpdateServerBuildConfigurationRequest.php',
    });
  }
  // Limits: the `limits` object when sent (its values win), else the legacy top-level fields.
  const limits = body['limits'];
  const limitSource = limits !== null && typeof limits === 'object' && Object.keys(limits).length > 0 ? limits : body;
  const limit = (name: string) => (hasPath(limitSource, name) ? valueAt(limitSource, name) : body[name]);

  store.transaction(() => {
    const server = mustFind(store.find('servers', serverId), 'server');
    const now = panel.clock.dbTimestamp();
    let requestedDefault: unknown = body['allocation'];

    // Additions first: only allocations free on the server's node; the first one added is the fallback default.
    let firstAdded: number | undefined;
    for (const raw of idList(body['add_allocations'])) {
      const id = mysqlIdMatch(raw);
      if (id === undefined) continue;
      const allocation = store.first('allocations', (a) => a.id === id && a.node_id === server.node_id && a.server_id === null);
      if (!allocation) continue;
      firstAdded ??= id;
      updateRow(allocation, { server_id: server.id }, now);
    }
    // Removals: only allocations assigned to the server (after the additions).
    for (const raw of idList(body['remove_allocations'])) {
      const id = mysqlIdMatch(raw);
      if (id === undefined) continue;
      const allocation = store.first('allocations', (a) => a.id === id && a.server_id === server.id);
      if (!allocation) continue;
      if (sameId(raw, requestedDefault)) {
        if (firstAdded === undefined) {
          throw displayException(400, 'DisplayException', NO_NEW_DEFAULT_ALLOCATION, '/app/Services/Servers/BuildModificationService.php');
        }
        requestedDefault = firstAdded;
      }
      updateRow(allocation, { server_id: null }, now);
    }

    const allocationId = mysqlIdMatch(requestedDefault) ?? 0;
    if (allocationId !== server.allocation_id && !store.first('allocations', (a) => a.id === allocationId && a.server_id === server.id)) {
      throw displayException(400, 'DisplayException', DEFAULT_ALLOCATION_NOT_FOUND, '/app/Services/Servers/BuildModificationService.php');
    }

    // oom_disabled omitted: null written into a column the model requires to be boolean → 500.
    if (!hasPath(body, 'oom_disabled') || body['oom_disabled'] === null) {
      throw new PanelError(
        500,
        'HttpException',
        'Data integrity exception encountered while performing database write operation. {"oom_disabled":["The oom disabled field must be true or false."]}',
        { sourceFile: '/app/Exceptions/Model/DataValidationException.php' },
      );
    }

    updateRow(
      server,
      {
        oom_disabled: phpBoolCast(body['oom_disabled']),
        memory: mysqlIntegerColumn(limit('memory'), UINT_RANGE),
        swap: mysqlIntegerColumn(limit('swap'), INT_RANGE),
        io: mysqlIntegerColumn(limit('io'), UINT_RANGE),
        cpu: mysqlIntegerColumn(limit('cpu'), UINT_RANGE),
        disk: mysqlIntegerColumn(limit('disk'), UINT_RANGE),
        allocation_id: allocationId,
        database_limit: nullableColumn(valueAt(body, 'feature_limits.databases')),
        allocation_limit: nullableColumn(valueAt(body, 'feature_limits.allocations')),
      },
      now,
    );

    pushToDaemon(panel, server);
  });
  return serverBody(ctx, serverId, 200);
}

/* ------------------------------------------------------------------------------------------ */
/* PATCH /servers/{server}/startup                                                             */
/* ------------------------------------------------------------------------------------------ */

function updateServerStartup(ctx: RequestContext): HandlerResult {
  const { panel, store, body, serverId } = serverUpdate(ctx);
  const egg: EggRow = mustFind(store.find('eggs', mysqlIdMatch(body['egg']) ?? 0), 'egg');
  const environment = body['environment'];

  store.transaction(() => {
    validateEggEnvironment(ctx, egg.id, environment);
    const server: ServerRow = mustFind(store.find('servers', serverId), 'server');
    const now = panel.clock.dbTimestamp();

    // Every variable of the (new) egg is upserted: the sent value, or "" when missing.
    const env = environment !== null && typeof environment === 'object' ? (environment as Record<string, unknown>) : {};
    for (const variable of store.where('egg_variables', (v) => v.egg_id === egg.id)) {
      const value = mysqlStringColumn(env[variable.env_variable]);
      const existing = store.first('server_variables', (sv) => sv.server_id === server.id && sv.variable_id === variable.id);
      if (existing) updateRow(existing, { variable_value: value }, now);
      else store.insert('server_variables', { server_id: server.id, variable_id: variable.id, variable_value: value, created_at: now, updated_at: now });
    }

    // installed is guarded on the model, so the service's installed = 0 is dropped: unchanged.
    updateRow(
      server,
      {
        ...(egg.id !== server.egg_id ? { egg_id: egg.id, nest_id: egg.nest_id } : {}),
        startup: mysqlStringColumn(body['startup']),
        // An omitted pack arrives as null and clears the pack.
        pack_id: packIdOf(panel, body['pack']),
        skip_scripts: phpBoolCast(body['skip_scripts']),
        image: mysqlStringColumn(body['image']),
      },
      now,
    );

    pushToDaemon(panel, server);
  });
  return serverBody(ctx, serverId, 200);
}

export const serverWriteHandlers: HandlerTable = {
  createServer,
  updateServerDetails,
  updateServerBuild,
  updateServerStartup,
};
