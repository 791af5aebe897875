import type { RequestContext } from '../../pipeline/request-context.ts';
import type { RowOf, TableName } from '../../store/rows.ts';

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
 * PHP's `$value == 0` for a validated boolean: what UserUpdateService compares `root_admin`
 * against (`array_get($data, 'root_admin', 0) == 0`).
 */
export function looselyZero(value: unknown): boolean {
  return value === false || value === 0 || value === '0' || value === null || value === undefined;
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

/** Eloquent's create: the columns, then created_at and updated_at both now. */
export function insertCreated<T extends TableName>(ctx: RequestContext, table: T, columns: Omit<RowOf<T>, 'id' | 'created_at' | 'updated_at'>): RowOf<T> {
  const now = ctx.panel.clock.dbTimestamp();
  return ctx.panel.store.insert(table, { ...columns, created_at: now, updated_at: now } as Omit<RowOf<T>, 'id'>);
}
