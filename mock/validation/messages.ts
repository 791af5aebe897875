/**
 * The panel's English validation lines (resources/lang/en/validation.php at v0.7.19) and Laravel
 * 5.7's message selection and placeholder replacement (FormatsMessages, ReplacesAttributes).
 * A rule without a line (ipv4, not_regex, uuid, …) gets its translation key as the message,
 * e.g. "validation.ipv4", as Laravel's translator answers for a missing key.
 */
import { mbUpper } from './php.ts';
import { snake, ucfirst } from './str.ts';

export type SizeType = 'numeric' | 'file' | 'string' | 'array';

const LINES: Record<string, string | Record<SizeType, string>> = {
  accepted: 'The :attribute must be accepted.',
  active_url: 'The :attribute is not a valid URL.',
  after: 'The :attribute must be a date after :date.',
  after_or_equal: 'The :attribute must be a date after or equal to :date.',
  alpha: 'The :attribute may only contain letters.',
  alpha_dash: 'The :attribute may only contain letters, numbers, and dashes.',
  alpha_num: 'The :attribute may only contain letters and numbers.',
  array: 'The :attribute must be an array.',
  before: 'The :attribute must be a date before :date.',
  before_or_equal: 'The :attribute must be a date before or equal to :date.',
  between: {
    numeric: 'The :attribute must be between :min and :max.',
    file: 'The :attribute must be between :min and :max kilobytes.',
    string: 'The :attribute must be between :min and :max characters.',
    array: 'The :attribute must have between :min and :max items.',
  },
  boolean: 'The :attribute field must be true or false.',
  confirmed: 'The :attribute confirmation does not match.',
  date: 'The :attribute is not a valid date.',
  date_format: 'The :attribute does not match the format :format.',
  different: 'The :attribute and :other must be different.',
  digits: 'The :attribute must be :digits digits.',
  digits_between: 'The :attribute must be between :min and :max digits.',
  dimensions: 'The :attribute has invalid image dimensions.',
  distinct: 'The :attribute field has a duplicate value.',
  email: 'The :attribute must be a valid email address.',
  exists: 'The selected :attribute is invalid.',
  file: 'The :attribute must be a file.',
  filled: 'The :attribute field is required.',
  image: 'The :attribute must be an image.',
  in: 'The selected :attribute is invalid.',
  in_array: 'The :attribute field does not exist in :other.',
  integer: 'The :attribute must be an integer.',
  ip: 'The :attribute must be a valid IP address.',
  json: 'The :attribute must be a valid JSON string.',
  max: {
    numeric: 'The :attribute may not be greater than :max.',
    file: 'The :attribute may not be greater than :max kilobytes.',
    string: 'The :attribute may not be greater than :max characters.',
    array: 'The :attribute may not have more than :max items.',
  },
  mimes: 'The :attribute must be a file of type: :values.',
  mimetypes: 'The :attribute must be a file of type: :values.',
  min: {
    numeric: 'The :attribute must be at least :min.',
    file: 'The :attribute must be at least :min kilobytes.',
    string: 'The :attribute must be at least :min characters.',
    array: 'The :attribute must have at least :min items.',
  },
  not_in: 'The selected :attribute is invalid.',
  numeric: 'The :attribute must be a number.',
  present: 'The :attribute field must be present.',
  regex: 'The :attribute format is invalid.',
  required: 'The :attribute field is required.',
  required_if: 'The :attribute field is required when :other is :value.',
  required_unless: 'The :attribute field is required unless :other is in :values.',
  required_with: 'The :attribute field is required when :values is present.',
  required_with_all: 'The :attribute field is required when :values is present.',
  required_without: 'The :attribute field is required when :values is not present.',
  required_without_all: 'The :attribute field is required when none of :values are present.',
  same: 'The :attribute and :other must match.',
  size: {
    numeric: 'The :attribute must be :size.',
    file: 'The :attribute must be :size kilobytes.',
    string: 'The :attribute must be :size characters.',
    array: 'The :attribute must contain :size items.',
  },
  string: 'The :attribute must be a string.',
  timezone: 'The :attribute must be a valid zone.',
  unique: 'The :attribute has already been taken.',
  uploaded: 'The :attribute failed to upload.',
  url: 'The :attribute format is invalid.',
};

/** Laravel's size rules: their message depends on the attribute's type. */
export const SIZE_RULES = new Set(['Size', 'Between', 'Min', 'Max', 'Gt', 'Lt', 'Gte', 'Lte']);

/**
 * The raw line for a failed rule (Studly name as the validator records it). Size rules pick the
 * variant for `type`; a missing line is its key, as the translator returns it.
 */
export function messageLine(rule: string, type: SizeType): string {
  const key = snake(rule);
  const line = LINES[key];
  if (SIZE_RULES.has(rule)) {
    if (line !== undefined && typeof line === 'object') return line[type];
    return `validation.${key}.${type}`;
  }
  if (typeof line === 'string') return line;
  // An array-valued line (e.g. `max` reached under another name) comes back as the array itself in
  // Laravel; the mock never produces that case.
  return `validation.${key}`;
}

/** PHP str_replace with array search/replace: each pair applied in turn to the whole subject. */
export function strReplace(subject: string, search: string[], replace: string[]): string {
  let out = subject;
  search.forEach((needle, i) => {
    out = out.split(needle).join(replace[i] ?? '');
  });
  return out;
}

/** replaceAttributePlaceholder: `:attribute`, `:ATTRIBUTE`, `:Attribute`. */
export function replaceAttribute(message: string, name: string): string {
  return strReplace(message, [':attribute', ':ATTRIBUTE', ':Attribute'], [name, mbUpper(name), ucfirst(name)]);
}

/**
 * The rule-specific replacers of ReplacesAttributes that the modelled rules use. `displayable`
 * names another attribute (the required_with family lists its parameters that way).
 */
export function replaceParameters(
  message: string,
  rule: string,
  parameters: string[],
  displayable: (attribute: string) => string,
): string {
  switch (rule) {
    case 'Between':
    case 'DigitsBetween':
      return strReplace(message, [':min', ':max'], parameters);
    case 'Digits':
      return strReplace(message, [':digits'], [parameters[0] ?? '']);
    case 'Min':
      return strReplace(message, [':min'], [parameters[0] ?? '']);
    case 'Max':
      return strReplace(message, [':max'], [parameters[0] ?? '']);
    case 'Size':
      return strReplace(message, [':size'], [parameters[0] ?? '']);
    case 'In':
    case 'NotIn':
      return strReplace(message, [':values'], [parameters.join(', ')]);
    case 'RequiredWith':
    case 'RequiredWithAll':
    case 'RequiredWithout':
    case 'RequiredWithoutAll':
      return strReplace(message, [':values'], [parameters.map(displayable).join(' / ')]);
    case 'Same':
    case 'Different':
      return strReplace(message, [':other'], [displayable(parameters[0] ?? '')]);
    default:
      return message;
  }
}
