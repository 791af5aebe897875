/** Type rules (Laravel 5.7): string, integer, numeric, boolean, array, json. */
import { phpStringCast } from '../php-coercion.ts';
import { filterValidateInt, isNumeric, isPhpArray, isScalar } from './php.ts';
import type { RuleFn } from './types.ts';

/** Rules that make min/max/between/size measure the number itself. */
export const NUMERIC_RULES: readonly string[] = ['Numeric', 'Integer'];

export const TYPE_RULES: Record<string, RuleFn> = {
  /** is_string: numbers fail (`"ports": [25565]` fails with code `string`). */
  String: (_v, _a, value) => typeof value === 'string',
  /** FILTER_VALIDATE_INT: ints and integer strings ("12", "-0"); not "1.5", "012" or "1e3"; `true` passes. */
  Integer: (_v, _a, value) => filterValidateInt(value),
  /** is_numeric: numbers and numeric strings (" 1.5", "1e3"); not booleans. */
  Numeric: (_v, _a, value) => isNumeric(value),
  /** Strictly one of true, false, 0, 1, "0", "1". */
  Boolean: (_v, _a, value) => [true, false, 0, 1, '0', '1'].includes(value as never),
  /** is_array: JSON arrays and objects. */
  Array: (_v, _a, value) => isPhpArray(value),
  /** json_decode() of a scalar succeeds. */
  Json: (_v, _a, value) => {
    if (!isScalar(value)) return false;
    try {
      JSON.parse(phpStringCast(value));
      return true;
    } catch {
      return false;
    }
  },
};
