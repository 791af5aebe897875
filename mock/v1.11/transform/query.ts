import { PanelErrorV111 } from '../errors/panel-error.ts';

/**
 * spatie/laravel-query-builder 5.1.2 as the application controllers use it: `filter[name]=value`
 * (partial: LOWER(column) LIKE %value%; exact: =; a comma list is OR / IN; "true"/"false" are booleans;
 * an empty value is no filter) and `sort=a,-b`, read from the query string; a name not allowed is a 400
 * (InvalidFilterQuery / InvalidSortQuery).
 */
export type FilterKind = 'partial' | 'exact' | ((rows: Record<string, unknown>[], value: unknown) => Record<string, unknown>[]);

export interface QuerySpec {
  filters: Record<string, FilterKind>;
  sorts: string[];
}

const SOURCE = '/vendor/spatie/laravel-query-builder/src/Exceptions/InvalidFilterQuery.php';

export function applyQuery<Row>(rows: Row[], query: Record<string, unknown>, spec: QuerySpec): Row[] {
  const filters = filterValues(query['filter']);
  const allowedFilters = Object.keys(spec.filters);
  const unknown = Object.keys(filters).filter((name) => !allowedFilters.includes(name));
  if (unknown.length > 0) {
    throw new PanelErrorV111('http', 400, 'InvalidFilterQuery', `Requested filter(s) \`${unknown.join(', ')}\` are not allowed. Allowed filter(s) are \`${allowedFilters.join(', ')}\`.`, {}, SOURCE);
  }
  const sorts = sortNames(query['sort']);
  // ensureAllSortsExist names them without their `-` (query-builder-5.1.2:src/Concerns/SortsQuery.php#L100-L116).
  const unknownSorts = sorts.map((s) => s.replace(/^-+/, '')).filter((s) => !spec.sorts.includes(s));
  if (unknownSorts.length > 0) {
    throw new PanelErrorV111('http', 400, 'InvalidSortQuery', `Requested sort(s) \`${unknownSorts.join(', ')}\` is not allowed. Allowed sort(s) are \`${spec.sorts.join(', ')}\`.`, {}, SOURCE.replace('InvalidFilterQuery', 'InvalidSortQuery'));
  }
  let out = rows as unknown as Record<string, unknown>[];
  for (const [name, value] of Object.entries(filters)) {
    if (value === null || value === undefined) continue;
    const kind = spec.filters[name] as FilterKind;
    if (typeof kind === 'function') out = kind(out, value);
    else if (kind === 'exact') out = out.filter((row) => (Array.isArray(value) ? value : [value]).some((v) => looseEquals(row[name], v)));
    else out = partial(out, name, value);
  }
  for (const sort of [...sorts].reverse()) {
    const column = sort.replace(/^-/, '');
    const direction = sort.startsWith('-') ? -1 : 1;
    out = [...out].sort((a, b) => direction * compare(a[column], b[column]));
  }
  return out as unknown as Row[];
}

/** QueryBuilderRequest::filters: a non-array `filter` is no filter; values split on commas, "true"/"false" cast. */
function filterValues(raw: unknown): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object') return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([name, value]) => [name, filterValue(value)]));
}

function filterValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(filterValue);
  if (value !== null && typeof value === 'object') return Object.values(value).map(filterValue);
  if (typeof value !== 'string') return value;
  if (value.includes(',')) return value.split(',');
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

function sortNames(raw: unknown): string[] {
  if (raw === null || raw === undefined) return [];
  const parts = typeof raw === 'string' ? raw.split(',') : typeof raw === 'object' ? Object.values(raw as object).map(String) : [String(raw)];
  // `collect($sortParts)->filter()`: empty and "0" parts drop out.
  return parts.filter((p) => p !== '' && p !== '0');
}

/** FiltersPartial: LOWER(column) LIKE '%value%' (each non-empty value of a list OR-ed; `%` and `_` stay wildcards). */
function partial(rows: Record<string, unknown>[], column: string, value: unknown): Record<string, unknown>[] {
  const values = (Array.isArray(value) ? value : [value]).map((v) => (v === true ? '1' : v === false ? '' : String(v ?? ''))).filter((v) => v !== '');
  if (values.length === 0) return rows;
  const patterns = values.map((v) => likePattern(`%${v.toLowerCase()}%`));
  return rows.filter((row) => {
    const cell = row[column];
    if (cell === null || cell === undefined) return false;
    const text = String(typeof cell === 'boolean' ? Number(cell) : cell).toLowerCase();
    return patterns.some((p) => p.test(text));
  });
}

/** A MySQL LIKE pattern (default escape `\`) as a case-insensitive regular expression. */
function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'iu');
}

/** MySQL `column = value` under utf8mb4_unicode_ci: strings case-insensitively, numbers numerically. */
function looseEquals(cell: unknown, value: unknown): boolean {
  if (cell === null || cell === undefined || value === null) return false;
  if (typeof cell === 'number') {
    const n = typeof value === 'boolean' ? Number(value) : Number.parseFloat(String(value));
    return Number.isFinite(n) ? cell === n : cell === 0;
  }
  return String(cell).toLowerCase().replace(/ +$/, '') === String(value === true ? 1 : value === false ? 0 : value).toLowerCase().replace(/ +$/, '');
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}
