import { PanelError } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';

/**
 * What the panel's FormRequest::validated() hands the service, and how Eloquent + MySQL store it.
 * Shared by the user, location, node and allocation write handlers.
 *
 * - validated() is Laravel 5.7's `only(rule keys)`: a rule-listed field counts when it is present
 *   in the merged input, even with a null value.
 * - A model saves only when an attribute is dirty; `updated_at` moves only then (Eloquent's
 *   performUpdate returns early for a clean model).
 */

/** The rule-listed fields present in the input, in rule order, with their (trimmed) values. */
export function presentFields(ctx: RequestContext, keys: readonly string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const key of keys) {
    if (ctx.has(key)) out.set(key, ctx.inputValue(key));
  }
  return out;
}

/**
 * A value that passed Laravel's `boolean` rule (true, false, 0, 1, "0", "1"), as the model's bool cast
 * (or a tinyint column read back) sees it.
 */
export function phpBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/**
 * PHP's `$value == 0` for a validated boolean: what UserUpdateService compares `root_admin`
 * against (`array_get($data, 'root_admin', 0) == 0`).
 */
export function looselyZero(value: unknown): boolean {
  return value === false || value === 0 || value === '0' || value === null || value === undefined;
}

/**
 * A numeric value (validated `numeric` / `integer`: a JSON number or a numeric string such as "1e3")
 * stored in a MySQL integer column under the stock non-strict sql_mode: rounded half away from zero
 * (strntoull10rnd) and clipped to the column's range.
 */
export function mysqlInt(value: unknown, min: number, max: number): number {
  // An array bound to an integer column goes through the same array-to-string conversion.
  if (value !== null && typeof value === 'object') mysqlString(value);
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (Number.isNaN(n)) return 0;
  const rounded = n < 0 ? -Math.round(-n) : Math.round(n);
  return Math.min(max, Math.max(min, rounded));
}

export const INT_RANGE = { min: -2147483648, max: 2147483647 } as const;
export const UINT_RANGE = { min: 0, max: 4294967295 } as const;
export const USMALLINT_RANGE = { min: 0, max: 65535 } as const;

/**
 * A scalar bound to a varchar/text column (PDO binds it as a string): numbers keep PHP's decimal
 * form, true is "1", false is "". An array reaching a column (a field whose only rule is
 * `required`, like a node's `scheme`) makes PDO convert an array to a string: a PHP notice, which
 * Laravel raises as a 500 ErrorException.
 */
export function mysqlString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  throw new PanelError(500, 'ErrorException', 'Array to string conversion', {
    sourceFile: '/vendor/laravel/framework/src/Illuminate/Database/Connection.php',
  });
}

/**
 * Eloquent's fill + save on an existing row: assigns the changes, and moves `updated_at` when any
 * stored value changed (or when `forceDirty`, e.g. a freshly hashed password the mock does not
 * keep). Returns whether the row was saved.
 */
export function applyChanges<R extends { updated_at: string }>(
  row: R,
  changes: Partial<R>,
  now: string,
  forceDirty = false,
): boolean {
  let dirty = forceDirty;
  for (const [key, value] of Object.entries(changes) as [keyof R, R[keyof R]][]) {
    if (row[key] !== value) {
      dirty = true;
      row[key] = value;
    }
  }
  if (dirty) row.updated_at = now;
  return dirty;
}
