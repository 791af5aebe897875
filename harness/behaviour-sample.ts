// What the behaviour document keeps of a response body: a trimmed, redacted example to read, and
// the body's shape as JSON pointer → type, to compare two runs by types and presence, never by
// values (ids, timestamps and random values differ between runs; the shape does not).

/** The type names of the field map: JSON types, `integer` for whole numbers; a body that is not JSON is `text`, no body `empty`. */
export type FieldType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object' | 'text' | 'empty';

// Pointer → the types seen there. Array items are the token `*` (/data/*/attributes/id); the body itself is "".
export type FieldTypes = Map<string, Set<FieldType>>;

const TYPE_ORDER: readonly FieldType[] = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'text', 'empty', 'null'];

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function typeOf(value: unknown): FieldType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** The shape of a parsed body (`undefined` json: `text` for a non-JSON body, `empty` for none). */
export function fieldTypesOf(json: unknown, rawBody: string): FieldTypes {
  const out: FieldTypes = new Map();
  if (json === undefined) {
    out.set('', new Set([rawBody === '' ? 'empty' : 'text']));
    return out;
  }
  walk(json, '', out, 0);
  return out;
}

const MAX_DEPTH = 24;

function walk(value: unknown, pointer: string, out: FieldTypes, depth: number): void {
  add(out, pointer, typeOf(value));
  if (depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, `${pointer}/*`, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) walk(child, `${pointer}/${pointerToken(key)}`, out, depth + 1);
  }
}

function add(out: FieldTypes, pointer: string, type: FieldType): void {
  const set = out.get(pointer) ?? new Set<FieldType>();
  set.add(type);
  out.set(pointer, set);
}

/** Adds `more` into `into`; returns the pointer → types that were new to `into`. */
export function mergeFieldTypes(into: FieldTypes, more: FieldTypes): FieldTypes {
  const added: FieldTypes = new Map();
  for (const [pointer, types] of more) {
    for (const type of types) {
      if (into.get(pointer)?.has(type)) continue;
      add(into, pointer, type);
      add(added, pointer, type);
    }
  }
  return added;
}

/**
 * One type string per pointer: the types in a fixed order joined by `|` (`string|null`). A field
 * seen both as a whole and as a fractional number is a `number` (integer is the narrower reading of
 * the same JSON type, so a value that happens to be whole is no change of type).
 */
export function typeString(types: Iterable<FieldType>): string {
  const set = new Set(types);
  if (set.has('number')) set.delete('integer');
  return TYPE_ORDER.filter((t) => set.has(t)).join('|');
}

/** The field map as a sorted plain record, for the document. */
export function fieldRecord(types: FieldTypes): Record<string, string> {
  return Object.fromEntries([...types.keys()].sort(comparePointers).map((p) => [p, typeString(types.get(p) ?? [])]));
}

/** Parses `string|null` back into types. */
export function parseTypeString(text: string): FieldType[] {
  return text.split('|').filter((t): t is FieldType => (TYPE_ORDER as readonly string[]).includes(t));
}

/** Document order: a parent before its children, siblings alphabetically. */
export function comparePointers(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] !== bs[i]) return (as[i] as string) < (bs[i] as string) ? -1 : 1;
  }
  return as.length - bs.length;
}

// --- The example body ---------------------------------------------------------------------------

export interface TrimOptions {
  /** Array items kept (the rest become one "… N more items" marker). */
  items: number;
  /** String length kept. */
  chars: number;
  /** Nesting kept below the body. */
  depth: number;
}

export const DEFAULT_TRIM: TrimOptions = { items: 2, chars: 160, depth: 8 };

/** A JSON value cut down to read: the first items of long arrays, the start of long strings. */
export function trimJson(value: unknown, options: TrimOptions = DEFAULT_TRIM, depth = 0): unknown {
  if (typeof value === 'string') return value.length > options.chars ? `${value.slice(0, options.chars)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) {
    if (depth >= options.depth) return `[… ${value.length} items]`;
    const kept = value.slice(0, options.items).map((v) => trimJson(v, options, depth + 1));
    return value.length > options.items ? [...kept, `… ${value.length - options.items} more items`] : kept;
  }
  if (value !== null && typeof value === 'object') {
    if (depth >= options.depth) return '{…}';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimJson(v, options, depth + 1)]));
  }
  return value;
}

/** A non-JSON body cut down to read. */
export function trimText(text: string, chars = 400): string {
  return text.length > chars ? `${text.slice(0, chars)}… (${text.length} characters)` : text;
}

// --- Headers ------------------------------------------------------------------------------------

/**
 * Headers that say nothing about the API: connection management and framing, which depend on the
 * HTTP client, the proxy in front of the panel and the body's size, and the clock. Left out of the
 * document so two runs compare on what a client can depend on.
 */
export const IGNORED_HEADERS: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

/** The response header names worth recording, lower-cased and sorted. */
export function recordedHeaderNames(headers: Record<string, string>): string[] {
  return Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => !IGNORED_HEADERS.has(h))
    .sort();
}

/** The distinct `code` members of a JSON:API-style `errors` array. */
export function errorCodesOf(json: unknown): string[] | undefined {
  const errors = (json as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const codes = errors.map((e) => (e !== null && typeof e === 'object' ? (e as { code?: unknown }).code : undefined)).filter((c): c is string => typeof c === 'string');
  return [...new Set(codes)];
}
