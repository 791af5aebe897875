import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Exchange } from '../harness/exchange.ts';
import type { OperationInfo } from '../harness/operation-index.ts';
import { ResponseContract } from '../harness/response-contract.ts';
import { formatViolations } from '../harness/violation-report.ts';
import { setNodeReachable, setServerDaemonState } from './daemon/daemon-state.ts';
import type { MockOptions } from '../harness/mock-options.ts';
import { MockPanel } from './panel.ts';
import type { DaemonServerStateName } from './store/rows.ts';
import { caseUrl as urlOf, mergeLayers as merge, sendBefore, sendCase as send, type BeforeRequest, type CaseRequestOf } from './testing/coverage-cases.ts';

/*
 * The mock's own spec coverage (issue: one request per operation × documented status, every answer
 * valid against the spec). The cases are data: mock/spec-coverage-cases.yaml. Documented statuses
 * the mock cannot answer carry `x-unreachable-on-mock: <reason>` in the spec.
 */

const CASES_PATH = fileURLToPath(new URL('./spec-coverage-cases.yaml', import.meta.url));

interface CaseSetup {
  options?: Partial<MockOptions>;
  nodes?: Record<string, boolean>;
  nodeErrors?: Record<string, number>;
  daemon?: Record<string, DaemonServerStateName>;
  before?: BeforeRequest[];
}

type CaseRequest = CaseRequestOf<CaseSetup>;

interface CasesFile {
  defaults: Record<'application' | 'client', Record<string, CaseRequest>>;
  operations: Record<string, { base?: CaseRequest; cases: Record<string, CaseRequest | CaseRequest[]> }>;
}

interface CoverageCase {
  operationId: string;
  status: number;
  label: string;
  request: CaseRequest;
}

const file = parse(readFileSync(CASES_PATH, 'utf8')) as CasesFile;
const contract = await ResponseContract.load();

function buildCases(): CoverageCase[] {
  const out: CoverageCase[] = [];
  for (const [operationId, entry] of Object.entries(file.operations)) {
    const info = contract.index.get(operationId);
    for (const [status, value] of Object.entries(entry.cases)) {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((c, i) => {
        const request = merge(entry.base, c?.useDefaults === false ? undefined : file.defaults[info.api][status], c ?? {});
        const label = `${operationId} ${status}${list.length > 1 ? ` #${i + 1}` : ''}${request.why ? ` (${request.why})` : ''}`;
        out.push({ operationId, status: Number(status), label, request });
      });
    }
  }
  return out;
}

// Panels by options; each case resets its panel to the seed first.
const panels = new Map<string, Promise<MockPanel>>();
function panelFor(options: Partial<MockOptions>): Promise<MockPanel> {
  const id = JSON.stringify(options);
  let panel = panels.get(id);
  if (!panel) {
    panel = MockPanel.create(options);
    panels.set(id, panel);
  }
  return panel;
}

async function runCase(c: CoverageCase, debug: boolean): Promise<void> {
  const info = contract.index.get(c.operationId);
  const req = c.request;
  const panel = await panelFor({ ...(req.setup?.options ?? {}), ...(debug ? { debug: true } : {}) });
  panel.reset();
  for (const [node, reachable] of Object.entries(req.setup?.nodes ?? {})) {
    expect(setNodeReachable(panel, Number(node), reachable), `setup: node ${node}`).toBeDefined();
  }
  for (const [node, status] of Object.entries(req.setup?.nodeErrors ?? {})) {
    expect(setNodeReachable(panel, Number(node), true, status), `setup: node ${node}`).toBeDefined();
  }
  for (const [server, state] of Object.entries(req.setup?.daemon ?? {})) {
    expect(setServerDaemonState(panel, Number(server), state), `setup: server ${server}`).toBeDefined();
  }
  await sendBefore(panel, req.setup?.before ?? []);

  const method = (req.method ?? info.method).toUpperCase();
  const url = urlOf(info, req);
  const journalBefore = panel.journal.length;
  const response = await send(panel, method, url, req);

  const exchange: Exchange = {
    request: { method, url, headers: {}, ...(req.body !== undefined ? { body: req.body } : {}) },
    response: { status: response.status, headers: response.lowerHeaders, rawBody: response.body },
  };
  expect(response.status, `${method} ${url} answered ${response.status}: ${response.body.slice(0, 600)}`).toBe(c.status);
  // The request reached the operation the case is about (a 413 is answered before routing).
  const entry = panel.journal[journalBefore];
  if (c.status !== 413) expect(entry?.operationId, `${method} ${url} was routed elsewhere`).toBe(c.operationId);
  if (req.code !== undefined) expect(response.json?.errors?.[0]?.code, `${method} ${url}: ${response.body.slice(0, 600)}`).toBe(req.code);
  const violations = contract.check(c.operationId, exchange.response);
  expect(violations, formatViolations(violations, exchange)).toEqual([]);
}

const cases = buildCases();

describe('spec coverage: every operation × documented status, answered by the mock and valid against the spec', () => {
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    await runCase(c, false);
    if (c.request.debugToo !== false && c.request.setup?.options?.debug === undefined) await runCase(c, true);
  });
});

/** `x-unreachable-on-mock` reasons per operation and status. */
function unreachableOnMock(info: OperationInfo): Map<string, string> {
  const out = new Map<string, string>();
  for (const [status, response] of Object.entries(info.responses)) {
    const reason = (response as unknown as Record<string, unknown>)['x-unreachable-on-mock'];
    if (reason !== undefined) out.set(status, String(reason));
  }
  return out;
}

describe('spec coverage: completeness', () => {
  let documented: { operationId: string; status: string }[] = [];

  beforeAll(() => {
    documented = contract.index.operations.flatMap((info) => contract.documentedStatuses(info.operationId).map((status) => ({ operationId: info.operationId, status })));
  });

  it('names only operations and statuses the spec documents', () => {
    const unknown = cases.filter((c) => !contract.index.has(c.operationId) || !contract.documentedStatuses(c.operationId).includes(String(c.status)));
    expect(unknown.map((c) => c.label)).toEqual([]);
  });

  it('covers every documented (operation, status) pair, except those marked x-unreachable-on-mock', () => {
    const covered = new Set(cases.map((c) => `${c.operationId} ${c.status}`));
    const missing: string[] = [];
    const unreachable: string[] = [];
    for (const info of contract.index.operations) {
      const marks = unreachableOnMock(info);
      for (const status of contract.documentedStatuses(info.operationId)) {
        const pair = `${info.operationId} ${status}`;
        const reason = marks.get(status);
        if (reason !== undefined) {
          unreachable.push(`${pair}: ${reason}`);
          // A status marked unreachable must not also have a case that reaches it.
          expect(covered.has(pair), `${pair} is marked x-unreachable-on-mock but has a case`).toBe(false);
          expect(reason.trim().length, `${pair}: x-unreachable-on-mock needs a reason`).toBeGreaterThan(20);
        } else if (!covered.has(pair)) {
          missing.push(pair);
        }
      }
    }
    expect(missing, `documented pairs without a case: ${missing.join(', ')}`).toEqual([]);
    console.info(
      `spec coverage: ${covered.size}/${documented.length} documented (operation, status) pairs answered by the mock; ${unreachable.length} marked x-unreachable-on-mock${unreachable.length ? `:\n  ${unreachable.join('\n  ')}` : ''}`,
    );
  });
});
