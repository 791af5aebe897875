import { randomUUID } from 'node:crypto';
import { PanelStore } from '../../../store/panel-store.ts';
import { CUSTOM_RULES } from '../../../validation/rules-custom.ts';
import { Validator } from '../../../validation/validator.ts';
import { ValidationFailure } from '../../../errors/panel-error.ts';
import { conflictV111, displayExceptionV111, modelNotFoundV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { EggVariableRow, ServerRow } from '../../store/rows.ts';
import { applyQuery } from '../../transform/query.ts';
import { itemBody, pageBody } from '../../transform/serialize.ts';
import { serverTransformer } from '../../transform/transformers.ts';
import { callWings } from '../../wings/panel-calls.ts';
import { noContentV111, type HandlerTableV111 } from '../handler.ts';
import { byExternalId, phpTruthy } from './common.ts';
import { booleanOf } from './users.ts';

/** Servers\ServerController, ExternalServerController, ServerDetailsController, StartupController, ServerManagementController. */
export const serverHandlersV111: HandlerTableV111 = {
  listServers: (ctx) => {
    const rows = applyQuery(ctx.panel.store.all('servers'), ctx.query, {
      filters: { uuid: 'partial', uuidShort: 'partial', name: 'partial', description: 'partial', image: 'partial', external_id: 'partial' },
      sorts: ['id', 'uuid'],
    });
    return { status: 200, body: pageBody(ctx, serverTransformer, rows) };
  },
  getServer: (ctx) => ({ status: 200, body: itemBody(ctx, serverTransformer, ctx.model<ServerRow>('server')) }),
  getServerByExternalId: (ctx) => ({ status: 200, body: itemBody(ctx, serverTransformer, byExternalId(ctx, 'servers', 'Server')) }),
  createServer,
  updateServerDetails: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    // DetailsModificationService forceFills all four from the input (absent external_id becomes null).
    server.external_id = (ctx.inputValue('external_id') as string | null | undefined) ?? null;
    server.owner_id = Number(ctx.inputValue('user'));
    server.name = String(ctx.inputValue('name'));
    server.description = (ctx.inputValue('description') as string | null | undefined) ?? '';
    server.updated_at = ctx.panel.clock.dbTimestamp();
    return { status: 200, body: itemBody(ctx, serverTransformer, server) };
  },
  updateServerBuild,
  updateServerStartup,
  suspendServer: (ctx) => toggleSuspension(ctx, true),
  unsuspendServer: (ctx) => toggleSuspension(ctx, false),
  reinstallServer: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    ctx.panel.store.transaction(() => {
      server.status = 'installing';
      server.updated_at = ctx.panel.clock.dbTimestamp();
      callWings(ctx.panel, server.node_id);
    });
    return noContentV111();
  },
  deleteServer: (ctx) => deleteServer(ctx, false),
  forceDeleteServer: (ctx) => deleteServer(ctx, ctx.params['force'] === 'force'),
};

/** SuspensionService::toggle: a no-op when already in that state; Wings' sync failing reverts it. */
function toggleSuspension(ctx: ContextV111, suspend: boolean) {
  const server = ctx.model<ServerRow>('server');
  if (suspend === (server.status === 'suspended')) return noContentV111();
  if (ctx.panel.store.first('server_transfers', (t) => t.server_id === server.id && t.successful === null)) {
    throw conflictV111('Cannot toggle suspension status on a server that is currently being transferred.', '/app/Services/Servers/SuspensionService.php');
  }
  server.status = suspend ? 'suspended' : null;
  try {
    callWings(ctx.panel, server.node_id);
  } catch (error) {
    server.status = suspend ? null : 'suspended';
    throw error;
  }
  server.updated_at = ctx.panel.clock.dbTimestamp();
  return noContentV111();
}

/**
 * ServerDeletionService: Wings' delete first (a failure stops it unless forced or a 404), then the
 * databases and the row; allocations are freed, variables, subusers, schedules and backups go with it.
 */
function deleteServer(ctx: ContextV111, force: boolean) {
  const server = ctx.model<ServerRow>('server');
  try {
    callWings(ctx.panel, server.node_id);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (!force && status !== 404) throw error;
  }
  removeServer(ctx, server);
  return noContentV111();
}

function removeServer(ctx: ContextV111, server: ServerRow): void {
  const store = ctx.panel.store;
  store.remove('databases', (d) => d.server_id === server.id);
  for (const allocation of store.where('allocations', (a) => a.server_id === server.id)) allocation.server_id = null;
  store.remove('server_variables', (v) => v.server_id === server.id);
  store.remove('subusers', (s) => s.server_id === server.id);
  const schedules = new Set(store.where('schedules', (s) => s.server_id === server.id).map((s) => s.id));
  store.remove('tasks', (t) => schedules.has(t.schedule_id));
  store.remove('schedules', (s) => s.server_id === server.id);
  store.remove('backups', (b) => b.server_id === server.id);
  store.remove('server_transfers', (t) => t.server_id === server.id);
  store.remove('servers', (s) => s.id === server.id);
  delete store.daemon.servers[String(server.id)];
}

/**
 * VariableValidatorService (admin level: every variable of the egg): each variable's rules on
 * environment.<ENV>, named ":env variable"; a failure is a ValidationException like the request's.
 */
function validateEnvironment(ctx: ContextV111, eggId: number, environment: Record<string, unknown>): { variable: EggVariableRow; value: unknown }[] {
  const variables = ctx.panel.store.where('egg_variables', (v) => v.egg_id === eggId);
  const data: Record<string, unknown> = { environment: Object.fromEntries(variables.map((v) => [v.env_variable, environment[v.env_variable] ?? null])) };
  const validator = new Validator(data, variables.map((v) => [`environment.${v.env_variable}`, v.rules] as [string, string]), {
    labels: Object.fromEntries(variables.map((v) => [`environment.${v.env_variable}`, `${v.name} variable`])),
    store: ctx.panel.store as unknown as PanelStore,
    customRules: CUSTOM_RULES,
  });
  if (validator.fails()) throw new ValidationFailure(validator.errors());
  return variables.map((variable) => ({ variable, value: environment[variable.env_variable] ?? null }));
}

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/**
 * ServerController@store + ServerCreationService (v1.11.8:app/Services/Servers/ServerCreationService.php#L48-L94):
 * deployment (viable nodes, then a free allocation) or allocation.default; the egg's variables
 * validated; the row (status installing), its allocations and variables in a transaction; then Wings'
 * create, whose failure deletes the server again. 201 without meta.
 */
function createServer(ctx: ContextV111) {
  const store = ctx.panel.store;
  const limits = objectOf(ctx.inputValue('limits'));
  const features = objectOf(ctx.inputValue('feature_limits'));
  const allocationInput = objectOf(ctx.inputValue('allocation'));
  let allocationId: number;
  const deploy = ctx.inputValue('deploy');
  if (deploy !== null && deploy !== undefined) {
    allocationId = deployedAllocation(ctx, objectOf(deploy), Math.trunc(Number(limits['memory'])), Math.trunc(Number(limits['disk'])));
  } else {
    allocationId = Number(allocationInput['default']);
  }
  const allocation = store.find('allocations', allocationId);
  if (!allocation) throw modelNotFoundV111('Allocation', allocationId);
  const eggId = Number(ctx.inputValue('egg'));
  const egg = store.find('eggs', eggId);
  if (!egg) throw modelNotFoundV111('Egg', eggId);
  const variables = validateEnvironment(ctx, eggId, objectOf(ctx.inputValue('environment')));
  const now = ctx.panel.clock.dbTimestamp();
  const uuid = randomUUID();
  const server = store.transaction(() => {
    const row = store.insert('servers', {
      external_id: (ctx.inputValue('external_id') as string | null | undefined) ?? null,
      uuid,
      uuidShort: uuid.slice(0, 8),
      node_id: allocation.node_id,
      name: String(ctx.inputValue('name')),
      description: (ctx.inputValue('description') as string | null | undefined) ?? '',
      status: 'installing',
      skip_scripts: ctx.has('skip_scripts') ? booleanOf(ctx.inputValue('skip_scripts')) : false,
      owner_id: Number(ctx.inputValue('user')),
      memory: Math.trunc(Number(limits['memory'])),
      swap: Math.trunc(Number(limits['swap'])),
      disk: Math.trunc(Number(limits['disk'])),
      io: Math.trunc(Number(limits['io'])),
      cpu: Math.trunc(Number(limits['cpu'])),
      threads: (limits['threads'] as string | null | undefined) ?? null,
      oom_disabled: ctx.has('oom_disabled') && ctx.inputValue('oom_disabled') !== null ? booleanOf(ctx.inputValue('oom_disabled')) : true,
      allocation_id: allocation.id,
      nest_id: egg.nest_id,
      egg_id: egg.id,
      startup: String(ctx.inputValue('startup')),
      image: String(ctx.inputValue('docker_image')),
      database_limit: numberOrZero(features['databases']),
      allocation_limit: numberOrZero(features['allocations']),
      backup_limit: numberOrZero(features['backups']),
      created_at: now,
      updated_at: now,
      installed_at: null,
    });
    const additional = deploy === null || deploy === undefined ? Object.values(objectOf(allocationInput['additional'])).map(Number) : [];
    for (const id of [allocation.id, ...additional]) {
      const assigned = store.find('allocations', id);
      if (assigned) assigned.server_id = row.id;
    }
    for (const { variable, value } of variables) {
      store.insert('server_variables', { server_id: row.id, variable_id: variable.id, variable_value: value === null || value === undefined ? '' : String(value), created_at: now, updated_at: now });
    }
    return row;
  });
  store.daemon.servers[String(server.id)] = { state: 'offline' };
  try {
    callWings(ctx.panel, server.node_id);
  } catch (error) {
    removeServer(ctx, server);
    throw error;
  }
  return { status: 201, body: itemBody(ctx, serverTransformer, server) };
}

/** `?? 0` of the creation service: an absent or null limit is stored as 0. */
function numberOrZero(value: unknown): number {
  return value === null || value === undefined ? 0 : Math.trunc(Number(value));
}

/** FindViableNodesService + AllocationSelectionService for a deploy object. */
function deployedAllocation(ctx: ContextV111, deploy: Record<string, unknown>, memory: number, disk: number): number {
  const store = ctx.panel.store;
  const locations = Object.values(objectOf(deploy['locations'])).map(Number);
  const nodes = store
    .where('nodes', (n) => n.public && (locations.length === 0 || locations.includes(n.location_id)))
    .filter((node) => {
      const servers = store.where('servers', (s) => s.node_id === node.id);
      return servers.reduce((sum, s) => sum + s.memory, 0) + memory <= node.memory * (1 + node.memory_overallocate / 100)
        && servers.reduce((sum, s) => sum + s.disk, 0) + disk <= node.disk * (1 + node.disk_overallocate / 100);
    });
  if (nodes.length === 0) {
    throw displayExceptionV111('No nodes satisfying the requirements specified for automatic deployment could be found.', 'NoViableNodeException', 400, '/app/Services/Deployment/FindViableNodesService.php');
  }
  const ports: ([number, number] | number)[] = [];
  for (const port of Object.values(objectOf(deploy['port_range'])).map(String)) {
    if (/^\d+$/.test(port)) ports.push(Number(port));
    const range = /^(\d{4,5})-(\d{4,5})$/.exec(port);
    if (range) {
      if (Math.abs(Number(range[2]) - Number(range[1])) > 1000) {
        throw displayExceptionV111('Adding more than 1000 ports in a single range at once is not supported.', 'DisplayException', 400, '/app/Services/Deployment/AllocationSelectionService.php');
      }
      ports.push([Number(range[1]), Number(range[2])]);
    }
  }
  const dedicated = phpTruthy(deploy['dedicated_ip']);
  const nodeIds = new Set(nodes.map((n) => n.id));
  const candidates = store.where('allocations', (a) => {
    if (a.server_id !== null || !nodeIds.has(a.node_id)) return false;
    if (ports.length > 0 && !ports.some((p) => (typeof p === 'number' ? a.port === p : a.port >= p[0] && a.port <= p[1]))) return false;
    if (dedicated && store.first('allocations', (o) => o.node_id === a.node_id && o.ip === a.ip && o.server_id !== null)) return false;
    return true;
  });
  const chosen = candidates[0];
  if (!chosen) {
    throw displayExceptionV111('No allocations satisfying the requirements for automatic deployment were found.', 'NoViableAllocationException', 400, '/app/Services/Deployment/AllocationSelectionService.php');
  }
  return chosen.id;
}

/**
 * ServerDetailsController@build + BuildModificationService (v1.11.8:app/Services/Servers/BuildModificationService.php#L32-L115).
 * Wings' sync failing is only logged.
 */
function updateServerBuild(ctx: ContextV111) {
  const server = ctx.model<ServerRow>('server');
  const store = ctx.panel.store;
  const limits = objectOf(ctx.inputValue('limits'));
  const features = objectOf(ctx.inputValue('feature_limits'));
  const value = (name: string): unknown => (name in limits ? limits[name] : ctx.inputValue(name));
  store.transaction(() => {
    let allocationId = Number(ctx.inputValue('allocation'));
    const add = Object.values(objectOf(ctx.inputValue('add_allocations'))).map(Number);
    const remove = Object.values(objectOf(ctx.inputValue('remove_allocations'))).map(Number);
    let fresh: number | undefined;
    if (add.length > 0) {
      const added = store.where('allocations', (a) => a.node_id === server.node_id && add.includes(a.id) && a.server_id === null);
      fresh = added[0]?.id;
      for (const a of added) {
        a.server_id = server.id;
        a.notes = null;
      }
    }
    if (remove.length > 0) {
      for (const id of remove) {
        if (id === allocationId) {
          if (fresh === undefined) throw displayExceptionV111('You are attempting to delete the default allocation for this server but there is no fallback allocation to use.', 'DisplayException', 400, '/app/Services/Servers/BuildModificationService.php');
          allocationId = fresh;
        }
      }
      for (const a of store.where('allocations', (x) => x.node_id === server.node_id && x.server_id === server.id && remove.includes(x.id) && !add.includes(x.id))) {
        a.server_id = null;
        a.notes = null;
      }
    }
    if (allocationId !== server.allocation_id && !store.first('allocations', (a) => a.id === allocationId && a.server_id === server.id)) {
      throw displayExceptionV111('The requested default allocation is not currently assigned to this server.', 'DisplayException', 400, '/app/Services/Servers/BuildModificationService.php');
    }
    server.allocation_id = allocationId;
    for (const column of ['memory', 'swap', 'io', 'cpu', 'disk'] as const) {
      const v = value(column);
      if (v !== undefined && v !== null) server[column] = Math.trunc(Number(v));
    }
    if ('threads' in limits || ctx.has('threads')) server.threads = (value('threads') as string | null) ?? null;
    if (ctx.has('oom_disabled')) server.oom_disabled = booleanOf(ctx.inputValue('oom_disabled'));
    server.database_limit = features['databases'] === undefined || features['databases'] === null ? null : Number(features['databases']);
    server.allocation_limit = features['allocations'] === undefined || features['allocations'] === null ? null : Number(features['allocations']);
    server.backup_limit = features['backups'] === undefined || features['backups'] === null ? 0 : Number(features['backups']);
    server.updated_at = ctx.panel.clock.dbTimestamp();
  });
  try {
    callWings(ctx.panel, server.node_id);
  } catch {
    // BuildModificationService logs a failed sync and answers anyway.
  }
  return { status: 200, body: itemBody(ctx, serverTransformer, server) };
}

/** StartupController + StartupModificationService at admin level (v1.11.8:app/Services/Servers/StartupModificationService.php#L30-L95). */
function updateServerStartup(ctx: ContextV111) {
  const server = ctx.model<ServerRow>('server');
  const store = ctx.panel.store;
  store.transaction(() => {
    const environment = objectOf(ctx.inputValue('environment'));
    const eggInput = ctx.inputValue('egg');
    if (Object.keys(environment).length > 0) {
      const eggId = eggInput === null || eggInput === undefined ? server.egg_id : Number(eggInput);
      const now = ctx.panel.clock.dbTimestamp();
      for (const { variable, value } of validateEnvironment(ctx, eggId, environment)) {
        const text = value === null || value === undefined ? '' : String(value);
        const existing = store.first('server_variables', (v) => v.server_id === server.id && v.variable_id === variable.id);
        if (existing) {
          existing.variable_value = text;
          existing.updated_at = now;
        } else store.insert('server_variables', { server_id: server.id, variable_id: variable.id, variable_value: text, created_at: now, updated_at: now });
      }
    }
    if (eggInput !== null && eggInput !== undefined && /^\d+$/.test(String(eggInput)) && Number(eggInput) !== server.egg_id) {
      const egg = store.find('eggs', Number(eggInput));
      if (!egg) throw modelNotFoundV111('Egg', String(eggInput));
      server.egg_id = egg.id;
      server.nest_id = egg.nest_id;
    }
    const startup = ctx.inputValue('startup');
    if (startup !== null && startup !== undefined) server.startup = String(startup);
    const skip = ctx.inputValue('skip_scripts');
    server.skip_scripts = skip !== null && skip !== undefined ? booleanOf(skip) : ctx.has('skip_scripts');
    const image = ctx.inputValue('image');
    if (image !== null && image !== undefined) server.image = String(image);
    server.updated_at = ctx.panel.clock.dbTimestamp();
  });
  return { status: 200, body: itemBody(ctx, serverTransformer, server) };
}

