import { resolvePage } from '../../../transform/pagination.ts';
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
 * `min($request->query('per_page', default), max)`: PHP 8 compares a numeric string as a number and
 * a non-numeric one as a string, which is above any digits (so `max` wins).
 */
export function perPageOf(ctx: ContextV111, fallback: number, max: number): number {
  const raw = ctx.query['per_page'];
  if (raw === undefined || raw === null) return Math.min(fallback, max);
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(value)) return max;
  return Math.trunc(Math.min(value, max));
}

/** PHP's http_build_query (RFC 1738: spaces as `+`, nested keys as `a[b]`). */
function httpBuildQuery(value: Record<string, unknown>, prefix?: string): string[] {
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const name = prefix === undefined ? key : `${prefix}[${key}]`;
    if (item === null || item === undefined) continue;
    if (typeof item === 'object') parts.push(...httpBuildQuery(item as Record<string, unknown>, name));
    else parts.push(`${encodeURIComponent(name).replace(/%20/g, '+')}=${encodeURIComponent(item === true ? '1' : item === false ? '0' : String(item)).replace(/%20/g, '+')}`);
  }
  return parts;
}

/**
 * A LengthAwarePaginator page through Fractal's serializer (fractal-0.20.1:src/Serializer/ArraySerializer.php#L67-L95):
 * `links` is `{}` without neighbours; each link is the path with the request's query and `page`
 * (`->appends($request->query())`). A per_page of 0 falls back to the model's 15; a negative one
 * sets no limit (every row on the page) and is echoed.
 */
export function pageBody<T>(ctx: ContextV111, object: string, rows: readonly T[], perPageAsked: number, render: (row: T) => Attributes, meta: Record<string, unknown> = {}): Record<string, unknown> {
  const perPage = perPageAsked === 0 ? 15 : perPageAsked;
  const page = resolvePage(ctx.query['page']);
  const items = perPage < 0 ? [...rows] : rows.slice((page - 1) * perPage, page * perPage);
  const totalPages = Math.max(Math.ceil(rows.length / perPage), 1);
  const path = `${ctx.origin}${ctx.path}`.replace(/\/+$/, '');
  const link = (target: number) => `${path}?${httpBuildQuery({ ...ctx.query, page: target }).join('&')}`;
  const links: Record<string, string> = {};
  if (page > 1) links['previous'] = link(page - 1);
  if (page < totalPages) links['next'] = link(page + 1);
  return {
    object: 'list',
    data: items.map((row) => ({ object, attributes: render(row) })),
    meta: {
      ...meta,
      pagination: { total: rows.length, count: items.length, per_page: perPage, current_page: page, total_pages: totalPages, links },
    },
  };
}
