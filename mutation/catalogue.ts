import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { defaultProfileId, profileIds } from '../harness/profiles.ts';
import type { Json } from './json-pointer.ts';
import { type Primitive, primitiveProblems } from './primitives.ts';

export const CATALOGUE_PATH = fileURLToPath(new URL('./catalogue.yaml', import.meta.url));

/** The id that runs the proxy without any deviation (the baseline through the proxy). */
export const PASSTHROUGH = 'passthrough';

/** Which exchanges a deviation applies to; every criterion given must hold. */
export interface MatchSpec {
  /** operationId(s) the request resolves to (HEAD resolves like GET). */
  operation?: string | string[];
  /** false: only requests that resolve to no operation (unknown paths, other methods); true: only routed ones. */
  routed?: boolean;
  api?: 'application' | 'client';
  method?: string | string[];
  /** Glob over the request path: `*` one segment, `**` any number of segments. */
  path?: string | string[];
  /** Response status(es): a number, or a class such as "2xx". */
  status?: number | string | (number | string)[];
  /** The response body must partially match this (json-pointer.ts partialMatch). */
  body?: Json;
}

/** Changes to the request before it reaches the panel (the panel then "ignores" them). */
export interface RequestMutation {
  /** Query parameters to drop, PHP array forms included (`filter` drops filter and filter[...]). */
  dropQuery?: string[];
}

export interface Deviation {
  id: string;
  /** The panel profile (harness/profiles.yaml) whose twin the deviation applies to; the default profile when the entry names none. */
  profile: string;
  family: string;
  description: string;
  /** Words a precise failure names (a JSON pointer, a header, a value); one suffices. */
  names: string[];
  /** Suite files most likely to catch it; used only with --focused. */
  suites?: string[];
  match: MatchSpec;
  request?: RequestMutation;
  mutate: Primitive[];
}

export interface Catalogue {
  deviations: Deviation[];
  get(id: string): Deviation;
  families(): string[];
  /** The profiles its entries name, default first, then in the order they first appear. */
  profiles(): string[];
}

const FAMILIES = ['field', 'format', 'error', 'validation', 'auth', 'rate-limit', 'pagination', 'include', 'query', 'envelope', 'routing'] as const;

export function loadCatalogue(path: string = CATALOGUE_PATH): Catalogue {
  const data = parse(readFileSync(path, 'utf8')) as { deviations?: unknown } | null;
  return catalogueFrom(data?.deviations, path);
}

export function catalogueFrom(raw: unknown, where = 'catalogue'): Catalogue {
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${where}: "deviations" must be a non-empty list`);
  const problems: string[] = [];
  const ids = new Set<string>();
  const deviations: Deviation[] = [];
  raw.forEach((entry, i) => {
    const label = `${where}: deviations[${i}]${entry && typeof entry === 'object' && 'id' in entry ? ` (${String((entry as { id: unknown }).id)})` : ''}`;
    const found = deviationProblems(entry);
    if (found.length > 0) {
      problems.push(...found.map((p) => `${label}: ${p}`));
      return;
    }
    const deviation = { ...(entry as Omit<Deviation, 'profile'>), profile: (entry as { profile?: string }).profile ?? defaultProfileId() } as Deviation;
    if (ids.has(deviation.id)) problems.push(`${label}: duplicate id`);
    ids.add(deviation.id);
    deviations.push(deviation);
  });
  if (problems.length > 0) throw new Error(`invalid mutation catalogue:\n  ${problems.join('\n  ')}`);
  const byId = new Map(deviations.map((d) => [d.id, d]));
  return {
    deviations,
    get(id) {
      const found = byId.get(id);
      if (!found) throw new Error(`unknown deviation "${id}" (the catalogue has: ${[...byId.keys()].join(', ')})`);
      return found;
    },
    families() {
      return [...new Set(deviations.map((d) => d.family))];
    },
    profiles() {
      return profilesOf(deviations);
    },
  };
}

function deviationProblems(entry: unknown): string[] {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return ['an entry is an object'];
  const d = entry as Record<string, unknown>;
  const problems: string[] = [];
  const known = ['id', 'profile', 'family', 'description', 'names', 'suites', 'match', 'request', 'mutate'];
  for (const key of Object.keys(d)) if (!known.includes(key)) problems.push(`unknown field "${key}"`);
  if (typeof d['id'] !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(d['id'])) problems.push('id: lower-case words joined by "-"');
  if (d['id'] === PASSTHROUGH) problems.push(`id "${PASSTHROUGH}" is reserved`);
  if (d['profile'] !== undefined && (typeof d['profile'] !== 'string' || !profileIds().includes(d['profile']))) problems.push(`profile: one of ${profileIds().join(', ')} (default ${defaultProfileId()})`);
  if (typeof d['family'] !== 'string' || !(FAMILIES as readonly string[]).includes(d['family'])) problems.push(`family: one of ${FAMILIES.join(', ')}`);
  if (typeof d['description'] !== 'string' || d['description'].length < 10) problems.push('description: say what the panel does wrong');
  if (!Array.isArray(d['names']) || d['names'].length === 0 || !d['names'].every((n) => typeof n === 'string' && n.length > 0)) problems.push('names: a non-empty list of words a precise failure contains');
  if (d['suites'] !== undefined && (!Array.isArray(d['suites']) || !d['suites'].every((s) => typeof s === 'string' && s.startsWith('suites/')))) problems.push('suites: a list of paths under suites/');
  problems.push(...matchProblems(d['match']));
  if (d['request'] !== undefined) {
    const r = d['request'] as Record<string, unknown>;
    if (r === null || typeof r !== 'object' || Object.keys(r).some((k) => k !== 'dropQuery') || !Array.isArray(r['dropQuery'])) problems.push('request: {dropQuery: [names]}');
  }
  const mutate = d['mutate'];
  const hasRequest = d['request'] !== undefined;
  if (!Array.isArray(mutate) || (mutate.length === 0 && !hasRequest)) problems.push('mutate: a list of primitives (may be empty only with request)');
  else mutate.forEach((p, i) => problems.push(...primitiveProblems(p).map((m) => `mutate[${i}]: ${m}`)));
  return problems;
}

function matchProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['match: an object (operation, routed, api, method, path, status, body)'];
  const m = value as Record<string, unknown>;
  const problems: string[] = [];
  const known = ['operation', 'routed', 'api', 'method', 'path', 'status', 'body'];
  for (const key of Object.keys(m)) if (!known.includes(key)) problems.push(`match: unknown criterion "${key}"`);
  if (Object.keys(m).length === 0) problems.push('match: name at least one criterion (a deviation that applies everywhere says nothing)');
  if (m['api'] !== undefined && m['api'] !== 'application' && m['api'] !== 'client') problems.push('match.api: application or client');
  if (m['routed'] !== undefined && typeof m['routed'] !== 'boolean') problems.push('match.routed: true or false');
  for (const s of list(m['status'])) {
    if (!(typeof s === 'number' && s >= 100 && s <= 599) && !(typeof s === 'string' && /^[1-5]xx$/.test(s))) problems.push(`match.status: ${JSON.stringify(s)} is neither a status nor a class like "4xx"`);
  }
  for (const p of list(m['path'])) if (typeof p !== 'string' || !p.startsWith('/')) problems.push('match.path: globs starting with "/"');
  return problems;
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The profiles of `deviations`, the default first (when any entry is of it), then in order of first appearance. */
export function profilesOf(deviations: readonly Deviation[]): string[] {
  const seen = [...new Set(deviations.map((d) => d.profile))];
  const fallback = defaultProfileId();
  return seen.includes(fallback) ? [fallback, ...seen.filter((p) => p !== fallback)] : seen;
}

/** The request-side facts a deviation is matched on. */
export interface RequestFacts {
  method: string;
  path: string;
  api: 'application' | 'client' | undefined;
  operationId: string | undefined;
}

/** Whether the request side of `match` holds (everything but status and body). */
export function requestMatches(match: MatchSpec, request: RequestFacts): boolean {
  const operations = list(match.operation);
  if (operations.length > 0 && (request.operationId === undefined || !operations.includes(request.operationId))) return false;
  if (match.routed !== undefined && match.routed !== (request.operationId !== undefined)) return false;
  if (match.api !== undefined && match.api !== request.api) return false;
  const methods = list(match.method).map((m) => m.toUpperCase());
  if (methods.length > 0 && !methods.includes(request.method.toUpperCase())) return false;
  const paths = list(match.path);
  if (paths.length > 0 && !paths.some((p) => globToRegExp(p).test(request.path))) return false;
  return true;
}

/** Whether a status is one `match.status` names (true when it names none). */
export function statusMatches(match: MatchSpec, status: number): boolean {
  const wanted = list(match.status);
  if (wanted.length === 0) return true;
  return wanted.some((s) => (typeof s === 'number' ? s === status : String(status)[0] === s[0]));
}

export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else out += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * A deterministic, profile- and family-diverse subset for CI: first the first entry of each profile
 * other than the default (each such profile's twin is then checked at all), then round-robin over
 * the families (in the order they first appear in the catalogue), each round giving every family
 * one more entry than the last round (an entry already picked for its profile counts for its
 * family), taking each family's entries in catalogue order, until n are picked.
 */
export function pickSubset(deviations: readonly Deviation[], n: number): Deviation[] {
  const picked: Deviation[] = [];
  const fallback = defaultProfileId();
  for (const profile of profilesOf(deviations)) {
    const first = deviations.find((d) => d.profile === profile);
    if (profile !== fallback && first && picked.length < n) picked.push(first);
  }
  const byFamily = new Map<string, Deviation[]>();
  for (const d of deviations) {
    if (picked.includes(d)) continue;
    const group = byFamily.get(d.family);
    if (group) group.push(d);
    else byFamily.set(d.family, [d]);
  }
  const families = [...new Set(deviations.map((d) => d.family))];
  const count = (family: string) => picked.filter((d) => d.family === family).length;
  for (let round = 1; picked.length < n && families.some((f) => (byFamily.get(f)?.length ?? 0) > 0); round++) {
    for (const family of families) {
      if (picked.length >= n || count(family) >= round) continue;
      const next = byFamily.get(family)?.shift();
      if (next) picked.push(next);
    }
  }
  // Catalogue order, so a subset reads like the catalogue.
  const order = new Map(deviations.map((d, i) => [d.id, i]));
  return picked.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
