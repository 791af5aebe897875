import { paginate, resolvePage } from '../../../transform/pagination.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { ServicesV111 } from '../../services.ts';
import type { EggVariableRow, ServerRow, UserRow } from '../../store/rows.ts';
import { type Attributes } from '../../transform/client/client-envelopes.ts';
import type { ClientEggVariableRow } from '../../transform/client/client-rows.ts';
import { serverAttributes, type ServerView } from '../../transform/client/server-transformers.ts';
import { can, runningTransfer } from './server-access.ts';

/** What the client handlers share: the server transformer's view of a row, lists and pages. */

/** Server::variables: the egg's variables with this server's values (null without a server_variables row). */
export function serverVariables(panel: ServicesV111, server: ServerRow): Array<ClientEggVariableRow & { id: number }> {
  return panel.store
    .where('egg_variables', (variable) => variable.egg_id === server.egg_id)
    .map((variable: EggVariableRow) => ({
      ...variable,
      server_value: panel.store.first('server_variables', (row) => row.server_id === server.id && row.variable_id === variable.id)?.variable_value ?? null,
    }));
}

export function serverView(ctx: ContextV111, server: ServerRow, includes: ReadonlySet<string> = new Set()): ServerView {
  const panel = ctx.panel;
  const node = panel.store.find('nodes', server.node_id);
  const egg = panel.store.find('eggs', server.egg_id);
  if (!node || !egg) throw new Error(`server ${server.id} lacks its node or egg`);
  const parent = egg.config_from === null ? undefined : panel.store.find('eggs', egg.config_from);
  const allocations = panel.store.where('allocations', (row) => row.server_id === server.id);
  const primary = panel.store.find('allocations', server.allocation_id);
  if (!primary) throw new Error(`server ${server.id} has no primary allocation`);
  return {
    node,
    egg,
    eggFeatures: egg.features !== null || egg.config_from === null ? egg.features : (parent?.features ?? null),
    allocations,
    primaryAllocation: primary,
    variables: serverVariables(panel, server),
    subusers: panel.store
      .where('subusers', (row) => row.server_id === server.id)
      .map((row) => ({ user: panel.store.find('users', row.user_id) as UserRow, permissions: row.permissions })),
    hasTransfer: runningTransfer(panel, server),
    viewer: ctx.actor,
    can: (permission) => can(panel, ctx.actor, server, permission),
    includes,
    timezone: panel.appTimezone,
  };
}

/** `?include=a,b` as Fractal parses it (the client API honours the transformer's availableIncludes). */
export function requestedIncludes(ctx: ContextV111): Set<string> {
  const raw = ctx.query['include'];
  if (typeof raw !== 'string') return new Set();
  return new Set(raw.split(',').map((part) => part.trim().split('.')[0] ?? '').filter((part) => part !== ''));
}

export function clientServerAttributes(ctx: ContextV111, server: ServerRow): Attributes {
  return serverAttributes(server, serverView(ctx, server, requestedIncludes(ctx)));
}

export function itemBody(object: string, attributes: Attributes, meta?: Record<string, unknown>): Record<string, unknown> {
  return meta === undefined ? { object, attributes } : { object, attributes, meta };
}

export function listBody(object: string, rows: readonly Attributes[], meta?: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { object: 'list', data: rows.map((attributes) => ({ object, attributes })) };
  if (meta !== undefined) body['meta'] = meta;
  return body;
}

/**
 * `min($request->query('per_page', default), max)` then paginate: PHP's min of a string and an int
 * compares numerically; a non-numeric string is larger than any int in PHP 8 (so max wins).
 */
export function perPageOf(ctx: ContextV111, fallback: number, max: number): number {
  const raw = ctx.query['per_page'];
  if (raw === undefined || raw === null) return Math.min(fallback, max);
  const value = typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : typeof raw === 'number' ? raw : Number.NaN;
  if (Number.isNaN(value)) return max;
  return Math.max(1, Math.trunc(Math.min(value, max)));
}

/** A LengthAwarePaginator page through the serializer, links carrying the query (`->appends($request->query())`). */
export function pageBody<T>(ctx: ContextV111, object: string, rows: readonly T[], perPage: number, render: (row: T) => Attributes, meta: Record<string, unknown> = {}): Record<string, unknown> {
  const query = Object.entries(ctx.query)
    .filter(([key, value]) => key !== 'page' && typeof value === 'string')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value as string)}`)
    .join('&');
  const url = `${ctx.origin}${ctx.path}`.replace(/\/+$/, '') + (query ? `?${query}` : '');
  const page = paginate(rows, perPage, resolvePage(ctx.query['page']), url);
  return {
    object: 'list',
    data: page.items.map((row) => ({ object, attributes: render(row) })),
    meta: { ...meta, pagination: page.pagination },
  };
}
