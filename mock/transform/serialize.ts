import type { RequestContext } from '../pipeline/request-context.ts';
import { parseIncludes, transformWithIncludes, type TransformContext, type Transformer } from './fractal.ts';
import { paginate, resolvePage } from './pagination.ts';

/**
 * The response bodies of successful requests (v0.7.19:app/Extensions/League/Fractal/Serializers/PterodactylSerializer.php#L7-L72), as the panel's Fractal wrapper
 * builds them. Handlers pass store rows; the transformers, includes (`?include=`, checked against
 * the application key's READ bits) and pagination (`?page=`) are applied here.
 *
 * Rows per resource: user → UserRow, server / client_server → ServerRow, node → NodeRow,
 * location → LocationRow, allocation → AllocationRow, nest → NestRow, egg → EggRow,
 * server_database → DatabaseRow, stats → the stats attributes object itself.
 */
export type ResourceName =
  | 'user'
  | 'server'
  | 'node'
  | 'location'
  | 'allocation'
  | 'nest'
  | 'egg'
  | 'server_database'
  | 'client_server'
  | 'stats';

/** A single resource: `{object, attributes}`, plus `meta` when given (meta.resource on create). */
export function serializeItem(
  ctx: RequestContext,
  resource: ResourceName,
  row: unknown,
  options: { meta?: Record<string, unknown> } = {},
): unknown {
  const transformer = rootTransformer(ctx, resource);
  const body: Record<string, unknown> = {
    object: transformer.resourceName,
    attributes: transformWithIncludes(transformContextOf(ctx), transformer, row),
  };
  if (options.meta !== undefined) body['meta'] = options.meta;
  return body;
}

/** A list that is not paginated (eggs, server databases): `{object:'list', data}` with no meta. */
export function serializeList(ctx: RequestContext, resource: ResourceName, rows: unknown[]): unknown {
  const transformer = rootTransformer(ctx, resource);
  const tctx = transformContextOf(ctx);
  return {
    object: 'list',
    data: rows.map((row) => ({ object: transformer.resourceName, attributes: transformWithIncludes(tctx, transformer, row) })),
  };
}

/**
 * A paginated list: the page named by the request's `page` input (non-integer or below 1 → 1) of
 * `rows` (already filtered and ordered), with meta.pagination and its `?page=N` links.
 */
export function serializePage(ctx: RequestContext, resource: ResourceName, rows: unknown[], perPage: number): unknown {
  const transformer = rootTransformer(ctx, resource);
  const tctx = transformContextOf(ctx);
  const page = paginate(rows, perPage, resolvePage(ctx.inputValue('page')), requestUrl(ctx));
  return {
    object: 'list',
    data: page.items.map((row) => ({ object: transformer.resourceName, attributes: transformWithIncludes(tctx, transformer, row) })),
    meta: { pagination: page.pagination },
  };
}

/** Absolute URL for meta.resource: `${origin}${path}`, e.g. resourceUrl(ctx, `/api/application/users/${id}`). */
export function resourceUrl(ctx: RequestContext, path: string): string {
  return `${ctx.origin}${path}`;
}

/** `$request->url()`: scheme, host and path without the query string or a trailing slash. */
function requestUrl(ctx: RequestContext): string {
  return `${ctx.origin}${ctx.path}`.replace(/\/+$/, '');
}

function rootTransformer(ctx: RequestContext, resource: ResourceName): Transformer<unknown> {
  const transformer = ctx.panel.transformers[resource] as Transformer<unknown> | undefined;
  if (!transformer) throw new Error(`unknown resource "${String(resource)}"`);
  return transformer;
}

const contexts = new WeakMap<RequestContext, TransformContext>();

/**
 * The transformers' view of a request. Includes come from the `include` input on the application
 * API; client transformers have none (and there is no application key to check them against).
 */
export function transformContextOf(ctx: RequestContext): TransformContext {
  let tctx = contexts.get(ctx);
  if (!tctx) {
    tctx = {
      store: ctx.panel.store,
      appTimezone: ctx.panel.appTimezone,
      apiKey: ctx.apiKey,
      user: ctx.user,
      includes: ctx.api === 'application' ? parseIncludes(ctx.inputValue('include')) : new Set<string>(),
      transformers: ctx.panel.transformers,
    };
    contexts.set(ctx, tctx);
  }
  return tctx;
}
