/** A PHP-decoded input value: strings, nested arrays (as arrays or string-keyed objects). */
export type InputValue = string | InputValue[] | { [key: string]: InputValue };

/** PHP's max_input_nesting_level default. */
export const MAX_INPUT_NESTING_LEVEL = 64;

/**
 * Parses a query string (or form body) the way PHP fills $_GET: `a[]=1&a[]=2` is a list,
 * `filter[email]=x` a map, and a repeated plain key keeps its last value.
 */
export function parsePhpQuery(query: string): Record<string, InputValue> {
  const out: Record<string, InputValue> = {};
  if (!query) return out;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    const bracket = rawKey.indexOf('[');
    if (bracket <= 0 || !rawKey.endsWith(']')) {
      out[rawKey] = value;
      continue;
    }
    const base = rawKey.slice(0, bracket);
    const path = rawKey.slice(bracket + 1, -1).split('][');
    // max_input_nesting_level (64 by default): one bracket pair more and PHP drops the whole
    // top-level variable, values already registered under it included (php-src
    // main/php_variables.c php_register_variable_ex, "too many levels of nesting").
    if (path.length > MAX_INPUT_NESTING_LEVEL) {
      delete out[base];
      continue;
    }
    assignPath(out, base, path, value);
  }
  return out;
}

function assignPath(target: Record<string, InputValue>, base: string, path: string[], value: string): void {
  let container: Record<string, InputValue> | InputValue[] = target;
  let key: string = base;
  for (const segment of path) {
    const existing: InputValue | undefined = Array.isArray(container) ? container[Number(key)] : container[key];
    let next: Record<string, InputValue> | InputValue[];
    if (existing !== undefined && typeof existing === 'object') next = existing;
    else {
      next = segment === '' ? [] : {};
      setIn(container, key, next);
    }
    container = next;
    key = segment === '' ? String(Array.isArray(next) ? next.length : Object.keys(next).length) : segment;
  }
  setIn(container, key, value);
}

function setIn(container: Record<string, InputValue> | InputValue[], key: string, value: InputValue): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else container[key] = value;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
