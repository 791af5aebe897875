/**
 * PHP 7 value semantics the Laravel 5.7 validator relies on: arrays, is_numeric, FILTER_VALIDATE_INT,
 * string casts, loose comparisons, truthiness, trim. Input values are what the mock's input parser
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

/** Whether a JS number stands for a PHP int (a decoded JSON integer) rather than a float. */
export function isPhpInt(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63;
}

/** filter_var($value, FILTER_VALIDATE_INT) !== false. */
export function filterValidateInt(value: unknown): boolean {
  if (value === null || value === undefined || isPhpArray(value)) return false;
  const text = phpString(value).replace(/^[ \t\r\v\0\n]+|[ \t\r\v\0\n]+$/g, '');
  if (!/^[+-]?(0|[1-9]\d*)$/.test(text)) return false;
  const parsed = BigInt(text);
  return parsed >= INT64_MIN && parsed <= INT64_MAX;
}

/** (string) $value for scalars and null; arrays become "Array" (PHP raises a notice there). */
export function phpString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '';
  if (typeof value === 'number') return phpNumberString(value);
  return 'Array';
}

/** A PHP int or float as PHP 7 prints it (floats with precision=14, `1.0E+25` style exponents). */
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

/** mb_strlen() of a scalar (code points of its string form). */
export function mbStrlen(value: unknown): number {
  return [...phpString(value)].length;
}

/** `$a == $b` for two strings in PHP 7: numerically when both are numeric strings. */
export function looseStringEquals(a: string, b: string): boolean {
  if (isNumericString(a) && isNumericString(b)) return Number(a.trim()) === Number(b.trim());
  return a === b;
}

/** PHP truthiness: null, false, 0, 0.0, "", "0" and empty arrays are falsy. */
export function phpTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '' && value !== '0';
  if (isPhpArray(value)) return phpCount(value) > 0;
  return true;
}

/** `is_scalar($value)`. */
export function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** mb_strtolower / mb_strtoupper are close enough to JS case mapping for the validator's uses. */
export function mbUpper(text: string): string {
  return text.toUpperCase();
}
