// The upgrade report (reports/upgrade.json, rendered as upgrade.md by reporters/upgrade-markdown.ts):
// for every v0.7.19 operation what the same request gets on v1.11, from two sources kept apart: the
// mapping's reading of the panel source (spec/upgrade-v0.7.19-to-v1.11.yaml) and, where both behaviour
// documents observed the operation, what the two runs saw (statuses, body shapes, error codes, rate
// limits). Breaking changes first; with an access log, ranked by the operator's own calls.
import { createHash, randomBytes } from 'node:crypto';
import type { AccessLogUsage } from '../harness/access-log.ts';
import {
  apiOf,
  citationUrl,
  commonChangesOf,
  sourceVerdicts,
  VERDICTS,
  worstVerdict,
  type CommonChange,
  type FieldChange,
  type MappedChange,
  type OperationMapping,
  type UpgradeMapping,
  type UpgradeVerdict,
} from '../harness/upgrade-mapping.ts';
import type { BehaviourDocument, OperationRecord } from './behaviour-document.ts';

export const UPGRADE_FORMAT = 'ptero-upgrade/1';

/** What the two runs say about a change the source reading names. */
export type Observation = 'confirmed' | 'contradicted' | 'not observed';

export interface SourceLinkOut {
  source: string;
  url: string;
}

export interface ChangeOut {
  kind: MappedChange['kind'];
  breaking: boolean;
  summary: string;
  before?: string;
  after?: string;
  /** Always `source`: read from the panel's code (the mapping). */
  evidence: 'source';
  observation: Observation;
  /** What was observed, when it confirms or contradicts. */
  observed?: string;
  sources: SourceLinkOut[];
}

export interface CommonChangeOut extends ChangeOut {
  id: string;
  applies: CommonChange['applies'];
  /** The 0.7 operations it concerns. */
  operations: number;
}

export type ObservedKind = 'status-removed' | 'status-added' | 'field-removed' | 'field-added' | 'field-retyped' | 'error-codes-changed';

/** A difference between what the 0.7 run and the 1.x run observed for the same operation. */
export interface ObservedChange {
  kind: ObservedKind;
  breaking: boolean;
  status: string;
  subject?: string;
  before?: string;
  after?: string;
  /** A status only one run saw may be a request only that run sent: listed, not part of the verdict. */
  informative: boolean;
  /** The every-call change (its id) that accounts for it: reported there, not part of this operation's verdict. */
  explainedBy?: string;
  message: string;
}

export interface OperationOut {
  operation: string;
  method: string;
  path: string;
  api: 'application' | 'client';
  verdict: UpgradeVerdict;
  /** Where the verdict comes from: the mapping's source reading, and what the runs observed. */
  verdicts: { source: UpgradeVerdict[]; observed: UpgradeVerdict[] };
  breaking: boolean;
  to?: { operation: string; method: string; path: string };
  gone?: string;
  changes: ChangeOut[];
  observed: {
    compared: boolean;
    /** Why not compared, or what the comparison covers. */
    note: string;
    statuses: { before: string[]; after: string[] };
    changes: ObservedChange[];
  };
  /** With an access log: the operator's calls to it. */
  calls?: { count: number; clients: { client: string; calls: number }[]; statuses: Record<string, number> };
}

export interface RunLabel {
  label: string;
  generatedAt: string;
  run: string;
  verdict: string;
}

/** The log's counts as read (harness/access-log.ts), with the calls ranked against the report's verdicts. */
export interface UsageOut extends Omit<AccessLogUsage, 'operations' | 'unmapped'> {
  mappedRequests: number;
  clientsMasked: boolean;
  /** The called operations with a breaking change, most calls first. */
  ranking: { operation: string; method: string; path: string; verdict: UpgradeVerdict; calls: number; breakingChanges: string[]; clients: { client: string; calls: number }[] }[];
  /** Calls per API, which every common change of that API meets. */
  callsPerApi: Record<'application' | 'client', number>;
  unmapped: { call: string; calls: number }[];
}

export interface UpgradeReport {
  format: typeof UPGRADE_FORMAT;
  generatedAt: string;
  from: { tag: string; run: RunLabel };
  to: { tag: string; run: RunLabel };
  summary: {
    operations: number;
    breaking: number;
    byVerdict: Record<UpgradeVerdict, number>;
    /** Operations both runs observed, so compared. */
    observed: number;
  };
  rateLimits: { before: Record<string, number[]>; after: Record<string, number[]> };
  common: CommonChangeOut[];
  operations: OperationOut[];
  usage?: UsageOut;
}

export interface UpgradeInput {
  mapping: UpgradeMapping;
  before: BehaviourDocument;
  after: BehaviourDocument;
  generatedAt: string;
  usage?: AccessLogUsage;
  /** Replace client addresses by pseudonyms (personal-data masking on). */
  maskClients?: boolean;
}

const isSuccess = (status: string) => status.startsWith('2');
const typesOf = (types: string | undefined) => new Set((types ?? '').split('|').filter((t) => t !== ''));
// Includes depend on what each run asked for, so relationships are not compared.
const comparable = (pointer: string) => !pointer.includes('/relationships');

/** The pointers of a body's fields that are the field a change names (its pointer, at a segment boundary). */
function matching(fields: Record<string, string>, pointer: string): string[] {
  return Object.keys(fields).filter((p) => comparable(p) && (p === pointer || p.endsWith(pointer)));
}

function links(sources: readonly string[]): SourceLinkOut[] {
  return sources.map((source) => ({ source, url: citationUrl(source) }));
}

/** Statuses both records answered, or only the one asked for. */
function statusesFor(field: FieldChange, a: OperationRecord, b: OperationRecord): string[] {
  const both = Object.keys(a.statuses).filter((s) => s in b.statuses);
  return field.status !== undefined ? both.filter((s) => s === field.status) : both.filter(isSuccess);
}

/** Whether the runs confirm or contradict a field change of the source reading, on one operation pair. */
export function observeField(field: FieldChange, a: OperationRecord | undefined, b: OperationRecord | undefined): { observation: Observation; observed?: string } {
  if (!a?.exercised || !b?.exercised) return { observation: 'not observed' };
  const statuses = statusesFor(field, a, b);
  if (statuses.length === 0) return { observation: 'not observed' };
  for (const status of statuses) {
    const before = a.statuses[status]!.fields;
    const after = b.statuses[status]!.fields;
    const inBefore = matching(before, field.pointer);
    const inAfter = matching(after, field.pointer);
    if (field.change === 'removed') {
      if (inAfter.length > 0) return { observation: 'contradicted', observed: `${status}: the 1.x run still saw ${inAfter[0]}` };
      if (inBefore.length > 0) return { observation: 'confirmed', observed: `${status}: ${inBefore[0]} seen on 0.7, absent on 1.x` };
    } else if (field.change === 'added') {
      if (inAfter.length > 0 && inBefore.length === 0) return { observation: 'confirmed', observed: `${status}: ${inAfter[0]} seen on 1.x only` };
      if (inBefore.length > 0) return { observation: 'contradicted', observed: `${status}: the 0.7 run already saw ${inBefore[0]}` };
      return { observation: 'contradicted', observed: `${status}: the 1.x run did not see ${field.pointer}` };
    } else {
      const at = inAfter[0];
      if (at === undefined) continue;
      const types = typesOf(after[at]);
      if (types.has(field.after as string) && !typesOf(before[at]).has(field.after as string)) return { observation: 'confirmed', observed: `${status}: ${at} ${before[at] ?? 'absent'} on 0.7, ${after[at]} on 1.x` };
      return { observation: 'contradicted', observed: `${status}: ${at} is ${after[at]} on 1.x (0.7: ${before[at] ?? 'absent'})` };
    }
  }
  return { observation: 'not observed' };
}

/** The differences between what the two runs observed for one operation (same requests or not: see `informative`). */
export function observedChanges(a: OperationRecord, b: OperationRecord): ObservedChange[] {
  const out: ObservedChange[] = [];
  const sa = Object.keys(a.statuses);
  const sb = Object.keys(b.statuses);
  const successAfter = sb.some(isSuccess);
  for (const status of sa.filter((s) => !sb.includes(s))) {
    // A success status that vanished while the 1.x run got no success at all: the request no longer works.
    const breaking = isSuccess(status) && !successAfter;
    out.push({
      kind: 'status-removed',
      breaking,
      status,
      informative: !breaking,
      message: breaking ? `${status} seen on 0.7; the 1.x run got only ${sb.join(', ') || 'no answer'}` : `${status} seen by the 0.7 run only`,
    });
  }
  for (const status of sb.filter((s) => !sa.includes(s))) out.push({ kind: 'status-added', breaking: false, status, informative: true, message: `${status} seen by the 1.x run only` });
  for (const status of sa.filter((s) => sb.includes(s))) {
    const before = a.statuses[status]!;
    const after = b.statuses[status]!;
    // A field whose parent is gone (or new) too is said once, at the parent.
    const parentOf = (pointer: string) => pointer.slice(0, pointer.lastIndexOf('/'));
    const removed = new Set(Object.keys(before.fields).filter((p) => comparable(p) && !(p in after.fields)));
    const added = new Set(Object.keys(after.fields).filter((p) => comparable(p) && !(p in before.fields)));
    for (const pointer of Object.keys(before.fields).filter(comparable).sort()) {
      if (removed.has(pointer) && pointer !== '' && removed.has(parentOf(pointer))) continue;
      if (!(pointer in after.fields)) {
        out.push({ kind: 'field-removed', breaking: true, status, subject: pointer, before: before.fields[pointer], informative: false, message: `${status}: ${pointer} (${before.fields[pointer]}) is gone` });
        continue;
      }
      const tb = typesOf(before.fields[pointer]);
      const ta = typesOf(after.fields[pointer]);
      if ([...tb].join('|') === [...ta].join('|')) continue;
      const breaking = [...tb].some((t) => !ta.has(t)) || (ta.has('null') && !tb.has('null'));
      out.push({ kind: 'field-retyped', breaking, status, subject: pointer, before: before.fields[pointer], after: after.fields[pointer], informative: false, message: `${status}: ${pointer} ${before.fields[pointer]} → ${after.fields[pointer]}` });
    }
    for (const pointer of [...added].filter((p) => p === '' || !added.has(parentOf(p))).sort()) {
      out.push({ kind: 'field-added', breaking: false, status, subject: pointer, after: after.fields[pointer], informative: false, message: `${status}: ${pointer} (${after.fields[pointer]}) is new` });
    }
    const ca = [...before.errorCodes].sort();
    const cb = [...after.errorCodes].sort();
    if (ca.join(',') !== cb.join(',') && (ca.length > 0 || cb.length > 0)) {
      // A client that handles a code the target no longer sends breaks; a new code alone does not.
      const codeGone = ca.some((c) => !cb.includes(c));
      out.push({
        kind: 'error-codes-changed',
        breaking: codeGone,
        status,
        before: ca.join(', '),
        after: cb.join(', '),
        informative: false,
        message: `${status}: error codes ${ca.join(', ') || '(none)'} → ${cb.join(', ') || '(none)'}`,
      });
    }
  }
  return out;
}

/** The verdict kinds what was observed gives (informative differences left out). */
export function observedVerdicts(changes: readonly ObservedChange[]): UpgradeVerdict[] {
  const kinds = new Set<UpgradeVerdict>();
  for (const c of changes) {
    if (c.informative || c.explainedBy !== undefined) continue;
    if (c.kind.startsWith('field-') && isSuccess(c.status)) kinds.add('changed-fields');
    else kinds.add('changed-statuses');
  }
  return VERDICTS.filter((v) => kinds.has(v));
}

/** Client addresses as pseudonyms: stable within one report, salted per process so they cannot be looked up. */
export function clientMasker(mask: boolean): (client: string) => string {
  if (!mask) return (client) => client;
  const salt = randomBytes(16);
  return (client) => `client-${createHash('sha256').update(salt).update(client).digest('hex').slice(0, 8)}`;
}

function label(doc: BehaviourDocument): RunLabel {
  return { label: doc.target.label, generatedAt: doc.generatedAt, run: doc.run.id, verdict: doc.verdict?.line ?? '(no verdict recorded)' };
}

function sortedClients(clients: Record<string, number>, mask: (c: string) => string): { client: string; calls: number }[] {
  const merged = new Map<string, number>();
  for (const [client, calls] of Object.entries(clients)) merged.set(mask(client), (merged.get(mask(client)) ?? 0) + calls);
  return [...merged].map(([client, calls]) => ({ client, calls })).sort((x, y) => y.calls - x.calls || (x.client < y.client ? -1 : 1));
}

function operationOut(input: UpgradeInput, op: OperationMapping, mask: (c: string) => string): OperationOut {
  const a = input.before.operations.find((o) => o.key === op.operation);
  const b = op.to ? input.after.operations.find((o) => o.key === op.to!.operation) : undefined;
  const changes: ChangeOut[] = op.changes.map((c) => sourceChange(c, c.field ? observeField(c.field, a, b) : { observation: 'not observed' }));
  let note: string;
  let observed: ObservedChange[] = [];
  if (op.gone) note = 'gone on 1.11: the 1.x run has no such operation to observe';
  else if (!a) note = 'the 0.7 document does not list this operation';
  else if (!b) note = `the 1.x document does not list ${op.to!.operation}`;
  else if (!a.exercised || !b.exercised) note = `not exercised by ${!a.exercised && !b.exercised ? 'either run' : !a.exercised ? 'the 0.7 run' : 'the 1.x run'}: the verdict is the source reading's alone`;
  else {
    const explainers = commonChangesOf(input.mapping, op, a.documentedStatuses).filter((c) => c.explains);
    observed = observedChanges(a, b).map((c) => {
      const by = explainers.find((e) => e.explains!.includes(c.status));
      return by && !c.informative ? { ...c, explainedBy: by.id } : c;
    });
    note = 'both runs observed it: statuses, body fields (types and presence; relationships left out) and error codes compared, per status';
  }
  const fromSource = sourceVerdicts(op);
  const fromObservation = observedVerdicts(observed);
  const verdict = worstVerdict([...fromSource, ...fromObservation]);
  const moved = op.to !== undefined && (op.to.method !== op.from.method || op.to.path !== op.from.path);
  const calls = input.usage?.operations[op.operation];
  return {
    operation: op.operation,
    method: op.from.method,
    path: op.from.path,
    api: apiOf(op.from.path),
    verdict,
    verdicts: { source: fromSource, observed: fromObservation },
    breaking: op.gone !== undefined || moved || changes.some((c) => c.breaking) || observed.some((c) => c.breaking && c.explainedBy === undefined),
    ...(op.to ? { to: { operation: op.to.operation, method: op.to.method, path: op.to.path } } : {}),
    ...(op.gone ? { gone: op.gone.summary } : {}),
    changes,
    observed: { compared: observed.length > 0 || (a?.exercised === true && b?.exercised === true), note, statuses: { before: Object.keys(a?.statuses ?? {}), after: Object.keys(b?.statuses ?? {}) }, changes: observed },
    ...(calls ? { calls: { count: calls.calls, clients: sortedClients(calls.clients, mask), statuses: calls.statuses } } : {}),
  };
}

function commonOut(input: UpgradeInput, change: CommonChange, operations: readonly OperationOut[]): CommonChangeOut {
  const ops = input.mapping.operations.filter((op) => commonChangesOf(input.mapping, op, documentedStatuses(input.before, op.operation)).includes(change));
  let observation: { observation: Observation; observed?: string } = { observation: 'not observed' };
  if (change.field) {
    const results = ops.map((op) =>
      observeField(change.field!, input.before.operations.find((o) => o.key === op.operation), op.to ? input.after.operations.find((o) => o.key === op.to!.operation) : undefined),
    );
    observation = results.find((r) => r.observation === 'contradicted') ?? results.find((r) => r.observation === 'confirmed') ?? observation;
  } else if (change.rateLimit !== undefined) {
    const seen = change.applies.flatMap((api) => input.after.rateLimits?.[api] ?? []);
    const before = change.applies.flatMap((api) => input.before.rateLimits?.[api] ?? []);
    if (seen.length > 0) {
      observation = seen.includes(change.rateLimit)
        ? { observation: 'confirmed', observed: `X-RateLimit-Limit ${before.join('/') || '(not seen)'} on 0.7, ${seen.join('/')} on 1.x` }
        : { observation: 'contradicted', observed: `the 1.x run saw X-RateLimit-Limit ${seen.join('/')}, not ${change.rateLimit} (a panel with its own APP_API_*_RATELIMIT?)` };
    }
  }
  if (observation.observation === 'not observed' && change.explains) {
    const seen = operations.flatMap((o) => o.observed.changes.filter((c) => c.explainedBy === change.id).map((c) => `${o.operation} ${c.message}`));
    if (seen.length > 0) observation = { observation: 'confirmed', observed: `${seen[0]}${seen.length > 1 ? ` (and ${seen.length - 1} more)` : ''}` };
  }
  return { id: change.id, applies: change.applies, operations: ops.length, ...sourceChange(change, observation) };
}

/** A change read from the source (the mapping), with what the runs observed of it. */
function sourceChange(change: OperationMapping['changes'][number] | CommonChange, observation: Pick<ChangeOut, 'observation' | 'observed'>): ChangeOut {
  return {
    kind: change.kind,
    breaking: change.breaking,
    summary: change.summary,
    ...(change.before !== undefined ? { before: change.before } : {}),
    ...(change.after !== undefined ? { after: change.after } : {}),
    evidence: 'source',
    ...observation,
    sources: links(change.source),
  };
}

function documentedStatuses(doc: BehaviourDocument, operation: string): string[] {
  return doc.operations.find((o) => o.key === operation)?.documentedStatuses ?? [];
}

const severity = (v: UpgradeVerdict) => VERDICTS.indexOf(v);

export function buildUpgradeReport(input: UpgradeInput): UpgradeReport {
  const mask = clientMasker(input.maskClients === true);
  const order = new Map(input.mapping.operations.map((o, i) => [o.operation, i]));
  const operations = input.mapping.operations
    .map((op) => operationOut(input, op, mask))
    .sort(
      (x, y) =>
        Number(y.breaking) - Number(x.breaking) ||
        (y.calls?.count ?? 0) - (x.calls?.count ?? 0) ||
        severity(x.verdict) - severity(y.verdict) ||
        (order.get(x.operation) ?? 0) - (order.get(y.operation) ?? 0),
    );
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, operations.filter((o) => o.verdict === v).length])) as Record<UpgradeVerdict, number>;
  const report: UpgradeReport = {
    format: UPGRADE_FORMAT,
    generatedAt: input.generatedAt,
    from: { tag: input.mapping.from, run: label(input.before) },
    to: { tag: input.mapping.to, run: label(input.after) },
    summary: { operations: operations.length, breaking: operations.filter((o) => o.breaking).length, byVerdict, observed: operations.filter((o) => o.observed.compared).length },
    rateLimits: { before: input.before.rateLimits ?? {}, after: input.after.rateLimits ?? {} },
    common: input.mapping.common.map((c) => commonOut(input, c, operations)).sort((x, y) => Number(y.breaking) - Number(x.breaking)),
    operations,
  };
  if (input.usage) report.usage = usageOut(input.usage, operations, input.maskClients === true);
  return report;
}

function usageOut(usage: AccessLogUsage, operations: readonly OperationOut[], masked: boolean): UsageOut {
  const callsPerApi = { application: 0, client: 0 };
  for (const op of operations) if (op.calls) callsPerApi[op.api] += op.calls.count;
  const ranking = operations
    .filter((o) => o.breaking && o.calls)
    .map((o) => ({
      operation: o.operation,
      method: o.method,
      path: o.path,
      verdict: o.verdict,
      calls: o.calls!.count,
      breakingChanges: [
        ...(o.gone ? [`gone: ${o.gone}`] : []),
        ...(o.to && (o.to.method !== o.method || o.to.path !== o.path) ? [`moved to ${o.to.method} ${o.to.path}`] : []),
        ...o.changes.filter((c) => c.breaking).map((c) => c.summary),
        ...(o.observed.changes.some((c) => c.breaking && !c.explainedBy) ? [`observed: ${o.observed.changes.filter((c) => c.breaking && !c.explainedBy).length} breaking difference(s) between the runs`] : []),
      ],
      clients: o.calls!.clients,
    }))
    .sort((x, y) => y.calls - x.calls || (x.operation < y.operation ? -1 : 1));
  return {
    file: usage.file,
    gzip: usage.gzip,
    lines: usage.lines,
    unknownLines: usage.unknownLines,
    otherRequests: usage.otherRequests,
    apiRequests: usage.apiRequests,
    mappedRequests: callsPerApi.application + callsPerApi.client,
    ...(usage.firstTime !== undefined ? { firstTime: usage.firstTime } : {}),
    ...(usage.lastTime !== undefined ? { lastTime: usage.lastTime } : {}),
    clientsMasked: masked,
    ranking,
    callsPerApi,
    unmapped: Object.entries(usage.unmapped)
      .map(([call, calls]) => ({ call, calls }))
      .sort((x, y) => y.calls - x.calls || (x.call < y.call ? -1 : 1)),
  };
}

/**
 * Whether a breaking change meets the operator's calls: with an access log, a called operation that
 * breaks, or a breaking common change of an API they called; without one, any breaking change.
 */
export function breakingMet(report: UpgradeReport): boolean {
  if (!report.usage) return report.summary.breaking > 0 || report.common.some((c) => c.breaking);
  const usage = report.usage;
  return usage.ranking.length > 0 || report.common.some((c) => c.breaking && c.applies.some((api) => usage.callsPerApi[api] > 0));
}
