import { describe, expect, it } from 'vitest';
import { PanelError } from './errors/panel-error.ts';
import {
  INT_RANGE,
  mysqlIdMatch,
  mysqlIntegerColumn,
  mysqlStringColumn,
  phpBoolCast,
  phpIntArgument,
  phpNumberString,
  phpStringCast,
  UINT_RANGE,
  USMALLINT_RANGE,
} from './php-coercion.ts';

describe("PHP 7's (string) cast", () => {
  it('casts null, booleans and strings', () => {
    expect([null, undefined, false, true, '', 'abc', ' 1 '].map(phpStringCast)).toEqual(['', '', '', '1', '', 'abc', ' 1 ']);
  });

  it('prints ints in full and floats with precision 14', () => {
    expect(phpStringCast(42)).toBe('42');
    expect(phpStringCast(-0)).toBe('0');
    expect(phpStringCast(2 ** 62)).toBe('4611686018427387904');
    expect(phpNumberString(0.1 + 0.2)).toBe('0.3');
    expect(phpNumberString(1 / 3)).toBe('0.33333333333333');
    expect(phpNumberString(1.5e-7)).toBe('1.5E-7');
    expect(phpNumberString(1e25)).toBe('1.0E+25');
    expect(phpNumberString(2 ** 64)).toBe('1.844674407371E+19');
    expect(phpNumberString(123.456)).toBe('123.456');
    expect(phpNumberString(-2.5)).toBe('-2.5');
    expect([Number.NaN, Infinity, -Infinity].map(phpNumberString)).toEqual(['NAN', 'INF', '-INF']);
  });

  it('gives "Array" for arrays (the notice is the caller’s)', () => {
    expect(phpStringCast([])).toBe('Array');
    expect(phpStringCast({ a: 1 })).toBe('Array');
  });
});

describe("PHP's (bool) cast", () => {
  it('treats null, false, 0, 0.0, "", "0" and empty arrays as false', () => {
    expect([null, undefined, false, 0, -0, '', '0', [], {}].map(phpBoolCast)).toEqual(Array(9).fill(false));
  });

  it('treats everything else as true, "0.0", " " and "false" included', () => {
    expect([true, 1, -1, 0.5, '0.0', ' ', 'false', [0], { a: 0 }].map(phpBoolCast)).toEqual(Array(9).fill(true));
  });
});

describe('a PHP 7 weak-mode int parameter', () => {
  it('truncates floats and numeric strings toward zero, booleans are 1 and 0', () => {
    expect([5, 1.9, -1.9, '7', ' 8', '2.99', '1e3', true, false].map(phpIntArgument)).toEqual([5, 1, -1, 7, 8, 2, 1000, 1, 0]);
  });

  it('refuses (TypeError) what no int can hold: overflow, NaN, non-numeric strings, null, arrays', () => {
    for (const value of [1e20, -1e19, Number.NaN, Infinity, '9.3e18', 'abc', '1abc', '5 ', '', null, [], {}]) {
      expect(phpIntArgument(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});

describe('a MySQL integer column (non-strict sql_mode)', () => {
  it('rounds half away from zero', () => {
    expect([1.5, 2.5, -1.5, -2.5, 2.4, '2.5', '-2.5', ' 3.5', '1e3', '1.5e1'].map((v) => mysqlIntegerColumn(v, INT_RANGE))).toEqual([
      2, 3, -2, -3, 2, 3, -3, 4, 1000, 15,
    ]);
  });

  it('rounds the float as PDO binds it (14 significant digits), not the double', () => {
    // 2.4999999999999996 is bound as "2.5".
    expect(mysqlIntegerColumn(2.4999999999999996, INT_RANGE)).toBe(3);
  });

  it('clips to the column range', () => {
    expect(mysqlIntegerColumn(1e12, UINT_RANGE)).toBe(4294967295);
    expect(mysqlIntegerColumn('99999999999', UINT_RANGE)).toBe(4294967295);
    expect(mysqlIntegerColumn(-5, UINT_RANGE)).toBe(0);
    expect(mysqlIntegerColumn(-1e12, INT_RANGE)).toBe(-2147483648);
    expect(mysqlIntegerColumn(70000, USMALLINT_RANGE)).toBe(65535);
    expect(mysqlIntegerColumn(9007199254740993n.toString(), INT_RANGE)).toBe(2147483647);
  });

  it('stores booleans as 1 and 0, null, "" and non-numeric strings as 0, a leading number as itself', () => {
    expect([true, false, null, '', 'abc', '12abc'].map((v) => mysqlIntegerColumn(v, INT_RANGE))).toEqual([1, 0, 0, 0, 0, 12]);
  });

  it('refuses an array with the array-to-string notice (500)', () => {
    for (const value of [[1], {}]) {
      expect(() => mysqlIntegerColumn(value, INT_RANGE)).toThrowError(PanelError);
      expect(() => mysqlIntegerColumn(value, INT_RANGE)).toThrowError('Array to string conversion');
    }
  });
});

describe('a MySQL string column', () => {
  it('stores the PHP string of a scalar', () => {
    expect(['abc', 12, 0.1 + 0.2, 1e25, true, false, null].map(mysqlStringColumn)).toEqual(['abc', '12', '0.3', '1.0E+25', '1', '', '']);
  });

  it('refuses an array with the array-to-string notice (500)', () => {
    expect(() => mysqlStringColumn(['a'])).toThrowError('Array to string conversion');
    expect(() => mysqlStringColumn({ a: 'b' })).toThrowError('Array to string conversion');
  });
});

describe('the id a value matches in an integer column', () => {
  it('reads the leading number of a string', () => {
    expect(['5', ' 5', '1abc', '1e1', '5.0', '+3', '007'].map(mysqlIdMatch)).toEqual([5, 5, 1, 10, 5, 3, 7]);
  });

  it('matches nothing for fractions, non-numbers, null, arrays and beyond the safe integers', () => {
    for (const value of ['1.5', 1.5, 'abc', '', null, undefined, [1], { id: 1 }, 2 ** 60, '1e300']) {
      expect(mysqlIdMatch(value), JSON.stringify(value)).toBeUndefined();
    }
  });

  it('matches ints as they are and a bound boolean as "1" / ""', () => {
    expect([7, -0, true, false].map(mysqlIdMatch)).toEqual([7, 0, 1, undefined]);
  });
});
