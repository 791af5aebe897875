// Compares two behaviour documents (before/after an upgrade, staging vs production, two panels):
// operations, statuses, body fields (by type and presence, never by value), headers, rate limits,
// error codes and the legacy docs' claim verdicts. A change a client could depend on is breaking:
// an operation or a success status that disappeared, a field removed or retyped (or newly null), a
// header removed, a rate limit lowered. Additions alone are not.
import { BEHAVIOUR_FORMAT, mergeObservations, type BehaviourDocument, type BehaviourRecord, type Observation, type OperationRecord } from './behaviour-document.ts';
import { cell } from './behaviour-markdown.ts';
import { parseTypeString, comparePointers } from '../harness/behaviour-sample.ts';

export type ChangeKind =
  | 'operation-added'
  | 'operation-removed'
  | 'status-added'
  | 'status-removed'
  | 'field-added'
  | 'field-removed'
  | 'field-type-changed'
  | 'field-nullability-changed'
  | 'header-added'
  | 'header-removed'
  | 'error-code-added'
  | 'error-code-removed'
  | 'rate-limit-changed'
  | 'claim-verdict-changed';

export interface Change {
  kind: ChangeKind;
  breaking: boolean;
  /** The operation key (operationId, or legacy:<claim id>); several for a rate-limit change. */
  operations: string[];
  status?: string;
  /** The field pointer, header name, error code or claim id. */
  subject?: string;
  before?: string;
  after?: string;
  message: string;
}

export interface BehaviourDiff {
  old: DocumentLabel;
  new: DocumentLabel;
  changes: Change[];
  breaking: number;
  /** Differences between the two runs themselves (settings, behaviours run) that can explain changes. */
  notes: string[];
}

interface DocumentLabel {
  label: string;
  generatedAt: string;
  run: string;
}

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  readonly code = 'PTERO_DOCUMENT';
}

/** Checks that a parsed file is a behaviour document this diff understands. */
export function asBehaviourDocument(value: unknown, name: string): BehaviourDocument {
  const doc = value as Partial<BehaviourDocument> | null;
  if (!doc || typeof doc !== 'object' || doc.format !== BEHAVIOUR_FORMAT || !Array.isArray(doc.operations) || !Array.isArray(doc.claims)) {
    throw new DocumentError(`${name} is not a behaviour document (${BEHAVIOUR_FORMAT}): expected the behavior.json a conformance run writes`);
  }
  return doc as BehaviourDocument;
}

/**
 * Why a document cannot be compared, if it cannot: its run could not test the panel (a failed
 * preflight, the panel lost), so its answers describe the setup, not the panel. Documents written
 * before the verdict existed are refused when they recorded requests without an answer (status 0).
 */
export function notComparable(doc: BehaviourDocument, name: string): string | undefined {
  if (doc.verdict?.kind === 'could-not-test') return `not comparable: ${name} could not test (${doc.verdict.cause ?? 'no cause recorded'})`;
  if (doc.verdict === undefined && doc.operations.some((o) => o.statuses['0'] !== undefined)) {
    return `not comparable: ${name} could not test (requests got no usable answer: status 0)`;
  }
  return undefined;
}

const isSuccess = (status: string): boolean => status.startsWith('2');

function describe(op: OperationRecord): string {
  return `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ' (legacy docs only)'}`;
}

export function diffBehaviourDocuments(before: BehaviourDocument, after: BehaviourDocument): BehaviourDiff {
  const changes: Change[] = [];
  const notes: string[] = [];
  const oldOps = new Map(before.operations.map((o) => [o.key, o]));
  const newOps = new Map(after.operations.map((o) => [o.key, o]));
  const keys = [...new Set([...oldOps.keys(), ...newOps.keys()])];
  const onlyOld: string[] = [];
  const onlyNew: string[] = [];
  const pairs = pairRequests(before, after);
  let uncompared = 0;

  for (const key of keys) {
    const a = oldOps.get(key);
    const b = newOps.get(key);
    if (a && !b) {
      changes.push({ kind: 'operation-removed', breaking: true, operations: [key], message: `${describe(a)} is not in the new document at all` });
      continue;
    }
    if (b && !a) {
      changes.push({ kind: 'operation-added', breaking: false, operations: [key], message: `${describe(b)} is new in the new document` });
      continue;
    }
    if (!a || !b) continue;
    if (a.exercised && !b.exercised) onlyOld.push(key);
    if (!a.exercised && b.exercised) onlyNew.push(key);
    if (!a.exercised || !b.exercised) continue;
    const result = operationChanges(a, b, pairs.get(key) ?? []);
    changes.push(...result.changes);
    uncompared += result.uncompared;
  }

  changes.push(...rateLimitChanges(before, after));
  notes.push(...runNotes(before, after));
  changes.push(...claimChanges(before, after, notes));
  if (onlyOld.length > 0) notes.push(`exercised by the old run only, so not compared: ${onlyOld.join(', ')}`);
  if (onlyNew.length > 0) notes.push(`exercised by the new run only, so not compared: ${onlyNew.join(', ')}`);
  if (uncompared > 0) {
    notes.push(`${uncompared} operation × status answer${uncompared === 1 ? '' : 's'} seen in one run only, to requests the other run did not send (a behaviour ends at its first failed assertion): not compared`);
  }
  return { old: labelOf(before), new: labelOf(after), changes, breaking: changes.filter((c) => c.breaking).length, notes };
}

function labelOf(doc: BehaviourDocument): DocumentLabel {
  return { label: doc.target.label, generatedAt: doc.generatedAt, run: doc.run.id };
}

type RequestRef = [string, string, number];

/**
 * The same requests of the two runs: per behaviour, its requests in order, paired while both runs
 * asked the same operation (a behaviour that stopped early, or took another turn, pairs no further).
 * Grouped by operation key.
 */
export function pairRequests(before: BehaviourDocument, after: BehaviourDocument): Map<string, [RequestRef, RequestRef][]> {
  const pairs = new Map<string, [RequestRef, RequestRef][]>();
  for (const [behaviour, a] of Object.entries(before.requests ?? {})) {
    const b = after.requests?.[behaviour];
    if (!b) continue;
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const x = a[i] as RequestRef;
      const y = b[i] as RequestRef;
      if (x[0] !== y[0]) break;
      pairs.set(x[0], [...(pairs.get(x[0]) ?? []), [x, y]]);
    }
  }
  return pairs;
}

/** Router refusals: 404/405 without rate-limit headers (the request reached no route). */
function refusals(op: OperationRecord): string[] {
  return Object.entries(op.statuses)
    .filter(([s, r]) => (s === '404' || s === '405') && !r.rateLimited)
    .map(([s]) => s);
}

function observationsOf(op: OperationRecord, refs: readonly RequestRef[]): Observation {
  return mergeObservations(refs.map(([, status, at]) => op.statuses[status]?.observations[at]).filter((o): o is Observation => o !== undefined));
}

/**
 * One operation exercised by both runs, compared on the paired requests (the same behaviour's same
 * request): a status counts as gone when a paired request got it in the old run and the new run
 * never answered it; fields, headers and error codes of a status are compared over the pairs that
 * got that status in both runs. What only one run asked is counted in `uncompared`.
 */
export function operationChanges(a: OperationRecord, b: OperationRecord, pairs: readonly [RequestRef, RequestRef][]): { changes: Change[]; uncompared: number } {
  const out: Change[] = [];
  const op = [a.key];
  const pairedA = new Set(pairs.map(([x]) => x[1]));
  const pairedB = new Set(pairs.map(([, y]) => y[1]));
  const removed = [...pairedA].filter((s) => !(s in b.statuses)).sort();
  const added = [...pairedB].filter((s) => !(s in a.statuses)).sort();
  const uncompared =
    Object.keys(a.statuses).filter((s) => !(s in b.statuses) && !pairedA.has(s)).length + Object.keys(b.statuses).filter((s) => !(s in a.statuses) && !pairedB.has(s)).length;
  const successA = Object.keys(a.statuses).filter(isSuccess);
  const successB = Object.keys(b.statuses).filter(isSuccess);
  const gone = successA.length > 0 && successB.length === 0 && successA.every((s) => removed.includes(s)) && refusals(b).length > 0;
  const came = successB.length > 0 && successA.length === 0 && successB.every((s) => added.includes(s)) && refusals(a).length > 0;
  if (gone) out.push({ kind: 'operation-removed', breaking: true, operations: op, message: `${describe(a)} no longer answers: ${successA.join(', ')} became ${refusals(b).join('/')} from the router` });
  if (came) out.push({ kind: 'operation-added', breaking: false, operations: op, message: `${describe(b)} now answers ${successB.join(', ')} (was ${refusals(a).join('/')} from the router)` });
  for (const status of removed) {
    if (gone && isSuccess(status)) continue;
    out.push({ kind: 'status-removed', breaking: isSuccess(status), operations: op, status, message: `${describe(a)}: ${status} no longer seen${isSuccess(status) ? ' (a success status)' : ''}` });
  }
  for (const status of added) {
    if (came && isSuccess(status)) continue;
    out.push({ kind: 'status-added', breaking: false, operations: op, status, message: `${describe(b)}: ${status} newly seen` });
  }
  for (const status of Object.keys(a.statuses)) {
    if (!(status in b.statuses)) continue;
    const same = pairs.filter(([x, y]) => x[1] === status && y[1] === status);
    if (same.length === 0) continue;
    const before = observationsOf(a, same.map(([x]) => x));
    const after = observationsOf(b, same.map(([, y]) => y));
    out.push(...fieldChanges(a, status, before.fields, after.fields));
    out.push(...listChanges(a, status, before.headers, after.headers, 'header'));
    out.push(...listChanges(a, status, before.errorCodes, after.errorCodes, 'error-code'));
  }
  return { changes: out, uncompared };
}

function parentOf(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** Whether `pointer`'s parent was observed as a container that could hold it in `fields`. */
function parentObserved(pointer: string, fields: Record<string, string>): boolean {
  const parent = parentOf(pointer);
  if (parent === undefined) return false;
  const types = fields[parent];
  if (types === undefined) return false;
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  // An array's items (`*`) are only comparable when both runs saw items; an empty array says nothing.
  if (last === '*') return false;
  return parseTypeString(types).includes('object');
}

function nonNull(types: string): string[] {
  return parseTypeString(types).filter((t) => t !== 'null');
}

/**
 * Field changes of one operation × status. Only the topmost pointer of an added or removed subtree
 * is reported, and only where the parent was seen as an object in both runs (an empty array or a
 * null parent says nothing about what it would hold).
 */
export function fieldChanges(op: OperationRecord, status: string, before: Record<string, string>, after: Record<string, string>): Change[] {
  const out: Change[] = [];
  const where = `${describe(op)} ${status}`;
  const removed = Object.keys(before).filter((p) => after[p] === undefined && parentObserved(p, after) && parentObserved(p, before));
  const added = Object.keys(after).filter((p) => before[p] === undefined && parentObserved(p, before) && parentObserved(p, after));
  for (const p of removed.sort(comparePointers)) {
    out.push({ kind: 'field-removed', breaking: true, operations: [op.key], status, subject: p, before: before[p], message: `${where}: field ${p} (${before[p]}) removed${below(p, before)}` });
  }
  for (const p of added.sort(comparePointers)) {
    out.push({ kind: 'field-added', breaking: false, operations: [op.key], status, subject: p, after: after[p], message: `${where}: field ${p} (${after[p]}) added${below(p, after)}` });
  }
  for (const p of Object.keys(before).sort(comparePointers)) {
    const was = before[p] as string;
    const is = after[p];
    if (is === undefined || is === was) continue;
    const wasTypes = nonNull(was);
    const isTypes = nonNull(is);
    const sameTypes = wasTypes.length === isTypes.length && wasTypes.every((t) => isTypes.includes(t));
    const base = { operations: [op.key], status, subject: p, before: was, after: is };
    if (wasTypes.length > 0 && isTypes.length > 0 && !sameTypes) {
      out.push({ ...base, kind: 'field-type-changed', breaking: true, message: `${where}: field ${p} changed type from ${was} to ${is}` });
    } else if (wasTypes.length === 0) {
      out.push({ ...base, kind: 'field-nullability-changed', breaking: false, message: `${where}: field ${p} was always null, now ${is}` });
    } else {
      const nowNull = parseTypeString(is).includes('null') && !parseTypeString(was).includes('null');
      out.push({
        ...base,
        kind: 'field-nullability-changed',
        breaking: nowNull,
        message: nowNull ? `${where}: field ${p} may now be null (${was} → ${is})` : `${where}: field ${p} no longer seen null (${was} → ${is})`,
      });
    }
  }
  return out;
}

function below(pointer: string, fields: Record<string, string>): string {
  const n = Object.keys(fields).filter((p) => p.startsWith(`${pointer}/`)).length;
  return n > 0 ? `, with ${n} field${n === 1 ? '' : 's'} below it` : '';
}

function listChanges(op: OperationRecord, status: string, before: readonly string[], after: readonly string[], what: 'header' | 'error-code'): Change[] {
  const out: Change[] = [];
  const noun = what === 'header' ? 'header' : 'error code';
  for (const x of before) {
    if (!after.includes(x)) {
      out.push({ kind: `${what}-removed`, breaking: what === 'header', operations: [op.key], status, subject: x, message: `${describe(op)} ${status}: ${noun} ${x} no longer ${what === 'header' ? 'sent' : 'seen'}` });
    }
  }
  for (const x of after) {
    if (!before.includes(x)) out.push({ kind: `${what}-added`, breaking: false, operations: [op.key], status, subject: x, message: `${describe(op)} ${status}: ${noun} ${x} newly ${what === 'header' ? 'sent' : 'seen'}` });
  }
  return out;
}

/** One change per distinct transition of X-RateLimit-Limit values, listing the operations it applies to. */
function rateLimitChanges(before: BehaviourDocument, after: BehaviourDocument): Change[] {
  const newOps = new Map(after.operations.map((o) => [o.key, o]));
  const transitions = new Map<string, { was: number[]; is: number[]; operations: string[] }>();
  for (const a of before.operations) {
    const b = newOps.get(a.key);
    if (!b || a.rateLimit.length === 0 || b.rateLimit.length === 0) continue;
    if (a.rateLimit.join(',') === b.rateLimit.join(',')) continue;
    const key = `${a.rateLimit.join('/')} → ${b.rateLimit.join('/')}`;
    const t = transitions.get(key) ?? { was: a.rateLimit, is: b.rateLimit, operations: [] };
    t.operations.push(a.key);
    transitions.set(key, t);
  }
  return [...transitions].map(([key, t]) => {
    const lowered = Math.min(...t.is) < Math.min(...t.was);
    const apis = [...new Set(t.operations.map((k) => before.operations.find((o) => o.key === k)?.path.split('/')[2] ?? '?'))].join(' and ');
    return {
      kind: 'rate-limit-changed' as const,
      breaking: lowered,
      operations: t.operations,
      subject: 'x-ratelimit-limit',
      before: t.was.join('/'),
      after: t.is.join('/'),
      message: `X-RateLimit-Limit ${key} (${lowered ? 'lowered' : 'raised'}) on ${t.operations.length} ${apis} operation${t.operations.length === 1 ? '' : 's'}`,
    };
  });
}

/**
 * Claims whose verdict flipped between holds and false. A verdict that became or stopped being
 * `not checked` says what a run got to check, not what the panel does: a note, not a change.
 */
function claimChanges(before: BehaviourDocument, after: BehaviourDocument, notes: string[]): Change[] {
  const out: Change[] = [];
  const newClaims = new Map(after.claims.map((c) => [c.id, c]));
  const unchecked: string[] = [];
  for (const a of before.claims) {
    const b = newClaims.get(a.id);
    if (!b || a.verdict === b.verdict) continue;
    if (a.verdict === 'not checked' || b.verdict === 'not checked') {
      unchecked.push(`${a.id} (${a.verdict} → ${b.verdict})`);
      continue;
    }
    out.push({
      kind: 'claim-verdict-changed',
      breaking: false,
      operations: a.operation ? [a.operation] : [],
      subject: a.id,
      before: a.verdict,
      after: b.verdict,
      message: `legacy docs claim ${a.id} (${a.claim}): ${a.verdict} → ${b.verdict}${b.evidence[0] ? ` (${b.evidence[0]})` : ''}`,
    });
  }
  if (unchecked.length > 0) notes.push(`${unchecked.length} legacy docs claim${unchecked.length === 1 ? ' was' : 's were'} checked by one run only: ${unchecked.slice(0, 8).join(', ')}${unchecked.length > 8 ? ', …' : ''}`);
  return out;
}

function allBehaviours(doc: BehaviourDocument): BehaviourRecord[] {
  return [...doc.operations.flatMap((o) => o.behaviours), ...doc.crossCutting];
}

function runNotes(before: BehaviourDocument, after: BehaviourDocument): string[] {
  const notes: string[] = [];
  const settings = (d: BehaviourDocument) =>
    Object.entries(d.run.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  if (settings(before) !== settings(after)) notes.push(`the runs had different settings (old: ${settings(before)}; new: ${settings(after)}), so some operations may have been exercised by one run only`);
  if (before.run.keyRoles.join(',') !== after.run.keyRoles.join(',')) notes.push(`the runs had different key roles (old: ${before.run.keyRoles.join(', ') || 'none'}; new: ${after.run.keyRoles.join(', ') || 'none'})`);
  const outcome = (d: BehaviourDocument) => new Map(allBehaviours(d).map((b) => [b.id, b.outcome]));
  const oldOutcome = outcome(before);
  const newOutcome = outcome(after);
  const newlyFailing = [...newOutcome].filter(([id, o]) => o === 'failed' && oldOutcome.get(id) !== 'failed').map(([id]) => id);
  const newlyPassing = [...oldOutcome].filter(([id, o]) => o === 'failed' && newOutcome.has(id) && newOutcome.get(id) !== 'failed').map(([id]) => id);
  if (newlyFailing.length > 0) notes.push(`${newlyFailing.length} behaviour${newlyFailing.length === 1 ? '' : 's'} failed in the new run only (e.g. ${newlyFailing.slice(0, 3).join(', ')}): a failed behaviour stops at its first failed assertion, so its later requests are missing from the new run and are not compared`);
  if (newlyPassing.length > 0) notes.push(`${newlyPassing.length} behaviour${newlyPassing.length === 1 ? '' : 's'} failed in the old run only (e.g. ${newlyPassing.slice(0, 3).join(', ')})`);
  const ran = (d: BehaviourDocument) => new Set(allBehaviours(d).filter((b) => b.outcome !== 'not-run').map((b) => b.id));
  const oldRan = ran(before);
  const newRan = ran(after);
  const ranOld = [...oldRan].filter((id) => !newRan.has(id));
  const ranNew = [...newRan].filter((id) => !oldRan.has(id));
  if (ranOld.length || ranNew.length) notes.push(`the runs ran different behaviours (${ranOld.length} only in the old run, ${ranNew.length} only in the new one); what only one of them asked is not compared`);
  return notes;
}

const KIND_TITLE: Record<ChangeKind, string> = {
  'operation-added': 'Operations appearing',
  'operation-removed': 'Operations disappearing',
  'status-added': 'Statuses appearing',
  'status-removed': 'Statuses disappearing',
  'field-added': 'Fields added',
  'field-removed': 'Fields removed',
  'field-type-changed': 'Fields changing type',
  'field-nullability-changed': 'Fields changing nullability',
  'header-added': 'Headers appearing',
  'header-removed': 'Headers disappearing',
  'error-code-added': 'Error codes appearing',
  'error-code-removed': 'Error codes disappearing',
  'rate-limit-changed': 'Rate limits changing',
  'claim-verdict-changed': 'Legacy docs claim verdicts changing',
};

/** Changes that say the same thing about different operations × statuses, as one. */
export interface ChangeGroup {
  kind: ChangeKind;
  breaking: boolean;
  message: string;
  /** "listUsers 401", … */
  where: string[];
}

export function groupChanges(changes: readonly Change[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const c of changes) {
    const groupable = c.subject !== undefined && c.kind !== 'claim-verdict-changed' && c.kind !== 'rate-limit-changed';
    const key = groupable ? [c.kind, c.subject, c.before ?? '', c.after ?? '', String(c.breaking)].join('\u0000') : `${groups.size}\u0001${c.message}`;
    const where = c.operations.map((o) => `${o}${c.status ? ` ${c.status}` : ''}`);
    const existing = groups.get(key);
    if (existing) existing.where.push(...where);
    else groups.set(key, { kind: c.kind, breaking: c.breaking, message: groupable ? groupMessage(c) : c.message, where });
  }
  return [...groups.values()];
}

function groupMessage(c: Change): string {
  switch (c.kind) {
    case 'field-added':
      return `field ${c.subject} (${c.after}) added`;
    case 'field-removed':
      return `field ${c.subject} (${c.before}) removed`;
    case 'field-type-changed':
      return `field ${c.subject} changed type from ${c.before} to ${c.after}`;
    case 'field-nullability-changed':
      return c.breaking ? `field ${c.subject} may now be null (${c.before} → ${c.after})` : `field ${c.subject}: ${c.before} → ${c.after}`;
    case 'header-added':
      return `header ${c.subject} newly sent`;
    case 'header-removed':
      return `header ${c.subject} no longer sent`;
    case 'error-code-added':
      return `error code ${c.subject} newly seen`;
    case 'error-code-removed':
      return `error code ${c.subject} no longer seen`;
    default:
      return c.message;
  }
}

/** "3 changes (1 breaking): rate limits changing: 1, fields added: 2" */
export function summarizeDiff(diff: BehaviourDiff): string {
  if (diff.changes.length === 0) return 'no changes';
  const counts = new Map<ChangeKind, number>();
  for (const c of diff.changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${KIND_TITLE[kind].toLowerCase()}: ${n}`);
  const groups = groupChanges(diff.changes).length;
  return `${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}${groups < diff.changes.length ? ` (${groups} distinct)` : ''}, ${diff.breaking} breaking: ${parts.join(', ')}`;
}

function whereText(where: readonly string[], max = 8): string {
  return where.length <= max ? where.join(', ') : `${where.slice(0, max).join(', ')} and ${where.length - max} more`;
}

export function renderDiffMarkdown(diff: BehaviourDiff): string {
  const out = [
    '# Behaviour diff',
    '',
    `- **old**: ${diff.old.label}, run \`${diff.old.run}\` at ${diff.old.generatedAt}`,
    `- **new**: ${diff.new.label}, run \`${diff.new.run}\` at ${diff.new.generatedAt}`,
    '',
    `**${summarizeDiff(diff)}.** ${diff.breaking > 0 ? 'Something a client could depend on broke.' : 'Nothing a client could depend on broke.'}`,
    '',
    'Compared on the answers to the same behaviours\' requests: operations, statuses, body fields by JSON pointer (type and presence, never values), headers, error codes, X-RateLimit-Limit values and the legacy docs claim verdicts. Breaking: an operation or a success status that disappeared, a field removed, retyped or newly null, a header removed, a rate limit lowered.',
    '',
  ];
  if (diff.notes.length > 0) out.push('## Notes on the runs', '', ...diff.notes.map((n) => `- ${n}`), '');
  const order = Object.keys(KIND_TITLE) as ChangeKind[];
  const groups = groupChanges(diff.changes);
  for (const breaking of [true, false]) {
    const ofBreaking = groups.filter((g) => g.breaking === breaking);
    if (ofBreaking.length === 0) continue;
    out.push(breaking ? '## Breaking changes' : '## Other changes', '');
    for (const kind of order) {
      const ofKind = ofBreaking.filter((g) => g.kind === kind);
      if (ofKind.length === 0) continue;
      out.push(`### ${KIND_TITLE[kind]} (${ofKind.reduce((n, g) => n + Math.max(1, g.where.length), 0)})`, '', '| change | where (operation status) |', '|---|---|');
      for (const g of ofKind) out.push(`| ${cell(g.message)} | ${cell(whereText(g.where))} |`);
      out.push('');
    }
  }
  if (diff.changes.length === 0) out.push('The two documents describe the same behaviour.', '');
  return `${out.join('\n')}\n`;
}
