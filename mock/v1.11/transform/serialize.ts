import { paginate, resolvePage } from '../../transform/pagination.ts';
import { internalErrorV111 } from '../errors/panel-error.ts';
import type { ContextV111 } from '../pipeline/context.ts';
import { transformWithIncludes } from '../../transform/fractal.ts';
import { PANEL_V111, parseIncludesV111, type RenderContextV111, type TransformerV111 } from './fractal.ts';
import { V111_TRANSFORMERS } from './transformers.ts';

const contexts = new WeakMap<ContextV111, RenderContextV111>();

/** The transformers' view of a request: includes only on the application API. */
export function renderContextOf(ctx: ContextV111): RenderContextV111 {
  let out = contexts.get(ctx);
  if (!out) {
    out = {
      store: ctx.panel.store,
      apiKey: ctx.apiKey,
      user: ctx.user,
      includes: ctx.api === 'application' ? parseIncludesV111(ctx.inputValue('include')) : new Set(),
      transformers: V111_TRANSFORMERS,
      dialect: PANEL_V111,
    };
    contexts.set(ctx, out);
  }
  return out;
}

export function itemBody<Row>(ctx: ContextV111, transformer: TransformerV111<Row>, row: Row, meta?: Record<string, unknown>): unknown {
  const body: Record<string, unknown> = { object: transformer.resourceName, attributes: transformWithIncludes(renderContextOf(ctx), transformer, row) };
  if (meta) body['meta'] = meta;
  return body;
}

export function listBody<Row>(ctx: ContextV111, transformer: TransformerV111<Row>, rows: readonly Row[]): unknown {
  const rctx = renderContextOf(ctx);
  return { object: 'list', data: rows.map((row) => ({ object: transformer.resourceName, attributes: transformWithIncludes(rctx, transformer, row) })) };
}

/**
 * `->paginate($request->query('per_page') ?? 50)` through Fractal's IlluminatePaginatorAdapter:
 * a page of rows with meta.pagination (fractal-0.20.1:src/Serializer/ArraySerializer.php#L67-L95). per_page 0 (or "0") falls back to the model's 15; a
 * non-numeric per_page fails PHP 8's arithmetic (500); a negative one lifts the limit.
 */
export function pageBody<Row>(ctx: ContextV111, transformer: TransformerV111<Row>, rows: readonly Row[], defaultPerPage = 50): unknown {
  const perPage = perPageOf(ctx.query['per_page'], defaultPerPage);
  const page = resolvePage(ctx.inputValue('page'));
  const url = `${ctx.origin}${ctx.path}`.replace(/\/+$/, '');
  const rctx = renderContextOf(ctx);
  const result = perPage > 0 ? paginate(rows, perPage, page, url) : unlimited(rows, perPage, page, url);
  // Fractal 0.20's ArraySerializer::paginator writes empty links as `(object) []`: `{}`, where 0.17 (0.7) wrote `[]`.
  const links = Array.isArray(result.pagination.links) ? {} : result.pagination.links;
  return {
    object: 'list',
    data: result.items.map((row) => ({ object: transformer.resourceName, attributes: transformWithIncludes(rctx, transformer, row) })),
    meta: { pagination: { ...result.pagination, links } },
  };
}

function perPageOf(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'string') throw internalErrorV111('TypeError', 'Unsupported operand types: array * int', '/vendor/laravel/framework/src/Illuminate/Database/Concerns/BuildsQueries.php');
  if (!/^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw)) {
    throw internalErrorV111('TypeError', `Unsupported operand types: string * int`, '/vendor/laravel/framework/src/Illuminate/Database/Concerns/BuildsQueries.php');
  }
  const value = Math.trunc(Number(raw));
  return value === 0 ? 15 : value;
}

/** A negative limit is ignored by the query builder: every row on the page, the paginator's own maths for meta. */
function unlimited<Row>(rows: readonly Row[], perPage: number, page: number, url: string) {
  const base = paginate(rows, Math.max(rows.length, 1), 1, url);
  const items = page === 1 ? [...rows] : [];
  return { items, pagination: { ...base.pagination, count: items.length, per_page: perPage, current_page: page, total_pages: 1, links: page > 1 ? { previous: `${url}?page=${page - 1}` } : ([] as []) } };
}
