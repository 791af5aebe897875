// The upgrade mapping (spec/upgrade-v0.7.19-to-v1.11.yaml) as a checked model: for each v0.7.19
// operation its v1.11.8 counterpart (the same route, a moved one, or gone) and the changes read from
// the panel's source at both tags. Data, not code: this module only loads it, refuses a malformed
// entry with the entry's name, resolves the shared change sets and derives each operation's verdict.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from './package-paths.ts';

export const UPGRADE_MAPPING_PATH = join(PACKAGE_ROOT, 'spec/upgrade-v0.7.19-to-v1.11.yaml');

export const CHANGE_KINDS = ['fields', 'request', 'statuses', 'limits', 'keys', 'permissions'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * What the same request gets on 1.11, most severe first: the route is gone, moved (a new method or
 * path), its fields or types changed (request or response), its statuses or error shapes changed,
 * its limits or key and permission rules changed, or it is the same.
 */
export const VERDICTS = ['gone', 'moved', 'changed-fields', 'changed-statuses', 'changed-limits', 'same'] as const;
export type UpgradeVerdict = (typeof VERDICTS)[number];

/** The verdict a change of each kind gives its operation. */
export const VERDICT_OF_KIND: Record<ChangeKind, UpgradeVerdict> = {
  fields: 'changed-fields',
  request: 'changed-fields',
  statuses: 'changed-statuses',
  limits: 'changed-limits',
  keys: 'changed-limits',
  permissions: 'changed-limits',
};

/** A response field a change is about, checked against what two runs observed. */
export interface FieldChange {
  /** A JSON pointer under the resource (`/attributes/pack`); a body's field matches when its pointer ends with it. */
  pointer: string;
  change: 'added' | 'removed' | 'retyped';
  /** The status whose bodies carry it (default: the success statuses). */
  status?: string;
  before?: string;
  after?: string;
}

export interface MappedChange {
  kind: ChangeKind;
  breaking: boolean;
  summary: string;
  before?: string;
  after?: string;
  field?: FieldChange;
  /** Citations at the two tags: `v0.7.19:<path>#L<a>-L<b>` / `v1.11.8:<path>#L<a>-L<b>`. */
  source: string[];
}

export interface CommonChange extends MappedChange {
  id: string;
  applies: ('application' | 'client')[];
  /** Only operations whose 0.7 spec documents one of these statuses meet it (e.g. 422). */
  statuses?: string[];
  /** A rate-limit change: the X-RateLimit-Limit a 1.x run should observe on this API. */
  rateLimit?: number;
  /** Statuses whose observed differences (error codes, error body fields) this change accounts for, on every operation. */
  explains?: string[];
}

export interface RouteRef {
  method: string;
  path: string;
  route: string;
}

export interface OperationMapping {
  /** The v0.7.19 operationId. */
  operation: string;
  from: RouteRef;
  /** The v1.11 counterpart, or absent when the route is gone. */
  to?: RouteRef & { operation: string };
  gone?: { summary: string; source: string[] };
  /** Its own changes, shared sets resolved, in file order. */
  changes: MappedChange[];
}

export interface UpgradeMapping {
  from: string;
  to: string;
  common: CommonChange[];
  operations: OperationMapping[];
}

export class MappingError extends Error {
  override readonly name = 'MappingError';
  readonly code = 'PTERO_MAPPING';
}

/** A citation of the panel at one of the two tags, with a line range. */
export const CITATION = /^v(?:0\.7\.19|1\.11\.8):[A-Za-z0-9_./-]+\.(?:php|json|yaml|yml)#L\d+-L\d+$/;

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new MappingError(`${where}: expected a non-empty string`);
  return value;
}

function sources(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new MappingError(`${where}.source: expected a list of citations`);
  return value.map((s, i) => {
    const cite = text(s, `${where}.source[${i}]`);
    if (!CITATION.test(cite)) throw new MappingError(`${where}.source[${i}]: "${cite}" is not a citation v0.7.19:<path>#L<a>-L<b> or v1.11.8:<path>#L<a>-L<b>`);
    return cite;
  });
}

function field(value: unknown, where: string): FieldChange | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new MappingError(`${where}.field: expected a mapping`);
  const change = value['change'];
  if (change !== 'added' && change !== 'removed' && change !== 'retyped') throw new MappingError(`${where}.field.change: expected added, removed or retyped`);
  const pointer = text(value['pointer'], `${where}.field.pointer`);
  if (!pointer.startsWith('/')) throw new MappingError(`${where}.field.pointer: a JSON pointer starts with /`);
  const out: FieldChange = { pointer, change };
  for (const key of ['status', 'before', 'after'] as const) if (value[key] !== undefined) out[key] = text(value[key], `${where}.field.${key}`);
  if (change === 'retyped' && out.after === undefined) throw new MappingError(`${where}.field: a retyped field names its type after`);
  return out;
}

function change(value: unknown, where: string): MappedChange {
  if (!isObject(value)) throw new MappingError(`${where}: expected a mapping`);
  const kind = value['kind'];
  if (!CHANGE_KINDS.includes(kind as ChangeKind)) throw new MappingError(`${where}.kind: expected one of ${CHANGE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  if (typeof value['breaking'] !== 'boolean') throw new MappingError(`${where}.breaking: expected true or false`);
  const out: MappedChange = { kind: kind as ChangeKind, breaking: value['breaking'], summary: text(value['summary'], `${where}.summary`), source: sources(value['source'], where) };
  for (const key of ['before', 'after'] as const) if (value[key] !== undefined) out[key] = text(value[key], `${where}.${key}`);
  const f = field(value['field'], where);
  if (f) out.field = f;
  return out;
}

function route(value: unknown, where: string, tag: string): RouteRef {
  if (!isObject(value)) throw new MappingError(`${where}: expected {method, path, route}`);
  const method = text(value['method'], `${where}.method`);
  if (!/^(GET|POST|PUT|PATCH|DELETE)$/.test(method)) throw new MappingError(`${where}.method: "${method}" is not an HTTP method in capitals`);
  const path = text(value['path'], `${where}.path`);
  if (!path.startsWith('/api/')) throw new MappingError(`${where}.path: "${path}" is not under /api/`);
  const cite = text(value['route'], `${where}.route`);
  if (!CITATION.test(cite) || !cite.startsWith(`${tag}:routes/api-`)) throw new MappingError(`${where}.route: "${cite}" is not a line of ${tag}'s routes/api-*.php`);
  return { method, path, route: cite };
}

/** Checks a parsed mapping document and resolves it; throws MappingError naming the first bad entry. */
export function readUpgradeMapping(doc: unknown): UpgradeMapping {
  if (!isObject(doc)) throw new MappingError('the upgrade mapping is not a YAML mapping');
  const from = text(doc['from'], 'from');
  const to = text(doc['to'], 'to');
  const common = (Array.isArray(doc['common']) ? doc['common'] : []).map((c: unknown, i: number): CommonChange => {
    const where = `common[${i}]`;
    const base = change(c, where);
    const raw = c as Raw;
    const applies = raw['applies'];
    if (!Array.isArray(applies) || applies.length === 0 || !applies.every((a) => a === 'application' || a === 'client')) {
      throw new MappingError(`${where}.applies: expected a list of application and/or client`);
    }
    const out: CommonChange = { id: text(raw['id'], `${where}.id`), applies: applies as CommonChange['applies'], ...base };
    if (raw['rateLimit'] !== undefined) {
      if (!Number.isInteger(raw['rateLimit'])) throw new MappingError(`${where}.rateLimit: expected a whole number`);
      out.rateLimit = raw['rateLimit'] as number;
    }
    if (raw['explains'] !== undefined) {
      if (!Array.isArray(raw['explains']) || !raw['explains'].every((s) => typeof s === 'string' && /^[45]\d\d$/.test(s))) throw new MappingError(`${where}.explains: expected a list of error statuses`);
      out.explains = raw['explains'] as string[];
    }
    if (raw['statuses'] !== undefined) {
      if (!Array.isArray(raw['statuses']) || !raw['statuses'].every((s) => typeof s === 'string' && /^\d{3}$/.test(s))) throw new MappingError(`${where}.statuses: expected a list of statuses`);
      out.statuses = raw['statuses'] as string[];
    }
    return out;
  });
  const sets = new Map<string, MappedChange[]>();
  const rawSets = doc['sets'] ?? {};
  if (!isObject(rawSets)) throw new MappingError('sets: expected a mapping of name → changes');
  for (const [name, list] of Object.entries(rawSets)) {
    if (!Array.isArray(list)) throw new MappingError(`sets.${name}: expected a list of changes`);
    sets.set(name, list.map((c, i) => change(c, `sets.${name}[${i}]`)));
  }
  const rawOps = doc['operations'];
  if (!isObject(rawOps)) throw new MappingError('operations: expected a mapping of v0.7 operationId → entry');
  const operations = Object.entries(rawOps).map(([operation, value]): OperationMapping => {
    const where = `operations.${operation}`;
    if (!isObject(value)) throw new MappingError(`${where}: expected a mapping`);
    const entry: OperationMapping = { operation, from: route(value['from'], `${where}.from`, from), changes: [] };
    if (value['to'] !== undefined && value['gone'] !== undefined) throw new MappingError(`${where}: either to or gone, not both`);
    if (value['to'] !== undefined) {
      const target = value['to'] as Raw;
      entry.to = { operation: text(target?.['operation'], `${where}.to.operation`), ...route(target, `${where}.to`, to) };
    } else if (isObject(value['gone'])) {
      entry.gone = { summary: text(value['gone']['summary'], `${where}.gone.summary`), source: sources(value['gone']['source'], `${where}.gone`) };
    } else {
      throw new MappingError(`${where}: names its v1.11 counterpart (to) or why it is gone (gone)`);
    }
    for (const name of (value['sets'] as unknown[] | undefined) ?? []) {
      const set = sets.get(String(name));
      if (!set) throw new MappingError(`${where}.sets: no set named "${String(name)}"`);
      entry.changes.push(...set);
    }
    entry.changes.push(...((value['changes'] as unknown[] | undefined) ?? []).map((c, i) => change(c, `${where}.changes[${i}]`)));
    return entry;
  });
  return { from, to, common, operations };
}

export function loadUpgradeMapping(path: string = UPGRADE_MAPPING_PATH): UpgradeMapping {
  return readUpgradeMapping(parse(readFileSync(path, 'utf8')));
}

/** The GitHub URL of a citation (its tag is the panel's). */
export function citationUrl(cite: string): string {
  const m = /^(v[\d.]+):([^#]+)#L(\d+)-L(\d+)$/.exec(cite);
  if (!m) throw new MappingError(`"${cite}" is not a citation`);
  return `https://github.com/pterodactyl/panel/blob/${m[1]}/${m[2]}#L${m[3]}-L${m[4]}`;
}

/** Which API an /api path belongs to. */
export function apiOf(path: string): 'application' | 'client' {
  return path.startsWith('/api/application') ? 'application' : 'client';
}

/** The common changes a 0.7 operation meets (its API's, and those tied to a status it documents). */
export function commonChangesOf(mapping: UpgradeMapping, op: OperationMapping, documentedStatuses: readonly string[]): CommonChange[] {
  const api = apiOf(op.from.path);
  return mapping.common.filter((c) => c.applies.includes(api) && (c.statuses === undefined || c.statuses.some((s) => documentedStatuses.includes(s))));
}

/** The verdict kinds the mapping's source reading gives an operation (its own changes; common ones are reported once). */
export function sourceVerdicts(op: OperationMapping): UpgradeVerdict[] {
  if (op.gone) return ['gone'];
  const kinds = new Set<UpgradeVerdict>();
  if (op.to && (op.to.method !== op.from.method || op.to.path !== op.from.path)) kinds.add('moved');
  for (const c of op.changes) kinds.add(VERDICT_OF_KIND[c.kind]);
  return kinds.size === 0 ? ['same'] : VERDICTS.filter((v) => kinds.has(v));
}

/** The most severe of several verdicts. */
export function worstVerdict(verdicts: readonly UpgradeVerdict[]): UpgradeVerdict {
  return VERDICTS.find((v) => verdicts.includes(v)) ?? 'same';
}
