import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { OperationInfo } from '../harness/operation-index.ts';
import { ResponseContract } from '../harness/response-contract.ts';
import { formatViolations } from '../harness/violation-report.ts';
import { setNodeReachable } from './daemon/daemon-state.ts';
import type { OutgoingResponse } from './http/messages.ts';
import { jsonInputBag } from './http/json-body.ts';
import { parsePhpQuery } from './http/php-query.ts';
import { MockPanel } from './panel.ts';
import { checkStoreIntegrity, committedFailure, describeChanges, persistentState } from './store-invariants.ts';
import { fixtureKey } from './testing/fixture-keys.ts';

/*
 * Property-based fuzzing of the mock panel (fast-check): random methods, paths, headers, query
 * strings and bodies. For every request:
 *  - panel.handle never throws and answers within a time bound;
 *  - the answer is a documented response of the matched operation, valid against the spec (JSON
 *    Accept), or one of the documented non-operation envelopes (404 unknown path, 405 with Allow,
 *    OPTIONS 200, 413), or for a non-JSON Accept an HTML page / 302 redirect back (or JSON success);
 *  - the gates before the handler answer in the panel's order (array include → 500 before
 *    any middleware; then the key: 401 / 403; ACL 403; unknown route model 404; client access 500 /
 *    404), recomputed from the store as it was before the request;
 *  - the X-RateLimit-* headers count the shared per-IP window;
 *  - no 500 FatalThrowableError / ErrorException unless the spec documents it for that input;
 *  - the store invariants hold (mock/store-invariants.ts), a failed request changed nothing and a
 *    GET / HEAD changed nothing.
 * HEAD answers are checked apart: none may carry a body.
 *
 * FUZZ_SEED=<n> replays a run.
 */

const MAX_BODY_BYTES = 64 * 1024;
const TIME_BOUND_MS = 2_000;
const NUM_RUNS = 500;

const contract = await ResponseContract.load();
const OPERATIONS = contract.index.operations;

/* ------------------------------------------------------------------------------------------ */
/* Generators                                                                                 */
/* ------------------------------------------------------------------------------------------ */

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  ip: string;
  /** Whether Laravel's expectsJson() holds for the request's Accept / X-Requested-With pair. */
  json: boolean;
}

const SEED_UUID_SHORTS = ['c4af8e6d', '68a142ab', '5509a0e3', '83cfa342', '7089125d', '029b6eb1', '589f5b4a', '9ee4910e', '5018da9e', '857efc56'];

const weirdSegment = fc.oneof(
  fc.constantFrom('0', '-1', '1abc', ' 2', '1.5', '1e2', '%20', 'abc', '..', '%2e%2e', '%00', '%ZZ', 'ü', '%C3%BC', '%F0%9F%98%80', 'null', 'undefined', '[]', '9'.repeat(30)),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constant('a'.repeat(5000)),
  fc.constant('é'.repeat(600)),
);

/** A value for one path parameter of a template. */
function segmentFor(name: string): fc.Arbitrary<string> {
  switch (name) {
    case 'external_id':
      return fc.oneof(fc.constantFrom('whmcs-client-2', 'whmcs-srv-1001', 'rust-weekly', 'WHMCS-SRV-1001', 'no-such-id'), weirdSegment);
    case 'force':
      return fc.oneof(fc.constantFrom('force', 'FORCE', 'soft', 'details'), weirdSegment);
    default:
      break;
  }
  return fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 1, max: 12 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('999', '21', '36', '48', '65', '66') },
    { weight: 2, arbitrary: weirdSegment },
  );
}

const clientServerSegment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SEED_UUID_SHORTS) },
  { weight: 1, arbitrary: fc.constantFrom('C4AF8E6D', 'c4af8e6d%20', 'deadbeef', 'c4af8e6') },
  { weight: 2, arbitrary: weirdSegment },
);

const templatePath = fc.constantFrom(...OPERATIONS).chain((info) => {
  const names = [...info.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const segments = names.map((name) => (info.api === 'client' && name === 'server' ? clientServerSegment : segmentFor(name)));
  return fc.tuple(fc.constant(info), fc.tuple(...segments)).map(([op, values]) => {
    let i = 0;
    return { path: op.path.replace(/\{[^}]+\}/g, () => values[i++] as string), operationId: op.operationId as string | undefined, api: op.api as 'application' | 'client' | undefined };
  });
});

const unknownPath = fc.oneof(
  fc.constantFrom(
    '/',
    '/api',
    '/api/application',
    '/api/client/servers',
    '/api/application/users/1/extra',
    '/api/application/servers/1/details/more',
    '/api/client/servers/c4af8e6d/files',
    '/api/client/account',
    '/api/application/database-hosts',
    '/api/application/nodes/1/allocations/7/extra',
    '/__control/reset',
    '/api/v1/users',
    '/api/application/ünïcödé',
  ),
  fc.tuple(fc.constantFrom('/api/application/', '/api/client/', '/'), weirdSegment).map(([a, b]) => a + b),
);

const pathArb = fc.oneof(
  { weight: 8, arbitrary: templatePath },
  { weight: 1, arbitrary: unknownPath.map((path) => ({ path, operationId: undefined, api: undefined })) },
);

const methodArb = fc.oneof(
  { weight: 20, arbitrary: fc.constant('') }, // the template's own method
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('TRACE', 'CONNECT', 'PROPFIND', 'FOO', 'get', 'Patch') },
);

const INCLUDE_NAMES = [
  'servers', 'allocations', 'user', 'subusers', 'pack', 'nest', 'egg', 'variables', 'location', 'node', 'databases',
  'nodes', 'server', 'eggs', 'config', 'script', 'password', 'host', 'parent', 'servers.allocations', 'allocations.server',
  'servers.user', 'nodes.allocations', 'eggs.variables', 'variables.parent', 'servers.databases.host', 'unknown', ' servers ', '', 'a:b(1)',
];

const queryValue = fc.oneof(
  fc.constantFrom('1', '2', '0', '-1', 'abc', '1.5', '', '99999999999999999999', 'alpha', 'whmcs', 'all', 'owner', 'admin', 'subuser-of'),
  fc.string({ maxLength: 20 }),
  fc.constant('x'.repeat(3000)),
);

const queryPair: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constant('include'), fc.array(fc.constantFrom(...INCLUDE_NAMES), { maxLength: 4 }).map((n) => n.join(','))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('include[]', 'include[0]', 'include[a]'), fc.constantFrom(...INCLUDE_NAMES)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('page', 'page[]', 'search', 'search[]', 'filter', 'per_page', 'signal', 'command'), queryValue) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), queryValue) },
);

const queryArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.array(queryPair, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([pairs, encode]) =>
      pairs.map(([k, v]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v.replace(/[&#]/g, '')}`)).join('&'),
    ),
  },
);

/** Accept / X-Requested-With pairs and what Laravel's expectsJson() makes of them. */
const ACCEPTS: { accept?: string; xhr?: boolean; json: boolean }[] = [
  { accept: 'application/json', json: true },
  { accept: 'application/vnd.pterodactyl.v1+json', json: true },
  { accept: 'text/html;q=0.5, application/json', json: true },
  { accept: 'application/json, text/html', json: true },
  { accept: 'text/html', json: false },
  { accept: 'text/html, application/json', json: false },
  { accept: 'application/json;q=0.1, text/html', json: false },
  { accept: '*/*', json: false },
  { accept: '*/*', xhr: true, json: true },
  { xhr: true, json: true },
  { accept: 'text/html', xhr: true, json: false },
  { json: false },
  { accept: 'application/xml', json: false },
];

/** Seed key memo prefixes (fixtures/seed.yaml api_keys). */
const KEY_NAMES = [
  'app-full', 'app-read-only', 'app-none', 'app-owner-not-root', 'app-ip-restricted', 'app-users-read-only', 'app-write-only',
  'client-owner', 'client-subuser-limited', 'client-subuser-power', 'client-root-admin', 'client-stranger', 'client-ip-loopback',
  'client-ip-lan-only', 'client-owner-msmith', 'client-owner-kwilliams', 'client-owner-alpha',
];

type AuthChoice = { kind: 'key'; name: string; variant: 'plain' | 'lower-identifier' | 'trailing-space-identifier' | 'extra-char' | 'lowercase-bearer' } | { kind: 'raw'; value: string | undefined };

const authArb: fc.Arbitrary<AuthChoice> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('key' as const),
      name: fc.constantFrom(...KEY_NAMES),
      variant: fc.constantFrom('plain', 'plain', 'plain', 'plain', 'lower-identifier', 'trailing-space-identifier', 'extra-char', 'lowercase-bearer'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      value: fc.oneof(
        fc.constantFrom(undefined, '', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer short', 'Bearer ' + 'x'.repeat(4000), 'Bearer ünïcödé-ünïcödé-ünïcödé-ünïcödé'),
        fc.stringMatching(/^[A-Za-z0-9]{48}$/).map((t) => `Bearer ${t}`),
      ),
    }),
  },
);

const APP_KEYS = KEY_NAMES.filter((k) => k.startsWith('app-'));
const CLIENT_KEYS = KEY_NAMES.filter((k) => k.startsWith('client-'));

/** Mostly a key that can pass on the operation's API (app-full, or a client key), so requests get past authentication. */
const authFor = (api: 'application' | 'client' | undefined): fc.Arbitrary<AuthChoice> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<AuthChoice>({ kind: 'key', name: api === 'client' ? 'client-owner' : 'app-full', variant: 'plain' }) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(...(api === 'client' ? CLIENT_KEYS : APP_KEYS)).map((name): AuthChoice => ({ kind: 'key', name, variant: 'plain' })),
    },
    { weight: 3, arbitrary: authArb },
  );

/** Bearer values of the seed keys, read once: a sequence may delete a key's user (and the key) before using it. */
const bearers = new Map<string, string>();

function authorizationOf(auth: AuthChoice): string | undefined {
  if (auth.kind === 'raw') return auth.value;
  const bearer = bearers.get(auth.name);
  if (bearer === undefined) throw new Error(`no fixture key ${auth.name}`);
  switch (auth.variant) {
    case 'plain':
      return `Bearer ${bearer}`;
    case 'lower-identifier':
      return `Bearer ${bearer.slice(0, 16).toLowerCase()}${bearer.slice(16)}`;
    case 'trailing-space-identifier':
      return `Bearer ${bearer.slice(0, 14)}  ${bearer.slice(16)}`;
    case 'extra-char':
      return `Bearer ${bearer}x`;
    case 'lowercase-bearer':
      return `bearer ${bearer}`;
  }
}

/** Request bodies of the coverage cases (mock/spec-coverage-cases.yaml), per operation: starting points for mutations. */
const VALID_BODIES: Record<string, Record<string, unknown>[]> = (() => {
  const file = parse(readFileSync(fileURLToPath(new URL('./spec-coverage-cases.yaml', import.meta.url)), 'utf8')) as {
    operations: Record<string, { base?: { body?: unknown }; cases: Record<string, unknown> }>;
  };
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [operationId, entry] of Object.entries(file.operations)) {
    const bodies: Record<string, unknown>[] = [];
    const add = (b: unknown) => {
      if (b !== null && typeof b === 'object' && !Array.isArray(b) && Object.keys(b).length > 0) bodies.push(b as Record<string, unknown>);
    };
    add(entry.base?.body);
    for (const c of Object.values(entry.cases)) for (const one of Array.isArray(c) ? c : [c]) add((one as { body?: unknown } | null)?.body);
    if (bodies.length > 0) out[operationId] = bodies;
  }
  return out;
})();
const ALL_VALID_BODIES = Object.values(VALID_BODIES).flat();

const junk = fc.jsonValue({ maxDepth: 3 });

/** A valid-looking body (of the operation when it has some) with up to three mutations (drop, junk, unknown key, stringify, null, "", nested junk, upper case, padding). */
const mutatedBody = (own: Record<string, unknown>[] | undefined) => fc
  .tuple(own ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_VALID_BODIES) }) : fc.constantFrom(...ALL_VALID_BODIES), fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'junk', 'unknown', 'string', 'null', 'empty', 'deep', 'upper', 'padded'), junk), { minLength: 0, maxLength: 3 }))
  .map(([body, mutations]) => {
    const out: Record<string, unknown> = structuredClone(body);
    for (const [pick, kind, value] of mutations) {
      const keys = Object.keys(out);
      const key = keys[pick % Math.max(1, keys.length)] ?? 'name';
      switch (kind) {
        case 'drop':
          delete out[key];
          break;
        case 'junk':
          out[key] = value;
          break;
        case 'unknown':
          out[`unknown_${pick % 7}`] = value;
          break;
        case 'string':
          out[key] = typeof out[key] === 'object' ? JSON.stringify(out[key]) : String(out[key]);
          break;
        case 'null':
          out[key] = null;
          break;
        case 'empty':
          out[key] = '';
          break;
        case 'upper':
          // Unique columns compare case-insensitively (utf8mb4_unicode_ci).
          if (typeof out[key] === 'string') out[key] = (out[key] as string).toUpperCase();
          break;
        case 'padded':
          // TrimStrings (except passwords).
          if (typeof out[key] === 'string' || typeof out[key] === 'number') out[key] = `  ${String(out[key])} `;
          break;
        case 'deep': {
          const inner = out[key];
          if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
            const innerKeys = Object.keys(inner);
            const innerKey = innerKeys[pick % Math.max(1, innerKeys.length)] ?? 'x';
            out[key] = { ...(inner as object), [innerKey]: value };
          }
          break;
        }
      }
    }
    return out;
  });

interface BodyChoice {
  raw: string;
  /** A JSON body of about this many bytes with very long string values instead of `raw`. */
  huge?: number;
  contentType?: string;
}

/** The body of the matched operation's coverage cases, mutated, when it has one. */
const bodyArb = (operationId: string | undefined): fc.Arbitrary<BodyChoice> => {
  const own = operationId ? VALID_BODIES[operationId] : undefined;
  const jsonCt = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/vnd.pterodactyl.v1+json', 'text/json');
  return fc.oneof(
    { weight: own ? 2 : 8, arbitrary: fc.constant({ raw: '' }) },
    { weight: 1, arbitrary: jsonCt.map((contentType) => ({ raw: '', contentType })) },
    ...(own ? [{ weight: 6, arbitrary: fc.tuple(fc.constantFrom(...own), jsonCt).map(([b, contentType]) => ({ raw: JSON.stringify(b), contentType })) }] : []),
    { weight: own ? 10 : 3, arbitrary: fc.tuple(mutatedBody(own), jsonCt).map(([b, contentType]) => ({ raw: JSON.stringify(b), contentType })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('{"name":', '{', '[1,2', 'nul', '{"a":1}}', '\u0000', '{"ports":["1",]}'), jsonCt).map(([raw, contentType]) => ({ raw, contentType })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('null', '1', '"str"', 'true', '[]', '[1,"a"]', '[{"name":"x"}]', '{}'), jsonCt).map(([raw, contentType]) => ({ raw, contentType })) },
    { weight: 2, arbitrary: fc.tuple(junk, jsonCt).map(([v, contentType]) => ({ raw: JSON.stringify(v), contentType })) },
    // Built when the request is materialised, so counterexamples stay readable.
    { weight: 1, arbitrary: fc.constantFrom(40_000, 70_000).map((huge) => ({ raw: '', huge, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('name=x&ports[]=30000&ip=192.0.2.1', 'include[]=servers', 'signal=start', 'command=say+hi', 'a[b][c]=1&a[b][]=2', '%ZZ=1').map((raw) => ({
        raw,
        contentType: 'application/x-www-form-urlencoded',
      })),
    },
    { weight: 1, arbitrary: fc.constantFrom('{"signal":"start"}', 'plain text').map((raw) => ({ raw, contentType: 'text/plain' })) },
  );
};

const acceptArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ACCEPTS.slice(0, 2)) }, { weight: 2, arbitrary: fc.constantFrom(...ACCEPTS) });
const ipArb = fc.oneof({ weight: 5, arbitrary: fc.constant('127.0.0.1') }, { weight: 1, arbitrary: fc.constantFrom('10.1.2.3', '192.168.1.5', '::1', '::ffff:127.0.0.1') });

const requestArb = fc
  .record({ target: pathArb, method: methodArb, query: queryArb, accept: acceptArb, ip: ipArb })
  .chain((r) => fc.record({ r: fc.constant(r), auth: authFor(r.target.api), body: bodyArb(r.target.operationId) }));

type GeneratedRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function materialise(g: GeneratedRequest): FuzzRequest {
  const { r, body, auth } = g;
  const method = r.method || (r.target.operationId ? contract.index.get(r.target.operationId).method.toUpperCase() : 'GET');
  const headers: Record<string, string> = { host: 'panel.test' };
  if (r.accept.accept !== undefined) headers['accept'] = r.accept.accept;
  if (r.accept.xhr) headers['x-requested-with'] = 'XMLHttpRequest';
  const authorization = authorizationOf(auth);
  if (authorization !== undefined) headers['authorization'] = authorization;
  if (body.contentType) headers['content-type'] = body.contentType;
  return {
    method,
    url: r.query ? `${r.target.path}?${r.query}` : r.target.path,
    headers,
    body: Buffer.from(body.huge ? JSON.stringify({ name: 'x'.repeat(body.huge), short: 'ü'.repeat(body.huge / 4) }) : body.raw),
    ip: r.ip,
    json: r.accept.json,
  };
}

const setupArb = fc.record({
  debug: fc.boolean(),
  nodes: fc.constantFrom<Record<string, boolean>>({}, {}, {}, { '1': false }, { '2': true }, { '3': false }),
  requests: fc.array(requestArb, { minLength: 1, maxLength: 3 }),
});

/* ------------------------------------------------------------------------------------------ */
/* Oracle                                                                                      */
/* ------------------------------------------------------------------------------------------ */

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function jsonBody(response: OutgoingResponse): { errors?: { code?: string; status?: string }[] } | undefined {
  try {
    return JSON.parse(response.body) as { errors?: { code?: string; status?: string }[] };
  } catch {
    return undefined;
  }
}

const hasRateLimitHeaders = (headers: Record<string, string>) => 'x-ratelimit-limit' in headers || 'x-ratelimit-remaining' in headers;
const isHtml = (headers: Record<string, string>) => (headers['content-type'] ?? '').startsWith('text/html');

/**
 * The request's input as Laravel merges it: query, then the body: the JSON bag when the
 * Content-Type contains /json or +json (case-sensitive; decoding unit-tested in http/json-body.test.ts),
 * else a form body for POST (type matched case-insensitively by PHP) or PUT/PATCH/DELETE (exact prefix).
 */
function inputOf(req: FuzzRequest): Record<string, unknown> {
  const query = parsePhpQuery(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  const contentType = req.headers['content-type'] ?? '';
  const method = req.method.toUpperCase();
  const form = 'application/x-www-form-urlencoded';
  let body: Record<string, unknown> = {};
  if (contentType.includes('/json') || contentType.includes('+json')) body = jsonInputBag(req.body);
  else if (method === 'POST' ? contentType.split(/[;, ]/, 1)[0]?.toLowerCase() === form : ['PUT', 'PATCH', 'DELETE'].includes(method) && contentType.startsWith(form)) {
    body = parsePhpQuery(req.body.toString('utf8'));
  }
  return { ...query, ...body };
}

const isArrayLike = (value: unknown) => value !== null && typeof value === 'object';

/** The documented 500 FatalThrowableError / ErrorException inputs. */
function documentedFatal(panel: MockPanel, op: OperationInfo, params: Record<string, string>, req: FuzzRequest, code: string): boolean {
  const input = inputOf(req);
  if (code === 'ErrorException') {
    if (isArrayLike(input['include'])) return true; // 4.4: array include
    // 2.7 "PHP notices and warnings": an array that reaches a string context (PDO binding, a string
    // rule, …) raises "Array to string conversion".
    if (Object.entries(input).some(([key, value]) => key !== 'include' && isArrayLike(value))) return true;
    if (op.operationId === 'updateServerBuild') {
      const features = input['feature_limits'];
      if (!isArrayLike(features) || !Object.prototype.hasOwnProperty.call(features, 'allocations')) return true; // 5.7 (a)
    }
    return false;
  }
  if (code !== 'FatalThrowableError') return false;
  if (['listUsers', 'listNodes', 'listLocations'].includes(op.operationId) && isArrayLike(input['search'])) return true; // 5.11
  if (op.api === 'client' && op.path.startsWith('/api/client/servers/')) {
    const wanted = (params['server'] ?? '').replace(/ +$/, '').toLowerCase();
    if (!panel.store.first('servers', (s) => s.uuidShort.toLowerCase() === wanted)) return true; // 2.3: unknown identifier
  }
  const includes = typeof input['include'] === 'string' ? input['include'].split(',').map((s) => s.trim()) : [];
  // 4.4: the allocation `server` include of an unassigned allocation (also nested under a node's allocations).
  if (['listNodeAllocations'].includes(op.operationId) && includes.some((i) => i === 'server' || i.startsWith('server.'))) return true;
  if (['listNodes', 'getNode', 'updateNode', 'createNode'].includes(op.operationId) && includes.some((i) => i === 'allocations.server' || i.startsWith('allocations.server.'))) {
    return true;
  }
  return false;
}

/* The gates before the handler, recomputed from the store as it was before the request. */

type Gate = { status: 401 | 403 | 404 | 500; code: string; why: string } | 'pass' | 'unknown';

const PARAM_TABLES = { allocation: 'allocations', database: 'databases', egg: 'eggs', location: 'locations', nest: 'nests', node: 'nodes', server: 'servers', user: 'users' } as const;

/** An IPv4 address as a number, or undefined. */
function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return (((parts[0] as number) << 24) >>> 0) + ((parts[1] as number) << 16) + ((parts[2] as number) << 8) + (parts[3] as number);
}

/** Whether `ip` is allowed by a key's list; undefined when the list holds forms this oracle does not evaluate. */
function ipAllowed(ip: string, entries: string[]): boolean | undefined {
  for (const entry of entries) {
    if (entry === ip) return true;
    const cidr = /^(.+)\/(\d{1,2})$/.exec(entry);
    if (cidr) {
      const base = ipv4(cidr[1] as string);
      const address = ipv4(ip);
      if (base === undefined) return undefined;
      if (address === undefined) continue;
      const bits = Number(cidr[2]);
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      if (((base & mask) >>> 0) === ((address & mask) >>> 0)) return true;
    } else if (ipv4(entry) === undefined && !/^[0-9a-f:]+$/i.test(entry)) return undefined;
  }
  return false;
}

/** A route id that MySQL's loose integer comparison surely resolves as written: plain digits (an id) or text with no leading number (nothing). */
function unambiguousId(segment: string): number | null | undefined {
  if (/^\d{1,15}$/.test(segment)) return Number(segment);
  if (!/^[\s+\-.\d]/.test(segment)) return null;
  return undefined;
}

function expectedGate(panel: MockPanel, op: OperationInfo, params: Record<string, string>, req: FuzzRequest): Gate {
  const store = panel.store;
  const header = req.headers['authorization'] ?? '';
  if (!header.startsWith('Bearer ') || header === 'Bearer ') return { status: 401, code: 'HttpException', why: 'no bearer token' };
  const bearer = header.slice('Bearer '.length);
  const identifier = bearer.slice(0, 16).replace(/ +$/, '').toLowerCase();
  const keyType = op.api === 'application' ? 2 : 1;
  const key = store.first('api_keys', (k) => k.key_type === keyType && k.identifier.toLowerCase() === identifier);
  if (!key || key.token !== bearer.slice(16)) return { status: 403, code: 'AccessDeniedHttpException', why: 'no such key of this type, or a wrong token' };
  const user = store.find('users', key.user_id);
  if (op.api === 'application' && !user?.root_admin) return { status: 403, code: 'AccessDeniedHttpException', why: 'the key owner is not a root admin' };
  if (key.allowed_ips && key.allowed_ips.length > 0) {
    if (req.ip.startsWith('::ffff:')) return 'unknown';
    const allowed = ipAllowed(req.ip, key.allowed_ips);
    if (allowed === undefined) return 'unknown';
    if (!allowed) return { status: 403, code: 'AccessDeniedHttpException', why: 'the IP is not in allowed_ips' };
  }
  if (op.api === 'client') {
    if (!op.path.startsWith('/api/client/servers/')) return 'pass';
    const wanted = (params['server'] ?? '').replace(/ +$/, '').toLowerCase();
    const server = store.first('servers', (s) => s.uuidShort.toLowerCase() === wanted);
    if (!server) return { status: 500, code: 'FatalThrowableError', why: 'an unknown server identifier' };
    const entitled = user?.root_admin || user?.id === server.owner_id || store.first('subusers', (s) => s.user_id === user?.id && s.server_id === server.id);
    if (!entitled) return { status: 404, code: 'NotFoundHttpException', why: 'the user has no access to the server' };
    return 'pass';
  }
  if (op.acl) {
    const bits = (key as unknown as Record<string, number>)[op.acl.column] ?? 0;
    if ((bits & (op.acl.bit === 'read' ? 1 : 2)) === 0) return { status: 403, code: 'AccessDeniedHttpException', why: `the key lacks ${op.acl.column} ${op.acl.bit}` };
  }
  for (const [name, raw] of Object.entries(params)) {
    if (!(name in PARAM_TABLES)) continue;
    const id = unambiguousId(raw);
    if (id === undefined) return 'unknown';
    if (id === null || !store.find(PARAM_TABLES[name as keyof typeof PARAM_TABLES], id)) {
      return { status: 404, code: 'NotFoundHttpException', why: `{${name}} ${JSON.stringify(raw.slice(0, 20))} matches no row` };
    }
  }
  return 'pass';
}

/** The gate outcome the panel's order predicts (array include first, then throttle, key, IP, ACL/access, existence). */
function judgeGates(op: OperationInfo, req: FuzzRequest, response: OutgoingResponse, headers: Record<string, string>, code: string | undefined, gate: Gate | undefined): string[] {
  const input = inputOf(req);
  // A HEAD answer has no body, so there is no code to compare.
  const codeDiffers = (expected: string) => req.method.toUpperCase() !== 'HEAD' && code !== expected;
  if (isArrayLike(input['include'])) {
    // Raised while the controller is built, before any middleware: no key needed, no rate-limit headers.
    if (response.status !== 500 || codeDiffers('ErrorException')) return [`an array include answered ${response.status} ${String(code)}, not 500 ErrorException`];
    if (hasRateLimitHeaders(headers)) return ['the array-include 500 carries rate-limit headers'];
    return [];
  }
  if (response.status === 429 || gate === undefined || gate === 'unknown') return [];
  if (gate === 'pass') {
    if (response.status === 401) return [`${op.operationId}: 401 although the key is valid`];
    const subuserCheck = op.operationId === 'sendClientServerCommand' || op.operationId === 'sendClientServerPower';
    if (response.status === 403 && !subuserCheck) return [`${op.operationId}: 403 although the key passes every check: ${response.body.slice(0, 200)}`];
    return [];
  }
  if (response.status !== gate.status || codeDiffers(gate.code)) return [`${op.operationId}: expected ${gate.status} ${gate.code} (${gate.why}), got ${response.status} ${String(code)}`];
  if (gate.status === 401 && headers['www-authenticate'] !== 'Bearer') return ['401 without WWW-Authenticate: Bearer'];
  return [];
}

interface Outcome {
  problems: string[];
}

/** Everything wrong with one answer (empty when it is as documented). */
function judge(panel: MockPanel, req: FuzzRequest, response: OutgoingResponse, elapsedMs: number, gateBefore: Gate | undefined): string[] {
  const problems: string[] = [];
  const headers = lower(response.headers);
  const path = req.url.split('?')[0] ?? '';
  const method = req.method.toUpperCase();
  const json = jsonBody(response);
  const code = json?.errors?.[0]?.code;
  // HEAD answers carry no body (checked in their own test), so there is no code to compare.
  const bodyExpected = req.json && method !== 'HEAD';
  if (elapsedMs > TIME_BOUND_MS) problems.push(`took ${Math.round(elapsedMs)} ms`);

  if (req.body.length > MAX_BODY_BYTES) {
    if (response.status !== 413) problems.push(`a body of ${req.body.length} bytes answered ${response.status}, not 413`);
    else if (bodyExpected && code !== 'PostTooLargeException') problems.push(`413 with code ${String(code)}`);
    else if (!req.json && method !== 'HEAD' && !isHtml(headers)) problems.push('413 is not HTML for a non-JSON Accept');
    if (hasRateLimitHeaders(headers)) problems.push('413 carries rate-limit headers');
    return problems;
  }

  const candidates = contract.index.matchPath(path);
  const lookup = method === 'HEAD' ? 'GET' : method;
  const match = candidates.find((c) => c.info.method.toUpperCase() === lookup);

  if (candidates.length === 0) {
    if (response.status !== 404) problems.push(`unknown path answered ${response.status}, not 404`);
    else if (bodyExpected && (code !== 'NotFoundHttpException' || json?.errors?.[0]?.status !== '404')) problems.push(`unknown path 404 with code ${String(code)}`);
    else if (!req.json && method !== 'HEAD' && !isHtml(headers)) problems.push('unknown path 404 is not HTML for a non-JSON Accept');
    if (hasRateLimitHeaders(headers)) problems.push('unknown-path 404 carries rate-limit headers');
    return problems;
  }

  if (!match) {
    const methods = new Set(candidates.map((c) => c.info.method.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    if (method === 'OPTIONS') {
      if (response.status !== 200) problems.push(`OPTIONS answered ${response.status}, not 200`);
      if (response.body !== '') problems.push('OPTIONS answered with a body');
      const allow = headers['allow'] ?? '';
      if (!/^[A-Z]+(,[A-Z]+)*$/.test(allow) || new Set(allow.split(',')).size !== methods.size || !allow.split(',').every((m) => methods.has(m))) {
        problems.push(`OPTIONS Allow "${allow}" is not the path's methods ${[...methods].join(',')} joined by ","`);
      }
      if (hasRateLimitHeaders(headers)) problems.push('OPTIONS answer carries rate-limit headers');
      return problems;
    }
    if (response.status !== 405) problems.push(`${method} on a path without it answered ${response.status}, not 405`);
    const allow = headers['allow'] ?? '';
    if (!/^[A-Z]+(, [A-Z]+)*$/.test(allow) || !allow.split(', ').every((m) => methods.has(m))) problems.push(`405 Allow "${allow}" malformed`);
    if (bodyExpected && code !== 'MethodNotAllowedHttpException') problems.push(`405 with code ${String(code)}`);
    if (!req.json && method !== 'HEAD' && !isHtml(headers)) problems.push('405 is not HTML for a non-JSON Accept');
    if (hasRateLimitHeaders(headers)) problems.push('405 carries rate-limit headers');
    return problems;
  }

  const op = match.info;
  const documented = contract.documentedStatuses(op.operationId);
  const success = response.status >= 200 && response.status < 300;
  if (req.json || success) {
    if (!documented.includes(String(response.status))) {
      problems.push(`${op.operationId} answered the undocumented status ${response.status}: ${response.body.slice(0, 300)}`);
    } else {
      let violations = contract.check(op.operationId, { status: response.status, headers, rawBody: response.body });
      // HEAD runs the GET route without a body.
      if (method === 'HEAD') violations = violations.filter((v) => v.kind !== 'body' && v.kind !== 'content-type');
      if (violations.length > 0) problems.push(formatViolations(violations));
    }
    if (req.json && response.status === 500 && (code === 'FatalThrowableError' || code === 'ErrorException') && !documentedFatal(panel, op, match.params, req, code)) {
      problems.push(`${op.operationId}: undocumented 500 ${code}: ${JSON.stringify(json?.errors?.[0]).slice(0, 400)}`);
    }
    if (req.json) problems.push(...judgeGates(op, req, response, headers, code, gateBefore));
  } else if (response.status === 302) {
    if (!headers['location']) problems.push('302 without Location');
  } else if (method !== 'HEAD' && !isHtml(headers)) {
    problems.push(`${op.operationId}: ${response.status} for a non-JSON Accept is not HTML`);
  } else if (!documented.includes(String(response.status))) {
    problems.push(`${op.operationId} answered the undocumented status ${response.status} (HTML)`);
  }
  return problems;
}

/** Runs a sequence of requests on a reset panel; every problem found, with the request that caused it. */
async function exercise(panels: Record<'stock' | 'debug', MockPanel>, setup: { debug: boolean; nodes: Record<string, boolean>; requests: GeneratedRequest[] }): Promise<Outcome> {
  const panel = setup.debug ? panels.debug : panels.stock;
  panel.reset();
  for (const [node, reachable] of Object.entries(setup.nodes)) setNodeReachable(panel, Number(node), reachable);
  const problems: string[] = [];
  // Group-throttle hits per client IP, shared by both APIs; reset with the panel.
  const hits = new Map<string, number>();
  for (const generated of setup.requests) {
    const req = materialise(generated);
    const before = persistentState(panel);
    const daemonKeysBefore = JSON.stringify(panel.store.all('daemon_keys').map((k) => k.id));
    const target = contract.index.matchPath(req.url.split('?')[0] ?? '').find((c) => c.info.method.toUpperCase() === (req.method.toUpperCase() === 'HEAD' ? 'GET' : req.method.toUpperCase()));
    const gate = target ? expectedGate(panel, target.info, target.params, req) : undefined;
    const journalLength = panel.journal.length;
    const started = performance.now();
    let response: OutgoingResponse;
    try {
      response = await panel.handle({ method: req.method, url: req.url, headers: req.headers, body: req.body, remoteAddress: req.ip, scheme: 'http' });
    } catch (error) {
      problems.push(`${show(req)}: panel.handle threw ${error instanceof Error ? error.stack : String(error)}`);
      break;
    }
    const elapsed = performance.now() - started;
    const found = judge(panel, req, response, elapsed, gate);
    if (target && req.body.length <= MAX_BODY_BYTES && !isArrayLike(inputOf(req)['include'])) {
      // The request went through the group throttle: X-RateLimit-* describe the shared per-IP window after it.
      const ip = req.ip.replace(/^::ffff:/, '');
      const used = (hits.get(ip) ?? 0) + 1;
      hits.set(ip, used);
      const limit = target.info.api === 'application' ? 120 : 60;
      const headers = lower(response.headers);
      if (headers['x-ratelimit-limit'] !== String(limit) || headers['x-ratelimit-remaining'] !== String(limit - used)) {
        found.push(`rate-limit headers ${String(headers['x-ratelimit-limit'])}/${String(headers['x-ratelimit-remaining'])}, expected ${limit}/${limit - used} after ${used} request(s) from ${ip}`);
      }
    }
    const operationId = panel.journal[journalLength]?.operationId ?? null;
    const code = jsonBody(response)?.errors?.[0]?.code;
    const failed = response.status >= 400 || response.status === 302;
    const changes = describeChanges(before, persistentState(panel));
    if (failed && changes.length > 0 && !committedFailure(operationId, response.status, code)) {
      found.push(`a failed request (${response.status} ${String(code ?? '')}) changed the store: ${changes.slice(0, 8).join('; ')}`);
    }
    if ((req.method.toUpperCase() === 'GET' || req.method.toUpperCase() === 'HEAD') && changes.length > 0) {
      found.push(`a ${req.method} request changed the store: ${changes.slice(0, 8).join('; ')}`);
    }
    // The integrity of an unchanged store was checked before (the seed's, or after the previous request).
    if (changes.length > 0 || JSON.stringify(panel.store.all('daemon_keys').map((k) => k.id)) !== daemonKeysBefore) {
      const integrity = checkStoreIntegrity(panel);
      if (integrity.length > 0) found.push(`store integrity broken: ${integrity.slice(0, 8).join('; ')}`);
    }
    for (const p of found) problems.push(`${show(req)} → ${response.status}${code ? ` ${code}` : ''}: ${p}`);
  }
  return { problems };
}

function show(req: FuzzRequest): string {
  const body = req.body.length > 300 ? `${req.body.subarray(0, 300).toString('utf8')}… (${req.body.length} bytes)` : req.body.toString('utf8');
  const url = req.url.length > 300 ? `${req.url.slice(0, 300)}…` : req.url;
  const shown = Object.entries(req.headers)
    .filter(([k]) => k !== 'host')
    .map(([k, v]) => `${k}: ${v.length > 80 ? `${v.slice(0, 80)}…` : v}`)
    .join(' | ');
  return `${req.method} ${url} [${shown}] [ip ${req.ip}]${body ? ` body ${body}` : ''}`;
}

/* ------------------------------------------------------------------------------------------ */
/* Properties                                                                                  */
/* ------------------------------------------------------------------------------------------ */

let panels: Record<'stock' | 'debug', MockPanel>;

beforeAll(async () => {
  panels = {
    stock: await MockPanel.create({ maxBodyBytes: MAX_BODY_BYTES }),
    debug: await MockPanel.create({ maxBodyBytes: MAX_BODY_BYTES, debug: true }),
  };
  for (const name of KEY_NAMES) bearers.set(name, fixtureKey(panels.stock, name));
});

describe('fuzz: the mock answers arbitrary traffic as documented', () => {
  it(`holds for ${NUM_RUNS} random request sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(setupArb, async (setup) => {
        const { problems } = await exercise(panels, setup);
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
      { numRuns: NUM_RUNS, ...(process.env['FUZZ_SEED'] ? { seed: Number(process.env['FUZZ_SEED']) } : {}) },
    );
  }, 60_000);

  it('HEAD answers never carry a body, whatever produced them (404, 405, 413, the array-include 500, HTML pages)', async () => {
    const headArb = fc.record({ debug: fc.boolean(), requests: fc.array(requestArb.map((g): GeneratedRequest => ({ ...g, r: { ...g.r, method: 'HEAD' as const } })), { minLength: 1, maxLength: 2 }) });
    await fc.assert(
      fc.asyncProperty(headArb, async (setup) => {
        const panel = setup.debug ? panels.debug : panels.stock;
        panel.reset();
        for (const generated of setup.requests) {
          const req = materialise(generated);
          const response = await panel.handle({ method: req.method, url: req.url, headers: req.headers, body: req.body, remoteAddress: req.ip, scheme: 'http' });
          // Symfony's Response::prepare() (and any HTTP server) drops the body of every HEAD answer.
          if (response.body !== '') throw new Error(`${show(req)} → ${response.status}: HEAD answered with a body: ${response.body.slice(0, 200)}`);
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('the generators reach operations, every documented status family and the non-operation envelopes', async () => {
    // A guard against a generator that silently stops producing interesting traffic.
    const statuses = new Set<number>();
    const operations = new Set<string>();
    for (const setup of fc.sample(setupArb, { numRuns: 150, seed: 7 })) {
      const panel = setup.debug ? panels.debug : panels.stock;
      panel.reset();
      for (const generated of setup.requests) {
        const req = materialise(generated);
        const journalLength = panel.journal.length;
        const response = await panel.handle({ method: req.method, url: req.url, headers: req.headers, body: req.body, remoteAddress: req.ip, scheme: 'http' });
        statuses.add(response.status);
        const op = panel.journal[journalLength]?.operationId;
        if (op) operations.add(op);
      }
    }
    for (const status of [200, 204, 302, 401, 403, 404, 405, 413, 422, 500]) expect(statuses.has(status), `status ${status} never produced`).toBe(true);
    expect(operations.size).toBeGreaterThan(30);
  }, 30_000);
});
