// Generated from the spec: each paginated list of suites/contract/pagination.yaml. The first pages (at most
// SAMPLE_PAGES, a sample: a live panel can hold thousands of rows) each carry meta.pagination consistent with
// page 1's total and their page (links, count, total_pages), items of the list's object type without any
// relationship (no include asked), no item twice; the page after the last is an empty page of the same list.
import { SuiteError, violate } from '../../harness/failure.ts';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { OpenAPIV3 } from 'openapi-types';
import { readSpecDocument } from '../../harness/spec-source.ts';
import { statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { discover } from '../support/discovery.ts';
import { walkPages } from '../support/page-walk.ts';
import type { Session } from '../support/session.ts';
import { operation, yamlDocument } from '../../harness/spec-operations.ts';
import { appliesToProfile } from '../../harness/behaviour-meta.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';

interface PaginationEntry {
  operation: string;
  behaviour: string;
  /** The page size; a map by profile where the versions differ. */
  per_page: number | Record<string, number>;
  statement?: string | Record<string, string>;
  /** The panel profiles the entry holds for (default: v0.7.19 only). */
  profiles?: string[];
}

/** Pages read before the one past the end: enough to see a next and a previous link on a panel that has them. */
const SAMPLE_PAGES = 3;

const ENTRIES = yamlDocument(fileURLToPath(new URL('./pagination.yaml', import.meta.url))) as PaginationEntry[];
const schemas = (readSpecDocument().components?.schemas ?? {}) as Record<string, OpenAPIV3.SchemaObject>;
const deref = (s: OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject | undefined): OpenAPIV3.SchemaObject | undefined =>
  s && '$ref' in s ? schemas[s.$ref.split('/').pop() as string] : s;

/**
 * The list's item type as the spec says it: its `object` name, the relationships it may include on
 * request, and those it always carries (a transformer's default includes, e.g. 1.x's client server:
 * allocations and variables, v1.11.8:app/Transformers/Api/Client/ServerTransformer.php#L19-L21).
 */
function listItem(operationId: string): { object: string; relationships: string[]; defaults: string[] } {
  const op = operation(operationId);
  const list = deref(op.responses['200']?.content?.['application/json']?.schema);
  const meta = deref(list?.properties?.['meta']);
  const item = deref((deref(list?.properties?.['data']) as OpenAPIV3.ArraySchemaObject | undefined)?.items);
  const object = deref(item?.properties?.['object'])?.enum?.[0];
  // The list is data: an entry the spec does not back (no paginated list of typed items) is a mistake.
  if (!deref(meta?.properties?.['pagination']) || typeof object !== 'string') {
    throw new SuiteError(`suites/contract/pagination.yaml: ${operationId} does not answer a paginated list of typed items in the spec`);
  }
  const attributes = deref(item?.properties?.['attributes']);
  const relationshipSchema = deref(attributes?.properties?.['relationships']);
  const defaults = attributes?.required?.includes('relationships') ? (relationshipSchema?.required ?? []) : [];
  const relationships = Object.keys(relationshipSchema?.properties ?? {}).filter((name) => !defaults.includes(name));
  return { object, relationships, defaults };
}

/** Path parameters of a paginated list: the parent the run discovered (only allocations have one). */
async function listParams(s: Session, operationId: string): Promise<Record<string, number>> {
  const params: Record<string, number> = {};
  for (const p of operation(operationId).parameters.filter((q) => q.in === 'path')) {
    if (p.name !== 'node') throw new SuiteError(`suites/contract/pagination.test.ts: no discovered value for path parameter ${p.name} of ${operationId}`);
    params[p.name] = (await discover(s)).nodeId;
  }
  return params;
}

const profile = selectedProfile().id;
/** A value of the entry for this run's profile: the value itself, or its profile's in a map by profile. */
function forProfile<T extends number | string>(value: T | Record<string, T> | undefined, field: string, entry: PaginationEntry): T | undefined {
  if (value === undefined || typeof value !== 'object') return value;
  if (!(profile in value)) throw new SuiteError(`suites/contract/pagination.yaml: ${entry.behaviour} has no ${field} for profile ${profile}`);
  return value[profile];
}

// An entry of other profiles only may name an operation this profile's spec lacks: not generated.
for (const entry of ENTRIES.filter((e) => appliesToProfile(e, profile))) {
  const op = operation(entry.operation);
  const item = listItem(entry.operation);
  const perPage = forProfile(entry.per_page, 'per_page', entry) as number;
  const statement = forProfile(entry.statement, 'statement', entry);
  describe(statementPath(op), () => {
    conformance(
      statement ?? `${statementPath(op)} MUST answer a paginated list of ${perPage} per page with consistent pagination`,
      { operation: op.operationId, behaviour: entry.behaviour, effect: 'read', keys: [op.api === 'client' ? 'client' : 'application'], ...(entry.profiles ? { profiles: entry.profiles } : {}) },
      async (s) => {
        const params = await listParams(s, op.operationId);
        const walk = await walkPages(s, op.operationId, { params, perPage, maxPages: SAMPLE_PAGES });
        for (const name of item.relationships) walk.first.include(name, 'absent');
        const seen = new Map<string, number>();
        walk.items.forEach((d, i) => {
          if (d.object !== item.object) violate(`item ${i} of the list has object ${JSON.stringify(d.object)}, not ${JSON.stringify(item.object)}`, { kind: 'value', pointer: `/data/${i}/object`, expected: JSON.stringify(item.object), actual: JSON.stringify(d.object) });
          const relationships = d.attributes['relationships'];
          const extra = relationships === undefined ? [] : Object.keys(relationships ?? {}).filter((name) => !item.defaults.includes(name));
          if ((relationships !== undefined && item.defaults.length === 0) || extra.length > 0) violate(`item ${i} carries relationships ${JSON.stringify(extra.length > 0 ? extra : Object.keys(relationships ?? {}))} though no include was asked`, { kind: 'body', pointer: `/data/${i}/attributes/relationships` });
          const key = String(d.attributes['id'] ?? d.attributes['uuid']);
          const page = Math.floor(i / perPage) + 1;
          const earlier = seen.get(key);
          if (earlier !== undefined) violate(`${item.object} ${key} is on page ${earlier} and on page ${page}`, { kind: 'listing' });
          seen.set(key, page);
        });
        const total = Number(walk.first.json.meta.pagination.total);
        const pastEnd = walk.totalPages + 1;
        (await call(s, op.operationId, { params, query: { page: pastEnd } })).status(200).paginated({ perPage, page: pastEnd, total });
      },
    );
  });
}
