/**
 * Size rules (Laravel 5.7): min, max, between, size measure a number when the attribute has a
 * numeric rule (numeric / integer) and the value is numeric, an array by its count, and anything
 * else by mb_strlen of its string form. Also digits / digits_between.
 */
import { phpStringCast } from '../php-coercion.ts';
import { isNumeric, isPhpArray, looseNumber, mbStrlen, phpCount } from './php.ts';
import { errorException, requireParameters } from './php-errors.ts';
import { NUMERIC_RULES } from './rules-types.ts';
import type { RuleContext, RuleFn } from './types.ts';

/** Validator::getSize. */
export function sizeOf(v: RuleContext, attribute: string, value: unknown): number {
  if (isNumeric(value) && v.hasRule(attribute, NUMERIC_RULES)) return looseNumber(value);
  if (isPhpArray(value)) return phpCount(value);
  return mbStrlen(value);
}

/** A rule parameter compared with a number, as PHP 7 compares an int with a string. */
const bound = (parameter: string | undefined) => looseNumber(parameter ?? '');

const hasOnlyDigits = (value: unknown) => !/[^0-9]/.test(phpStringCast(value));

export const SIZE_RULES_IMPL: Record<string, RuleFn> = {
  Min: (v, attribute, value, parameters) => {
    requireParameters(1, parameters, 'min');
    return sizeOf(v, attribute, value) >= bound(parameters[0]);
  },
  Max: (v, attribute, value, parameters) => {
    requireParameters(1, parameters, 'max');
    return sizeOf(v, attribute, value) <= bound(parameters[0]);
  },
  Between: (v, attribute, value, parameters) => {
    requireParameters(2, parameters, 'between');
    const size = sizeOf(v, attribute, value);
    return size >= bound(parameters[0]) && size <= bound(parameters[1]);
  },
  Size: (v, attribute, value, parameters) => {
    requireParameters(1, parameters, 'size');
    return sizeOf(v, attribute, value) === bound(parameters[0]);
  },
  /** Only digits (checked on the string form) and exactly N of them. */
  Digits: (_v, _a, value, parameters) => {
    requireParameters(1, parameters, 'digits');
    if (isPhpArray(value)) throw errorException('preg_match() expects parameter 2 to be string, array given');
    return hasOnlyDigits(value) && Buffer.byteLength(phpStringCast(value)) === bound(parameters[0]);
  },
  DigitsBetween: (_v, _a, value, parameters) => {
    requireParameters(2, parameters, 'digits_between');
    if (isPhpArray(value)) throw errorException('Array to string conversion');
    const length = Buffer.byteLength(phpStringCast(value));
    return hasOnlyDigits(value) && length >= bound(parameters[0]) && length <= bound(parameters[1]);
  },
};
