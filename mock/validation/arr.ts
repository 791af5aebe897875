/**
 * Laravel 5.7's array helpers as the validator uses them (Illuminate\Support\Arr, ValidationData):
 * dot-path get/has/set, flattening to dot keys, and the validator's own data normalisation.
 */
import { isPhpArray, phpCount, phpEntries, phpKeyExists, phpKeyGet, type PhpArray } from './php.ts';

/** Marks "no value at that path" (Laravel passes a sentinel default for the same purpose). */
export const MISSING: unique symbol = Symbol('missing');

/** Arr::get($array, $key, MISSING): the whole key first, then segment by segment. */
export function arrGet(data: unknown, key: string): unknown {
  if (!isPhpArray(data)) return MISSING;
  if (phpKeyExists(data, key)) return phpKeyGet(data, key);
  if (!key.includes('.')) return MISSING;
  let current: unknown = data;
  for (const segment of key.split('.')) {
    if (isPhpArray(current) && phpKeyExists(current, segment)) current = phpKeyGet(current, segment);
    else return MISSING;
  }
  return current;
}

/** Arr::get with a null default (Validator::getValue). */
export function valueAt(data: unknown, key: string): unknown {
  const value = arrGet(data, key);
  return value === MISSING ? null : value;
}

/** Arr::has($array, $key): an empty array holds nothing. */
export function arrHas(data: unknown, key: string): boolean {
  if (!isPhpArray(data) || phpCount(data) === 0) return false;
  return arrGet(data, key) !== MISSING;
}

/** Arr::dot: nested non-empty arrays flattened to `a.b.c` keys, in order (later keys overwrite in place). */
export function arrDot(data: PhpArray, prepend = '', into: Map<string, unknown> = new Map()): Map<string, unknown> {
  for (const [key, value] of phpEntries(data)) {
    if (isPhpArray(value) && phpCount(value) > 0) arrDot(value, `${prepend}${key}.`, into);
    else into.set(`${prepend}${key}`, value);
  }
  return into;
}

/** Sets an own property, even one named `__proto__` (decoded JSON may carry that key). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Arr::set on a fresh nested object (only used to rebuild one path, so objects suffice). */
export function arrSet(target: Record<string, unknown>, key: string, value: unknown): void {
  const segments = key.split('.');
  let current: Record<string, unknown> = target;
  while (segments.length > 1) {
    const segment = segments.shift() as string;
    const next = current[segment];
    const own = Object.prototype.hasOwnProperty.call(current, segment) ? next : undefined;
    if (own === null || typeof own !== 'object' || Array.isArray(own)) setOwn(current, segment, {});
    current = current[segment] as Record<string, unknown>;
  }
  setOwn(current, segments[0] as string, value);
}

/**
 * Validator::parseData: keys containing a dot are renamed with `->` so they cannot be mistaken for
 * paths (recursively). Lists stay lists.
 */
export function parseData(data: unknown): unknown {
  if (Array.isArray(data)) return data.map((value) => parseData(value));
  if (!isPhpArray(data)) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) setOwn(out, key.includes('.') ? key.split('.').join('->') : key, parseData(value));
  return out;
}

/**
 * ValidationData::initializeAndGatherData for one rule key: the data under the key's leading
 * explicit path, flattened to dot keys, plus the value of every path matching the wildcard prefix.
 */
export function gatherData(attribute: string, master: unknown): Map<string, unknown> {
  const explicitPath = attribute.split('*')[0]?.replace(/\.+$/, '') ?? '';
  const initial: Record<string, unknown> = {};
  if (explicitPath !== '') {
    const value = arrGet(master, explicitPath);
    if (value !== MISSING) arrSet(initial, explicitPath, value);
  }
  // A wildcard in the middle (`a.*.b`) also sets the full path to null in the copy; the panel has none.
  const dotted = arrDot(initial);
  if (!attribute.includes('*')) return dotted;
  const prefix = new RegExp(`^${escapeRegExp(attribute).split('\\*').join('[^.]+')}`);
  const keys: string[] = [];
  for (const key of dotted.keys()) {
    const match = prefix.exec(key);
    if (match && !keys.includes(match[0])) keys.push(match[0]);
  }
  for (const key of keys) dotted.set(key, valueAt(master, key));
  return dotted;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
