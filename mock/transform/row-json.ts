import { phpJson } from '../http/php-json.ts';
import { transformWithIncludes, type TransformContext, type Transformer } from './fractal.ts';

/**
 * Each row's encoded attributes, kept while the row holds the values they were encoded from.
 *
 * Encoding a 50-row page was most of a list request's time (bench:mock-floor). A transformer that
 * declares `readsRowOnly` renders nothing but the row's own values (and APP_TIMEZONE), so its JSON
 * is a function of them: an entry is reused only when every field of the row still has the value
 * (and the row the same fields) it had when the entry was made. Any write, through a handler or
 * straight into the store, changes a value and so misses; a restored or re-seeded store has new row
 * objects, which have no entry. Rows with an object-valued field (arrays, decoded JSON) are never
 * kept: a change inside the object would not show in the comparison.
 */
interface Entry {
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
  readonly timezone: string;
  readonly text: string;
}

const entries = new WeakMap<Transformer<never>, WeakMap<object, Entry>>();

/** phpJson(transformWithIncludes(ctx, transformer, row)), from the row's entry when it still holds. */
export function encodedAttributes(ctx: TransformContext, transformer: Transformer<unknown>, row: unknown): string {
  if (!transformer.readsRowOnly || ctx.includes.size > 0 || typeof row !== 'object' || row === null) {
    return phpJson(transformWithIncludes(ctx, transformer, row));
  }
  let byRow = entries.get(transformer);
  if (!byRow) {
    byRow = new WeakMap();
    entries.set(transformer, byRow);
  }
  const entry = byRow.get(row);
  if (entry !== undefined && entry.timezone === ctx.appTimezone && holds(entry, row as Record<string, unknown>)) return entry.text;
  const text = phpJson(transformWithIncludes(ctx, transformer, row));
  const fresh = snapshotOf(row as Record<string, unknown>, ctx.appTimezone, text);
  if (fresh) byRow.set(row, fresh);
  else byRow.delete(row);
  return text;
}

/** The row still has exactly the entry's fields, in the same order, with the same values. */
function holds(entry: Entry, row: Record<string, unknown>): boolean {
  const { keys, values } = entry;
  let i = 0;
  for (const key in row) {
    if (i >= keys.length || keys[i] !== key || row[key] !== values[i]) return false;
    i++;
  }
  return i === keys.length;
}

/** The row's fields and values, or undefined when one of them is an object (not comparable by value). */
function snapshotOf(row: Record<string, unknown>, timezone: string, text: string): Entry | undefined {
  const keys: string[] = [];
  const values: unknown[] = [];
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'object' && value !== null) return undefined;
    keys.push(key);
    values.push(value);
  }
  return { keys, values, timezone, text };
}

/**
 * `parts.join('')`, and the very string of the last call when the parts are the same strings: a body
 * built of unchanged pieces (kept row JSON hands out the same strings) is not concatenated, flattened
 * and encoded again. The parts are compared as strings (by reference first, then by content), so the
 * answer never depends on which call came before.
 */
export class JoinMemo {
  private parts: readonly string[] = [];
  private text = '';

  join(parts: readonly string[]): string {
    if (!samePieces(parts, this.parts)) {
      this.parts = parts;
      this.text = parts.join('');
    }
    return this.text;
  }
}

function samePieces(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
