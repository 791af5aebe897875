import { PanelError } from '../errors/panel-error.ts';
import { phpStringCast } from '../php-coercion.ts';
import type { PanelStore } from '../store/panel-store.ts';
import type { ApiKeyPermissionColumn, ApiKeyRow, RowOf, TableName, UserRow } from '../store/rows.ts';

/**
 * The Fractal machinery the panel uses (league/fractal 0.17 with the panel's PterodactylSerializer,
 * v0.7.19:app/Extensions/League/Fractal/Serializers/PterodactylSerializer.php#L7-L72; 1.x: Fractal 0.20,
 * v1.11.8:app/Extensions/League/Fractal/Serializers/PterodactylSerializer.php#L9-L62): transformers
 * produce attributes, requested includes are rendered under `attributes.relationships.<include>`,
 * envelopes are `{object, attributes}` / `{object:'list', data}`. Every profile registers its
 * transformers by name and renders through this one mechanism; what differs per panel version (how
 * a key's includes are authorised, the PHP errors) is its FractalDialect.
 */

/** What the include machinery needs of any profile's render context. */
export interface FractalScope {
  /** Fractal's requested include paths (`servers`, `servers.allocations`, …) after parsing. */
  readonly includes: ReadonlySet<string>;
  /** The profile's transformers by name: includes name the transformer they render with, never import it. */
  readonly transformers: { readonly [N in TransformerName]?: Transformer<never, never> };
  /** The panel version's rules; absent: v0.7.19's. */
  readonly dialect?: FractalDialect;
}

/** What differs per panel version in how Fractal renders. */
export interface FractalDialect {
  /** BaseTransformer::authorize(): may the request's key read includes guarded by this `r_*` column? */
  canRead(ctx: FractalScope, column: ApiKeyPermissionColumn): boolean;
  /** The error transform() raises when handed a null model (a missing related row). */
  nullRow(transformer: Transformer<never, never>): Error;
  /** The error Fractal raises for an available include without its include<Name> method. */
  missingInclude(transformer: Transformer<never, never>, include: string): Error;
}

/** What a v0.7.19 transformer may read while it runs. */
export interface TransformContext extends FractalScope {
  readonly store: PanelStore;
  /** APP_TIMEZONE (database / database-host timestamps, raw variable timestamps). */
  readonly appTimezone: string;
  /** The request's API key: its `r_*` READ bits gate the includes (BaseTransformer::authorize). */
  readonly apiKey: ApiKeyRow | undefined;
  /** The key's owner (client server `server_owner`). */
  readonly user: UserRow | undefined;
  readonly transformers: TransformerRegistry;
}

/** The names transformers are registered under (v0.7.19: mock/transform/transformers/registry.ts; 1.x names a subset). */
export type TransformerName =
  | 'allocation'
  | 'client_server'
  | 'database_host'
  | 'egg'
  | 'egg_variable'
  | 'location'
  | 'nest'
  | 'node'
  | 'pack'
  | 'server'
  | 'server_database'
  | 'server_variable'
  | 'stats'
  | 'subuser'
  | 'user';

export type TransformerRegistry = { readonly [N in TransformerName]: Transformer<never> };

export type Attributes = Record<string, unknown>;

/** The result of an include method: an item, a collection or Fractal's NullResource. */
export type Included =
  | { readonly kind: 'item'; readonly render: (ctx: FractalScope, scope: readonly string[]) => unknown }
  | { readonly kind: 'collection'; readonly render: (ctx: FractalScope, scope: readonly string[]) => unknown }
  | { readonly kind: 'null' };

export type IncludeMethod<Row, Ctx = TransformContext> = (ctx: Ctx, row: Row) => Included;

export interface Transformer<Row, Ctx = TransformContext> {
  /** getResourceName(): the `object` of a root resource. */
  readonly resourceName: string;
  /** The panel class, named in the TypeError a null item raises. */
  readonly className: string;
  /** The model class transform() type-hints (0.7's TypeError names it). */
  readonly modelClass?: string;
  transform(ctx: Ctx, row: Row): Attributes;
  /**
   * availableIncludes, in the transformer's own order (the order of `relationships`); a name
   * without a method is listed by the panel but has no include<Name> (requesting it fails).
   */
  readonly includes?: ReadonlyArray<readonly [string, IncludeMethod<Row, Ctx> | null]>;
  /** transform() reads the row's own values and APP_TIMEZONE, nothing else: its JSON may be kept per row (row-json.ts). */
  readonly readsRowOnly?: boolean;
}

/** PterodactylSerializer::null(). */
export const NULL_RESOURCE = Object.freeze({ object: 'null_resource', attributes: null });

export const nullResource = (): Included => ({ kind: 'null' });

/** `$this->item($row, $transformer, $key)`; a null row makes transform() raise the dialect's TypeError (500). */
export function item(transformer: TransformerName, row: unknown, key: string | null): Included {
  return {
    kind: 'item',
    render: (ctx, scope) => ({ object: key, attributes: transformWithIncludes(ctx, registered(ctx, transformer), row, scope) }),
  };
}

/** `$this->collection($rows, $transformer, $key)`: `{object:'list', data}` without meta. */
export function collection(transformer: TransformerName, rows: readonly unknown[], key: string | null): Included {
  return {
    kind: 'collection',
    render: (ctx, scope) => {
      const named = registered(ctx, transformer);
      return { object: 'list', data: rows.map((row) => ({ object: key, attributes: transformWithIncludes(ctx, named, row, scope) })) };
    },
  };
}

/** An item transformed by a closure (egg config/script, database password): no includes of its own. */
export function closureItem(attributes: () => Attributes, key: string | null): Included {
  return { kind: 'item', render: () => ({ object: key, attributes: attributes() }) };
}

/** BaseTransformer::authorize(), as the request's panel version decides it. */
export function canRead(ctx: FractalScope, column: ApiKeyPermissionColumn): boolean {
  return (ctx.dialect ?? PANEL_07).canRead(ctx, column);
}

/** A hasMany include: the rows of `table` whose `foreignKey` is this row's id, as a collection. */
export function hasMany<T extends TableName>(transformer: TransformerName, table: T, foreignKey: keyof RowOf<T> & string, key: string | null = transformer): IncludeMethod<{ id: number }> {
  return (ctx, row) => collection(transformer, ctx.store.where(table, (r) => r[foreignKey] === row.id), key);
}

/** An include that needs READ on `column`, rendering null_resource without it. */
export function guarded<Row, Ctx extends FractalScope = TransformContext>(column: ApiKeyPermissionColumn, method: IncludeMethod<Row, Ctx>): IncludeMethod<Row, Ctx> {
  return (ctx, row) => (canRead(ctx, column) ? method(ctx, row) : nullResource());
}

/**
 * Scope::fireTransformer + fireIncludedTransformers + PterodactylSerializer::mergeIncludes: the
 * transformer's attributes, then every available include requested at this scope under
 * `relationships`, which only exists when at least one was requested.
 */
export function transformWithIncludes<Row, Ctx extends FractalScope>(
  ctx: Ctx,
  transformer: Transformer<Row, Ctx>,
  row: Row,
  scope: readonly string[] = [],
): Attributes {
  if (row === null || row === undefined) throw (ctx.dialect ?? PANEL_07).nullRow(transformer as Transformer<never, never>);
  const attributes = transformer.transform(ctx, row);
  // No include requested anywhere (most requests): no path to build per row and include.
  if (ctx.includes.size === 0) return attributes;
  let relationships: Record<string, unknown> | undefined;
  for (const [name, method] of transformer.includes ?? []) {
    const path = [...scope, name];
    if (!ctx.includes.has(path.join('.'))) continue;
    if (!method) throw (ctx.dialect ?? PANEL_07).missingInclude(transformer as Transformer<never, never>, name);
    const included = method(ctx, row);
    relationships ??= {};
    relationships[name] = included.kind === 'null' ? { ...NULL_RESOURCE } : included.render(ctx, path);
  }
  if (relationships) attributes['relationships'] = relationships;
  return attributes;
}

/** The transformer registered as `name` in the context's profile (any row type: includes pass their own). */
function registered(ctx: FractalScope, name: TransformerName): Transformer<unknown, FractalScope> {
  const transformer = ctx.transformers[name];
  if (!transformer) throw new Error(`no transformer "${name}" is registered for this panel version`);
  return transformer as Transformer<unknown, FractalScope>;
}

/** v0.7.19's rules: the key's READ bit, PHP 7's type errors. */
const PANEL_07: FractalDialect = {
  canRead: (ctx, column) => (((ctx as TransformContext).apiKey?.[column] ?? 0) & 1) !== 0,
  nullRow: (transformer) =>
    new PanelError(
      500,
      'FatalThrowableError',
      `Argument 1 passed to Pterodactyl\\Transformers\\Api\\Application\\${transformer.className}::transform() must be an instance of Pterodactyl\\Models\\${transformer.modelClass ?? ''}, null given`,
      { sourceFile: `/app/Transformers/Api/Application/${transformer.className}.php` },
    ),
  // Every 0.7 transformer has a method for each include it lists: a missing one is a bug of the mock.
  missingInclude: (transformer, include) => new Error(`${transformer.className} lists include "${include}" without a method`),
};

/* ------------------------------------------------------------------------------------------ */
/* Include parsing                                                                             */
/* ------------------------------------------------------------------------------------------ */

/** `limitRecursion(2)` in ApplicationApiController. */
export const INCLUDE_RECURSION_LIMIT = 2;

/**
 * ApplicationApiController + Manager::parseIncludes: explode on `,`, trim, drop empty (and "0",
 * collect()->filter() drops every falsy string), cut the `:modifiers`, trim to two levels,
 * de-duplicate, then add every parent path (`a.b` also requests `a`).
 * explode() takes the input as a string parameter: PHP's string cast (an array is refused earlier, in the pipeline).
 */
export function parseIncludes(raw: unknown): Set<string> {
  return includePaths(phpStringCast(raw).split(','), INCLUDE_RECURSION_LIMIT);
}

/**
 * Manager::parseIncludes over the requested names of any panel version: each trimmed, empty and "0"
 * dropped, the `:modifiers` cut, trimmed to `depth` levels, de-duplicated, then every parent path added.
 */
export function includePaths(pieces: readonly string[], depth: number): Set<string> {
  const requested: string[] = [];
  for (const piece of pieces) {
    const trimmed = phpTrim(piece);
    if (trimmed === '' || trimmed === '0') continue;
    const name = (trimmed.split(':', 1)[0] ?? '').split('.').slice(0, depth).join('.');
    if (!requested.includes(name)) requested.push(name);
  }
  const out = new Set<string>();
  for (const include of requested) {
    const parts = include.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return out;
}

/** PHP trim()'s default character list: space, \t, \n, \r, \0, \x0B. */
function phpTrim(value: string): string {
  return value.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
}
