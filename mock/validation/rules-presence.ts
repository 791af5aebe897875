/**
 * Presence rules (Laravel 5.7 ValidatesAttributes): required and its conditional forms, present,
 * filled, accepted, the flag rules (sometimes, nullable, bail) and the field comparisons.
 * The implicit ones run even on absent attributes (see IMPLICIT_RULES).
 */
import { arrGet, MISSING } from './arr.ts';
import { isPhpArray, phpCount, phpTrim } from './php.ts';
import { requireParameters } from './php-errors.ts';
import type { RuleContext, RuleFn } from './types.ts';

/** Rules that run on absent / empty attributes, and whose failure stops the attribute's other rules. */
export const IMPLICIT_RULES: readonly string[] = [
  'Required',
  'Filled',
  'RequiredWith',
  'RequiredWithAll',
  'RequiredWithout',
  'RequiredWithoutAll',
  'RequiredIf',
  'RequiredUnless',
  'Accepted',
  'Present',
];

/** validateRequired: not null, not a blank string, not an empty array. `false` and `0` pass. */
export function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' && phpTrim(value) === '') return false;
  if (isPhpArray(value) && phpCount(value) < 1) return false;
  return true;
}

const anyFailingRequired = (v: RuleContext, attributes: string[]) => attributes.some((key) => !isFilled(v.getValue(key)));
const allFailingRequired = (v: RuleContext, attributes: string[]) => attributes.every((key) => !isFilled(v.getValue(key)));

export const PRESENCE_RULES: Record<string, RuleFn> = {
  Required: (_v, _a, value) => isFilled(value),
  Present: (v, attribute) => v.hasValue(attribute),
  Filled: (v, attribute, value) => (v.hasValue(attribute) ? isFilled(value) : true),
  Accepted: (_v, _a, value) => isFilled(value) && ['yes', 'on', '1', 1, true, 'true'].includes(value as never),
  /** Required when any of the named fields passes `required` (a field called `boolean` counts too). */
  RequiredWith: (v, _a, value, parameters) => (allFailingRequired(v, parameters) ? true : isFilled(value)),
  RequiredWithAll: (v, _a, value, parameters) => (anyFailingRequired(v, parameters) ? true : isFilled(value)),
  RequiredWithout: (v, _a, value, parameters) => (anyFailingRequired(v, parameters) ? isFilled(value) : true),
  RequiredWithoutAll: (v, _a, value, parameters) => (allFailingRequired(v, parameters) ? isFilled(value) : true),
  Sometimes: () => true,
  Nullable: () => true,
  Bail: () => true,
  Same: (v, _a, value, parameters) => {
    requireParameters(1, parameters, 'same');
    const other = arrGet(v.data, parameters[0] ?? '');
    return value === (other === MISSING ? null : other);
  },
  Different: (v, _a, value, parameters) => {
    requireParameters(1, parameters, 'different');
    return parameters.every((parameter) => {
      const other = arrGet(v.data, parameter);
      return other !== MISSING && other !== null && value !== other;
    });
  },
  Confirmed: (v, attribute, value) => {
    const other = arrGet(v.data, `${attribute}_confirmation`);
    return value === (other === MISSING ? null : other);
  },
};
