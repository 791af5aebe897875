import { STATUS_CODES } from 'node:http';
import { type Json, partialMatch, select, selectForWrite } from './json-pointer.ts';

/**
 * The mutation primitives: each is data in mutation/catalogue.yaml (`{op: …}`) and a small function
 * here that changes one response. Pointer primitives accept the wildcards of json-pointer.ts and an
 * optional `if` (the current value must partially match it); a pointer that reaches nothing changes
 * nothing. Header names are case-insensitive.
 */
export type Primitive =
  | { op: 'set'; pointer: string; value: Json; if?: Json }
  | { op: 'delete'; pointer: string; if?: Json }
  | { op: 'rename'; pointer: string; to: string; if?: Json }
  | { op: 'retype'; pointer: string; to: RetypeTarget; if?: Json }
  | { op: 'replace'; pointer: string; pattern: string; with: string; if?: Json }
  | { op: 'increment'; pointer: string; by: number; if?: Json }
  | { op: 'setHeader'; name: string; value: string }
  | { op: 'deleteHeader'; name: string }
  | { op: 'holdHeader'; name: string; per?: 'api' | 'operation' | 'all' }
  | { op: 'status'; to: number }
  | { op: 'replaceBody'; json?: Json; text?: string; contentType?: string };

export type RetypeTarget = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export const PRIMITIVE_OPS = ['set', 'delete', 'rename', 'retype', 'replace', 'increment', 'setHeader', 'deleteHeader', 'holdHeader', 'status', 'replaceBody'] as const;
const RETYPE_TARGETS: readonly RetypeTarget[] = ['string', 'number', 'boolean', 'null', 'object', 'array'];

/** A response being mutated: headers as an ordered list (original case kept), the body parsed when JSON. */
export class MutableResponse {
  status: number;
  statusMessage: string;
  headers: [string, string][];
  private raw: Buffer;
  private parsed: { json: Json } | undefined | null = null; // null: not parsed yet; undefined: not JSON
  private bodyChanged = false;

  constructor(status: number, statusMessage: string, headers: [string, string][], body: Buffer) {
    this.status = status;
    this.statusMessage = statusMessage;
    this.headers = headers.map(([k, v]) => [k, v]);
    this.raw = body;
  }

  header(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
  }

  setHeader(name: string, value: string): void {
    const lower = name.toLowerCase();
    const index = this.headers.findIndex(([k]) => k.toLowerCase() === lower);
    if (index === -1) this.headers.push([name, value]);
    else {
      const original = this.headers[index] as [string, string];
      this.headers[index] = [original[0], value];
      this.headers = this.headers.filter(([k], i) => i <= index || k.toLowerCase() !== lower);
    }
  }

  deleteHeader(name: string): boolean {
    const lower = name.toLowerCase();
    const before = this.headers.length;
    this.headers = this.headers.filter(([k]) => k.toLowerCase() !== lower);
    return this.headers.length !== before;
  }

  /** The parsed body, or undefined when it is empty or not JSON. */
  get json(): { json: Json } | undefined {
    if (this.parsed === null) {
      try {
        this.parsed = this.raw.length === 0 ? undefined : { json: JSON.parse(this.raw.toString('utf8')) as Json };
      } catch {
        this.parsed = undefined;
      }
    }
    return this.parsed;
  }

  setJson(json: Json): void {
    this.parsed = { json };
    this.bodyChanged = true;
  }

  /** Marks the parsed body as changed in place. */
  touchJson(): void {
    this.bodyChanged = true;
  }

  setRaw(body: Buffer): void {
    this.raw = body;
    this.parsed = null;
    this.bodyChanged = false;
  }

  get changedBody(): boolean {
    return this.bodyChanged;
  }

  get rawBody(): Buffer {
    return this.raw;
  }
}

/** What a primitive may need to know besides the response: state across responses, the request's API and operation. */
export interface MutationContext {
  state: Map<string, string>;
  api: string;
  operationId: string | undefined;
}

/** Applies one primitive; true when the response changed. */
export function applyPrimitive(primitive: Primitive, response: MutableResponse, context: MutationContext): boolean {
  switch (primitive.op) {
    case 'set':
      return writeEach(response, primitive.pointer, primitive.if, (current, exists) => (exists && sameJson(current, primitive.value) ? NO_CHANGE : clone(primitive.value)), true);
    case 'delete':
      return deleteEach(response, primitive.pointer, primitive.if);
    case 'rename':
      return renameEach(response, primitive.pointer, primitive.to, primitive.if);
    case 'retype':
      return writeEach(response, primitive.pointer, primitive.if, (current) => retype(current, primitive.to));
    case 'replace': {
      const pattern = new RegExp(primitive.pattern);
      return writeEach(response, primitive.pointer, primitive.if, (current) => {
        if (typeof current !== 'string') return NO_CHANGE;
        const next = current.replace(pattern, primitive.with);
        return next === current ? NO_CHANGE : next;
      });
    }
    case 'increment':
      return writeEach(response, primitive.pointer, primitive.if, (current) => (typeof current === 'number' ? current + primitive.by : NO_CHANGE));
    case 'setHeader': {
      if (response.header(primitive.name) === primitive.value) return false;
      response.setHeader(primitive.name, primitive.value);
      return true;
    }
    case 'deleteHeader':
      return response.deleteHeader(primitive.name);
    case 'holdHeader': {
      // The first value seen (per API, operation or overall) is repeated on every later response.
      const current = response.header(primitive.name);
      if (current === undefined) return false;
      const per = primitive.per ?? 'api';
      const key = `hold:${primitive.name.toLowerCase()}:${per === 'api' ? context.api : per === 'operation' ? (context.operationId ?? '-') : '*'}`;
      const held = context.state.get(key);
      if (held === undefined) {
        context.state.set(key, current);
        return false;
      }
      if (held === current) return false;
      response.setHeader(primitive.name, held);
      return true;
    }
    case 'status': {
      if (response.status === primitive.to) return false;
      response.status = primitive.to;
      response.statusMessage = STATUS_CODES[primitive.to] ?? '';
      return true;
    }
    case 'replaceBody': {
      if (primitive.json !== undefined) response.setJson(clone(primitive.json));
      else response.setRaw(Buffer.from(primitive.text ?? '', 'utf8'));
      if (primitive.contentType !== undefined) response.setHeader('Content-Type', primitive.contentType);
      return true;
    }
  }
}

const NO_CHANGE = Symbol('no change');

function conditionHolds(value: Json | undefined, condition: Json | undefined): boolean {
  return condition === undefined || (value !== undefined && partialMatch(value, condition));
}

function writeEach(
  response: MutableResponse,
  pointer: string,
  condition: Json | undefined,
  next: (current: Json | undefined, exists: boolean) => Json | typeof NO_CHANGE,
  create = false,
): boolean {
  const body = response.json;
  if (!body) return false;
  if (pointer === '') {
    if (!conditionHolds(body.json, condition)) return false;
    const value = next(body.json, true);
    if (value === NO_CHANGE) return false;
    response.setJson(value);
    return true;
  }
  let changed = false;
  for (const place of selectForWrite(body.json, pointer)) {
    if (!place.exists && !create) continue;
    const current = place.exists ? ((place.parent as Record<string | number, Json>)[place.key] as Json) : undefined;
    if (!conditionHolds(current, condition)) continue;
    const value = next(current, place.exists);
    if (value === NO_CHANGE) continue;
    (place.parent as Record<string | number, Json>)[place.key] = value;
    changed = true;
  }
  if (changed) response.touchJson();
  return changed;
}

function deleteEach(response: MutableResponse, pointer: string, condition: Json | undefined): boolean {
  const body = response.json;
  if (!body || pointer === '') return false;
  // Array elements are removed from the highest index down, so earlier indexes stay valid.
  const places = select(body.json, pointer)
    .filter((p) => p.parent !== undefined && conditionHolds(p.value, condition))
    .reverse();
  for (const place of places) {
    if (Array.isArray(place.parent)) place.parent.splice(place.key as number, 1);
    else delete (place.parent as Record<string, Json>)[place.key as string];
  }
  if (places.length > 0) response.touchJson();
  return places.length > 0;
}

function renameEach(response: MutableResponse, pointer: string, to: string, condition: Json | undefined): boolean {
  const body = response.json;
  if (!body) return false;
  let changed = false;
  for (const place of select(body.json, pointer)) {
    const parent = place.parent;
    if (!parent || Array.isArray(parent) || typeof place.key !== 'string' || place.key === to) continue;
    if (!conditionHolds(place.value, condition)) continue;
    // Rebuild the object so the renamed member keeps its position.
    const entries = Object.entries(parent).map(([k, v]): [string, Json] => [k === place.key ? to : k, v]);
    for (const key of Object.keys(parent)) delete parent[key];
    for (const [k, v] of entries) parent[k] = v;
    changed = true;
  }
  if (changed) response.touchJson();
  return changed;
}

function retype(value: Json | undefined, to: RetypeTarget): Json | typeof NO_CHANGE {
  if (value === undefined) return NO_CHANGE;
  let next: Json;
  switch (to) {
    case 'string':
      next = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      break;
    case 'number':
      next = typeof value === 'boolean' ? (value ? 1 : 0) : value === null ? 0 : Number(value);
      if (typeof next === 'number' && Number.isNaN(next)) return NO_CHANGE;
      break;
    case 'boolean':
      next = Array.isArray(value) ? value.length > 0 : value !== null && typeof value === 'object' ? Object.keys(value).length > 0 : Boolean(value);
      break;
    case 'null':
      next = null;
      break;
    case 'object':
      if (Array.isArray(value)) next = Object.fromEntries(value.map((v, i) => [String(i), v]));
      else if (value !== null && typeof value === 'object') return NO_CHANGE;
      else next = { value };
      break;
    case 'array':
      if (Array.isArray(value)) return NO_CHANGE;
      next = value !== null && typeof value === 'object' ? Object.values(value) : [value];
      break;
  }
  return sameJson(next, value) && typeof next === typeof value ? NO_CHANGE : next;
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b) && Array.isArray(a) === Array.isArray(b);
}

function clone(value: Json): Json {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as Json);
}

/** Checks one primitive's data (from the catalogue); returns the problems found. */
export function primitiveProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['a primitive is an object with an "op"'];
  const p = value as Record<string, unknown>;
  const op = p['op'];
  if (typeof op !== 'string' || !(PRIMITIVE_OPS as readonly string[]).includes(op)) return [`unknown op ${JSON.stringify(op)} (known: ${PRIMITIVE_OPS.join(', ')})`];
  const problems: string[] = [];
  const need = (field: string, type: string) => {
    if (typeof p[field] !== type) problems.push(`${op} needs "${field}" (${type})`);
  };
  const allowed: Record<string, string[]> = {
    set: ['pointer', 'value', 'if'],
    delete: ['pointer', 'if'],
    rename: ['pointer', 'to', 'if'],
    retype: ['pointer', 'to', 'if'],
    replace: ['pointer', 'pattern', 'with', 'if'],
    increment: ['pointer', 'by', 'if'],
    setHeader: ['name', 'value'],
    deleteHeader: ['name'],
    holdHeader: ['name', 'per'],
    status: ['to'],
    replaceBody: ['json', 'text', 'contentType'],
  };
  for (const key of Object.keys(p)) if (key !== 'op' && !allowed[op]?.includes(key)) problems.push(`${op} takes no "${key}"`);
  if (['set', 'delete', 'rename', 'retype', 'replace', 'increment'].includes(op)) {
    need('pointer', 'string');
    if (typeof p['pointer'] === 'string' && p['pointer'] !== '' && !p['pointer'].startsWith('/')) problems.push(`${op}: pointer must start with "/"`);
  }
  if (op === 'set' && !('value' in p)) problems.push('set needs "value"');
  if (op === 'rename') need('to', 'string');
  if (op === 'retype' && !RETYPE_TARGETS.includes(p['to'] as RetypeTarget)) problems.push(`retype "to" is one of ${RETYPE_TARGETS.join(', ')}`);
  if (op === 'replace') {
    need('pattern', 'string');
    need('with', 'string');
    try {
      new RegExp(String(p['pattern']));
    } catch (error) {
      problems.push(`replace: bad pattern (${(error as Error).message})`);
    }
  }
  if (op === 'increment') need('by', 'number');
  if (op === 'setHeader') {
    need('name', 'string');
    need('value', 'string');
  }
  if (op === 'deleteHeader' || op === 'holdHeader') need('name', 'string');
  if (op === 'holdHeader' && p['per'] !== undefined && !['api', 'operation', 'all'].includes(String(p['per']))) problems.push('holdHeader "per" is api, operation or all');
  if (op === 'status' && (typeof p['to'] !== 'number' || p['to'] < 100 || p['to'] > 599)) problems.push('status needs "to" (100-599)');
  if (op === 'replaceBody' && p['json'] === undefined && typeof p['text'] !== 'string') problems.push('replaceBody needs "json" or "text"');
  return problems;
}
