/**
 * DatabasePresenceVerifier over the mock's PanelStore: the `select count(*)` queries of unique and
 * exists, with the way Laravel 5.7 binds values and MySQL compares them:
 * - a null value becomes `IS NULL`; booleans are bound as 0/1; ints as integers; everything else
 *   (floats included) as strings;
 * - an array value is merged into the bindings, so anything but a one-element array leaves the
 *   placeholders and bindings out of step (SQLSTATE[HY093], a 500 QueryException), and a nested
 *   array reaches PDO as "Array to string conversion" (a 500 ErrorException);
 * - an integer column compares with a string as doubles (`'1abc'` = 1, `'abc'` = 0), a string
 *   column with a string under utf8mb4_unicode_ci (case- and accent-insensitive, trailing spaces
 *   ignored), a string column with an integer as doubles.
 */
import { PanelError } from '../errors/panel-error.ts';
import { TABLE_COLUMNS, TABLE_NAMES, type TableName } from '../store/rows.ts';
import type { PanelStore } from '../store/panel-store.ts';
import { isPhpInt, phpNumberString } from '../php-coercion.ts';
import { isPhpArray, looseNumber, phpEntries } from './php.ts';

export type Condition =
  | { column: string; operator: '=' | '<>' | '!='; value: unknown }
  | { column: string; operator: 'in'; values: unknown[] }
  | { column: string; operator: 'null' | 'not null' };

type Bound = { int: number } | { str: string };

const QUERY_SOURCE = '/vendor/laravel/framework/src/Illuminate/Database/Connection.php';
const collator = new Intl.Collator('en', { sensitivity: 'base' });

export function queryException(message: string, sql: string): PanelError {
  return new PanelError(500, 'QueryException', `${message} (SQL: ${sql})`, { sourceFile: QUERY_SOURCE });
}

/** `select count(*)` (or `count(distinct column)`) from `table` where every condition holds. */
export function countRows(store: PanelStore, table: string, conditions: Condition[], distinctColumn?: string): number {
  const sql = describe(table, conditions, distinctColumn);
  if (!(TABLE_NAMES as readonly string[]).includes(table)) {
    throw queryException(`SQLSTATE[42S02]: Base table or view not found: 1146 Table 'panel.${table}' doesn't exist`, sql);
  }
  const name = table as TableName;
  const columns = TABLE_COLUMNS[name] as readonly string[];
  for (const column of [...conditions.map((c) => c.column), ...(distinctColumn ? [distinctColumn] : [])]) {
    if (!columns.includes(column)) {
      throw queryException(`SQLSTATE[42S22]: Column not found: 1054 Unknown column '${column}' in 'where clause'`, sql);
    }
  }
  const bound = bindConditions(conditions, sql);
  const rows = (store.all(name) as unknown as Record<string, unknown>[]).filter((row) =>
    bound.every((condition) => matches(row[condition.column], condition)),
  );
  if (!distinctColumn) return rows.length;
  return new Set(rows.map((row) => row[distinctColumn]).filter((v) => v !== null)).size;
}

type BoundCondition =
  | { column: string; operator: '=' | '<>' | '!='; value: Bound }
  | { column: string; operator: 'in'; values: Bound[] }
  | { column: string; operator: 'null' | 'not null' };

/** Laravel's addBinding / PDO bindValue: placeholders and bindings must line up one to one. */
function bindConditions(conditions: Condition[], sql: string): BoundCondition[] {
  let placeholders = 0;
  const bindings: unknown[] = [];
  for (const condition of conditions) {
    if (condition.operator === 'in') {
      placeholders += condition.values.length;
      bindings.push(...condition.values);
    } else if ('value' in condition) {
      placeholders += 1;
      if (isPhpArray(condition.value)) bindings.push(...phpEntries(condition.value).map(([, v]) => v));
      else bindings.push(condition.value);
    }
  }
  if (placeholders !== bindings.length) {
    throw queryException('SQLSTATE[HY093]: Invalid parameter number', sql);
  }
  if (bindings.some((b) => isPhpArray(b))) {
    throw new PanelError(500, 'ErrorException', 'Array to string conversion', { sourceFile: QUERY_SOURCE });
  }
  let next = 0;
  return conditions.map((condition): BoundCondition => {
    if (condition.operator === 'in') {
      const values = condition.values.map(() => bind(bindings[next++]));
      return { column: condition.column, operator: 'in', values };
    }
    if (condition.operator === 'null' || condition.operator === 'not null') return condition;
    return { column: condition.column, operator: condition.operator, value: bind(bindings[next++]) };
  });
}

/** Connection::prepareBindings + bindValues: bool → int, int → PARAM_INT, the rest PARAM_STR. */
function bind(value: unknown): Bound {
  if (typeof value === 'boolean') return { int: value ? 1 : 0 };
  if (typeof value === 'number') return isPhpInt(value) ? { int: value } : { str: phpNumberString(value) };
  if (value === null || value === undefined) return { str: '' };
  return { str: String(value) };
}

function matches(column: unknown, condition: BoundCondition): boolean {
  switch (condition.operator) {
    case 'null':
      return column === null || column === undefined;
    case 'not null':
      return column !== null && column !== undefined;
    case 'in':
      return condition.values.some((value) => mysqlEquals(column, value));
    case '=':
      return mysqlEquals(column, condition.value);
    default:
      return column !== null && column !== undefined && !mysqlEquals(column, condition.value);
  }
}

/** `column = ?` in MySQL (NULL never equals anything). */
export function mysqlEquals(column: unknown, bound: Bound): boolean {
  if (column === null || column === undefined) return false;
  const stored = typeof column === 'boolean' ? (column ? 1 : 0) : column;
  if (typeof stored === 'number') return 'int' in bound ? stored === bound.int : stored === looseNumber(bound.str);
  if (typeof stored !== 'string') return false;
  if ('int' in bound) return looseNumber(stored) === bound.int;
  return collator.compare(stored.replace(/ +$/, ''), bound.str.replace(/ +$/, '')) === 0;
}

function describe(table: string, conditions: Condition[], distinctColumn?: string): string {
  const where = conditions
    .map((c) => {
      if (c.operator === 'null') return `\`${c.column}\` is null`;
      if (c.operator === 'not null') return `\`${c.column}\` is not null`;
      if (c.operator === 'in') return `\`${c.column}\` in (${c.values.map(() => '?').join(', ')})`;
      return `\`${c.column}\` ${c.operator} ?`;
    })
    .join(' and ');
  const aggregate = distinctColumn ? `count(distinct \`${distinctColumn}\`)` : 'count(*)';
  return `select ${aggregate} as aggregate from \`${table}\`${where ? ` where ${where}` : ''}`;
}
