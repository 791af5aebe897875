import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BEHAVIOUR_FORMAT, mergeObservations, type BehaviourDocument, type ClaimRecord, type Observation, type OperationRecord, type StatusRecord } from './behaviour-document.ts';
import { diffBehaviourDocuments, groupChanges, renderDiffMarkdown, type ChangeKind, notComparable } from './behaviour-diff.ts';

// Crafted behaviour documents: each operation answers one request per listed status, sent by one
// behaviour per operation (`<key>.b`), in the order listed.

interface Answer {
  fields?: Record<string, string>;
  headers?: string[];
  codes?: string[];
  rateLimit?: number[];
  rateLimited?: boolean;
}

function statusRecord(answers: Answer[], behaviour: string): StatusRecord {
  const observations: Observation[] = answers.map((a) => ({ fields: a.fields ?? { '': 'object' }, headers: a.headers ?? ['content-type'], errorCodes: a.codes ?? [] }));
  const all = mergeObservations(observations);
  const rateLimit = answers.flatMap((a) => a.rateLimit ?? [120]);
  return {
    count: answers.length,
    documented: true,
    headers: all.headers,
    rateLimit: [...new Set(rateLimit)],
    contentTypes: ['application/json'],
    errorCodes: all.errorCodes,
    fields: all.fields,
    rateLimited: answers.some((a) => a.rateLimited ?? true),
    behaviours: { [behaviour]: answers.length },
    observations,
  };
}

type OpSpec = Record<string, Answer | Answer[]>;

function operation(key: string, statuses: OpSpec, exercised = true): OperationRecord {
  const behaviour = `${key}.b`;
  const records = Object.fromEntries(Object.entries(statuses).map(([s, a]) => [s, statusRecord(Array.isArray(a) ? a : [a], behaviour)]));
  const legacy = key.startsWith('legacy:');
  return {
    key,
    ...(legacy ? { legacyClaim: key.slice(7) } : { operationId: key }),
    method: 'GET',
    path: `/api/application/${key.replace(/[^a-z]/gi, '')}`,
    category: 'application/users',
    summary: key,
    documentedStatuses: Object.keys(statuses),
    exercised,
    requests: Object.keys(statuses).length,
    statuses: exercised ? records : {},
    rateLimit: exercised ? [...new Set(Object.values(records).flatMap((r) => r.rateLimit))].sort() : [],
    behaviours: [{ id: behaviour, statement: `${key} MUST answer`, file: 'suites/x.test.ts', category: 'application/users', operation: key, outcome: 'passed' }],
    counts: { passed: 1, failed: 0, knownDeviations: 0, unexpectedPass: 0, notRun: 0 },
    deviations: [],
  };
}

function documentOf(operations: OperationRecord[], claims: ClaimRecord[] = [], label = 'panel'): BehaviourDocument {
  const requests: BehaviourDocument['requests'] = {};
  for (const op of operations) {
    const refs: [string, string, number][] = [];
    for (const [status, r] of Object.entries(op.statuses)) for (let i = 0; i < r.observations.length; i++) refs.push([op.key, status, i]);
    if (refs.length) requests[`${op.key}.b`] = refs;
  }
  return {
    format: BEHAVIOUR_FORMAT,
    target: { mode: 'live', url: 'https://panel.example.com', label },
    generatedAt: '2026-01-01T00:00:00.000Z',
    verdict: { kind: 'conforms', line: 'conforms' },
    run: {
      id: 'run',
      settings: { allowWrites: true, allowDestructive: false, probeRateLimit: false, strictDocs: false },
      keyRoles: ['application'],
      requests: 1,
      failedRequests: 0,
      suiteCaused429: 0,
      behaviours: { passed: operations.length, failed: 0, knownDeviations: 0, unexpectedPass: 0, notRun: 0 },
      files: ['suites/x.test.ts'],
      operationsExercised: operations.filter((o) => o.exercised).length,
    },
    rateLimits: { application: [120], client: [] },
    categories: ['application/users'],
    operations,
    crossCutting: [],
    claims,
    requests,
  };
}

const user = { '': 'object', '/object': 'string', '/attributes': 'object', '/attributes/id': 'integer', '/attributes/external_id': 'string|null', '/attributes/email': 'string' };

function kinds(before: BehaviourDocument, after: BehaviourDocument): { kind: ChangeKind; breaking: boolean; subject?: string; status?: string }[] {
  return diffBehaviourDocuments(before, after).changes.map((c) => ({ kind: c.kind, breaking: c.breaking, ...(c.subject ? { subject: c.subject } : {}), ...(c.status ? { status: c.status } : {}) }));
}

describe('diff of two behaviour documents', () => {
  it('reports nothing for the same behaviour, whatever the labels, times and counts', () => {
    const a = documentOf([operation('getUser', { '200': { fields: user }, '404': { codes: ['NotFoundHttpException'] } })], [], 'staging');
    const b = structuredClone(a);
    b.target.label = 'production';
    b.generatedAt = '2027-01-01T00:00:00.000Z';
    b.operations[0]!.statuses['200']!.count = 40;
    const diff = diffBehaviourDocuments(a, b);
    expect(diff.changes).toEqual([]);
    expect(diff.breaking).toBe(0);
    expect(renderDiffMarkdown(diff)).toContain('The two documents describe the same behaviour.');
  });

  it('an operation missing from the new document disappeared (breaking); a new one appeared', () => {
    const a = documentOf([operation('getUser', { '200': { fields: user } }), operation('listUsers', { '200': {} })]);
    const b = documentOf([operation('getUser', { '200': { fields: user } }), operation('rebuildServer', { '204': {} })]);
    expect(kinds(a, b)).toEqual([
      { kind: 'operation-removed', breaking: true },
      { kind: 'operation-added', breaking: false },
    ]);
  });

  it('an operation whose answers became router refusals disappeared; a legacy-docs operation that started answering appeared', () => {
    const a = documentOf([operation('getUser', { '200': { fields: user } }), operation('legacy:client.account.get-account', { '404': { codes: ['NotFoundHttpException'], rateLimited: false, rateLimit: [] } })]);
    const b = documentOf([operation('getUser', { '404': { codes: ['NotFoundHttpException'], rateLimited: false, rateLimit: [] } }), operation('legacy:client.account.get-account', { '200': { fields: user } })]);
    expect(kinds(a, b)).toEqual([
      { kind: 'operation-removed', breaking: true },
      { kind: 'status-added', breaking: false, status: '404' },
      { kind: 'operation-added', breaking: false },
      { kind: 'status-removed', breaking: false, status: '404' },
    ]);
  });

  it('a success status that disappeared is breaking; another status disappearing or appearing is not', () => {
    const a = documentOf([operation('deleteUser', { '204': { fields: { '': 'empty' } }, '400': { codes: ['DisplayException'] } })]);
    const b = documentOf([operation('deleteUser', { '500': { codes: ['ErrorException'] }, '409': { codes: ['ConflictHttpException'] } })]);
    expect(kinds(a, b)).toEqual([
      { kind: 'status-removed', breaking: true, status: '204' },
      { kind: 'status-removed', breaking: false, status: '400' },
      { kind: 'status-added', breaking: false, status: '409' },
      { kind: 'status-added', breaking: false, status: '500' },
    ]);
  });

  it('fields: removed and retyped are breaking, added is not; only the top of a removed or added subtree is reported', () => {
    const before = { ...user, '/attributes/root_admin': 'boolean', '/attributes/meta': 'object', '/attributes/meta/a': 'string', '/attributes/meta/b': 'integer' };
    const after = { ...user, '/attributes/id': 'string', '/attributes/language': 'string', '/attributes/extra': 'object', '/attributes/extra/x': 'integer' } as Record<string, string>;
    delete after['/attributes/email'];
    const changes = kinds(documentOf([operation('getUser', { '200': { fields: before } })]), documentOf([operation('getUser', { '200': { fields: after } })]));
    expect(changes).toEqual([
      { kind: 'field-removed', breaking: true, subject: '/attributes/email', status: '200' },
      { kind: 'field-removed', breaking: true, subject: '/attributes/meta', status: '200' },
      { kind: 'field-removed', breaking: true, subject: '/attributes/root_admin', status: '200' },
      { kind: 'field-added', breaking: false, subject: '/attributes/extra', status: '200' },
      { kind: 'field-added', breaking: false, subject: '/attributes/language', status: '200' },
      { kind: 'field-type-changed', breaking: true, subject: '/attributes/id', status: '200' },
    ]);
  });

  it('nullability: a field that may now be null is breaking; one no longer seen null, or first seen with a value, is not', () => {
    const before = { ...user, '/attributes/email': 'string', '/attributes/external_id': 'string|null', '/attributes/pack': 'null' };
    const after = { ...user, '/attributes/email': 'string|null', '/attributes/external_id': 'string', '/attributes/pack': 'integer|null' };
    const diff = diffBehaviourDocuments(documentOf([operation('getUser', { '200': { fields: before } })]), documentOf([operation('getUser', { '200': { fields: after } })]));
    expect(diff.changes.map((c) => [c.kind, c.subject, c.breaking])).toEqual([
      ['field-nullability-changed', '/attributes/email', true],
      ['field-nullability-changed', '/attributes/external_id', false],
      ['field-nullability-changed', '/attributes/pack', false],
    ]);
    expect(diff.changes[0]?.message).toContain('may now be null (string → string|null)');
  });

  it('an empty array, or a null parent, says nothing about the fields it would hold', () => {
    const full = { '': 'object', '/data': 'array', '/data/*': 'object', '/data/*/id': 'integer', '/relationship': 'object', '/relationship/id': 'integer' };
    const empty = { '': 'object', '/data': 'array', '/relationship': 'null' };
    const diff = diffBehaviourDocuments(documentOf([operation('listUsers', { '200': { fields: full } })]), documentOf([operation('listUsers', { '200': { fields: empty } })]));
    expect(diff.changes.map((c) => [c.kind, c.subject, c.breaking])).toEqual([['field-nullability-changed', '/relationship', true]]);
    const back = diffBehaviourDocuments(documentOf([operation('listUsers', { '200': { fields: empty } })]), documentOf([operation('listUsers', { '200': { fields: full } })]));
    expect(back.changes.map((c) => [c.kind, c.subject, c.breaking])).toEqual([['field-nullability-changed', '/relationship', false]]);
  });

  it('headers: removed is breaking, added is not; error codes are reported but never breaking', () => {
    const a = documentOf([operation('getUser', { '401': { headers: ['content-type', 'www-authenticate'], codes: ['HttpException'] } })]);
    const b = documentOf([operation('getUser', { '401': { headers: ['content-type', 'x-request-id'], codes: ['AuthenticationException'] } })]);
    expect(kinds(a, b)).toEqual([
      { kind: 'header-removed', breaking: true, subject: 'www-authenticate', status: '401' },
      { kind: 'header-added', breaking: false, subject: 'x-request-id', status: '401' },
      { kind: 'error-code-removed', breaking: false, subject: 'HttpException', status: '401' },
      { kind: 'error-code-added', breaking: false, subject: 'AuthenticationException', status: '401' },
    ]);
  });

  it('rate limits: one change per transition, listing its operations; lowered is breaking, raised is not', () => {
    const ops = (limit: number) => [operation('listUsers', { '200': { rateLimit: [limit] } }), operation('getUser', { '200': { rateLimit: [limit] }, '404': { rateLimit: [limit] } })];
    const lowered = diffBehaviourDocuments(documentOf(ops(120)), documentOf(ops(60)));
    expect(lowered.changes).toMatchObject([{ kind: 'rate-limit-changed', breaking: true, before: '120', after: '60', operations: ['listUsers', 'getUser'] }]);
    expect(lowered.changes[0]?.message).toBe('X-RateLimit-Limit 120 → 60 (lowered) on 2 application operations');
    const raised = diffBehaviourDocuments(documentOf(ops(120)), documentOf(ops(240)));
    expect(raised.changes).toMatchObject([{ kind: 'rate-limit-changed', breaking: false }]);
    expect(raised.breaking).toBe(0);
  });

  it('claim verdicts: holds ↔ false is a change (not breaking); to or from "not checked" is a note on what each run checked', () => {
    const claim = (id: string, verdict: ClaimRecord['verdict']): ClaimRecord => ({ id, kind: 'operation', section: 'client/account', claim: `GET ${id}`, verdict, evidence: [`${id}: ${verdict}`] });
    const ops = [operation('getUser', { '200': { fields: user } })];
    const diff = diffBehaviourDocuments(documentOf(ops, [claim('a', 'false'), claim('b', 'holds'), claim('c', 'holds')]), documentOf(ops, [claim('a', 'holds'), claim('b', 'not checked'), claim('c', 'holds')]));
    expect(diff.changes).toMatchObject([{ kind: 'claim-verdict-changed', subject: 'a', before: 'false', after: 'holds', breaking: false }]);
    expect(diff.notes.join('\n')).toContain('1 legacy docs claim was checked by one run only: b (holds → not checked)');
  });

  it('compares the answers to the same requests: what a behaviour that stopped early did not ask is not compared', () => {
    const page = { '': 'object', '/data': 'array', '/meta': 'object', '/meta/pagination': 'object', '/meta/pagination/links': 'array' };
    const page1 = { ...page, '/meta/pagination/links': 'object', '/meta/pagination/links/next': 'string' };
    const a = documentOf([operation('listUsers', { '200': [{ fields: page1 }, { fields: page }], '429': { codes: ['ThrottleRequestsException'] } })]);
    // The new run's behaviour failed after its first request: no second page, no 429.
    const b = documentOf([operation('listUsers', { '200': [{ fields: page1 }] })]);
    const diff = diffBehaviourDocuments(a, b);
    expect(diff.changes).toEqual([]);
    expect(diff.notes.join('\n')).toContain('1 operation × status answer seen in one run only, to requests the other run did not send');
    // The same request answered differently is compared.
    const c = documentOf([operation('listUsers', { '500': { codes: ['ErrorException'] } })]);
    expect(kinds(a, c)).toEqual([{ kind: 'status-removed', breaking: true, status: '200' }, { kind: 'status-added', breaking: false, status: '500' }]);
  });

  it('operations exercised by one run only are a note, not a change', () => {
    const a = documentOf([operation('createUser', { '201': { fields: user } }), operation('getUser', { '200': { fields: user } })]);
    const b = documentOf([operation('createUser', {}, false), operation('getUser', { '200': { fields: user } })]);
    b.run.settings.allowWrites = false;
    const diff = diffBehaviourDocuments(a, b);
    expect(diff.changes).toEqual([]);
    expect(diff.notes).toEqual([expect.stringContaining('the runs had different settings'), 'exercised by the old run only, so not compared: createUser']);
  });

  it('groups the same change on many operations into one line of the report', () => {
    const before = { '': 'object', '/errors': 'array', '/errors/*': 'object', '/errors/*/code': 'string' };
    const after = { ...before, '/errors/*/meta': 'object', '/errors/*/meta/trace': 'array' };
    const ops = (fields: Record<string, string>) => ['getUser', 'listUsers', 'deleteUser'].map((k) => operation(k, { '404': { fields, codes: ['NotFoundHttpException'] } }));
    const diff = diffBehaviourDocuments(documentOf(ops(before)), documentOf(ops(after)));
    expect(diff.changes).toHaveLength(3);
    expect(groupChanges(diff.changes)).toEqual([{ kind: 'field-added', breaking: false, message: 'field /errors/*/meta (object) added', where: ['getUser 404', 'listUsers 404', 'deleteUser 404'] }]);
    expect(renderDiffMarkdown(diff)).toContain('| field /errors/*/meta (object) added | getUser 404, listUsers 404, deleteUser 404 |');
  });
});

describe('npm run diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ptero-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, doc: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(doc));
    return path;
  };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/diff.ts', ...args], { encoding: 'utf8', env: { ...process.env, PTERO_REPORTS_DIR: dir } });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };
  const base = documentOf([operation('getUser', { '200': { fields: user } })]);
  const oldPath = write('old.json', base);

  it('exits 0 and writes <reportsDir>/behavior-diff.md when only additions happened', () => {
    const added = documentOf([operation('getUser', { '200': { fields: { ...user, '/attributes/language': 'string' } } })]);
    const result = run(oldPath, write('added.json', added));
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('1 change, 0 breaking: fields added: 1');
    expect(readFileSync(join(dir, 'behavior-diff.md'), 'utf8')).toContain('field /attributes/language (string) added');
  });

  it('exits 1 when something a client could depend on broke, and writes --out', () => {
    const removed = documentOf([operation('getUser', { '200': { fields: { ...user, '/attributes/id': 'string' } } })]);
    const out = join(dir, 'custom.md');
    const result = run(oldPath, write('removed.json', removed), '--out', out);
    expect(result.code, result.out).toBe(1);
    expect(result.out).toContain('BREAKING field /attributes/id changed type from integer to string (getUser 200)');
    expect(readFileSync(out, 'utf8')).toContain('## Breaking changes');
  });

  it('exits 2 on a usage error or a file that is not a behaviour document', () => {
    expect(run(oldPath).code).toBe(2);
    expect(run(oldPath, join(dir, 'missing.json')).out).toContain('cannot read');
    const notDoc = run(oldPath, write('other.json', { hello: 'world' }));
    expect(notDoc.code).toBe(2);
    expect(notDoc.out).toContain('is not a behaviour document');
  });
});

describe('a run that could not test', () => {
  it('is not comparable: the diff names the run and the cause', () => {
    const ok = documentOf([]);
    expect(notComparable(ok, 'old.json')).toBeUndefined();
    const broken = { ...ok, verdict: { kind: 'could-not-test' as const, line: 'could not test (panel unreachable: connection refused)', cause: 'panel unreachable: connection refused' } };
    expect(notComparable(broken, 'new.json')).toBe('not comparable: new.json could not test (panel unreachable: connection refused)');
  });
});
