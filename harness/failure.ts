// A failure is data from the moment it happens: what kind of failure, which operation and status it
// concerns, every violation as fields, and a curl line that repeats the request. The reporters read
// these fields (reports/behavior.json, Allure categories), never the message text.
import type { Exchange } from './exchange.ts';
import { curlCommand } from './curl-command.ts';
import { redactText, redactViolations } from './redaction.ts';
import { describeValue, type Violation, type ViolationKind } from './violation.ts';

/**
 * What stopped a behaviour. `contract`: an answer broke the spec (the checks of harness/checks/ and
 * the spec's schema); `behaviour`: an answer the spec allows is not what the behaviour requires (an
 * ad-hoc check in a suite); `discovery`: the target lacks what the behaviour needs (a resource, a
 * mock); `safety`, `key-unavailable`, `config`: the suite refused or could not set up;
 * `connectivity`: no usable answer; `timeout`: the behaviour did not finish in time;
 * `unexpected-pass`: a listed known deviation no longer happens; `suite`: the suite itself is wrong
 * (its metadata, its data files); `cleanup`: what the run created could not be removed;
 * `unclassified`: an error of no known class (a bug of the suite).
 */
export type FailureKind =
  | 'contract'
  | 'behaviour'
  | 'discovery'
  | 'safety'
  | 'key-unavailable'
  | 'config'
  | 'connectivity'
  | 'timeout'
  | 'unexpected-pass'
  | 'suite'
  | 'cleanup'
  | 'unclassified';

/** One violation as recorded: the spec's or a behaviour's requirement and what the panel did. */
export interface ViolationRecord {
  kind: ViolationKind;
  pointer: string;
  expected: string;
  actual: string;
  unexpectedProperties?: string[];
}

export interface FailureRecord {
  kind: FailureKind;
  /** The error class's stable code (PTERO_CONFORMANCE, PTERO_CONNECTIVITY…). */
  code: string;
  /** The spec operation of the exchange at hand, null when there is none. */
  operation: string | null;
  status: number | null;
  violations: ViolationRecord[];
  /** A curl line repeating the request (redacted), null without an exchange. */
  reproduce: string | null;
  /** ConnectivityError's kind (timeout, refused, html, throttled…), when the failure is one. */
  cause?: string;
  /** The message for people; nothing reads it back. */
  message: string;
}

/** An error that carries its failure record. */
export interface RecordedFailure {
  readonly name: string;
  readonly code: string;
  readonly failure: FailureRecord;
}

/** An exchange with the operation it answered: a PanelExchange, or what an ExchangeAssertion holds. */
export type ExchangeAtHand = Exchange & { operationId?: string | undefined };

/**
 * The spec is broken by an answer, or a behaviour's requirement is not met. `failure.kind` says
 * which; the message is the readable rendering (harness/violation-report.ts or the suite's words).
 */
export class ConformanceError extends Error implements RecordedFailure {
  override readonly name = 'ConformanceError';
  readonly code = 'PTERO_CONFORMANCE';

  constructor(
    message: string,
    readonly violations: Violation[],
    readonly failure: FailureRecord = { kind: 'contract', code: 'PTERO_CONFORMANCE', operation: violations[0]?.operationId ?? null, status: violations[0]?.status ?? null, violations: violations.map(violationRecord), reproduce: null, message },
  ) {
    super(message);
  }
}

/** The target lacks what a behaviour needs (a resource to work on, the mock's control surface). */
export class DiscoveryError extends Error implements RecordedFailure {
  override readonly name = 'DiscoveryError';
  readonly code = 'PTERO_DISCOVERY';
  readonly failure: FailureRecord;

  constructor(message: string, at?: ExchangeAtHand) {
    super(message);
    this.failure = { kind: 'discovery', code: this.code, ...where(at), violations: [], message };
  }
}

/** A failure that is its message alone: no operation, status or violation to record. */
abstract class MessageFailure extends Error implements RecordedFailure {
  readonly failure: FailureRecord;

  constructor(
    message: string,
    kind: 'suite' | 'cleanup' | 'unexpected-pass',
    readonly code: string,
  ) {
    super(message);
    this.failure = { kind, code, operation: null, status: null, violations: [], reproduce: null, message };
  }
}

/** The suite itself is wrong: its metadata or one of its data files. */
export class SuiteError extends MessageFailure {
  override readonly name = 'SuiteError';
  constructor(message: string) {
    super(message, 'suite', 'PTERO_SUITE');
  }
}

/** What the run created could not be removed (the ledger keeps it for npm run cleanup). */
export class CleanupError extends MessageFailure {
  override readonly name = 'CleanupError';
  constructor(message: string) {
    super(message, 'cleanup', 'PTERO_CLEANUP');
  }
}

/** A listed known deviation no longer happens: the expectation must go. */
export class UnexpectedPassError extends MessageFailure {
  override readonly name = 'UnexpectedPassError';
  constructor(message: string) {
    super(message, 'unexpected-pass', 'PTERO_UNEXPECTED_PASS');
  }
}

export interface AdHocViolation {
  kind: ViolationKind;
  /** JSON pointer into the body (or /headers/<name>); '' for the answer as a whole. */
  pointer?: string;
  /** What the behaviour requires, in words or as a value. */
  expected?: unknown;
  /** What the panel did (a value is rendered as JSON, clipped). */
  actual?: unknown;
}

/**
 * Raises a behaviour's own violation the way the compiled checks raise theirs: a ConformanceError
 * whose record has the kind, the operation and status of the exchange at hand, the violation as
 * fields and a redacted curl line. `message` is the suite's sentence, kept for people.
 */
export function violate(message: string, violation: AdHocViolation, at?: ExchangeAtHand, secrets: readonly string[] = []): never {
  const record: ViolationRecord = {
    kind: violation.kind,
    pointer: violation.pointer ?? '',
    // Without details, the suite's sentence says what the panel did.
    expected: violation.expected === undefined ? 'as the behaviour states' : text(violation.expected),
    actual: violation.actual === undefined ? message : text(violation.actual),
  };
  const operationId = at?.operationId ?? '(no operation)';
  const status = at?.response.status ?? 0;
  const [redacted] = redactViolations([{ ...record, operationId, status }], secrets);
  const safe = redacted ?? { ...record, operationId, status };
  const clean = redactText(message, secrets);
  throw new ConformanceError(clean, [safe], {
    kind: 'behaviour',
    code: 'PTERO_CONFORMANCE',
    ...where(at, secrets),
    violations: [violationRecord(safe)],
    message: clean,
  });
}

/** Raises a DiscoveryError: the target lacks what the behaviour needs. */
export function unavailable(message: string, at?: ExchangeAtHand): never {
  throw new DiscoveryError(message, at);
}

export function violationRecord(v: Violation | ViolationRecord): ViolationRecord {
  const record: ViolationRecord = { kind: v.kind, pointer: v.pointer, expected: v.expected, actual: v.actual };
  if (v.unexpectedProperties) record.unexpectedProperties = [...v.unexpectedProperties];
  return record;
}

/** Operation, status and curl line of the exchange at hand (all null without one). */
export function where(at: ExchangeAtHand | undefined, secrets: readonly string[] = []): Pick<FailureRecord, 'operation' | 'status' | 'reproduce'> {
  if (!at) return { operation: null, status: null, reproduce: null };
  return { operation: at.operationId ?? null, status: at.response.status, reproduce: curlCommand(at, secrets) };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : describeValue(value);
}

/** Whether a thrown value carries a failure record. */
export function isRecordedFailure(error: unknown): error is RecordedFailure {
  return error instanceof Error && typeof (error as Partial<RecordedFailure>).failure === 'object' && (error as Partial<RecordedFailure>).failure !== null;
}

/** The failure kinds of the error classes that carry only a code (harness/panel-client.ts, run-config.ts). */
const KIND_BY_CODE: Readonly<Record<string, FailureKind>> = {
  PTERO_SAFETY: 'safety',
  PTERO_KEY_UNAVAILABLE: 'key-unavailable',
  PTERO_CONFIG: 'config',
  PTERO_SOURCE_REF: 'suite',
  PTERO_USAGE: 'config',
};

/**
 * The record of whatever a behaviour threw: its own when it carries one, else from its class's
 * `code`; an error of no known class is `unclassified` (its message kept for people).
 */
export function failureOf(error: unknown): FailureRecord {
  if (isRecordedFailure(error)) return error.failure;
  const message = error instanceof Error ? error.message : String(error);
  const raw = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  const code = typeof raw === 'string' ? raw : undefined;
  const kind = code === undefined ? undefined : KIND_BY_CODE[code];
  return { kind: kind ?? 'unclassified', code: kind && code ? code : (code ?? 'PTERO_UNCLASSIFIED'), operation: null, status: null, violations: [], reproduce: null, message };
}

/** A behaviour that did not finish within its time: vitest stopped waiting for it. */
export function timeoutFailure(message: string, at?: ExchangeAtHand): FailureRecord {
  return { kind: 'timeout', code: 'PTERO_TIMEOUT', ...where(at), violations: [], message };
}

/** Fills operation, status and curl line from the behaviour's last exchange when the failure has none. */
export function locate(failure: FailureRecord, last: ExchangeAtHand | undefined, secrets: readonly string[] = []): FailureRecord {
  if (failure.operation !== null || failure.status !== null || !last) return failure;
  if (failure.kind !== 'behaviour' && failure.kind !== 'discovery') return failure;
  return { ...failure, ...where(last, secrets) };
}
