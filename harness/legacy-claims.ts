import { SuiteError } from './failure.ts';
import { stockPanelRoutes } from './panel-routes.ts';
import { readYamlFile } from './parsed-yaml-cache.ts';
import { profileIds } from './profiles.ts';
import { sourceUrl } from './source-links.ts';
import { selectedProfile } from './selected-profile.ts';

// The legacy community docs' claims (spec/legacy-docs-claims.yaml), typed, plus the few pure helpers the audit suites need to
// turn a documented operation into a request (suites/support/not-routed.ts sends it): an example body built
// from the documented fields, the stock routing verdict (404 unknown path, 405 known path
// with another method) and the documented response fields an answer lacks.

/** A field as the legacy pages document it; "unknown" means the page states no type / required-ness. */
export interface LegacyField {
  name: string;
  type?: string;
  required?: boolean | 'unknown';
  values?: string[];
  fields?: LegacyField[];
  items?: { type: string; fields?: LegacyField[] };
  example?: unknown;
  default?: string;
  note?: string;
  unique?: boolean;
  format?: string;
}

export interface LegacyQueryParam {
  name: string;
  values?: string[];
  default?: string;
  note?: string;
}

export interface LegacyResponse {
  /** The documented `object` name; null when the page shows a body without the Fractal envelope. */
  object: string | null;
  list: boolean;
  fields: LegacyField[];
}

export interface LegacyDocumented {
  query?: LegacyQueryParam[];
  body?: LegacyField[];
  body_format?: 'raw';
  response?: LegacyResponse;
  remarks?: string;
}

export type LegacyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface LegacyOperation {
  /** Stable id, e.g. client.files.list-files. */
  id: string;
  api: 'client' | 'application';
  /** The legacy page: account, servers, files … (client) or users, servers, nodes … (application). */
  category: string;
  method: LegacyMethod;
  /** The documented path template, with the /api/<api> prefix. */
  path: string;
  documented: LegacyDocumented;
  /** Whether a stock v0.7.19 panel routes the operation as documented. */
  in_v0_7: boolean;
  /** The spec operation serving it, when in_v0_7. */
  operation_id: string | null;
  notes: string;
}

/** What the panel source of one profile says of a claim (spec/legacy-docs-claims.yaml `verdicts`). */
export interface SourceVerdict {
  verdict: 'holds' | 'false' | 'not checked';
  /** Citations: `v0.7.19:<path>#L<a>-L<b>`, `v1.11.8:…`, `wings-v1.11.8:…`. */
  source: string[];
  note: string;
}

/** Per profile id (harness/profiles.yaml), the source verdict. */
export type ProfileSourceVerdicts = Record<string, SourceVerdict>;

export interface LegacyPageClaim {
  id: string;
  page: string;
  claim: string;
  data: Record<string, unknown>;
  operations: string[];
  reality: string;
  verdicts: ProfileSourceVerdicts;
}

export interface LegacyDiscrepancy {
  /** Number in the "Where the v0.7 pages are wrong" table (`discrepancies` of spec/legacy-docs-claims.yaml). */
  number: number;
  claim: string;
  reality: string;
  operations: string[];
  verdicts: ProfileSourceVerdicts;
}

export interface LegacyClaims {
  source: string;
  base_url: { documented: string };
  authentication: { scheme: string; header: string; documented_accept: string; key_sources: { client: string; application: string } };
  rate_limit: { documented_requests_per_minute: number; stock_application: number; stock_client: number; stock_client_utilization: number };
  response_format: { documented: Record<string, unknown> };
  error_example: { documented_status: number; documented_body: { errors: { code: string; status: string; detail: string }[] } };
  /** The intro page's structured claims (intro.base-url, intro.authentication, …): their source verdicts per profile. */
  intro_verdicts: Record<string, ProfileSourceVerdicts>;
  operations: LegacyOperation[];
  page_claims: LegacyPageClaim[];
  discrepancies: LegacyDiscrepancy[];
  counts: { client_documented: number; client_in_v0_7: number; application_documented: number; application_in_v0_7: number };
}

const METHODS: readonly LegacyMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

let claims: LegacyClaims | undefined;

/** The claims file, read synchronously (suites generate one behaviour per claim while vitest collects them). */
export function legacyClaims(): LegacyClaims {
  claims ??= load();
  return claims;
}

function load(): LegacyClaims {
  const file = selectedProfile().claims;
  const data = readYamlFile(file) as LegacyClaims;
  const problems: string[] = [];
  if (!Array.isArray(data?.operations)) problems.push('operations is not a list');
  const ids = new Set<string>();
  for (const op of data?.operations ?? []) {
    const where = `operation ${JSON.stringify(op?.id)}`;
    if (typeof op?.id !== 'string' || ids.has(op.id)) problems.push(`${where}: missing or duplicate id`);
    else ids.add(op.id);
    if (op?.api !== 'client' && op?.api !== 'application') problems.push(`${where}: api must be client or application`);
    if (!METHODS.includes(op?.method)) problems.push(`${where}: method ${JSON.stringify(op?.method)} is not one of ${METHODS.join(', ')}`);
    if (typeof op?.path !== 'string' || !op.path.startsWith(`/api/${op.api}`)) problems.push(`${where}: path must start with /api/${String(op?.api)}`);
    if (typeof op?.in_v0_7 !== 'boolean') problems.push(`${where}: in_v0_7 must be a boolean`);
    if (op?.in_v0_7 && typeof op.operation_id !== 'string') problems.push(`${where}: an operation routed in 0.7 needs its operation_id`);
    if (typeof op?.documented !== 'object' || op.documented === null) problems.push(`${where}: documented must be a mapping`);
  }
  if (typeof data?.rate_limit?.documented_requests_per_minute !== 'number') problems.push('rate_limit.documented_requests_per_minute is missing');
  if (!Array.isArray(data?.error_example?.documented_body?.errors)) problems.push('error_example.documented_body.errors is missing');
  if (!Array.isArray(data?.discrepancies)) problems.push('discrepancies is not a list');
  for (const [id, verdicts] of Object.entries(data?.intro_verdicts ?? {})) problems.push(...sourceVerdictProblems(`intro_verdicts.${id}`, verdicts));
  for (const id of INTRO_CLAIMS) if (!data?.intro_verdicts?.[id]) problems.push(`intro_verdicts.${id} is missing`);
  for (const c of data?.page_claims ?? []) problems.push(...sourceVerdictProblems(`page claim ${c?.id}`, c?.verdicts));
  for (const d of data?.discrepancies ?? []) problems.push(...sourceVerdictProblems(`discrepancy ${d?.number}`, d?.verdicts));
  if (problems.length > 0) throw new SuiteError(`${file} is malformed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return data;
}

/** The intro page's structured claims, judged from its fields (reporters/behaviour-claims.ts). */
export const INTRO_CLAIMS = ['intro.base-url', 'intro.authentication', 'intro.response-format', 'intro.rate-limit', 'intro.error-example'] as const;

const SOURCE_VERDICTS = ['holds', 'false', 'not checked'];

/** What is wrong with a claim's per-profile source verdicts: one for every registered profile, each cited unless nothing is checked. */
export function sourceVerdictProblems(where: string, verdicts: unknown): string[] {
  if (typeof verdicts !== 'object' || verdicts === null) return [`${where}: verdicts must map every profile (${profileIds().join(', ')}) to its source verdict`];
  const problems: string[] = [];
  const byProfile = verdicts as Record<string, Partial<SourceVerdict> | undefined>;
  for (const profile of profileIds()) {
    const v = byProfile[profile];
    if (!v) problems.push(`${where}: no verdict for ${profile}`);
    else if (!SOURCE_VERDICTS.includes(String(v.verdict))) problems.push(`${where}: ${profile} verdict ${JSON.stringify(v.verdict)} is not one of ${SOURCE_VERDICTS.join(', ')}`);
    else if (!Array.isArray(v.source) || (v.verdict !== 'not checked' && v.source.length === 0)) problems.push(`${where}: ${profile} needs its source citations`);
    else problems.push(...v.source.flatMap((c) => citationProblem(`${where}: ${profile}`, c)));
    if (v && typeof v.note !== 'string') problems.push(`${where}: ${profile} needs a note`);
  }
  for (const profile of Object.keys(byProfile)) if (!profileIds().includes(profile)) problems.push(`${where}: ${profile} is no registered profile`);
  return problems;
}

function citationProblem(where: string, citation: string): string[] {
  try {
    sourceUrl(citation);
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}

/** The documented operations, narrowed by API, legacy page and whether a stock 0.7 panel routes them. */
export function legacyOperations(filter: { api?: 'client' | 'application'; category?: string; inV07?: boolean } = {}): LegacyOperation[] {
  return legacyClaims().operations.filter(
    (op) =>
      (filter.api === undefined || op.api === filter.api) &&
      (filter.category === undefined || op.category === filter.category) &&
      (filter.inV07 === undefined || op.in_v0_7 === filter.inV07),
  );
}

export function legacyOperation(id: string): LegacyOperation {
  const found = legacyClaims().operations.find((op) => op.id === id);
  if (!found) throw new SuiteError(`spec/legacy-docs-claims.yaml has no operation ${id}`);
  return found;
}

/** The "Where the v0.7 pages are wrong" row, for expectation links and messages. */
export function legacyDiscrepancy(row: number): LegacyDiscrepancy {
  const found = legacyClaims().discrepancies.find((d) => d.number === row);
  if (!found) throw new SuiteError(`spec/legacy-docs-claims.yaml has no discrepancy ${row}`);
  return found;
}

/** The documented path with its {parameters} filled; a parameter without a value is an error. */
export function fillPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new SuiteError(`no value for the path parameter {${name}} of ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** A query string built from the documented query parameters (their default or documented values). */
export function exampleQuery(op: LegacyOperation): Record<string, string> | undefined {
  const params = op.documented.query ?? [];
  if (params.length === 0) return undefined;
  return Object.fromEntries(params.map((p): [string, string] => [p.name, p.default ?? p.values?.join(',') ?? 'ptero-conformance']));
}

/** A JSON body built from the documented body fields (undefined when the page documents none). */
export function exampleBody(op: LegacyOperation): Record<string, unknown> | undefined {
  const fields = op.documented.body ?? [];
  return fields.length === 0 ? undefined : objectOf(fields);
}

function objectOf(fields: LegacyField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f): [string, unknown] => [f.name, valueOf(f)]));
}

function valueOf(field: LegacyField): unknown {
  if (field.example !== undefined) return field.example;
  if (field.values && field.values.length > 0) return field.values[0];
  switch (field.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'object':
      return objectOf(field.fields ?? []);
    case 'array':
      if (field.items?.type === 'object') return [objectOf(field.items.fields ?? [])];
      return field.items ? ['ptero-conformance'] : [];
    default:
      return 'ptero-conformance';
  }
}

/** Send options for the documented request: query, then a JSON body or the raw body the page describes. */
export function exampleRequest(op: LegacyOperation): { query?: Record<string, string>; body?: unknown; rawBody?: string; headers?: Record<string, string> } {
  const query = exampleQuery(op);
  const out: { query?: Record<string, string>; body?: unknown; rawBody?: string; headers?: Record<string, string> } = query ? { query } : {};
  if (op.documented.body_format === 'raw') return { ...out, rawBody: 'ptero-conformance', headers: { 'content-type': 'text/plain' } };
  const body = exampleBody(op);
  return body === undefined ? out : { ...out, body };
}

/** The names of the documented fields the page marks required (true) and optional (false). */
export function documentedRequiredness(op: LegacyOperation): { required: string[]; optional: string[] } {
  const fields = op.documented.body ?? [];
  return {
    required: fields.filter((f) => f.required === true).map((f) => f.name),
    optional: fields.filter((f) => f.required === false).map((f) => f.name),
  };
}

// --- Stock routing (spec/panel-routes-v0.7.19.yaml) -------------------------------------------------------

export type StockRouting =
  | { kind: 'unrouted' }
  | { kind: 'method-not-allowed'; allow: string; sources: string[] }
  | { kind: 'routed'; method: string; template: string; source: string };

interface RouteShape {
  method: string;
  template: string;
  segments: string[];
  source: string;
}

const routeLists = new Map<string, RouteShape[]>();

/** A route list (spec/panel-routes-<tag>.yaml; the selected profile's by default), shaped for matching. */
function routesOf(file?: string): RouteShape[] {
  const key = file ?? '';
  let routes = routeLists.get(key);
  if (!routes) {
    routes = stockPanelRoutes(file).map(({ method, path, source }) => ({ method, template: path, segments: split(path), source }));
    routeLists.set(key, routes);
  }
  return routes;
}

function split(path: string): string[] {
  return path.split('?')[0]!.split('/').filter((s) => s !== '');
}

function matches(segments: string[], concrete: string[]): boolean {
  return segments.length === concrete.length && segments.every((s, i) => (s.startsWith('{') ? concrete[i] !== '' : s === concrete[i]));
}

/** Whether a concrete path fits a template (`{param}` matches any one non-empty segment). */
export function fitsTemplate(template: string, path: string): boolean {
  return matches(split(template), split(path));
}

// Laravel's Router::$verbs order, which the 405 Allow header follows (GET routes also answer HEAD).
const VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * What a stock v0.7.19 panel's router does with method + concrete path: a route of that method
 * matches (routed, even if only through a parameter, e.g. /nodes/deployable → /nodes/{node}), only
 * routes of other methods match (405 with Allow, joined by ", "), or nothing matches (404). Both
 * refusals come before the route middleware, so they carry no rate-limit headers.
 */
export function stockRouting(method: string, path: string): StockRouting {
  return routingIn(routesOf(), method, path);
}

/** The same verdict against the route list of a given profile's panel (its `panelRoutes` file). */
export function routingOfPanel(panelRoutesFile: string, method: string, path: string): StockRouting {
  return routingIn(routesOf(panelRoutesFile), method, path);
}

/** The citation of a route list's whole file for an API, e.g. `v1.11.8:routes/api-client.php#L19-L140`. */
export function routeFileCitation(panelRoutesFile: string, api: 'client' | 'application'): string | undefined {
  const lines = routesOf(panelRoutesFile)
    .filter((r) => r.template.startsWith(`/api/${api}`))
    .map((r) => /^(.*)#L(\d+)-L(\d+)$/.exec(r.source))
    .filter((m): m is RegExpExecArray => m !== null);
  if (lines.length === 0) return undefined;
  return `${lines[0]![1]}#L${Math.min(...lines.map((m) => Number(m[2])))}-L${Math.max(...lines.map((m) => Number(m[3])))}`;
}

function routingIn(routes: readonly RouteShape[], method: string, path: string): StockRouting {
  const concrete = split(path);
  const upper = method.toUpperCase();
  const lookup = upper === 'HEAD' ? 'GET' : upper;
  const candidates = routes.filter((r) => matches(r.segments, concrete));
  // A literal segment beats a parameter (Laravel matches routes in order; the files list literal routes first where both fit).
  const same = candidates.filter((r) => r.method === lookup).sort((a, b) => literals(b) - literals(a))[0];
  if (same) return { kind: 'routed', method: same.method, template: same.template, source: same.source };
  if (candidates.length === 0) return { kind: 'unrouted' };
  const methods = new Set(candidates.map((r) => r.method));
  if (methods.has('GET')) methods.add('HEAD');
  return { kind: 'method-not-allowed', allow: VERBS.filter((v) => methods.has(v) && v !== upper).join(', '), sources: candidates.map((r) => r.source) };
}

function literals(route: RouteShape): number {
  return route.segments.filter((s) => !s.startsWith('{')).length;
}

// --- Documented response fields ------------------------------------------------------------------

/**
 * The documented response fields (dotted paths) the answer lacks. The fields are looked for in
 * `attributes` (the first item's, for a list), or at the top level when the page documents a body
 * without the Fractal envelope (object null).
 */
export function missingDocumentedFields(response: LegacyResponse, json: unknown): string[] {
  const body = json as { attributes?: unknown; data?: { attributes?: unknown }[] } | undefined;
  const root = response.object === null ? body : response.list ? body?.data?.[0]?.attributes : body?.attributes;
  return missingIn(response.fields, root, '');
}

function missingIn(fields: LegacyField[], value: unknown, prefix: string): string[] {
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const out: string[] = [];
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    if (!record || !(field.name in record)) out.push(path);
    else if (field.fields) out.push(...missingIn(field.fields, record[field.name], `${path}.`));
  }
  return out;
}

/** The category of a legacy operation, as the spec's tags name them: client/files, application/users … */
export function legacyCategory(op: LegacyOperation): string {
  return `${op.api}/${op.category}`;
}

/** "GET /api/client/servers/{server}/files/list" */
export function claimStatement(op: LegacyOperation): string {
  return `${op.method} ${op.path}`;
}

// --- The stock-panel audit of a documented operation nobody routes ------------------------------

/** What a stock panel answers for the documented request, in words, for the behaviour's statement. */
export function notRoutedStatement(op: LegacyOperation, concretePath = op.path): string {
  const routing = stockRouting(op.method, concretePath);
  const head = `${claimStatement(op)} (documented by the legacy docs) is not routed by a stock v0.7.19 panel`;
  if (routing.kind === 'method-not-allowed') {
    return `${head}: the path only has ${routing.allow}, so it MUST answer 405 MethodNotAllowedHttpException with Allow: ${routing.allow}, without rate-limit headers`;
  }
  return `${head}: it MUST answer 404 NotFoundHttpException without rate-limit headers`;
}

/**
 * Why an answer shows the panel implements a documented operation a stock panel does not route:
 * the status it gave instead, and the documented response fields its answer lacks.
 */
export function implementedMessage(op: LegacyOperation, path: string, status: number, expected: number, json: unknown): string {
  const response = op.documented.response;
  let fields: string;
  if (status < 200 || status >= 300) fields = 'the answer is not a success, so its fields were not compared';
  else if (!response) fields = 'the legacy docs document no response fields for it';
  else {
    const missing = missingDocumentedFields(response, json);
    fields = missing.length === 0 ? 'every documented response field is present' : `documented response fields missing from the answer: ${missing.join(', ')}`;
  }
  return `${op.method} ${path} answered ${status} instead of ${expected}: this panel routes the legacy docs' operation ${op.id}, which a stock v0.7.19 panel does not (${op.notes}); ${fields}`;
}
