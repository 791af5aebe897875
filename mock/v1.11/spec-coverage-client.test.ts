import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ResponseContract } from '../../harness/response-contract.ts';
import { formatViolations } from '../../harness/violation-report.ts';
import type { Exchange } from '../../harness/exchange.ts';
import type { OperationInfo } from '../../harness/operation-index.ts';
import type { MockOptions } from '../../harness/mock-options.ts';
import { MockPanel } from '../panel.ts';
import { profile as v111 } from '../profiles/v1.11.ts';
import { caseUrl as urlOf, mergeLayers as merge, sendBefore, sendCase as send, type BeforeRequest, type CaseRequestOf } from '../testing/coverage-cases.ts';

/*
 * The v1.11 twin's self-test, client half: every (operation, status) pair the v1.11 spec documents
 * for /api/client is answered by the twin and the answer validates against the spec
 * (harness/response-contract.ts), as mock/spec-coverage.test.ts does for 0.7. The cases are data:
 * mock/v1.11/spec-coverage-client-cases.yaml. A documented status an operation has no case for takes
 * the status's default; pairs the twin cannot answer carry `x-unreachable-on-mock` in the spec.
 */

const CASES_PATH = fileURLToPath(new URL('./spec-coverage-client-cases.yaml', import.meta.url));
const SPEC_PATH = fileURLToPath(new URL('../../spec/pterodactyl-v1.11.yaml', import.meta.url));

interface CaseSetup {
  options?: Partial<MockOptions>;
  /** node id → reachable. */
  nodes?: Record<string, boolean>;
  /** node id → the HTTP status its Wings answers every call with. */
  nodeErrors?: Record<string, number>;
  /** Table rows to change first: `table.id.column: value`. */
  rows?: Record<string, unknown>;
  /** Seconds the clock moves after the `before` requests. */
  advance?: number;
  before?: BeforeRequest[];
}

interface CaseRequest extends CaseRequestOf<CaseSetup> {
  /**
   * Where the spec and the panel source disagree and the source wins: the exact violations
   * (`kind pointer`) the twin's answer has against the spec, with the evidence in `why`. The case
   * fails as soon as the answer validates (the spec was fixed: drop the mark) or breaks otherwise.
   */
  specDisagreement?: string[];
}

interface CasesFile {
  defaults: Record<string, CaseRequest>;
  /** Defaults for the /servers/{server} routes only. */
  serverDefaults: Record<string, CaseRequest>;
  operations: Record<string, { base?: CaseRequest; cases?: Record<string, CaseRequest | CaseRequest[]> }>;
}

interface CoverageCase {
  operationId: string;
  status: number;
  label: string;
  request: CaseRequest;
}

const file = parse(readFileSync(CASES_PATH, 'utf8')) as CasesFile;
const contract = await ResponseContract.load(SPEC_PATH);

function clientOperations(): OperationInfo[] {
  return contract.index.operations.filter((info) => info.path.startsWith('/api/client'));
}

function unreachableOnMock(info: OperationInfo): Map<string, string> {
  const out = new Map<string, string>();
  for (const [status, response] of Object.entries(info.responses)) {
    const reason = (response as unknown as Record<string, unknown>)['x-unreachable-on-mock'];
    if (reason !== undefined) out.set(status, String(reason));
  }
  return out;
}

/** One case per documented status (the operation's own, else the status's default); statuses with neither are reported missing. */
function buildCases(): { cases: CoverageCase[]; missing: string[] } {
  const cases: CoverageCase[] = [];
  const missing: string[] = [];
  for (const info of clientOperations()) {
    const entry = file.operations[info.operationId] ?? {};
    const serverRoute = info.path.includes('{server}');
    const marks = unreachableOnMock(info);
    for (const status of contract.documentedStatuses(info.operationId)) {
      if (marks.has(status)) continue;
      // A success status is the base request itself.
      const own = entry.cases?.[status] ?? (status.startsWith('2') ? {} : undefined);
      const fallback = (serverRoute ? file.serverDefaults[status] : undefined) ?? file.defaults[status];
      if (own === undefined && fallback === undefined) {
        missing.push(`${info.operationId} ${status}`);
        continue;
      }
      const list = own === undefined ? [{}] : Array.isArray(own) ? own : [own];
      list.forEach((c, i) => {
        const request = merge(entry.base, c.useDefaults === false ? undefined : fallback, c);
        const label = `${info.operationId} ${status}${list.length > 1 ? ` #${i + 1}` : ''}${request.why ? ` (${request.why})` : ''}`;
        cases.push({ operationId: info.operationId, status: Number(status), label, request });
      });
    }
  }
  return { cases, missing };
}

/** A fresh twin per case: the simulated Wings keeps files and archives across a store reset. */
async function runCase(c: CoverageCase, debug: boolean): Promise<void> {
  const info = contract.index.get(c.operationId);
  const req = c.request;
  const panel = await MockPanel.of(v111, { clock: '2024-06-20T12:00:00Z', ...(req.setup?.options ?? {}), ...(debug ? { debug: true } : {}) });
  for (const [path, value] of Object.entries(req.setup?.rows ?? {})) {
    const [table, id, column] = path.split('.') as [string, string, string];
    const row = (panel.store.find(table as never, Number(id)) as Record<string, unknown> | undefined);
    expect(row, `setup: no row ${table} ${id}`).toBeDefined();
    (row as Record<string, unknown>)[column] = value;
  }
  await sendBefore(panel, req.setup?.before ?? []);
  if (req.setup?.advance) panel.clock.advance(req.setup.advance);
  for (const [node, reachable] of Object.entries(req.setup?.nodes ?? {})) panel.store.daemon.nodes[node] = { reachable };
  for (const [node, status] of Object.entries(req.setup?.nodeErrors ?? {})) panel.store.daemon.nodes[node] = { reachable: true, http_error: status };

  const method = (req.method ?? info.method).toUpperCase();
  const url = urlOf(info, req);
  const journalBefore = panel.journal.length;
  const response = await send(panel, method, url, req);
  const exchange: Exchange = {
    request: { method, url, headers: {}, ...(req.body !== undefined ? { body: req.body } : {}) },
    response: { status: response.status, headers: response.lowerHeaders, rawBody: response.body },
  };
  expect(response.status, `${method} ${url} answered ${response.status}: ${response.body.slice(0, 600)}`).toBe(c.status);
  // The twin's journal names no operation for answers given before the route's own stages (401, a
  // malformed body, a nested include); any other answer must come from the operation itself.
  const entry = panel.journal[journalBefore];
  if (c.status !== 413 && entry?.operationId !== null) expect(entry?.operationId, `${method} ${url} was routed elsewhere`).toBe(c.operationId);
  if (req.code !== undefined) expect(response.json?.errors?.[0]?.code, `${method} ${url}: ${response.body.slice(0, 600)}`).toBe(req.code);
  const violations = contract.check(c.operationId, exchange.response);
  if (req.specDisagreement) {
    expect(violations.map((v) => `${v.kind} ${v.pointer}`).sort(), formatViolations(violations, exchange)).toEqual([...req.specDisagreement].sort());
    return;
  }
  expect(violations, formatViolations(violations, exchange)).toEqual([]);
}

const { cases, missing } = buildCases();

describe('v1.11 spec coverage, client API: every operation × documented status, answered by the twin and valid against the spec', () => {
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    await runCase(c, false);
    if (c.request.debugToo !== false && c.request.setup?.options?.debug === undefined) await runCase(c, true);
  });
});

describe('v1.11 spec coverage, client API: completeness', () => {
  it('has a case (or a default) for every documented pair not marked x-unreachable-on-mock', () => {
    expect(missing, `documented pairs without a case: ${missing.join(', ')}`).toEqual([]);
    const unknown = Object.keys(file.operations).filter((id) => !contract.index.has(id));
    expect(unknown, 'cases for operations the spec does not have').toEqual([]);
    const disagreements = cases.filter((c) => c.request.specDisagreement).map((c) => c.label);
    console.info(`v1.11 client spec coverage: ${cases.length} cases over ${clientOperations().length} operations; ${disagreements.length} where the spec disagrees with the source:\n  ${disagreements.join('\n  ')}`);
  });
});
