// Failures reach reports/behavior.json as data: the record the conformance() wrapper left on the
// behaviour's metadata, whole, whatever the length of the message people read.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import { parse } from 'yaml';
import { ConnectivityError } from '../harness/connectivity-error.ts';
import { failureOf, violate, type FailureRecord } from '../harness/failure.ts';
import type { ResponseContract } from '../harness/response-contract.ts';
import type { Violation, ViolationKind } from '../harness/violation.ts';
import { ExchangeAssertion } from '../suites/support/expect-conformance.ts';
import type { LegacyClaims } from '../harness/legacy-claims.ts';
import { operations } from '../harness/spec-operations.ts';
import { buildBehaviourDocument, type BehaviourDocument, type BehaviourRecord } from './behaviour-document.ts';
import { behaviourRecord, writeBehaviourDocument } from './behaviour-reporter.ts';

const claims = parse(readFileSync(new URL('../spec/legacy-docs-claims.yaml', import.meta.url), 'utf8')) as LegacyClaims;
const dir = mkdtempSync(join(tmpdir(), 'ptero-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exchange = {
  operationId: 'listUsers',
  api: 'application' as const,
  json: {},
  durationMs: 1,
  suiteCaused429: false,
  request: { method: 'GET', url: 'http://panel.test/api/application/users', headers: {} },
  response: { status: 200, headers: { 'content-type': 'application/json' }, rawBody: '{}' },
};

const KINDS: ViolationKind[] = ['body', 'header', 'pagination', 'include', 'error', 'rate-limit', 'status', 'value'];

/** A spec check that finds 160 violations, the last of each kind at the very end of the message. */
function longFailure(): FailureRecord {
  const violations: Violation[] = Array.from({ length: 160 }, (_, i) => ({
    operationId: 'listUsers',
    status: 200,
    kind: i < 150 ? 'body' : (KINDS[i - 152] ?? 'body'),
    pointer: `/data/${i}/attributes/some_rather_long_attribute_name`,
    expected: 'an integer between 1 and 4294967295 as the spec says',
    actual: `"not a number at all, number ${i}"`,
  }));
  const contract = { check: () => violations } as unknown as ResponseContract;
  try {
    new ExchangeAssertion(exchange, contract, [], false);
  } catch (error) {
    return failureOf(error);
  }
  throw new Error('the contract check passed');
}

function thrown(act: () => unknown): FailureRecord {
  try {
    act();
  } catch (error) {
    return failureOf(error);
  }
  throw new Error('nothing was thrown');
}

function testCase(id: string, state: 'passed' | 'failed', failure: FailureRecord | undefined, extra: { knownIssue?: string; message?: string } = {}): TestCase {
  const meta = { behaviour: { behaviour: id, operation: 'listUsers', effect: 'read' as const, category: 'application/users', ...(failure ? { failure } : {}), ...(extra.knownIssue ? { knownIssue: extra.knownIssue } : {}) } };
  const message = extra.message ?? failure?.message ?? '';
  return {
    name: `statement of ${id}`,
    fullName: `statement of ${id}`,
    meta: () => meta,
    result: () => (state === 'failed' ? { state, errors: [{ name: 'Error', message }] } : { state, errors: [] }),
    annotations: () => (extra.knownIssue ? [{ type: 'known-issue', message: `known deviation: ${extra.knownIssue}\n${message}` }] : []),
  } as unknown as TestCase;
}

const module = { moduleId: join(process.cwd(), 'suites/application/users.test.ts') } as unknown as TestModule;

/** Every behaviour record of a document: per operation, and the cross-cutting ones. */
function records(doc: BehaviourDocument): BehaviourRecord[] {
  const all = [...doc.operations.flatMap((o) => o.behaviours), ...doc.crossCutting];
  return [...new Map(all.map((b) => [b.id, b])).values()];
}

function document(tests: TestCase[]): BehaviourDocument {
  const doc = buildBehaviourDocument({
    target: { mode: 'mock', url: 'http://127.0.0.1:1', label: 'embedded mock panel' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    runId: 'ptero-conformance-test',
    settings: { allowWrites: false, allowDestructive: false, probeRateLimit: false, strictDocs: false },
    keyRoles: ['application'],
    operations: operations(),
    log: [],
    behaviours: tests.map((t) => behaviourRecord(t, module, ['secret-key-value'], false)),
    claims,
    expectationLinks: new Map(),
  });
  const { json } = writeBehaviourDocument(doc, dir);
  return JSON.parse(readFileSync(json, 'utf8')) as BehaviourDocument;
}

describe('failures in reports/behavior.json', () => {
  it('a failure of more than 10,000 characters keeps every violation and all its kinds', () => {
    const failure = longFailure();
    expect(failure.message.length).toBeGreaterThan(10_000);
    const written = document([testCase('users.list.long', 'failed', failure)]);
    const record = records(written).find((b) => b.id === 'users.list.long');
    expect(record?.message?.length).toBeLessThan(2_100); // the text for people is clipped…
    expect(record?.failure?.violations).toHaveLength(160); // …the record is not
    expect(new Set(record?.failure?.violations.map((v) => v.kind))).toEqual(new Set(KINDS));
    expect(record?.failure).toMatchObject({ kind: 'contract', code: 'PTERO_CONFORMANCE', operation: 'listUsers', status: 200 });
    expect(record?.failure?.reproduce).toMatch(/^curl -X GET /);
  });

  it('every failure carries kind, operation, status and violations as fields', () => {
    const written = document([
      testCase('users.list.contract', 'failed', longFailure()),
      testCase('users.list.own', 'failed', thrown(() => violate('user 3 is on page 1 and on page 2', { kind: 'listing', pointer: '/data', actual: 3 }, exchange))),
      testCase('users.list.down', 'failed', thrown(() => { throw new ConnectivityError('refused', 'connection refused', 'GET http://panel.test/api/application/users'); })),
      testCase('users.list.timeout', 'failed', undefined, { message: 'Test timed out in 5000ms.' }),
      testCase('users.list.known', 'passed', thrown(() => violate('120, not 240', { kind: 'rate-limit' }, exchange)), { knownIssue: 'throttled at 120' }),
    ]);
    const failures = records(written).filter((b) => b.outcome === 'failed' || b.outcome === 'known-deviation');
    expect(failures).toHaveLength(5);
    for (const b of failures) {
      expect(b.failure, b.id).toBeDefined();
      for (const field of ['kind', 'operation', 'status', 'violations', 'reproduce', 'code'] as const) expect(b.failure, `${b.id} ${field}`).toHaveProperty(field);
      expect(Array.isArray(b.failure?.violations), b.id).toBe(true);
    }
    const own = failures.find((b) => b.id === 'users.list.own')?.failure;
    expect(own).toMatchObject({ kind: 'behaviour', operation: 'listUsers', status: 200, violations: [{ kind: 'listing', pointer: '/data', expected: 'as the behaviour states', actual: '3' }] });
    expect(failures.find((b) => b.id === 'users.list.down')?.failure).toMatchObject({ kind: 'connectivity', cause: 'refused', operation: null, status: null, violations: [] });
    expect(failures.find((b) => b.id === 'users.list.timeout')?.failure).toMatchObject({ kind: 'unclassified', violations: [] });
  });
});

describe('reporters read fields, never message text', () => {
  /**
   * Every statement of a reporter module (tests aside) that mentions a message must not apply a
   * regular expression or a text search to it: a regex literal, new RegExp, .match, .test, .search,
   * .replace, .startsWith, .endsWith or .includes in the same statement as `message`.
   */
  it('no reporter module contains a regex or text search over a message', () => {
    const reporters = new URL('./', import.meta.url);
    const offenders: string[] = [];
    for (const name of readdirSync(reporters).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const source = readFileSync(new URL(name, reporters), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
      for (const statement of source.split(/;|\{|\}/)) {
        if (!/\bmessages?\b/i.test(statement)) continue;
        if (/\.(?:match|matchAll|test|search|replace|replaceAll|startsWith|endsWith|includes)\(|new RegExp\(|(?:^|[=(,:!&|?]\s*)\/[^/\n*][^/\n]*\/[gimsuy]*\.(?:test|exec)\(/.test(statement)) offenders.push(`${name}: ${statement.trim().slice(0, 160)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
