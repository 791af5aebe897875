// What the 1.x client suites (suites/client-v1.11/) require of an answer beyond its spec schema, as
// pure functions of the parsed body: each returns its findings (empty when the answer holds), so a
// unit test feeds them deviating answers and the suites report the first finding as a violation.
import { violate, type AdHocViolation, type ExchangeAtHand } from '../../harness/failure.ts';

export interface Finding {
  message: string;
  violation: AdHocViolation;
}

type Item = { object?: unknown; attributes?: Record<string, unknown> };

function items(body: unknown): Item[] {
  const data = (body as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as Item[]) : [];
}

function attributes(body: unknown): Record<string, unknown> {
  return ((body as Item | undefined)?.attributes ?? {}) as Record<string, unknown>;
}

const show = (value: unknown) => JSON.stringify(value) ?? 'undefined';

/** Reports the first finding as the behaviour's violation (the rest follow from it or repeat it). */
export function expectNone(findings: Finding[], at?: ExchangeAtHand): void {
  const first = findings[0];
  if (first) violate(first.message, first.violation, at);
}

/** Every item of a list is the named Fractal object (v1.11.8:app/Transformers/Api/Client/*Transformer.php getResourceName). */
export function objectFindings(body: unknown, object: string): Finding[] {
  return items(body).flatMap((item, i) =>
    item.object === object ? [] : [{ message: `item ${i} has object ${show(item.object)}, not ${show(object)}`, violation: { kind: 'value', pointer: `/data/${i}/object`, expected: show(object), actual: show(item.object) } }],
  );
}

/** Whether a list has (or lacks) an item whose attribute `field` is `value`. */
export function listedFindings(body: unknown, field: string, value: unknown, listed: boolean): Finding[] {
  const found = items(body).some((item) => item.attributes?.[field] === value);
  if (found === listed) return [];
  return [{ message: listed ? `${field} ${show(value)} is not listed` : `${field} ${show(value)} is still listed`, violation: { kind: 'listing', expected: listed ? `an item with ${field} ${show(value)}` : `no item with ${field} ${show(value)}`, actual: items(body).map((item) => show(item.attributes?.[field])).join(', ') } }];
}

/** An item's attribute has the value the request set. */
export function attributeFindings(body: unknown, field: string, expected: unknown): Finding[] {
  const actual = attributes(body)[field];
  if (JSON.stringify(actual) === JSON.stringify(expected)) return [];
  return [{ message: `${field} is ${show(actual)}, not ${show(expected)}`, violation: { kind: 'value', pointer: `/attributes/${field}`, expected: show(expected), actual: show(actual) } }];
}

/**
 * A server's allocations: exactly one is the primary (is_default is `allocation_id === id`,
 * v1.11.8:app/Transformers/Api/Client/AllocationTransformer.php#L18-L27), and it is `primary` when given.
 */
export function primaryAllocationFindings(body: unknown, primary?: number): Finding[] {
  const defaults = items(body).filter((item) => item.attributes?.['is_default'] === true).map((item) => item.attributes?.['id']);
  if (defaults.length !== 1) return [{ message: `${defaults.length} allocations are is_default (ids ${defaults.map(show).join(', ')}), not exactly one`, violation: { kind: 'listing', pointer: '/data', expected: 'exactly one allocation with is_default true', actual: defaults.map(show).join(', ') } }];
  if (primary !== undefined && defaults[0] !== primary) return [{ message: `allocation ${show(defaults[0])} is the primary, not ${primary}`, violation: { kind: 'value', pointer: '/data', expected: `allocation ${primary} is_default`, actual: `allocation ${show(defaults[0])} is_default` } }];
  return [];
}

/** The subuser permission catalogue (v1.11.8:app/Models/Permission.php#L66-L209): `group.key` strings. */
export function catalogueOf(body: unknown): Set<string> {
  const groups = (attributes(body)['permissions'] ?? {}) as Record<string, { keys?: Record<string, unknown> }>;
  return new Set(Object.entries(groups).flatMap(([group, entry]) => Object.keys(entry?.keys ?? {}).map((key) => `${group}.${key}`)));
}

/**
 * GET /api/client/permissions: the object `system_permissions`, and the catalogue holds the
 * permissions every subuser gets and the ones the suites assign (websocket.connect, user.read…).
 */
export function permissionCatalogueFindings(body: unknown, required: readonly string[]): Finding[] {
  const object = (body as Item | undefined)?.object;
  if (object !== 'system_permissions') return [{ message: `object is ${show(object)}, not "system_permissions"`, violation: { kind: 'value', pointer: '/object', expected: '"system_permissions"', actual: show(object) } }];
  const catalogue = catalogueOf(body);
  return required
    .filter((permission) => !catalogue.has(permission))
    .map((permission) => ({ message: `the catalogue lacks ${permission}`, violation: { kind: 'listing', pointer: '/attributes/permissions', expected: permission, actual: [...catalogue].join(', ') } }));
}

/** Every permission a subuser holds is a catalogue string (SubuserController keeps only those, v1.11.8:app/Http/Controllers/Api/Client/Servers/SubuserController.php#L170-L184). */
export function subuserPermissionFindings(body: unknown, catalogue: ReadonlySet<string>): Finding[] {
  return items(body).flatMap((item, i) => {
    const permissions = item.attributes?.['permissions'];
    if (!Array.isArray(permissions)) return [{ message: `subuser ${i} has no permissions array`, violation: { kind: 'value', pointer: `/data/${i}/attributes/permissions` } }];
    return permissions
      .filter((permission) => !catalogue.has(String(permission)))
      .map((permission) => ({ message: `subuser ${i} holds ${show(permission)}, which the catalogue does not know`, violation: { kind: 'value', pointer: `/data/${i}/attributes/permissions`, expected: 'catalogue permissions only', actual: show(permission) } }));
  });
}

/** The permissions a subuser ends up with: exactly `expected` (in any order, no repeats). */
export function permissionSetFindings(body: unknown, expected: readonly string[]): Finding[] {
  const actual = attributes(body)['permissions'];
  const list = Array.isArray(actual) ? actual.map(String) : [];
  const want = [...new Set(expected)].sort();
  if (Array.isArray(actual) && list.length === want.length && [...list].sort().join(',') === want.join(',')) return [];
  return [{ message: `permissions are ${show(actual)}, not ${show(want)}`, violation: { kind: 'value', pointer: '/attributes/permissions', expected: show(want), actual: show(actual) } }];
}

/** GET …/startup lists exactly the variables the user may view (v1.11.8:app/Http/Controllers/Api/Client/Servers/StartupController.php#L30-L44). */
export function viewableVariableFindings(body: unknown, viewable: readonly string[]): Finding[] {
  const listed = items(body).map((item) => String(item.attributes?.['env_variable'])).sort();
  const want = [...viewable].sort();
  if (listed.join(',') === want.join(',')) return [];
  return [{ message: `listed variables ${listed.join(', ') || '(none)'}, the user may view ${want.join(', ') || '(none)'}`, violation: { kind: 'listing', pointer: '/data', expected: want.join(', '), actual: listed.join(', ') } }];
}

/** The meta of a startup answer holds these keys (GET: the rendered and raw command and the egg's images; PUT: the two commands). */
export function metaKeyFindings(body: unknown, keys: readonly string[]): Finding[] {
  const meta = ((body as { meta?: Record<string, unknown> } | undefined)?.meta ?? {}) as Record<string, unknown>;
  return keys
    .filter((key) => meta[key] === undefined)
    .map((key) => ({ message: `meta.${key} is missing`, violation: { kind: 'value', pointer: `/meta/${key}`, expected: 'present' } }));
}

/**
 * Activity of a server: no event the panel hides (ActivityLog::DISABLED_EVENTS, server:file.upload,
 * v1.11.8:app/Models/ActivityLog.php#L61), and with `filter[event]` only events containing it (partial).
 */
export function serverActivityFindings(body: unknown, filter?: string): Finding[] {
  return items(body).flatMap((item, i) => {
    const event = String(item.attributes?.['event']);
    if (event === 'server:file.upload') return [{ message: `item ${i} is the hidden event server:file.upload`, violation: { kind: 'listing', pointer: `/data/${i}/attributes/event` } }];
    if (filter !== undefined && !event.toLowerCase().includes(filter.toLowerCase())) return [{ message: `item ${i} is event ${show(event)}, which filter[event]=${filter} excludes`, violation: { kind: 'listing', pointer: `/data/${i}/attributes/event`, expected: `an event containing ${filter}`, actual: event } }];
    return [];
  });
}

/** Activity sorted by `sort`: timestamps ascending for `timestamp`, descending for `-timestamp`. */
export function activityOrderFindings(body: unknown, sort: 'timestamp' | '-timestamp'): Finding[] {
  const stamps = items(body).map((item) => Date.parse(String(item.attributes?.['timestamp'])));
  for (let i = 1; i < stamps.length; i++) {
    const [a, b] = [stamps[i - 1] as number, stamps[i] as number];
    if (sort === 'timestamp' ? a > b : a < b) return [{ message: `items ${i - 1} and ${i} are out of ${sort} order`, violation: { kind: 'listing', pointer: `/data/${i}/attributes/timestamp`, expected: `sorted by ${sort}` } }];
  }
  return [];
}

/**
 * A 1.x validation error (v1.11.8:app/Exceptions/Handler.php#L150-L185): 422, and an error whose
 * meta.source_field is `field`; with `rule`, its meta.rule too (an error a FormRequest adds in its
 * after-hook has no failed rule: meta.rule is then the empty string).
 */
export function validationFindings(status: number, body: unknown, field: string, rule?: string, detail?: string): Finding[] {
  if (status !== 422) return [{ message: `answered ${status}, not 422 for ${field}`, violation: { kind: 'status', expected: '422', actual: String(status) } }];
  const errors = ((body as { errors?: unknown } | undefined)?.errors ?? []) as { detail?: unknown; meta?: { source_field?: unknown; rule?: unknown } }[];
  const seen = errors.map((e) => `${String(e.meta?.source_field)}:${String(e.meta?.rule)}`).join(', ');
  const match = errors.find((e) => e.meta?.source_field === field && (rule === undefined || e.meta?.rule === rule) && (detail === undefined || e.detail === detail));
  if (match) return [];
  return [{ message: `no validation error for ${field}${rule === undefined ? '' : ` (rule ${show(rule)})`}${detail === undefined ? '' : ` saying ${show(detail)}`}; errors: ${seen}`, violation: { kind: 'error', pointer: '/errors', expected: `meta.source_field ${field}${rule === undefined ? '' : `, meta.rule ${show(rule)}`}`, actual: seen } }];
}
