// The legacy community "Pterodactyl v0.7 API Documentation" audited against the panel
// (its claims as data in spec/legacy-docs-claims.yaml). Unlike
// every other suite, each behaviour here asserts WHAT THE LEGACY DOCS CLAIM, not what a stock
// v0.7.19 panel does: the statements read "Legacy docs claim: …". On a stock panel most of them fail,
// and expectations/stock-v0.7.19.yaml lists each such failure as a known deviation with the row of
// "Where the v0.7 pages are wrong" that explains it; the claims that hold pass. Behaviour ids start
// with `legacy-docs.` so that PTERO_STRICT_DOCS=1 can turn those expectations off (a strict run fails
// wherever the panel does not behave as the docs say). The stock truth for the same requests is
// asserted by the category suites (suites/client/*, suites/application/*).
// The same claims run against a v1.11 panel (the docs describe much of 1.x: its 240 a minute, its
// ValidationException, its client API): expectations/stock-v1.11.yaml lists what 1.11 contradicts, and
// the claims report says per claim whether it holds for each profile (observed here, from source for
// the other). A claim tied to a spec operation runs on the profiles whose spec has that operation; the
// documented client reads 0.7 does not route (suites/client/unimplemented-categories.test.ts asserts
// its 404s) are claimed against 1.11 only.
import { violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import { ABSENT_ID } from '../support/absent-params.ts';
import { call, send } from '../support/call.ts';
import { conformance, type BehaviourMeta } from '../support/conformance.ts';
import { createRecorded } from '../support/created-resources.ts';
import { discover, discoverClient, type Discovered } from '../support/discovery.ts';
import type { ExchangeAssertion } from '../support/expect-conformance.ts';
import {
  claimStatement,
  documentedRequiredness,
  exampleBody,
  exampleQuery,
  fillPath,
  legacyClaims,
  legacyOperation,
  legacyOperations,
  missingDocumentedFields,
  type LegacyOperation,
} from '../../harness/legacy-claims.ts';
import type { Session } from '../support/session.ts';
import { operations } from '../../harness/spec-operations.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';

const CATEGORY = 'legacy-docs';
/** The profiles the audit runs on; a behaviour naming a spec operation holds for those whose spec has it. */
const PROFILES = ['v0.7.19', 'v1.11'];
const V111 = ['v1.11'];
const specIds = new Set(operations().map((o) => o.operationId));
const app = ['application' as const];
const client = ['client' as const];
const claims = legacyClaims();

function meta(behaviour: string, rest: Omit<BehaviourMeta, 'behaviour' | 'category'>): BehaviourMeta {
  // An operation this run's spec lacks: the behaviour is another profile's (only v0.7.19 ids appear here today).
  const profiles = rest.profiles ?? (rest.operation === undefined || specIds.has(rest.operation) ? PROFILES : PROFILES.filter((p) => p !== selectedProfile().id));
  return { ...rest, profiles, behaviour: `legacy-docs.${behaviour}`, category: CATEGORY };
}

type Item = { object?: string; attributes?: Record<string, unknown> };

/** The documented path's parameters, filled with discovered ids (application API). */
async function applicationParams(s: Session): Promise<Record<string, string | number>> {
  const d: Discovered = await discover(s);
  return { user: d.userId, server: d.serverId, node: d.nodeId, location: d.locationId, nest: d.nestId, egg: d.eggId };
}

async function paramsFor(s: Session, op: LegacyOperation): Promise<Record<string, string | number>> {
  if (op.api === 'client') return { server: (await discoverClient(s)).ownedIdentifier };
  return applicationParams(s);
}

function itemsOf(answer: ExchangeAssertion): Item[] {
  const body = answer.json as { object?: string; data?: Item[] } & Item;
  return body?.object === 'list' ? (body.data ?? []) : [body];
}

/** The fields a validation answer names: 0.7's source.field, 1.x's meta.source_field. */
function errorFields(answer: ExchangeAssertion): string[] {
  const errors = (answer.json as { errors?: { source?: { field?: string }; meta?: { source_field?: string } }[] } | undefined)?.errors ?? [];
  return errors.map((e) => String(e.source?.field ?? e.meta?.source_field));
}

describe('Legacy docs intro page: rate limit, error format, Accept header, response format', () => {
  const documented = claims.rate_limit.documented_requests_per_minute;

  conformance(
    `Legacy docs claim: the application API MUST allow ${documented} requests per minute (X-RateLimit-Limit: ${documented})`,
    meta('rate-limit.application', { operation: 'listLocations', effect: 'read', keys: app }),
    async (s) => {
      (await call(s, 'listLocations')).status(200).rateLimitHeaders(documented);
    },
  );

  conformance(
    `Legacy docs claim: the client API MUST allow ${documented} requests per minute (X-RateLimit-Limit: ${documented})`,
    meta('rate-limit.client', { operation: 'listClientServers', effect: 'read', keys: client }),
    async (s) => {
      (await call(s, 'listClientServers')).status(200).rateLimitHeaders(documented);
    },
  );

  const example = claims.error_example.documented_body.errors[0]!;
  conformance(
    `Legacy docs claim: an invalid request MUST answer ${claims.error_example.documented_status} with the single error {code: "${example.code}", status: "${example.status}", detail: "${example.detail}"}`,
    meta('error-example.validation', { operation: 'createLocation', effect: 'write', keys: app }),
    async (s) => {
      const answer = await call(s, 'createLocation', { body: {} });
      const errors = (answer.json as { errors?: unknown[] } | undefined)?.errors;
      const wanted = JSON.stringify(claims.error_example.documented_body.errors);
      if (answer.exchange.response.status !== claims.error_example.documented_status || JSON.stringify(errors) !== wanted) {
        violate(`POST /api/application/locations with an empty body answered ${answer.exchange.response.status} ${answer.exchange.response.rawBody}; the legacy docs show ${claims.error_example.documented_status} ${JSON.stringify(claims.error_example.documented_body)}`, { kind: 'status' });
      }
    },
  );

  const accept = claims.authentication.documented_accept;
  conformance(
    `Legacy docs claim: the documented example (GET /api/client with a Bearer client key and Accept: ${accept}) MUST answer the JSON server list`,
    meta('accept-header.client-example', { operation: 'listClientServers', effect: 'read', keys: client }),
    async (s) => {
      const answer = (await send(s, 'GET', '/api/client', { headers: { accept } })).status(200);
      if (!String(answer.exchange.response.headers['content-type']).includes('application/json') || answer.json?.object !== 'list') {
        violate(`expected a JSON list, got ${answer.exchange.response.headers['content-type']} ${answer.exchange.response.rawBody.slice(0, 200)}`, { kind: 'value' });
      }
    },
  );

  conformance(
    `Legacy docs claim: with Accept: ${accept} errors MUST come back as JSON error objects`,
    meta('accept-header.errors', { operation: 'getLocation', effect: 'read', keys: app }),
    async (s) => {
      (await call(s, 'getLocation', { params: { location: ABSENT_ID }, headers: { accept } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'Legacy docs claim: every response MUST follow {"object": "list", "data": [...], "meta": {"pagination": {...}}}',
    meta('response-format', { operation: 'listNestEggs', effect: 'read', keys: app }),
    async (s) => {
      const { nestId, locationId } = await discover(s);
      const problems: string[] = [];
      const eggs = (await call(s, 'listNestEggs', { params: { nest: nestId } })).status(200);
      if (eggs.json.meta?.pagination === undefined) problems.push(`GET /api/application/nests/${nestId}/eggs answers a list without meta.pagination`);
      const location = (await call(s, 'getLocation', { params: { location: locationId } })).status(200);
      if (location.json.object !== 'list' || !Array.isArray(location.json.data)) problems.push(`GET /api/application/locations/${locationId} answers {"object": ${JSON.stringify(location.json.object)}, "attributes": …}, not a list`);
      if (problems.length > 0) violate(problems.join('; '), { kind: 'pagination' });
    },
  );
});

describe('Legacy docs: documented request fields of operations a stock panel routes', () => {
  for (const op of legacyOperations({ inV07: true })) {
    const { required, optional } = documentedRequiredness(op);
    if (op.method === 'GET' || (required.length === 0 && optional.length === 0)) continue;
    const parts = [required.length > 0 ? `required for ${required.join(', ')}` : '', optional.length > 0 ? `no error for the optional ${optional.join(', ')}` : ''].filter(Boolean);
    conformance(
      `Legacy docs claim: ${claimStatement(op)} with an empty body MUST answer 422 with ${parts.join(' and ')}`,
      meta(`${op.id}.documented-required`, { operation: op.operation_id as string, effect: 'write', keys: op.api === 'client' ? client : app }),
      async (s) => {
        // An empty body misses fields the docs and the panel both require, so nothing can change.
        const answer = await call(s, op.operation_id as string, { params: await paramsFor(s, op), body: {} });
        const fields = errorFields(answer);
        const problems: string[] = [];
        if (answer.exchange.response.status !== 422) problems.push(`answered ${answer.exchange.response.status}, not 422`);
        const notRequired = required.filter((f) => !fields.some((e) => e === f || e.startsWith(`${f}.`)));
        if (notRequired.length > 0) problems.push(`no validation error for the documented-required ${notRequired.join(', ')}`);
        const notOptional = optional.filter((f) => fields.some((e) => e === f || e.startsWith(`${f}.`)));
        if (notOptional.length > 0) problems.push(`validation errors for the documented-optional ${notOptional.join(', ')}`);
        if (problems.length > 0) violate(`${op.method} ${op.path} with {}: ${problems.join('; ')} (errors on: ${fields.join(', ') || 'none'})`, { kind: 'error' });
      },
    );
  }

  const createDatabase = legacyOperation('application.servers.create-server-database');
  const documentedFields = (createDatabase.documented.body ?? []).map((f) => f.name);
  conformance(
    `Legacy docs claim: ${claimStatement(createDatabase)} with only the documented fields (${documentedFields.join(', ')}) MUST create the database (201)`,
    meta(`${createDatabase.id}.documented-body`, { operation: 'createServerDatabase', effect: 'write', keys: app }),
    async (s) => {
      const { serverId } = await discover(s);
      const database = `pc${s.config.runId.replace(/[^A-Za-z0-9]/g, '').slice(-8)}`;
      const answer = await createRecorded(s, 'createServerDatabase', { params: { server: serverId }, body: { database, remote: '%' } }, (body) => ({
        kind: 'database',
        deleteOperation: 'deleteServerDatabase',
        params: { server: serverId, database: Number(body.attributes['id']) },
        name: database,
      }));
      if (answer.exchange.response.status !== 201) {
        violate(`POST /api/application/servers/${serverId}/databases with {database, remote} answered ${answer.exchange.response.status} ${answer.exchange.response.rawBody}`, { kind: 'status' });
      }
    },
  );
});

describe('Legacy docs: documented list filters, sorting and includes', () => {
  for (const op of legacyOperations({ inV07: true })) {
    const filters = (op.documented.query ?? []).filter((q) => q.name.startsWith('filter['));
    if (op.method !== 'GET' || filters.length === 0) continue;
    conformance(
      `Legacy docs claim: ${claimStatement(op)} MUST narrow the list by ${filters.map((f) => f.name).join(', ')} (a value nothing matches leaves no rows)`,
      meta(`${op.id}.filter`, { operation: op.operation_id as string, effect: 'read', keys: app }),
      async (s) => {
        const problems: string[] = [];
        for (const filter of filters) {
          const answer = (await call(s, op.operation_id as string, { params: await paramsFor(s, op), query: { [filter.name]: 'ptero-conformance-matches-nothing' } })).status(200);
          const total = answer.json.meta?.pagination?.total;
          if (total !== 0) problems.push(`${filter.name}=ptero-conformance-matches-nothing still lists ${String(total)} rows`);
        }
        if (problems.length > 0) violate(`${op.method} ${op.path}: ${problems.join('; ')}`, { kind: 'listing' });
      },
    );
  }

  for (const op of legacyOperations({ inV07: true })) {
    const sort = (op.documented.query ?? []).find((q) => q.name === 'sort');
    if (op.method !== 'GET' || !sort?.values?.length) continue;
    conformance(
      `Legacy docs claim: ${claimStatement(op)}?sort= MUST order the list by ${sort.values.join(', ')} (a leading - for descending)`,
      meta(`${op.id}.sort`, { operation: op.operation_id as string, effect: 'read', keys: app }),
      async (s) => {
        const problems: string[] = [];
        for (const value of sort.values ?? []) {
          const field = value.replace(/^-/, '');
          const descending = value.startsWith('-');
          const answer = (await call(s, op.operation_id as string, { params: await paramsFor(s, op), query: { sort: value } })).status(200);
          const keys = itemsOf(answer).map((i) => i.attributes?.[field] as string | number);
          if (new Set(keys).size < 2) {
            problems.push(`sort=${value}: the first page has fewer than two distinct ${field} values, so the order cannot show`);
            continue;
          }
          const ordered = keys.every((k, i) => i === 0 || (descending ? keys[i - 1]! >= k : keys[i - 1]! <= k));
          if (!ordered) problems.push(`sort=${value}: the first page is not ordered by ${field} ${descending ? 'descending' : 'ascending'} (${keys.slice(0, 5).join(', ')}, …)`);
        }
        if (problems.length > 0) violate(`${op.method} ${op.path}: ${problems.join('; ')}`, { kind: 'listing' });
      },
    );
  }

  for (const op of legacyOperations({ inV07: true })) {
    const include = (op.documented.query ?? []).find((q) => q.name === 'include');
    // External-id lookups need an external id the panel may not have; their includes are those of the id route.
    if (op.method !== 'GET' || !include?.values?.length || op.path.includes('{external_id}')) continue;
    conformance(
      `Legacy docs claim: ${claimStatement(op)}?include=${include.values.join(',')} MUST render each include under attributes.relationships`,
      meta(`${op.id}.include`, { operation: op.operation_id as string, effect: 'read', keys: op.api === 'client' ? client : app }),
      async (s) => {
        const answer = (await call(s, op.operation_id as string, { params: await paramsFor(s, op), query: { include: include.values!.join(',') } })).status(200);
        const items = itemsOf(answer);
        if (items.length === 0) violate(`${op.method} ${op.path} answered no item to look for includes on`, { kind: 'value' });
        const missing = new Set<string>();
        for (const item of items) {
          const relationships = (item.attributes?.['relationships'] ?? {}) as Record<string, unknown>;
          for (const name of include.values ?? []) if (!(name in relationships)) missing.add(name);
        }
        if (missing.size > 0) violate(`${op.method} ${op.path}?include=${include.values!.join(',')}: no relationships.${[...missing].join(', relationships.')} in the answer`, { kind: 'include' });
      },
    );
  }
});

/**
 * The documented request of an operation 0.7 does not route as written, sent as documented: a read MUST
 * answer 200 with the documented fields; a write MUST at least be routed (its absent ids change nothing).
 */
function documentedOperation(op: LegacyOperation, profiles?: string[]): void {
  const response = op.documented.response;
  // Where this profile routes the documented method + path as written, its spec operation is called: the answer
  // is checked against the spec too, and counts for that operation (1.x's account, resources, deployable nodes …).
  const shape = (path: string): string => path.replace(/\{\w+\}/g, '{}');
  const routed = operations().find((o) => o.method.toUpperCase() === op.method && shape(o.path) === shape(op.path));
  const claim =
    op.method === 'GET'
      ? `MUST answer 200${response ? ` with the documented ${response.object ?? 'body'} fields` : ''}`
      : 'MUST be routed (neither 404 for an unknown path nor 405)';
  conformance(
    `Legacy docs claim: ${claimStatement(op)} ${claim}`,
    meta(op.id, { effect: op.method === 'GET' ? 'read' : 'write', keys: op.api === 'client' ? client : app, ...(profiles ? { profiles } : {}), ...(routed ? { operation: routed.operationId } : {}) }),
    async (s) => {
      // An absent database id: a panel that routes the PATCH answers 404 after its middleware and changes nothing.
      const params = { ...(await paramsFor(s, op)), database: ABSENT_ID };
      const path = fillPath(op.path, params);
      const body = op.method === 'GET' ? undefined : exampleBody(op);
      const query = op.method === 'GET' ? exampleQuery(op) : undefined;
      const options = { ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) };
      const answer = routed ? await call(s, routed.operationId, { ...options, params }) : await send(s, op.method, path, options);
      const { status, headers } = answer.exchange.response;
      if (op.method !== 'GET') {
        const routerRefusal = status === 405 || (status === 404 && headers['x-ratelimit-limit'] === undefined);
        if (routerRefusal) violate(`${op.method} ${path} answered ${status}${headers['allow'] ? ` (Allow: ${headers['allow']})` : ''} before any route middleware: the path is not routed for ${op.method}`, { kind: 'route' });
        return;
      }
      if (status !== 200) violate(`${op.method} ${path} answered ${status} ${answer.exchange.response.rawBody.slice(0, 300)}`, { kind: 'status' });
      const missing = response ? missingDocumentedFields(response, answer.json) : [];
      if (missing.length > 0) violate(`${op.method} ${path}: documented fields missing from the answer: ${missing.join(', ')}`, { kind: 'body' });
    },
  );
}

describe('Legacy docs: documented client reads of the 1.x client API (v1.11)', () => {
  // Reads of one server (or of the account) only: a read naming another id would need one the docs do not say how to find.
  for (const op of legacyOperations({ api: 'client', inV07: false })) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (op.method !== 'GET' || params.some((p) => p !== 'server') || (op.documented.query ?? []).some((q) => q.default === undefined && !q.values?.length)) continue;
    documentedOperation(op, V111);
  }
});

describe('Legacy docs: documented application operations a stock panel does not route as written', () => {
  for (const op of legacyOperations({ api: 'application', inV07: false })) documentedOperation(op);

  const egg = legacyOperation('application.nests.get-egg');
  conformance(
    `Legacy docs claim: the egg object (served by GET /api/application/nests/{nest}/eggs/{egg}) MUST carry the documented fields ${(egg.documented.response?.fields ?? []).map((f) => f.name).join(', ')}`,
    meta('egg-object.documented-fields', { operation: 'getNestEgg', effect: 'read', keys: app }),
    async (s) => {
      const { nestId, eggId } = await discover(s);
      const answer = (await call(s, 'getNestEgg', { params: { nest: nestId, egg: eggId } })).status(200);
      const missing = missingDocumentedFields(egg.documented.response!, answer.json);
      if (missing.length > 0) violate(`GET /api/application/nests/${nestId}/eggs/${eggId}: documented fields missing from the egg: ${missing.join(', ')}`, { kind: 'body' });
    },
  );
});
