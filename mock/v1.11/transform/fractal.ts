import { internalErrorV111 } from '../errors/panel-error.ts';
import type { ApiKeyRow, UserRow } from '../store/rows.ts';
import type { AclColumnV111 } from '../store/rows.ts';
import type { StoreViewV111 } from '../store/table-store.ts';
import { KEY_TYPE_V111 } from '../store/rows.ts';

/**
 * league/fractal 0.20 with the panel's PterodactylSerializer (v1.11.8:app/Extensions/League/Fractal/Serializers/PterodactylSerializer.php#L9-L62):
 * items `{object, attributes}`, lists `{object: 'list', data}`, NullResource `{object: 'null_resource',
 * attributes: null}`, includes under `attributes.relationships.<name>` when requested.
 */
export interface RenderContextV111 {
  readonly store: StoreViewV111;
  readonly apiKey: ApiKeyRow | undefined;
  readonly user: UserRow | undefined;
  /** Requested include paths with their parents (`servers.node` also requests `servers`). */
  readonly includes: ReadonlySet<string>;
}

export type AttributesV111 = Record<string, unknown>;

export type IncludedV111 =
  | { kind: 'item'; transformer: TransformerV111<never> | null; row: unknown; key: string | null; attributes?: () => AttributesV111 }
  | { kind: 'collection'; transformer: TransformerV111<never>; rows: readonly unknown[]; key: string | null }
  | { kind: 'null' };

export interface TransformerV111<Row> {
  /** getResourceName(): a root resource's `object`. */
  readonly resourceName: string;
  readonly className: string;
  transform(ctx: RenderContextV111, row: Row): AttributesV111;
  /** availableIncludes in order; a name without a method is a 500 when requested (Fractal calls include<Name>). */
  readonly includes?: ReadonlyArray<readonly [string, ((ctx: RenderContextV111, row: Row) => IncludedV111) | null]>;
}

export const NULL_RESOURCE_V111 = Object.freeze({ object: 'null_resource', attributes: null });

export const nullIncluded = (): IncludedV111 => ({ kind: 'null' });
export const itemOf = <Row>(transformer: TransformerV111<Row>, row: Row | undefined | null, key: string | null): IncludedV111 => ({
  kind: 'item',
  transformer: transformer as TransformerV111<never>,
  row,
  key,
});
export const collectionOf = <Row>(transformer: TransformerV111<Row>, rows: readonly Row[], key: string | null): IncludedV111 => ({
  kind: 'collection',
  transformer: transformer as TransformerV111<never>,
  rows,
  key,
});
export const closureItem = (attributes: () => AttributesV111, key: string | null): IncludedV111 => ({ kind: 'item', transformer: null, row: null, key, attributes });

/**
 * BaseTransformer::authorize (v1.11.8:app/Transformers/Api/Application/BaseTransformer.php#L64-L84): a
 * client key's includes follow its owner's root_admin; an application key needs READ on the column.
 */
export function canReadV111(ctx: RenderContextV111, column: AclColumnV111): boolean {
  const key = ctx.apiKey;
  if (!key) return false;
  if (key.key_type === KEY_TYPE_V111.ACCOUNT) return ctx.user?.root_admin === true;
  if (key.key_type !== KEY_TYPE_V111.APPLICATION) return false;
  return (key[column] & 1) !== 0;
}

export function guardedV111<Row>(column: AclColumnV111, method: (ctx: RenderContextV111, row: Row) => IncludedV111) {
  return (ctx: RenderContextV111, row: Row): IncludedV111 => (canReadV111(ctx, column) ? method(ctx, row) : nullIncluded());
}

/** Scope::toArray for one row: the attributes, then the requested includes under `relationships`. */
export function renderAttributes<Row>(ctx: RenderContextV111, transformer: TransformerV111<Row>, row: Row, scope: readonly string[] = []): AttributesV111 {
  if (row === null || row === undefined) {
    throw internalErrorV111('TypeError', `${transformer.className}::transform(): Argument #1 must be a model, null given`, `/app/Transformers/Api/Application/${transformer.className}.php`);
  }
  const attributes = transformer.transform(ctx, row);
  if (ctx.includes.size === 0) return attributes;
  let relationships: Record<string, unknown> | undefined;
  for (const [name, method] of transformer.includes ?? []) {
    const path = [...scope, name];
    if (!ctx.includes.has(path.join('.'))) continue;
    if (!method) {
      // TransformerAbstract::callIncludeMethod: call_user_func on a missing include<Name> is a TypeError (PHP 8).
      throw internalErrorV111(
        'TypeError',
        `call_user_func(): Argument #1 ($callback) must be a valid callback, class Pterodactyl\\Transformers\\Api\\Application\\${transformer.className} does not have a method "include${name[0]?.toUpperCase()}${name.slice(1)}"`,
        '/vendor/league/fractal/src/TransformerAbstract.php',
      );
    }
    relationships ??= {};
    relationships[name] = renderIncluded(ctx, method(ctx, row), path);
  }
  if (relationships) attributes['relationships'] = relationships;
  return attributes;
}

function renderIncluded(ctx: RenderContextV111, included: IncludedV111, path: readonly string[]): unknown {
  if (included.kind === 'null') return { ...NULL_RESOURCE_V111 };
  if (included.kind === 'collection') {
    return { object: 'list', data: included.rows.map((row) => ({ object: included.key, attributes: renderAttributes(ctx, included.transformer, row as never, path) })) };
  }
  if (included.attributes) return { object: included.key, attributes: included.attributes() };
  return { object: included.key, attributes: renderAttributes(ctx, included.transformer as TransformerV111<unknown>, included.row, path) };
}

/**
 * ApplicationApiController's constructor (v1.11.8:app/Http/Controllers/Api/Application/ApplicationApiController.php#L25-L38):
 * `include` as an array or a comma list, each trimmed (an array element makes trim() a TypeError, 500),
 * empty and "0" dropped; then Manager::parseIncludes (modifiers cut, duplicates dropped, trimmed to
 * the default recursion limit of 10: limitRecursion(2) is only called afterwards) and its parents added.
 */
export function parseIncludesV111(raw: unknown): Set<string> {
  let pieces: unknown[];
  if (raw === undefined || raw === null) pieces = [];
  else if (typeof raw === 'object') pieces = Object.values(raw);
  else pieces = String(raw === true ? '1' : raw === false ? '' : raw).split(',');
  const requested: string[] = [];
  for (const piece of pieces) {
    if (piece !== null && typeof piece === 'object') {
      throw internalErrorV111('TypeError', 'trim(): Argument #1 ($string) must be of type string, array given', '/app/Http/Controllers/Api/Application/ApplicationApiController.php');
    }
    const trimmed = String(piece ?? '').replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
    if (trimmed === '' || trimmed === '0') continue;
    const name = (trimmed.split(':', 1)[0] ?? '').split('.').slice(0, 10).join('.');
    if (!requested.includes(name)) requested.push(name);
  }
  const out = new Set<string>();
  for (const include of requested) {
    const parts = include.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return out;
}
