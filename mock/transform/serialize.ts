import type { RequestContext } from '../pipeline/request-context.ts';
import { EncodedJson, phpJson } from '../http/php-json.ts';
import { parseIncludes, type TransformContext, type Transformer } from './fractal.ts';
import { paginate, resolvePage } from './pagination.ts';
import { encodedAttributes, JoinMemo } from './row-json.ts';

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
): EncodedJson {
  const transformer = rootTransformer(ctx, resource);
  const meta = options.meta === undefined ? '' : `,"meta":${phpJson(options.meta)}`;
  const attributes = encodedAttributes(transformContextOf(ctx), transformer, row);
  const memo = memosOf(transformer);
  return new EncodedJson(memo.item.join([memo.head, attributes, meta, '}']));
}

/** A list that is not paginated (eggs, server databases): `{object:'list', data}` with no meta. */
export function serializeList(ctx: RequestContext, resource: ResourceName, rows: unknown[]): EncodedJson {
  const data = encodedData(ctx, resource, rows);
  return new EncodedJson(memosOf(rootTransformer(ctx, resource)).list.join(['{"object":"list","data":', data, '}']));
}

/**
 * A paginated list: the page named by the request's `page` input (non-integer or below 1 → 1) of
 * `rows` (already filtered and ordered), with meta.pagination and its `?page=N` links.
 */
export function serializePage(ctx: RequestContext, resource: ResourceName, rows: unknown[], perPage: number): EncodedJson {
  const page = paginate(rows, perPage, resolvePage(ctx.inputValue('page')), requestUrl(ctx));
  const data = encodedData(ctx, resource, page.items);
  const meta = phpJson({ pagination: page.pagination });
  return new EncodedJson(memosOf(rootTransformer(ctx, resource)).page.join(['{"object":"list","data":', data, ',"meta":', meta, '}']));
}

/**
 * `data` of a list: each row's `{object, attributes}`, encoded piece by piece (the rows' attributes
 * kept while unchanged, row-json.ts); the same bytes as phpJson of the whole list.
 */
function encodedData(ctx: RequestContext, resource: ResourceName, rows: readonly unknown[]): string {
  const transformer = rootTransformer(ctx, resource);
  const tctx = transformContextOf(ctx);
  const memo = memosOf(transformer);
  const parts: string[] = ['['];
  for (let i = 0; i < rows.length; i++) parts.push(i === 0 ? memo.head : memo.between, encodedAttributes(tctx, transformer, rows[i]));
  parts.push(rows.length === 0 ? ']' : '}]');
  return memo.data.join(parts);
}

/** Per root transformer: the last body of each shape (row-json.ts JoinMemo), its `{"object":…,"attributes":` head and `},` + head. */
interface BodyMemos {
  readonly head: string;
  readonly between: string;
  readonly item: JoinMemo;
  readonly list: JoinMemo;
  readonly page: JoinMemo;
  readonly data: JoinMemo;
}

const memos = new WeakMap<Transformer<unknown>, BodyMemos>();

function memosOf(transformer: Transformer<unknown>): BodyMemos {
  let found = memos.get(transformer);
  if (!found) {
    const head = `{"object":${phpJson(transformer.resourceName)},"attributes":`;
    found = { head, between: `},${head}`, item: new JoinMemo(), list: new JoinMemo(), page: new JoinMemo(), data: new JoinMemo() };
    memos.set(transformer, found);
  }
  return found;
}


/** Absolute URL for meta.resource: `${origin}${path}`, e.g. resourceUrl(ctx, `/api/application/users/${id}`). */
export function resourceUrl(ctx: RequestContext, path: string): string {
  return `${ctx.origin}${path}`;
}

/** A store action's 201: the new row with `meta.resource`, its application URL (`/api/application/<collection>/<id>`). */
export function createdItem(ctx: RequestContext, resource: ResourceName, row: { id: number }, collectionPath: string): { status: 201; body: unknown } {
  return { status: 201, body: serializeItem(ctx, resource, row, { meta: { resource: resourceUrl(ctx, `/api/application/${collectionPath}/${row.id}`) } }) };
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
