import { PanelError } from './errors/panel-error.ts';

/**
 * How the panel's PHP turns request values into strings, booleans and integers, and how MySQL
 * stores them: one function per meaning, each used where the panel does that conversion.
 *
 * Inputs are what the mock's input parser produces: strings, numbers, booleans, null, arrays and
 * plain objects (PHP arrays). A JSON integer is a PHP int, any other number a PHP float.
 *
 * The panel runs PHP >= 7.2 (v0.7.19:composer.json#L14) with `precision = 14`, Laravel 5.7.14
 * (#L27), MySQL through PDO with native prepares (laravel/framework v5.7.14:src/Illuminate/Database/Connectors/Connector.php#L20-L26)
 * in the non-strict sql_mode (v0.7.19:config/database.php#L45: DB_STRICT_MODE defaults to false).
 */

/** A JS number that stands for a PHP int (a decoded JSON integer) rather than a float. */
export function isPhpInt(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63;
}

/**
 * An int or float as PHP 7 prints it: ints in decimal, floats with `precision` (14) significant
 * digits, `1.0E+25` style exponents, `NAN` / `INF` (php-src PHP-7.2 Zend/zend_operators.c
 * `_zval_get_string_func`: `%.*G` with EG(precision)).
 */
export function phpNumberString(value: number): string {
  if (isPhpInt(value)) return BigInt(value).toString();
  if (Number.isNaN(value)) return 'NAN';
  if (!Number.isFinite(value)) return value > 0 ? 'INF' : '-INF';
  const [mantissa = '0', exponentText = '0'] = value.toExponential(13).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 14) {
    let digits = mantissa.replace(/0+$/, '');
    if (digits.endsWith('.')) digits += '0';
    if (!digits.includes('.')) digits += '.0';
    return `${digits}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
  }
  const fixed = value.toFixed(Math.max(0, 13 - exponent));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/**
 * PHP 7's `(string) $value`, which strval(), string concatenation and a string parameter of an
 * internal function (explode's) apply alike: null and false are "", true is "1", numbers as
 * phpNumberString. An array is "Array" (PHP also raises an "Array to string conversion" notice,
 * which Laravel turns into a 500: a caller that can meet an array checks for it first).
 */
export function phpStringCast(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return phpNumberString(value);
  return 'Array';
}

/** PHP's `(bool) $value` (also Eloquent's boolean cast): null, false, 0, 0.0, "", "0" and empty arrays are false. */
export function phpBoolCast(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '' && value !== '0';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * A value passed to a userland `int` parameter in PHP 7's weak mode (e.g. FindViableNodesService::setMemory(int),
 * v0.7.19:app/Services/Deployment/FindViableNodesService.php#L62-L80): ints as they are, floats and
 * numeric strings truncated toward zero, booleans 1/0; undefined where PHP throws a TypeError
 * (a float outside the int64 range, NaN, a non-numeric string, null, an array).
 */
export function phpIntArgument(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) number = Number(value.trim());
  else return undefined;
  if (!Number.isFinite(number) || number < -(2 ** 63) || number >= 2 ** 63) return undefined;
  return Math.trunc(number) + 0;
}

/** The ranges of the integer column types the panel's migrations use. */
export const INT_RANGE = { min: -2147483648, max: 2147483647 } as const;
export const UINT_RANGE = { min: 0, max: 4294967295 } as const;
export const USMALLINT_RANGE = { min: 0, max: 65535 } as const;
export type ColumnRange = { readonly min: number; readonly max: number };

/** The "Array to string conversion" notice of binding an array, as Laravel raises it. */
function arrayToStringConversion(): PanelError {
  return new PanelError(500, 'ErrorException', 'Array to string conversion', {
    sourceFile: '/vendor/laravel/framework/src/Illuminate/Database/Connection.php',
  });
}

/**
 * A value bound to a varchar/text column: Laravel binds everything but an int as PDO::PARAM_STR
 * (laravel/framework v5.7.14:src/Illuminate/Database/Connection.php#L570-L578), so PDO stores
 * `(string) $value` (floats with `precision` digits); null and undefined are "" where the mock's
 * callers store them (the services write `?? ''`). An array reaching a column (a field whose only
 * rule is `required`, like a node's `scheme`) is PHP's array-to-string notice: a 500 ErrorException.
 */
export function mysqlStringColumn(value: unknown): string {
  if (value !== null && typeof value === 'object') throw arrayToStringConversion();
  return phpStringCast(value);
}

/**
 * A value stored in a MySQL integer column under the non-strict sql_mode: the bound string
 * (phpStringCast: booleans "1"/"", floats with 14 digits) read as a decimal number, rounded half
 * away from zero (MySQL's strntoull10rnd), out-of-range values clipped to the column's range, a
 * non-numeric string 0 (with a warning). The panel reads the row back (`fresh()`,
 * v0.7.19:app/Repositories/Eloquent/EloquentRepository.php#L62, $withFresh = true at
 * v0.7.19:app/Repositories/Repository.php#L29), so the answer shows the stored value. An array is a 500.
 */
export function mysqlIntegerColumn(value: unknown, range: ColumnRange): number {
  if (value !== null && typeof value === 'object') throw arrayToStringConversion();
  const prefix = NUMERIC_PREFIX.exec(phpStringCast(value));
  const number = prefix ? Number(prefix[0].trim()) : 0;
  if (Number.isNaN(number)) return 0;
  const rounded = number < 0 ? -Math.round(-number) : Math.round(number);
  return Math.min(range.max, Math.max(range.min, rounded)) + 0;
}

/** The leading number MySQL (and PHP 7's loose comparison) reads from a string. */
const NUMERIC_PREFIX = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

/**
 * The integer id a value matches when compared with an integer column (`where id = ?`, `whereIn`):
 * MySQL compares a string with an integer as doubles, reading the string's leading number (`1abc`
 * is 1, `1e1` is 10, ` 5` is 5, `1.5` matches no id); a bound boolean is "1" or "". undefined when
 * it can match no row (null, an array, a fraction, beyond the safe integers).
 */
export function mysqlIdMatch(value: unknown): number | undefined {
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value + 0 : undefined;
  const prefix = NUMERIC_PREFIX.exec(phpStringCast(value));
  if (!prefix) return undefined;
  const number = Number(prefix[0]);
  return Number.isSafeInteger(number) ? number + 0 : undefined;
}
