import { includePaths, type FractalDialect, type FractalScope, type Transformer, type TransformerName } from '../../transform/fractal.ts';
import { internalErrorV111 } from '../errors/panel-error.ts';
import type { ApiKeyRow, UserRow } from '../store/rows.ts';
import type { StoreViewV111 } from '../store/table-store.ts';
import { KEY_TYPE_V111 } from '../store/rows.ts';

/**
 * The v1.11 panel's side of the shared Fractal machinery (mock/transform/fractal.ts): league/fractal
 * 0.20 with the panel's PterodactylSerializer
 * (v1.11.8:app/Extensions/League/Fractal/Serializers/PterodactylSerializer.php#L9-L62) renders as
 * 0.7's does; what differs is how includes are authorised, PHP 8's errors and the include parsing.
 */
export interface RenderContextV111 extends FractalScope {
  readonly store: StoreViewV111;
  readonly apiKey: ApiKeyRow | undefined;
  readonly user: UserRow | undefined;
  readonly transformers: RegistryV111;
  readonly dialect: FractalDialect;
}

/** The 1.x transformers by name (the names are 0.7's, a subset). */
export type RegistryV111 = { readonly [N in TransformerName]?: Transformer<never, RenderContextV111> };

/** A v1.11 application transformer. */
export type TransformerV111<Row> = Transformer<Row, RenderContextV111>;

export const PANEL_V111: FractalDialect = {
  /**
   * BaseTransformer::authorize (v1.11.8:app/Transformers/Api/Application/BaseTransformer.php#L64-L84): a
   * client key's includes follow its owner's root_admin; an application key needs READ on the column.
   */
  canRead: (scope, column) => {
    const ctx = scope as RenderContextV111;
    const key = ctx.apiKey;
    if (!key) return false;
    if (key.key_type === KEY_TYPE_V111.ACCOUNT) return ctx.user?.root_admin === true;
    if (key.key_type !== KEY_TYPE_V111.APPLICATION) return false;
    return ((key[column as keyof ApiKeyRow] as number) & 1) !== 0;
  },
  nullRow: (transformer) =>
    internalErrorV111('TypeError', `${transformer.className}::transform(): Argument #1 must be a model, null given`, `/app/Transformers/Api/Application/${transformer.className}.php`),
  // TransformerAbstract::callIncludeMethod: call_user_func on a missing include<Name> is a TypeError (PHP 8).
  missingInclude: (transformer, name) =>
    internalErrorV111(
      'TypeError',
      `call_user_func(): Argument #1 ($callback) must be a valid callback, class Pterodactyl\\Transformers\\Api\\Application\\${transformer.className} does not have a method "include${name[0]?.toUpperCase()}${name.slice(1)}"`,
      '/vendor/league/fractal/src/TransformerAbstract.php',
    ),
};

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
  if (pieces.some((piece) => piece !== null && typeof piece === 'object')) {
    throw internalErrorV111('TypeError', 'trim(): Argument #1 ($string) must be of type string, array given', '/app/Http/Controllers/Api/Application/ApplicationApiController.php');
  }
  return includePaths(pieces.map((piece) => String(piece ?? '')), 10);
}
