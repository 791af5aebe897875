/**
 * unique / exists (Laravel 5.7) against the mock's PanelStore.
 *
 * Rule strings follow Laravel: `unique:table[,column[,ignoreId[,idColumn[,col,value…]]]]` and
 * `exists:table[,column[,col,value…]]`; a missing or `NULL` column is the attribute's name (the last
 * path segment for a wildcard attribute). Extra `col,value` pairs are where clauses: `NULL` /
 * `NOT_NULL` / `!value` / `value`.
 *
 * One mock extension stands for a FormRequest's query closure: an extra value written
 * `{input:<path>??<default>}` is the request input at that path (the default when it is absent or
 * null), used as a plain `where col = value` with the raw value (StoreServerDatabaseRequest's
 * `where('database_host_id', $this->input('host') ?? 0)`).
 */
import { PanelError } from '../errors/panel-error.ts';
import type { PanelStore } from '../store/panel-store.ts';
import { arrGet, MISSING } from './arr.ts';
import { phpStringCast } from '../php-coercion.ts';
import { filterValidateInt, isPhpArray, phpEntries } from './php.ts';
import { errorException, requireParameters } from './php-errors.ts';
import { countRows, type Condition } from './presence-verifier.ts';
import type { RuleContext, RuleFn } from './types.ts';

const INPUT_PLACEHOLDER = /^\{input:([^?}]+)(?:\?\?([^}]*))?\}$/;

function storeOf(v: RuleContext): PanelStore {
  if (!v.store) {
    throw new PanelError(500, 'RuntimeException', 'Presence verifier has not been set.', {
      sourceFile: '/vendor/laravel/framework/src/Illuminate/Validation/Validator.php',
    });
  }
  return v.store;
}

/** `connection.table` or `table`; the mock has one connection. */
function tableOf(parameter: string): string {
  const dot = parameter.indexOf('.');
  return dot === -1 ? parameter : parameter.slice(dot + 1);
}

/** getQueryColumn / guessColumnForQuery. */
function columnOf(v: RuleContext, parameters: string[], attribute: string): string {
  const given = parameters[1];
  if (given !== undefined && given !== 'NULL') return given;
  if (v.isWildcardAttribute(attribute)) {
    const last = attribute.split('.').pop() ?? attribute;
    if (!/^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(last)) return last;
  }
  return attribute;
}

/** `where(column, value)` as the query builder writes it: a null value is `IS NULL`. */
function equals(column: string, value: unknown, operator: '=' | '<>' | '!=' = '='): Condition {
  if (value === null || value === undefined) return { column, operator: operator === '=' ? 'null' : 'not null' };
  return { column, operator, value };
}

/** getExtraConditions + DatabasePresenceVerifier::addWhere. */
function extraConditions(v: RuleContext, segments: string[]): Condition[] {
  const out: Condition[] = [];
  for (let i = 0; i < segments.length; i += 2) {
    const column = segments[i] as string;
    const value = segments[i + 1];
    if (value === undefined) throw errorException(`Undefined offset: ${i + 1}`);
    const placeholder = INPUT_PLACEHOLDER.exec(value);
    if (placeholder) {
      const input = arrGet(v.data, placeholder[1] as string);
      const fallback = placeholder[2] === undefined ? null : filterValidateInt(placeholder[2]) ? Number(placeholder[2]) : placeholder[2];
      out.push(equals(column, input === MISSING || input === null ? fallback : input));
    } else if (value === 'NULL') out.push({ column, operator: 'null' });
    else if (value === 'NOT_NULL') out.push({ column, operator: 'not null' });
    else if (value.startsWith('!')) out.push(equals(column, [...value].slice(1).join(''), '!='));
    else out.push(equals(column, value));
  }
  return out;
}

/** prepareUniqueId: `[field]` reads the input; "null" means none; integer strings become ints. */
function uniqueId(v: RuleContext, raw: string): unknown {
  let id: unknown = raw;
  const reference = /\[(.*)\]/.exec(raw);
  if (reference) id = v.getValue(reference[1] as string);
  if (phpStringCast(id).toLowerCase() === 'null') return null;
  if (filterValidateInt(id)) return Number(phpStringCast(id).trim());
  return id;
}

/** array_unique() count (values compared as strings; an array element is a PHP notice). */
function uniqueCount(values: unknown[]): number {
  if (values.some((value) => isPhpArray(value))) throw errorException('Array to string conversion');
  return new Set(values.map((value) => phpStringCast(value))).size;
}

export const DATABASE_RULES: Record<string, RuleFn> = {
  /** No other row (except the ignored id) has this value in the column. */
  Unique: (v, attribute, value, parameters) => {
    requireParameters(1, parameters, 'unique');
    const table = tableOf(parameters[0] as string);
    const column = columnOf(v, parameters, attribute);
    const conditions: Condition[] = [equals(column, value)];
    if (parameters[2] !== undefined) {
      const idColumn = parameters[3] ?? 'id';
      const id = uniqueId(v, parameters[2]);
      if (id !== null && id !== 'NULL') conditions.push(equals(idColumn, id, '<>'));
    }
    if (parameters.length > 4) conditions.push(...extraConditions(v, parameters.slice(4)));
    return countRows(storeOf(v), table, conditions) === 0;
  },
  /** A row with this value exists (every distinct element of an array value, for an array). */
  Exists: (v, attribute, value, parameters) => {
    requireParameters(1, parameters, 'exists');
    const table = tableOf(parameters[0] as string);
    const column = columnOf(v, parameters, attribute);
    const extra = extraConditions(v, parameters.slice(2));
    if (isPhpArray(value)) {
      const values = phpEntries(value).map(([, element]) => element);
      const expected = uniqueCount(values);
      return countRows(storeOf(v), table, [{ column, operator: 'in', values }, ...extra], column) >= expected;
    }
    return countRows(storeOf(v), table, [equals(column, value), ...extra]) >= 1;
  },
};
