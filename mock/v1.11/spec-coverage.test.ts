import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Exchange } from '../../harness/exchange.ts';
import type { MockOptions } from '../../harness/mock-options.ts';
import { panelProfile } from '../../harness/profiles.ts';
import { ResponseContract } from '../../harness/response-contract.ts';
import { loadSpec } from '../../harness/spec-source.ts';
import { formatViolations } from '../../harness/violation-report.ts';
import { MockPanel } from '../panel.ts';
import { profile as v111 } from '../profiles/v1.11.ts';
import { caseUrl as urlOf, mergeLayers as merge, sendBefore, sendCase as send, type BeforeRequest, type CaseRequestOf } from '../testing/coverage-cases.ts';
import type { SeedV111, WingsNodeState } from './store/rows.ts';

/*
 * The v1.11 twin's spec coverage: every (application operation, documented status) pair of
 * spec/pterodactyl-v1.11.yaml answered by the twin served through the profile seam and valid against
 * the spec. Cases are data: mock/v1.11/spec-coverage-cases.yaml.
 */

type CaseRequest = CaseRequestOf<{ options?: Partial<MockOptions>; wings?: Record<string, WingsNodeState>; transfer?: number[]; before?: BeforeRequest[] }>;

interface SpecCorrection {
  at: string;
  set: unknown;
  why: string;
  evidence: string[];
}

interface CasesFile {
  defaults: { application: Record<string, CaseRequest> };
  disputed: Record<string, string>;
  specCorrections: SpecCorrection[];
  operations: Record<string, { base?: CaseRequest; cases: Record<string, CaseRequest | CaseRequest[]> }>;
}

const file = parse(readFileSync(fileURLToPath(new URL('./spec-coverage-cases.yaml', import.meta.url)), 'utf8')) as CasesFile;
const document = await loadSpec(panelProfile('v1.11').spec);
/** Applies each correction to the dereferenced document; true when the spec already says the same. */
const alreadyCorrect = file.specCorrections.map((correction) => {
  const segments = correction.at.split('/');
  const last = segments.pop() as string;
  let node = document as unknown as Record<string, Record<string, unknown>>;
  for (const segment of segments) node = node[segment] as unknown as Record<string, Record<string, unknown>>;
  const same = JSON.stringify(node[last]) === JSON.stringify(correction.set);
  node[last] = correction.set as Record<string, unknown>;
  return same;
});
const contract = new ResponseContract(document);

const cases = Object.entries(file.operations).flatMap(([operationId, entry]) =>
  Object.entries(entry.cases).flatMap(([status, value]) => {
    const list = Array.isArray(value) ? value : [value];
    return list.map((c, i) => {
      const request = merge(entry.base, c.useDefaults === false ? undefined : file.defaults.application[status], c);
      return { operationId, status: Number(status), label: `${operationId} ${status}${list.length > 1 ? ` #${i + 1}` : ''}${request.why ? ` (${request.why})` : ''}`, request };
    });
  }),
);

const panels = new Map<string, Promise<MockPanel<SeedV111>>>();
function panelFor(options: Partial<MockOptions>): Promise<MockPanel<SeedV111>> {
  const id = JSON.stringify(options);
  let panel = panels.get(id);
  if (!panel) panels.set(id, (panel = MockPanel.of(v111, options)));
  return panel;
}

async function runCase(c: (typeof cases)[number], debug: boolean): Promise<void> {
  const info = contract.index.get(c.operationId);
  const req = c.request;
  const panel = await panelFor({ ...(req.setup?.options ?? {}), ...(debug ? { debug: true } : {}) });
  panel.reset();
  for (const [node, state] of Object.entries(req.setup?.wings ?? {})) panel.store.daemon.nodes[node] = state;
  for (const server of req.setup?.transfer ?? []) {
    panel.store.tables.server_transfers.push({ id: 1, server_id: server, successful: null, old_node: 1, new_node: 2, old_allocation: 1, new_allocation: 10, old_additional_allocations: [], new_additional_allocations: [], archived: false, created_at: '2024-06-20 11:00:00', updated_at: '2024-06-20 11:00:00' });
  }
  await sendBefore(panel, req.setup?.before ?? []);
  const method = (req.method ?? info.method).toUpperCase();
  const url = urlOf(info, req);
  const journalBefore = panel.journal.length;
  const response = await send(panel, method, url, req);
  expect(response.status, `${method} ${url} answered ${response.status}: ${response.body.slice(0, 600)}`).toBe(c.status);
  if (c.status !== 413) expect(panel.journal[journalBefore]?.operationId ?? c.operationId, `${method} ${url} was routed elsewhere`).toBe(c.operationId);
  if (req.code !== undefined) expect(response.json?.errors?.[0]?.code, response.body.slice(0, 600)).toBe(req.code);
  const exchange: Exchange = {
    request: { method, url, headers: {}, ...(req.body !== undefined ? { body: req.body } : {}) },
    response: { status: response.status, headers: response.lowerHeaders, rawBody: response.body },
  };
  const violations = contract.check(c.operationId, exchange.response);
  expect(violations, formatViolations(violations, exchange)).toEqual([]);
}

describe('v1.11 spec coverage: every application operation × documented status, answered by the twin and valid against the spec', () => {
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    await runCase(c, false);
    if (c.request.debugToo !== false && c.request.setup?.options?.debug === undefined) await runCase(c, true);
  });
});

describe('v1.11 spec coverage: completeness', () => {
  const application = contract.index.operations.filter((info) => info.path.startsWith('/api/application'));

  it('names only operations and statuses the spec documents', () => {
    const unknown = cases.filter((c) => !contract.index.has(c.operationId) || !contract.documentedStatuses(c.operationId).includes(String(c.status)));
    expect(unknown.map((c) => c.label)).toEqual([]);
    for (const pair of Object.keys(file.disputed)) {
      const [operationId, status] = pair.split(' ') as [string, string];
      expect(contract.documentedStatuses(operationId), `disputed ${pair} is not documented (any more): drop it`).toContain(status);
    }
  });

  it('needs every spec correction it applies', () => {
    expect(file.specCorrections.filter((_c, i) => alreadyCorrect[i]).map((c) => c.at), 'the spec says this now: drop the correction').toEqual([]);
    for (const c of file.specCorrections) console.info(`v1.11 spec correction at ${c.at}: ${c.why} (${c.evidence.join(', ')})`);
  });

  it('covers every documented application (operation, status) pair but the disputed ones', () => {
    expect(application).toHaveLength(42);
    const covered = new Set(cases.map((c) => `${c.operationId} ${c.status}`));
    const missing = application.flatMap((info) => contract.documentedStatuses(info.operationId).map((s) => `${info.operationId} ${s}`)).filter((pair) => !covered.has(pair) && !(pair in file.disputed));
    expect(missing, `documented pairs without a case: ${missing.join(', ')}`).toEqual([]);
    console.info(`v1.11 spec coverage: ${covered.size} application (operation, status) pairs answered; disputed with the spec: ${Object.keys(file.disputed).join(', ') || 'none'}`);
  });
});
