import type { FailureRecord } from '../harness/failure.ts';
import type { ViolationKind } from '../harness/violation.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LegacyClaims } from '../harness/legacy-claims.ts';
import { operations } from '../harness/spec-operations.ts';
import { docsVerdictOf, failedOnContract, linkRows } from './behaviour-claims.ts';
import { fitsTemplate } from '../harness/legacy-claims.ts';
import { buildBehaviourDocument, publicUrl, type BehaviourRecord } from './behaviour-document.ts';
import { MapKeyCollapser } from './behaviour-map-keys.ts';
import { renderBehaviourMarkdown } from './behaviour-markdown.ts';
import { verdictBanner } from './behaviour-verdict.ts';
import type { ExchangeLogLine } from '../harness/exchange-log.ts';

const claims = parse(readFileSync(new URL('../spec/legacy-docs-claims.yaml', import.meta.url), 'utf8')) as LegacyClaims;

function line(partial: Partial<ExchangeLogLine> & Pick<ExchangeLogLine, 'method' | 'path' | 'status'>): ExchangeLogLine {
  return { operationId: null, suiteCaused429: false, headers: ['content-type'], ...partial };
}

const log: ExchangeLogLine[] = [
  line({ operationId: 'listUsers', method: 'GET', path: '/api/application/users', status: 200, rateLimit: 120, headers: ['content-type', 'x-ratelimit-limit'], behaviour: 'users.list', seq: 0, shape: '1.0', fields: { '': 'object', '/object': 'string', '/data': 'array', '/meta': 'object', '/meta/pagination': 'object' }, sample: { object: 'list', data: [] } }),
  line({ operationId: 'getUser', method: 'GET', path: '/api/application/users/1', status: 200, rateLimit: 120, behaviour: 'users.view', seq: 0, shape: '1.0', fields: { '': 'object', '/object': 'string', '/attributes': 'object', '/attributes/id': 'integer' } }),
  line({ operationId: 'listClientServers', method: 'GET', path: '/api/client', status: 200, rateLimit: 60, behaviour: 'client.list', seq: 0, shape: '1.0', fields: { '': 'object' } }),
  line({ operationId: 'createLocation', method: 'POST', path: '/api/application/locations', status: 422, rateLimit: 120, errorCodes: ['required', 'string'], behaviour: 'locations.create.validation', seq: 0, shape: '1.0', fields: { '': 'object', '/errors': 'array', '/errors/*': 'object', '/errors/*/code': 'string', '/errors/*/detail': 'string', '/errors/*/source': 'object' } }),
  line({ method: 'GET', path: '/api/client/account', status: 404, errorCodes: ['NotFoundHttpException'], behaviour: 'client.account.get-account.not-routed', seq: 0, shape: '1.0', fields: { '': 'object' } }),
  line({ method: 'PATCH', path: '/api/application/servers/1/databases/9', status: 405, errorCodes: ['MethodNotAllowedHttpException'], behaviour: 'legacy-docs.application.servers.update-server-database', seq: 0, shape: '1.0', fields: { '': 'object' } }),
];

const behaviours: BehaviourRecord[] = [
  { id: 'users.list', statement: 'GET /api/application/users MUST list users', file: 'suites/application/users.test.ts', category: 'application/users', operation: 'listUsers', outcome: 'passed' },
  { id: 'users.view', statement: 'GET /api/application/users/{user} MUST show the user', file: 'suites/application/users.test.ts', category: 'application/users', operation: 'getUser', outcome: 'failed', message: 'getUser answered 200: 1 violation(s) of the spec\n  - [body] /attributes/email: expected present, got absent' },
  { id: 'client.account.get-account.not-routed', statement: 'GET /api/client/account MUST answer 404', file: 'suites/client/account.test.ts', category: 'client/account', outcome: 'passed' },
  { id: 'legacy-docs.rate-limit.application', statement: 'Legacy docs claim: the application API MUST allow 240 requests per minute', file: 'suites/legacy-docs/claims.test.ts', category: 'legacy-docs', operation: 'listLocations', outcome: 'known-deviation', reason: 'throttled at 120, not 240' },
  { id: 'legacy-docs.application.users.get-user.include', statement: 'Legacy docs claim: GET /api/application/users/{user}?include=servers MUST render each include', file: 'suites/legacy-docs/claims.test.ts', category: 'legacy-docs', operation: 'getUser', outcome: 'not-run', reason: 'needs the key role(s) application' },
  { id: 'contract.routing.unknown-path', statement: 'An unknown path MUST answer 404', file: 'suites/contract/routing.test.ts', category: 'contract/routing', outcome: 'passed' },
];

const document = buildBehaviourDocument({
  target: { mode: 'live', url: publicUrl('https://admin:pw@panel.example.com/?token=x'), label: 'live panel https://panel.example.com' },
  generatedAt: '2026-01-01T00:00:00.000Z',
  runId: 'ptero-conformance-test',
  settings: { allowWrites: true, allowDestructive: false, probeRateLimit: false, strictDocs: false },
  keyRoles: ['application', 'client'],
  operations: operations(),
  log,
  behaviours,
  claims,
  expectationLinks: new Map([['legacy-docs.rate-limit.application', 'spec/legacy-docs-claims.yaml discrepancy 6']]),
});

describe('the behaviour document', () => {
  it('lists every spec operation, exercised or not, and every operation only the legacy docs describe', () => {
    const spec = document.operations.filter((o) => o.operationId);
    expect(spec.map((o) => o.operationId)).toEqual(operations().map((o) => o.operationId));
    expect(spec).toHaveLength(46);
    expect(document.operations.find((o) => o.key === 'createUser')).toMatchObject({ exercised: false, statuses: {} });
    const legacyOnly = claims.operations.filter((o) => !o.in_v0_7);
    expect(document.operations.filter((o) => o.legacyClaim).map((o) => o.legacyClaim)).toEqual(legacyOnly.map((o) => o.id));
    expect(document.categories.slice(0, 6)).toEqual(['application/users', 'application/nodes', 'application/locations', 'application/servers', 'application/nests', 'client/servers']);
    expect(document.categories).toContain('client/backups');
    expect(document.target.url).toBe('https://panel.example.com');
  });

  it('records statuses with counts, headers, rate limits, error codes, fields and the example; behaviours and deviations per operation', () => {
    const listUsers = document.operations.find((o) => o.key === 'listUsers');
    expect(listUsers).toMatchObject({ exercised: true, requests: 1, rateLimit: [120], counts: { passed: 1, failed: 0, knownDeviations: 0, unexpectedPass: 0, notRun: 0 } });
    expect(listUsers?.statuses['200']).toMatchObject({ count: 1, documented: true, headers: ['content-type', 'x-ratelimit-limit'], rateLimit: [120], example: { object: 'list', data: [] }, behaviours: { 'users.list': 1 } });
    expect(listUsers?.statuses['200']?.fields['/meta/pagination']).toBe('object');
    const getUser = document.operations.find((o) => o.key === 'getUser');
    expect(getUser?.deviations).toEqual([{ behaviour: 'users.view', kind: 'failed', message: expect.stringContaining('/attributes/email') }]);
    expect(document.operations.find((o) => o.key === 'legacy:client.account.get-account')).toMatchObject({ exercised: true, category: 'client/account', statuses: { '404': { errorCodes: ['NotFoundHttpException'], rateLimited: false } } });
    expect(document.crossCutting.map((b) => b.id)).toEqual(['contract.routing.unknown-path']);
    expect(document.rateLimits).toEqual({ application: [120], client: [60] });
    expect(document.requests['users.list']).toEqual([['listUsers', '200', 0]]);
  });

  it('gives every claim of the legacy docs a verdict with its evidence', () => {
    const expected = claims.operations.length + claims.page_claims.length + claims.discrepancies.length + 5;
    expect(document.claims).toHaveLength(expected);
    for (const c of document.claims) {
      expect(['holds', 'false', 'not checked']).toContain(c.verdict);
      expect(c.evidence.length).toBeGreaterThan(0);
    }
    const byId = new Map(document.claims.map((c) => [c.id, c]));
    expect(byId.get('client.account.get-account')).toMatchObject({ verdict: 'false', evidence: ['documented GET /api/client/account: panel answered 404 NotFoundHttpException (1×), not routed'] });
    expect(byId.get('application.servers.update-server-database')?.evidence[0]).toContain('405 MethodNotAllowedHttpException (1×): the path exists for other methods only, not for PATCH');
    expect(byId.get('intro.rate-limit')).toMatchObject({ verdict: 'false' });
    expect(byId.get('intro.rate-limit')?.evidence[0]).toBe('rate limit 240/min: panel says X-RateLimit-Limit 120 (application) and 60 (client)');
    expect(byId.get('intro.error-example')?.evidence[0]).toMatch(/^422 answers of 1 operations \(createLocation\): one error per failed rule, codes required, string, with no status member$/);
    expect(byId.get('application.users.list-users')).toMatchObject({ verdict: 'holds', operation: 'listUsers' });
    // Exercised only without success, or not at all: not checked.
    expect(byId.get('application.users.create-user')).toMatchObject({ verdict: 'not checked', evidence: ['documented POST /api/application/users: the run sent no such request'] });
    expect(byId.get('application.users.get-user')?.evidence).toContain('"GET /api/application/users/{user}?include=servers MUST render each include" was not run: needs the key role(s) application');
    expect(byId.get('discrepancy-6')).toMatchObject({ verdict: 'false' });
    expect(byId.get('intro.deprecated')).toMatchObject({ verdict: 'not checked', evidence: ['informational: nothing about the panel to check'] });
  });

  it('renders as documentation: categories, per-operation statuses, and the claims', () => {
    const md = renderBehaviourMarkdown(document);
    expect(md).toContain('# What the panel\'s API does: live panel https://panel.example.com');
    for (const category of document.categories) expect(md).toContain(`## ${category}\n`);
    expect(md).toContain('### GET /api/application/users\n');
    // The verdict first, then the summary.
    expect(md.split('\n')[2]).toBe(verdictBanner(document)[0]);
    expect(md.indexOf('## Summary')).toBeGreaterThan(md.indexOf(verdictBanner(document)[0]!));
    expect(md).toContain('\n- **200** 1× · rate limit 120\n');
    expect(md).toContain('\n- **422** 1× · `required, string` · rate limit 120\n');
    // Passed behaviours are counted, not listed; field types stay in behavior.json.
    expect(md).toContain('Checks: 1 passed.');
    expect(md).not.toContain('✅ GET /api/application/users');
    expect(md).not.toContain('Field types');
    expect(md).toContain('**Not exercised** by this run.');
    expect(md).toContain('❌ **false**');
    expect(md).toContain('### Where the v0.7 pages are wrong');
    expect(md).not.toContain('pw@');
  });

  it('says per claim whether it holds for each profile: observed for the run\'s, from source (linked) for the other', () => {
    const md = renderBehaviourMarkdown(document);
    expect(md).toContain('| claim | verdict | v0.7.19 | v1.11 | evidence |');
    const row = md.split('\n').find((l) => l.startsWith('| #6: Rate limit 240/min'))!;
    expect(row).toContain('❌ **false** (observed)');
    expect(row).toContain('❌ **false** from source: [config/http.php#L14-L20](https://github.com/pterodactyl/panel/blob/v1.11.8/config/http.php#L14-L20)');
    expect(md).toMatch(/per profile: v0\.7\.19: \d+ hold, \d+ false, \d+ not checked \(\d+ observed, \d+ from source\); v1\.11: /);
  });

  it("links each operation's and each quirk's x-source to the panel source at v0.7.19", () => {
    const listUsers = document.operations.find((o) => o.operationId === 'listUsers')!;
    expect(listUsers.sources).toEqual([
      { source: 'v0.7.19:routes/api-application.php#L12-L12', url: 'https://github.com/pterodactyl/panel/blob/v0.7.19/routes/api-application.php#L12-L12' },
      { source: 'v0.7.19:app/Http/Controllers/Api/Application/Users/UserController.php#L71-L78', url: 'https://github.com/pterodactyl/panel/blob/v0.7.19/app/Http/Controllers/Api/Application/Users/UserController.php#L71-L78' },
    ]);
    const power = document.operations.find((o) => o.operationId === 'sendClientServerPower')!;
    expect(power.quirks?.find((q) => q.where === 'response 500')?.sources.map((l) => l.url)).toContain(
      'https://github.com/pterodactyl/daemon/blob/v0.6.13/src/middleware/authorizable.js#L79-L83',
    );
    // behavior.json carries them as data, behavior.md as Markdown links.
    expect(JSON.parse(JSON.stringify(document)).operations.find((o: { key: string }) => o.key === 'listUsers').sources).toHaveLength(2);
    const md = renderBehaviourMarkdown(document);
    // The first citation linked, the rest counted (behavior.json has them all).
    expect(md).toContain('Source: [routes/api-application.php#L12-L12](https://github.com/pterodactyl/panel/blob/v0.7.19/routes/api-application.php#L12-L12) and 1 more in behavior.json.');
    // A quirk links the citations its operation's Source line does not give.
    expect(md).toMatch(/- Quirk \(response 500\): An unknown server identifier and daemon failures are 500s, not 404 or 504\. Source: \[app\/Http\/Middleware\/Api\/Client\/SubstituteClientApiBindings\.php#L25-L35\]\(https:\/\/github\.com\/pterodactyl\/panel\/blob\/v0\.7\.19\/app\/Http\/Middleware\/Api\/Client\/SubstituteClientApiBindings\.php#L25-L35\)/);
  });
});

describe('map keys', () => {
  it('collapses the keys a response schema leaves to the data (egg variables) into <key>, and keeps declared ones', () => {
    const spec = parse(readFileSync(new URL('../spec/pterodactyl-v0.7.yaml', import.meta.url), 'utf8')) as unknown;
    const getServer = operations().find((o) => o.operationId === 'getServer')!;
    const collapser = MapKeyCollapser.forResponse(spec, getServer, '200')!;
    const env = '/attributes/container/environment';
    expect(collapser.collapse({ [env]: 'object', [`${env}/STARTUP`]: 'string', [`${env}/VANILLA_VERSION`]: 'string', [`${env}/BUILD_NUMBER`]: 'null', '/attributes/name': 'string' })).toEqual({
      [env]: 'object',
      [`${env}/STARTUP`]: 'string',
      [`${env}/<key>`]: 'string|null',
      '/attributes/name': 'string',
    });
    // Through a list, an include and a $ref'd error response: nothing else is a map.
    const listServers = MapKeyCollapser.forResponse(spec, operations().find((o) => o.operationId === 'listServers')!, '200')!;
    expect(listServers.pointer(`/data/*${env}/SERVER_JARFILE`)).toBe(`/data/*${env}/<key>`);
    expect(listServers.pointer('/data/*/attributes/unknown/deeper')).toBe('/data/*/attributes/unknown/deeper');
    const notFound = MapKeyCollapser.forResponse(spec, getServer, '404')!;
    expect(notFound.pointer('/errors/*/meta/trace/*/file')).toBe('/errors/*/meta/trace/*/file');
  });
});

describe('claim verdict helpers', () => {
  const b = (partial: Partial<BehaviourRecord>): BehaviourRecord => ({ id: 'legacy-docs.x', statement: 'Legacy docs claim: x', file: 'f', category: 'legacy-docs', outcome: 'passed', ...partial });

  it('a docs-claim behaviour that failed on the stock spec\'s contract, before its claim, is not a verdict', () => {
    const failure = (kind: FailureRecord['kind'], ...violations: [ViolationKind, string][]): FailureRecord => ({
      kind,
      code: 'PTERO_CONFORMANCE',
      operation: 'getUser',
      status: 200,
      violations: violations.map(([k, pointer]) => ({ kind: k, pointer, expected: 'x', actual: 'y' })),
      reproduce: null,
      message: 'for people only',
    });
    const contract = failure('contract', ['header', '/headers/x-ratelimit-limit']);
    expect(failedOnContract(b({ outcome: 'known-deviation', reason: 'the legacy docs claim does not hold on this panel', failure: contract }))).toBe(true);
    expect(docsVerdictOf(b({ outcome: 'known-deviation', reason: 'the legacy docs claim does not hold on this panel', failure: contract })).verdict).toBe('not checked');
    // The message is never read: a contract-looking message with a behaviour's own violation is a verdict.
    const own = failure('behaviour', ['rate-limit', '/headers/x-ratelimit-limit']);
    expect(docsVerdictOf(b({ outcome: 'failed', message: 'getUser answered 200: 1 violation(s) of the spec\n  - [header] /x: expected 1, got 2', failure: own })).verdict).toBe('false');
    expect(failedOnContract(b({ outcome: 'failed', failure: failure('contract', ['header', '/a'], ['value', '/b']) }))).toBe(false);
    // A claim's own check that reports a body violation (documented fields missing) is a verdict.
    expect(docsVerdictOf(b({ outcome: 'failed', failure: failure('behaviour', ['body', '']) })).verdict).toBe('false');
    expect(docsVerdictOf(b({ outcome: 'known-deviation', reason: 'throttled at 120', failure: contract })).verdict).toBe('false');
    expect(docsVerdictOf(b({ outcome: 'failed', failure: { ...failure('unexpected-pass'), code: 'PTERO_UNEXPECTED_PASS' } })).verdict).toBe('holds');
    expect(docsVerdictOf(b({ outcome: 'failed', message: 'unexpected pass: legacy-docs.x is listed', failure: failure('behaviour', ['value', '']) })).verdict).toBe('false');
    expect(docsVerdictOf(b({ outcome: 'passed' })).verdict).toBe('holds');
  });

  it('reads discrepancy rows from expectation links, and fits paths to templates', () => {
    expect(linkRows('spec/legacy-docs-claims.yaml discrepancy 6; v0.7.19:app/Http/Kernel.php#L75-L89')).toEqual([6]);
    expect(linkRows('v0.7.19:app/Extensions/League/Fractal/Serializers/PterodactylSerializer.php#L7-L72')).toEqual([]);
    expect(fitsTemplate('/api/client/servers/{server}/files/list', '/api/client/servers/abcd1234/files/list')).toBe(true);
    expect(fitsTemplate('/api/client/servers/{server}', '/api/client/servers/abcd1234/files')).toBe(false);
  });
});

// A full default run writes behavior.md from ~850 behaviours over the 46 operations, ~1,800
// requests, the legacy docs' ~60 operations of their own and ~140 claims with a verdict per profile.
// No test runs the full default run (scripts/profile-v111-run.test.ts holds the v1.11 one to the
// bound), so a document of that size is built here: the Markdown must stay under 150 KB on it, as
// README promises, with everything still in the JSON.
describe('behavior.md of a full run', () => {
  const SIZE_LIMIT = 150_000;
  const longText = (label: string, n: number) => `${label}: ${'the panel answers this in its own way, '.repeat(n)}`.slice(0, 40 * n);
  const sample = (op: string) => ({
    object: op.toLowerCase(),
    attributes: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`field_${i}`, i % 3 === 0 ? `value-${'x'.repeat(30)}` : i % 3 === 1 ? i * 1000 : null])),
    relationships: { items: { object: 'list', data: [{ object: 'item', attributes: { id: 1, name: 'x'.repeat(50) } }, { object: 'item', attributes: { id: 2 } }] } },
  });
  const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '1');
  const fullLog: ExchangeLogLine[] = [];
  const fullBehaviours: BehaviourRecord[] = [];
  for (const [index, op] of operations().entries()) {
    // A run sees some of the documented statuses, not all.
    const statuses = Object.keys(op.responses).filter((s) => /^\d{3}$/.test(s)).slice(0, 4);
    for (const status of statuses) {
      const ok = status.startsWith('2');
      const errorCodes = ok ? undefined : status === '422' ? ['required', 'string', 'max.string'] : [`Http${status}Exception`];
      // Error answers carry the panel's generic detail (debug off), a few their own.
      const detail = status === '404' ? `The ${op.operationId} answer ${status} says why in some detail.` : 'An error was encountered while processing this request.';
      const body = ok ? sample(op.operationId) : { errors: (errorCodes ?? []).map((code) => ({ code, status, detail })) };
      for (let seq = 0; seq < 6; seq++) {
        fullLog.push(line({ operationId: op.operationId, method: op.method.toUpperCase(), path: concrete(op.path), status: Number(status), rateLimit: status === '401' ? undefined : 120, headers: ['content-type', 'x-ratelimit-limit', 'x-ratelimit-remaining', ...(status === '429' ? ['retry-after', 'x-ratelimit-reset'] : [])], errorCodes, behaviour: `${op.operationId}.b${seq}`, seq, shape: `1.${status}`, fields: { '': 'object', '/object': 'string' }, sample: seq === 0 ? body : undefined }));
      }
    }
    for (let i = 0; i < 18; i++) {
      const deviating = i === 0 && index % 6 === 0;
      fullBehaviours.push({
        id: `${op.operationId}.b${i}`,
        statement: `${op.method.toUpperCase()} ${op.path} MUST behave as the spec says in respect ${i}`,
        file: `suites/${op.tags[0] ?? 'x'}.test.ts`,
        category: op.tags[0] ?? 'x',
        operation: op.operationId,
        outcome: deviating ? 'known-deviation' : 'passed',
        ...(deviating ? { reason: longText('accepted', 6), message: `known deviation: ${longText(`${op.operationId} answered 200: 1 violation(s) of the spec`, 8)}` } : {}),
      });
    }
  }
  for (const [index, legacy] of claims.operations.filter((o) => !o.in_v0_7).entries()) {
    for (let seq = 0; seq < 3; seq++) fullLog.push(line({ method: legacy.method, path: concrete(legacy.path), status: 404, errorCodes: ['NotFoundHttpException'], behaviour: `legacy-docs.${legacy.id}`, seq, shape: '1.404', fields: { '': 'object' }, sample: { errors: [{ code: 'NotFoundHttpException', status: '404', detail: `The route ${concrete(legacy.path).slice(1)} could not be found.` }] } }));
    fullBehaviours.push({ id: `legacy-docs.${legacy.id}`, statement: `Legacy docs claim: ${legacy.method} ${legacy.path} MUST answer as documented`, file: 'suites/legacy-docs/claims.test.ts', category: 'legacy-docs', ...(index % 4 === 0 ? { outcome: 'known-deviation' as const, reason: longText('not routed on 0.7', 4), message: `known deviation: ${longText('not routed', 5)}` } : { outcome: 'passed' as const }) });
  }
  for (let i = 0; i < 120; i++) fullBehaviours.push({ id: `contract.cross.b${i}`, statement: `Every answer MUST keep contract ${i}`, file: 'suites/contract/cross.test.ts', category: 'contract/cross', outcome: 'passed' });
  const full = buildBehaviourDocument({
    target: { mode: 'mock', url: 'http://127.0.0.1:1', label: 'the embedded mock panel' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    runId: 'ptero-conformance-full',
    settings: { allowWrites: true, allowDestructive: true, probeRateLimit: true, strictDocs: false },
    keyRoles: ['application', 'client'],
    operations: operations(),
    log: fullLog,
    behaviours: fullBehaviours,
    claims,
    expectationLinks: new Map(),
  });

  it(`stays under ${SIZE_LIMIT / 1000} KB on a document the size of a full run, the JSON keeping every behaviour and citation`, () => {
    // The document is the size of a full run: every operation exercised, the behaviours and claims of one.
    expect(full.operations.filter((o) => o.exercised)).toHaveLength(full.operations.length);
    expect(fullBehaviours.length).toBeGreaterThan(900);
    expect(full.claims.length).toBeGreaterThan(130);
    const md = renderBehaviourMarkdown(full);
    expect(Buffer.byteLength(md)).toBeLessThan(SIZE_LIMIT);
    // What the Markdown leaves out is in the JSON: every behaviour, every operation's citations.
    const json = JSON.stringify(full);
    for (const b of fullBehaviours) expect(json).toContain(`"${b.id}"`);
    const withSources = full.operations.filter((o) => (o.sources?.length ?? 0) > 1);
    expect(withSources.length).toBeGreaterThan(0);
    for (const o of withSources) expect(md).toContain(`and ${o.sources!.length - 1} more in behavior.json`);
  });
});
