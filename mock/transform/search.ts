import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PanelError } from '../errors/panel-error.ts';
import type { PanelStore } from '../store/panel-store.ts';
import type { NodeRow, ServerRow, UserRow } from '../store/rows.ts';

/**
 * The Sofa Eloquence relevance search behind `?search=` on /users, /nodes and /servers
 * (sofa/eloquence-base v5.6.2, the version v0.7.19 locks):
 * - the term is split into words (a double-quoted phrase is one word) and each word gets `*`
 *   wildcards on both ends (inner `*` → `%`, `?` → `_`);
 * - per column: 15×weight when the column equals any word, + 5×weight when it is LIKE `word%`
 *   for any word, + 1×weight when it is LIKE `%word%` for any word (MySQL utf8mb4_unicode_ci:
 *   case- and accent-insensitive, `=` ignores trailing spaces, LIKE keeps `%`/`_`/`\` meaning);
 * - rows scoring at least a quarter of the sum of the weights are kept, best first (ties by id).
 */

export type SearchableTable = 'users' | 'nodes' | 'servers';
interface SearchRow {
  users: UserRow;
  nodes: NodeRow;
  servers: ServerRow;
}

export interface WeightedColumn {
  /** `column` or `relation.column`. */
  mapping: string;
  weight: number;
}

const WEIGHTS_URL = new URL('./search-weights.yaml', import.meta.url);

/** Related rows reachable by a dotted mapping (the relations Eloquence left-joins). */
const RELATIONS: { [T in SearchableTable]: Record<string, (store: PanelStore, row: SearchRow[T]) => object | undefined> } = {
  users: {},
  nodes: {
    location: (store, node) => store.find('locations', node.location_id),
  },
  servers: {
    user: (store, server) => store.find('users', server.owner_id),
    node: (store, server) => store.find('nodes', server.node_id),
    pack: (store, server) => (server.pack_id === null ? undefined : store.find('packs', server.pack_id)),
  },
};

export const SEARCH_WEIGHTS: { readonly [T in SearchableTable]: readonly WeightedColumn[] } = loadWeights();

function loadWeights(): { [T in SearchableTable]: WeightedColumn[] } {
  const doc = parse(readFileSync(WEIGHTS_URL, 'utf8')) as Record<string, Record<string, unknown>>;
  const out = {} as { [T in SearchableTable]: WeightedColumn[] };
  for (const table of ['users', 'nodes', 'servers'] as const) {
    const columns = doc[table];
    if (!columns || typeof columns !== 'object') throw new Error(`search-weights.yaml: no columns for ${table}`);
    out[table] = Object.entries(columns).map(([mapping, weight]) => {
      if (typeof weight !== 'number' || !(weight > 0)) throw new Error(`search-weights.yaml: bad weight for ${table}.${mapping}`);
      const relation = mapping.includes('.') ? mapping.slice(0, mapping.indexOf('.')) : undefined;
      if (relation !== undefined && !(relation in RELATIONS[table])) {
        throw new Error(`search-weights.yaml: ${table} has no relation "${relation}"`);
      }
      return { mapping, weight };
    });
  }
  return out;
}

/**
 * The Searchable repository concern: `setSearchTerm(string $term = null)` coerces scalars (weak
 * typing) and rejects arrays with a TypeError (500); an empty term (`empty()`: null, "" or "0")
 * means no search. Returns the term to search for, or undefined.
 */
export function searchTermOf(raw: unknown, repository: string): string | undefined {
  let term: string | null;
  if (raw === undefined || raw === null) term = null;
  else if (typeof raw === 'string') term = raw;
  else if (typeof raw === 'number') term = String(raw);
  else if (typeof raw === 'boolean') term = raw ? '1' : '';
  else {
    throw new PanelError(
      500,
      'FatalThrowableError',
      `Argument 1 passed to Pterodactyl\\Repositories\\Eloquent\\${repository}::setSearchTerm() must be of the type string or null, array given`,
      { sourceFile: '/app/Repositories/Concerns/Searchable.php' },
    );
  }
  if (term === null || term === '' || term === '0') return undefined;
  return term;
}

/** Rows matching `term`, best first; the rows unchanged when the term holds no word. */
export function relevanceSearch<T extends SearchableTable>(
  store: PanelStore,
  table: T,
  rows: readonly SearchRow[T][],
  term: string,
): SearchRow[T][] {
  const words = searchWords(term);
  const columns = SEARCH_WEIGHTS[table];
  if (words.length === 0 || columns.length === 0) return [...rows];
  const bindings = words.map(caseBinding);
  const threshold = Number((columns.reduce((sum, c) => sum + c.weight, 0) / 4).toFixed(2));
  const scored: { row: SearchRow[T]; score: number }[] = [];
  for (const row of rows) {
    let score = 0;
    for (const column of columns) {
      const value = columnValue(store, table, row, column.mapping);
      if (value === null) continue;
      if (bindings.some((b) => collationEquals(value, b))) score += 15 * column.weight;
      if (bindings.some((b) => likeMatches(value, `${b}%`))) score += 5 * column.weight;
      if (bindings.some((b) => likeMatches(value, `%${b}%`))) score += 1 * column.weight;
    }
    if (score >= threshold) scored.push({ row, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.row as { id: number }).id - (b.row as { id: number }).id);
  return scored.map((s) => s.row);
}

/** Parser::parseQuery with fulltext: split on whitespace, a quoted phrase is one word, add `*` around. */
export function searchWords(term: string): string[] {
  const matches = term.match(/(?<=")[\p{L}\p{N}_ ][^"]+(?=")|(?<=\s|^)[^\s"]+(?=\s|$)/gu) ?? [];
  return matches.map((word) => `*${word}*`.replace(/\*+/g, '*'));
}

/** Builder::caseBinding: wildcards trimmed off the ends, inner `*` → `%`, `?` → `_`. */
export function caseBinding(word: string): string {
  return word.replace(/^\*+|\*+$/g, '').replace(/\*/g, '%').replace(/\?/g, '_');
}

function columnValue<T extends SearchableTable>(store: PanelStore, table: T, row: SearchRow[T], mapping: string): string | null {
  let source: object | undefined = row;
  let column = mapping;
  const dot = mapping.indexOf('.');
  if (dot !== -1) {
    const resolve = RELATIONS[table][mapping.slice(0, dot)];
    source = resolve ? resolve(store, row) : undefined;
    column = mapping.slice(dot + 1);
  }
  if (!source) return null;
  const value = (source as Record<string, unknown>)[column];
  if (value === null || value === undefined) return null;
  return String(value);
}

/** utf8mb4_unicode_ci folding, approximated: accents and case ignored. */
function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** `=` under a PAD SPACE collation: trailing spaces do not count. */
function collationEquals(value: string, word: string): boolean {
  return fold(value).replace(/ +$/, '') === fold(word).replace(/ +$/, '');
}

const likeCache = new Map<string, RegExp>();

/** MySQL LIKE: `%` any run, `_` one character, `\` escapes the next character. */
export function likeMatches(value: string, pattern: string): boolean {
  let regex = likeCache.get(pattern);
  if (!regex) {
    const chars = [...fold(pattern)];
    let source = '';
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i] as string;
      if (c === '\\' && i + 1 < chars.length) source += escapeRegex(chars[++i] as string);
      else if (c === '%') source += '[\\s\\S]*';
      else if (c === '_') source += '[\\s\\S]';
      else source += escapeRegex(c);
    }
    regex = new RegExp(`^${source}$`, 'u');
    if (likeCache.size > 1000) likeCache.clear();
    likeCache.set(pattern, regex);
  }
  return regex.test(fold(value));
}

function escapeRegex(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
