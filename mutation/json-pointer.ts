/**
 * JSON pointers (RFC 6901) with two wildcards for the mutation catalogue:
 *   `*`  any one member of an object or element of an array (`/data/* /attributes/id`);
 *   `**` zero or more levels, objects and arrays alike (`/** /created_at`: every created_at).
 * `~0` and `~1` escape `~` and `/` as in RFC 6901.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

/** One place a pointer reaches: the container holding it and its key (the root has neither). */
export interface Place {
  parent: Container | undefined;
  key: string | number | undefined;
  value: Json;
  /** The concrete pointer of this place (no wildcards), for messages. */
  pointer: string;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`a JSON pointer starts with "/" (got ${JSON.stringify(pointer)})`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function isContainer(value: Json | undefined): value is Container {
  return value !== null && typeof value === 'object';
}

function children(value: Container): [string | number, Json][] {
  return Array.isArray(value) ? value.map((v, i): [number, Json] => [i, v]) : Object.entries(value);
}

/** Every existing place the pointer reaches, each once, in document order. */
export function select(doc: Json, pointer: string): Place[] {
  const out: Place[] = [];
  const seen = new Set<string>();
  const walk = (place: Place, rest: string[]): void => {
    if (rest.length === 0) {
      if (!seen.has(place.pointer)) {
        seen.add(place.pointer);
        out.push(place);
      }
      return;
    }
    const [head, ...tail] = rest as [string, ...string[]];
    if (head === '**') {
      walk(place, tail); // zero levels
      if (isContainer(place.value)) {
        for (const [key, value] of children(place.value)) {
          walk({ parent: place.value, key, value, pointer: `${place.pointer}/${escapeSegment(key)}` }, rest);
        }
      }
      return;
    }
    if (!isContainer(place.value)) return;
    if (head === '*') {
      for (const [key, value] of children(place.value)) {
        walk({ parent: place.value, key, value, pointer: `${place.pointer}/${escapeSegment(key)}` }, tail);
      }
      return;
    }
    const container = place.value;
    if (Array.isArray(container)) {
      if (!/^(0|[1-9]\d*)$/.test(head)) return;
      const index = Number(head);
      if (index >= container.length) return;
      walk({ parent: container, key: index, value: container[index] as Json, pointer: `${place.pointer}/${head}` }, tail);
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(container, head)) return;
    walk({ parent: container, key: head, value: container[head] as Json, pointer: `${place.pointer}/${escapeSegment(head)}` }, tail);
  };
  walk({ parent: undefined, key: undefined, value: doc, pointer: '' }, parsePointer(pointer));
  return out;
}

/**
 * The places a `set` writes: the existing ones, plus — when the last segment is a plain name — that
 * member on every object its parent pointer reaches (so `set` can add a property to a closed object).
 */
export function selectForWrite(doc: Json, pointer: string): { parent: Container; key: string | number; pointer: string; exists: boolean }[] {
  const segments = parsePointer(pointer);
  const last = segments[segments.length - 1];
  if (last === undefined) return [];
  if (last === '**') throw new Error(`cannot write through a trailing "**" (${pointer})`);
  if (last === '*') {
    return select(doc, pointer).flatMap((p) => (p.parent === undefined || p.key === undefined ? [] : [{ parent: p.parent, key: p.key, pointer: p.pointer, exists: true }]));
  }
  const parentPointer = segments.slice(0, -1).map(escapeSegment).join('/');
  const out: { parent: Container; key: string | number; pointer: string; exists: boolean }[] = [];
  for (const parent of select(doc, parentPointer === '' ? '' : `/${parentPointer}`)) {
    const value = parent.value;
    if (!isContainer(value)) continue;
    if (Array.isArray(value)) {
      if (!/^(0|[1-9]\d*)$/.test(last) || Number(last) >= value.length) continue;
      out.push({ parent: value, key: Number(last), pointer: `${parent.pointer}/${last}`, exists: true });
    } else {
      out.push({ parent: value, key: last, pointer: `${parent.pointer}/${escapeSegment(last)}`, exists: Object.prototype.hasOwnProperty.call(value, last) });
    }
  }
  return out;
}

/**
 * Whether `value` has everything `pattern` has: objects member by member (extra members allowed),
 * arrays element by element at the same index (extra elements allowed), scalars by equality.
 */
export function partialMatch(value: unknown, pattern: unknown): boolean {
  if (pattern === null || typeof pattern !== 'object') return Object.is(value, pattern) || value === pattern;
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return false;
    if (pattern.length === 0) return value.length === 0;
    return pattern.every((p, i) => i < value.length && partialMatch(value[i], p));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(pattern).every(([k, p]) => Object.prototype.hasOwnProperty.call(record, k) && partialMatch(record[k], p));
}
