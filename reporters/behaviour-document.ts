// The behaviour document of a conformance run (reports/behavior.json, rendered as behavior.md): for
// every operation of the spec what the panel did (statuses, headers, rate limits, example bodies and
// their shape, the behaviours checked and how they came out, the deviations), for the operations the
// legacy docs describe but the spec does not have what the panel answered to them, and a verdict on
// every claim of the legacy docs. Built from the run's exchange log and test results by pure
// functions here; reporters/behaviour-reporter.ts gathers the inputs, scripts/diff.ts compares two.
import type { OperationInfo } from '../harness/operation-index.ts';
import { quirksOf, sourceLinksOf } from '../harness/source-links.ts';
import { countOutcomes, verdictOf } from '../harness/outcomes.ts';
import { fitsTemplate, legacyCategory, type LegacyClaims, type LegacyOperation } from '../harness/legacy-claims.ts';
import { claimVerdicts } from './behaviour-claims.ts';
import { BEHAVIOUR_FORMAT, type BehaviourCounts, type BehaviourDocument, type BehaviourRecord, type Deviation, type DocumentVerdict, type Observation, type OperationRecord, type RunTarget, type StatusRecord } from './behaviour-model.ts';
import { MapKeyCollapser } from './behaviour-map-keys.ts';
import { fieldRecord, parseTypeString, type FieldTypes } from '../harness/behaviour-sample.ts';
import { sampleKey, type ExchangeLogLine } from '../harness/exchange-log.ts';

export * from './behaviour-model.ts';

export interface BuildInput {
  target: RunTarget;
  generatedAt: string;
  runId: string;
  settings: BehaviourDocument['run']['settings'];
  keyRoles: string[];
  operations: readonly OperationInfo[];
  log: readonly ExchangeLogLine[];
  behaviours: readonly BehaviourRecord[];
  claims: LegacyClaims;
  /** The known-deviation entries in force (behaviour id → link), to tie behaviours to the docs' discrepancy rows. */
  expectationLinks: ReadonlyMap<string, string>;
  /** The parsed spec document: the keys of the maps its response schemas declare are collapsed to `<key>`. */
  spec?: unknown;
  /** A failed preflight: the run could not test, and says why. */
  preflightFailure?: string;
}

/** Everything a run observed for one operation × status, while it is being gathered. */
class StatusAccumulator {
  count = 0;
  rateLimit = new Set<number>();
  contentTypes = new Set<string>();
  example: unknown;
  hasExample = false;
  rateLimited = false;
  readonly observations: Observation[] = [];
  private readonly index = new Map<string, number>();
  readonly behaviours = new Map<string, number>();

  /** Adds one answer; returns the index of its observation. */
  add(line: ExchangeLogLine, observation: Observation): number {
    this.count++;
    if (line.rateLimit !== undefined) this.rateLimit.add(line.rateLimit);
    if (line.rateLimit !== undefined || (line.headers ?? []).includes('x-ratelimit-limit')) this.rateLimited = true;
    if (line.contentType) this.contentTypes.add(line.contentType);
    if (!this.hasExample && line.sample !== undefined) {
      this.example = line.sample;
      this.hasExample = true;
    }
    const text = JSON.stringify(observation);
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.observations.length;
      this.observations.push(observation);
      this.index.set(text, at);
    }
    const behaviour = line.behaviour ?? '(unknown)';
    this.behaviours.set(behaviour, (this.behaviours.get(behaviour) ?? 0) + 1);
    return at;
  }

  record(documented: boolean): StatusRecord {
    const all = mergeObservations(this.observations);
    return {
      count: this.count,
      documented,
      headers: all.headers,
      rateLimit: [...this.rateLimit].sort((a, b) => a - b),
      contentTypes: [...this.contentTypes].sort(),
      errorCodes: all.errorCodes,
      fields: all.fields,
      ...(this.hasExample ? { example: this.example } : {}),
      rateLimited: this.rateLimited,
      behaviours: Object.fromEntries([...this.behaviours].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      observations: this.observations,
    };
  }
}

/** Resolves the shape ids of the exchange log into the shapes (the first line with a shape carries it). */
class ShapeRegistry {
  private readonly shapes = new Map<string, Record<string, string>>();

  observation(line: ExchangeLogLine): Observation {
    const key = `${sampleKey(line.operationId, line.method, line.path, line.status)} ${line.shape ?? ''}`;
    if (line.fields) this.shapes.set(key, line.fields);
    return { fields: this.shapes.get(key) ?? line.fields ?? {}, headers: line.headers ?? [], errorCodes: line.errorCodes ?? [] };
  }
}

/** The union of observations: every field (types joined), header and error code any of them saw. */
export function mergeObservations(observations: readonly Observation[]): Observation {
  const fields: FieldTypes = new Map();
  const headers = new Set<string>();
  const errorCodes = new Set<string>();
  for (const o of observations) {
    for (const [pointer, types] of Object.entries(o.fields)) {
      const set = fields.get(pointer) ?? new Set();
      for (const t of parseTypeString(types)) set.add(t);
      fields.set(pointer, set);
    }
    for (const h of o.headers) headers.add(h);
    for (const c of o.errorCodes) errorCodes.add(c);
  }
  return { fields: fieldRecord(fields), headers: [...headers].sort(), errorCodes: [...errorCodes].sort() };
}

/**
 * The status records of one operation from its log lines; `requests` gets, per behaviour, each of
 * its requests in order as [operation key, status, observation index].
 */
function statusRecords(
  key: string,
  lines: readonly ExchangeLogLine[],
  documented: readonly string[],
  registry: ShapeRegistry,
  requests: Map<string, RequestRef[]>,
  collapserOf: (status: string) => MapKeyCollapser | undefined = () => undefined,
): Record<string, StatusRecord> {
  const byStatus = new Map<number, StatusAccumulator>();
  const collapsers = new Map<number, MapKeyCollapser | undefined>();
  for (const line of lines) {
    const acc = byStatus.get(line.status) ?? new StatusAccumulator();
    if (!collapsers.has(line.status)) collapsers.set(line.status, collapserOf(String(line.status)));
    const observation = registry.observation(line);
    const collapser = collapsers.get(line.status);
    const at = acc.add(line, collapser ? { ...observation, fields: collapser.collapse(observation.fields) } : observation);
    byStatus.set(line.status, acc);
    if (line.behaviour !== undefined) {
      const list = requests.get(line.behaviour) ?? [];
      list.push({ seq: line.seq ?? list.length, ref: [key, String(line.status), at] });
      requests.set(line.behaviour, list);
    }
  }
  return Object.fromEntries([...byStatus.keys()].sort((a, b) => a - b).map((s) => [String(s), (byStatus.get(s) as StatusAccumulator).record(documented.includes(String(s)))]));
}

interface RequestRef {
  seq: number;
  ref: [string, string, number];
}

export function countsOf(behaviours: readonly BehaviourRecord[]): BehaviourCounts {
  const c = countOutcomes(behaviours.map((b) => b.outcome));
  return { passed: c.passed, failed: c.failed, knownDeviations: c.knownDeviation, unexpectedPass: c.unexpectedPass, notRun: c.notRun };
}

/** The document's verdict: the same function, on the same outcomes, as summary.json's. */
export function documentVerdict(behaviours: readonly BehaviourRecord[], preflightFailure: string | undefined): DocumentVerdict {
  // The cause: the first behaviour that found the panel lost, else the first without a usable answer (as summary.json).
  const unanswered = (behaviours.find((b) => b.unanswered && b.reason?.startsWith('panel unreachable')) ?? behaviours.find((b) => b.unanswered))?.reason;
  const v = verdictOf(countOutcomes(behaviours.map((b) => b.outcome)), { preflight: preflightFailure, unanswered });
  return { kind: v.kind, line: v.line, ...(v.cause !== undefined ? { cause: v.cause } : {}) };
}

function deviationsOf(behaviours: readonly BehaviourRecord[]): Deviation[] {
  return behaviours
    .filter((b) => b.outcome === 'failed' || b.outcome === 'known-deviation' || b.outcome === 'unexpected-pass')
    .map((b) => ({ behaviour: b.id, kind: b.outcome as Deviation['kind'], message: b.message ?? b.reason ?? '' }));
}

/** The legacy operation a behaviour id belongs to: `<claim id>.…` or `legacy-docs.<claim id>[.…]`. */
export function legacyOperationOf(behaviourId: string, operations: readonly LegacyOperation[]): LegacyOperation | undefined {
  const id = behaviourId.startsWith('legacy-docs.') ? behaviourId.slice('legacy-docs.'.length) : behaviourId;
  let best: LegacyOperation | undefined;
  for (const op of operations) {
    if ((id === op.id || id.startsWith(`${op.id}.`)) && (!best || op.id.length > best.id.length)) best = op;
  }
  return best;
}

export function buildBehaviourDocument(input: BuildInput): BehaviourDocument {
  const specOps = input.operations;
  const specIds = new Set(specOps.map((o) => o.operationId));
  const legacyOnly = input.claims.operations.filter((op) => !op.in_v0_7 || !op.operation_id || !specIds.has(op.operation_id));

  // Behaviours: to their spec operation, else to the legacy-only operation their id names, else cross-cutting.
  const bySpecOp = new Map<string, BehaviourRecord[]>();
  const byLegacyOp = new Map<string, BehaviourRecord[]>();
  const crossCutting: BehaviourRecord[] = [];
  for (const b of input.behaviours) {
    if (b.operation && specIds.has(b.operation)) {
      bySpecOp.set(b.operation, [...(bySpecOp.get(b.operation) ?? []), b]);
      continue;
    }
    const legacy = legacyOperationOf(b.id, input.claims.operations);
    if (legacy && legacyOnly.includes(legacy)) byLegacyOp.set(legacy.id, [...(byLegacyOp.get(legacy.id) ?? []), b]);
    else if (legacy?.operation_id && specIds.has(legacy.operation_id)) bySpecOp.set(legacy.operation_id, [...(bySpecOp.get(legacy.operation_id) ?? []), b]);
    else crossCutting.push(b);
  }

  const registry = new ShapeRegistry();
  const requestMap = new Map<string, RequestRef[]>();
  const linesByOp = new Map<string, ExchangeLogLine[]>();
  // A request that got no usable answer (status 0) is no answer: it is counted, never a status.
  const answered = input.log.filter((l) => l.status !== 0);
  for (const line of answered) {
    if (line.operationId) linesByOp.set(line.operationId, [...(linesByOp.get(line.operationId) ?? []), line]);
  }

  const operations: OperationRecord[] = specOps.map((op) => {
    const lines = linesByOp.get(op.operationId) ?? [];
    const documentedStatuses = Object.keys(op.responses);
    const behaviours = bySpecOp.get(op.operationId) ?? [];
    const statuses = statusRecords(op.operationId, lines, documentedStatuses, registry, requestMap, (status) =>
      input.spec === undefined ? undefined : MapKeyCollapser.forResponse(input.spec, op, status),
    );
    return {
      key: op.operationId,
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      category: op.tags[0] ?? 'uncategorised',
      summary: op.operation.summary ?? '',
      documentedStatuses,
      exercised: lines.length > 0,
      requests: lines.length,
      statuses,
      rateLimit: unionRateLimits(statuses),
      behaviours,
      counts: countsOf(behaviours),
      deviations: deviationsOf(behaviours),
      sources: sourceLinksOf(op.operation),
      quirks: quirksOf(op.operation, op.parameters, input.spec),
    };
  });

  for (const op of legacyOnly) {
    const lines = answered.filter((l) => l.method === op.method && fitsTemplate(op.path, l.path));
    const behaviours = byLegacyOp.get(op.id) ?? [];
    const statuses = statusRecords(`legacy:${op.id}`, lines, [], registry, requestMap);
    operations.push({
      key: `legacy:${op.id}`,
      legacyClaim: op.id,
      method: op.method,
      path: op.path,
      category: legacyCategory(op),
      summary: `documented by the legacy docs (page ${op.api}/${op.category})`,
      documentedStatuses: [],
      exercised: lines.length > 0,
      requests: lines.length,
      statuses,
      rateLimit: unionRateLimits(statuses),
      behaviours,
      counts: countsOf(behaviours),
      deviations: deviationsOf(behaviours),
      notes: op.notes,
    });
  }

  const specCategories = unique(specOps.map((o) => o.tags[0] ?? 'uncategorised'));
  const categories = [...specCategories, ...unique(legacyOnly.map(legacyCategory)).filter((c) => !specCategories.includes(c))];
  const rateLimits: Record<string, number[]> = {};
  for (const api of ['application', 'client']) {
    const values = new Set<number>();
    for (const op of operations) if (op.path.startsWith(`/api/${api}`)) for (const v of op.rateLimit) values.add(v);
    rateLimits[api] = [...values].sort((a, b) => a - b);
  }

  const base = {
    format: BEHAVIOUR_FORMAT,
    target: input.target,
    generatedAt: input.generatedAt,
    verdict: documentVerdict(input.behaviours, input.preflightFailure),
    run: {
      id: input.runId,
      settings: input.settings,
      keyRoles: [...input.keyRoles].sort(),
      requests: input.log.length,
      failedRequests: input.log.length - answered.length,
      suiteCaused429: input.log.filter((l) => l.suiteCaused429).length,
      behaviours: countsOf(input.behaviours),
      files: unique(input.behaviours.map((b) => b.file)).sort(),
      operationsExercised: operations.filter((o) => o.operationId && o.exercised).length,
    },
    rateLimits,
    categories,
    operations,
    crossCutting,
  } satisfies Omit<BehaviourDocument, 'claims' | 'requests'>;
  const requests = Object.fromEntries(
    [...requestMap.keys()].sort().map((id) => [id, (requestMap.get(id) as RequestRef[]).sort((a, b) => a.seq - b.seq).map((r) => r.ref)]),
  );
  return { ...base, claims: claimVerdicts({ document: base, claims: input.claims, behaviours: input.behaviours, log: input.log, expectationLinks: input.expectationLinks }), requests };
}

function unionRateLimits(statuses: Record<string, StatusRecord>): number[] {
  return unique(Object.values(statuses).flatMap((s) => s.rateLimit)).sort((a, b) => a - b);
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The panel URL without credentials, query or fragment. */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}
