import { phpStringCast } from '../php-coercion.ts';

/**
 * PHP 7 value semantics the Laravel 5.7 validator relies on: arrays, is_numeric, FILTER_VALIDATE_INT,
 * loose comparisons, trim (the casts are in mock/php-coercion.ts). Input values are what the mock's input parser
 * produces: strings, numbers, booleans, null, arrays and plain objects (PHP's associative arrays).
 *
 * Known limit: JSON `1.0` reaches the mock as the JS number 1, so it is treated as a PHP int
 * (PHP keeps it a float; only `boolean`'s strict in_array can tell the difference).
 */

export type PhpArray = unknown[] | Record<string, unknown>;

/** is_array: a list or an associative array (a decoded JSON object). */
export function isPhpArray(value: unknown): value is PhpArray {
  return value !== null && typeof value === 'object';
}

/** The entries of a PHP array in order (list keys as decimal strings). */
export function phpEntries(value: PhpArray): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  return Object.entries(value);
}

export function phpCount(value: PhpArray): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

/** array_key_exists on a PHP array (`"0"` and `0` are the same key; `"00"` is not). */
export function phpKeyExists(array: PhpArray, key: string): boolean {
  if (Array.isArray(array)) {
    if (!/^(0|-?[1-9]\d*)$/.test(key)) return false;
    const index = Number(key);
    return index >= 0 && index < array.length && Object.prototype.hasOwnProperty.call(array, index);
  }
  return Object.prototype.hasOwnProperty.call(array, key);
}

export function phpKeyGet(array: PhpArray, key: string): unknown {
  return Array.isArray(array) ? array[Number(key)] : array[key];
}

/** PHP's trim() default character list: " \t\n\r\0\x0B". */
export function phpTrim(text: string): string {
  return text.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
}

/** A PHP 7 numeric string: leading whitespace allowed, trailing whitespace not (that came with PHP 8). */
const NUMERIC_STRING = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** The leading numeric part PHP 7 (and MySQL) read from any string when comparing it with a number. */
const NUMERIC_PREFIX = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

export function isNumericString(text: string): boolean {
  return NUMERIC_STRING.test(text);
}

/** is_numeric(). */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && isNumericString(value);
}

/** The number a string stands for in a PHP 7 comparison with a number: its numeric prefix, else 0. */
export function looseNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null || value === undefined) return 0;
  if (typeof value !== 'string') return Number.NaN;
  const match = NUMERIC_PREFIX.exec(value);
  return match ? Number(match[0].trim()) : 0;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** filter_var($value, FILTER_VALIDATE_INT) !== false. */
export function filterValidateInt(value: unknown): boolean {
  if (value === null || value === undefined || isPhpArray(value)) return false;
  const text = phpStringCast(value).replace(/^[ \t\r\v\0\n]+|[ \t\r\v\0\n]+$/g, '');
  if (!/^[+-]?(0|[1-9]\d*)$/.test(text)) return false;
  const parsed = BigInt(text);
  return parsed >= INT64_MIN && parsed <= INT64_MAX;
}

/** mb_strlen() of a scalar (code points of its string form). */
export function mbStrlen(value: unknown): number {
  return [...phpStringCast(value)].length;
}

/** `$a == $b` for two strings in PHP 7: numerically when both are numeric strings. */
export function looseStringEquals(a: string, b: string): boolean {
  if (isNumericString(a) && isNumericString(b)) return Number(a.trim()) === Number(b.trim());
  return a === b;
}

/** `is_scalar($value)`. */
export function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** mb_strtolower / mb_strtoupper are close enough to JS case mapping for the validator's uses. */
export function mbUpper(text: string): string {
  return text.toUpperCase();
}
