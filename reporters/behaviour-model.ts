// The behaviour document's model (reports/behavior.json): its format id and types, shared by the
// builder (behaviour-document.ts), the claim judge (behaviour-claims.ts), the Markdown, the verdict
// and the diff, so none of them imports another for its types.
import type { FailureRecord } from '../harness/failure.ts';
import type { Outcome, VerdictKind } from '../harness/outcomes.ts';
import type { QuirkLink, SourceLink } from '../harness/source-links.ts';

export const BEHAVIOUR_FORMAT = 'ptero-behaviour/1';

export type { Outcome };
export type Verdict = 'holds' | 'false' | 'not checked';

/** One behaviour (test) of the run and how it came out. */
export interface BehaviourRecord {
  id: string;
  statement: string;
  /** The suite file, relative to the project. */
  file: string;
  category: string;
  operation?: string;
  outcome: Outcome;
  /** Not run: why. Known deviation: the reason the expectations give. */
  reason?: string;
  /** Failed or known deviation: what the panel did instead (redacted, trimmed), for people. */
  message?: string;
  /** Not run because the panel gave no usable answer (the cause is the reason). */
  unanswered?: boolean;
  /** Failed or known deviation: the failure as recorded where it happened (redacted, never trimmed). */
  failure?: FailureRecord;
}

/** What the panel answered with one status, over every request that got it. */
export interface StatusRecord {
  count: number;
  /** Whether the spec documents the status for the operation. */
  documented: boolean;
  /** Response header names seen (connection, framing and Date left out). */
  headers: string[];
  /** X-RateLimit-Limit values seen. */
  rateLimit: number[];
  contentTypes: string[];
  /** `errors[].code` values seen. */
  errorCodes: string[];
  /** JSON pointer → type over every body seen (array items are `*`; the body itself is ""). */
  fields: Record<string, string>;
  /** The first body seen, redacted and trimmed. */
  example?: unknown;
  /** Whether any answer carried X-RateLimit-Limit (router refusals do not). */
  rateLimited: boolean;
  /** The behaviours that got this status, with how many answers each. */
  behaviours: Record<string, number>;
  /** The distinct answers (shape, headers, error codes); `BehaviourDocument.requests` points into them. */
  observations: Observation[];
}

/** What one answer had: its body's shape, its headers, its error codes. */
export interface Observation {
  fields: Record<string, string>;
  headers: string[];
  errorCodes: string[];
}

export interface Deviation {
  behaviour: string;
  kind: 'failed' | 'known-deviation' | 'unexpected-pass';
  message: string;
}

export interface BehaviourCounts {
  passed: number;
  failed: number;
  knownDeviations: number;
  unexpectedPass: number;
  notRun: number;
}

export interface OperationRecord {
  /** The spec operationId, or `legacy:<claim id>` for an operation only the legacy docs describe. */
  key: string;
  operationId?: string;
  legacyClaim?: string;
  method: string;
  path: string;
  category: string;
  summary: string;
  /** Statuses the spec documents (none for legacy-only operations). */
  documentedStatuses: string[];
  exercised: boolean;
  requests: number;
  statuses: Record<string, StatusRecord>;
  /** X-RateLimit-Limit values seen on any answer. */
  rateLimit: number[];
  behaviours: BehaviourRecord[];
  counts: BehaviourCounts;
  deviations: Deviation[];
  /** The legacy docs' remark (legacy-only operations). */
  notes?: string;
  /** The panel source the operation is read from (its x-source), as links at the v0.7.19 tag. */
  sources?: SourceLink[];
  /** The spec's x-quirk / x-uncertain statements of the operation, each with its source links. */
  quirks?: QuirkLink[];
}

export interface ClaimRecord {
  id: string;
  kind: 'intro' | 'rate-limit' | 'error-example' | 'operation' | 'page' | 'discrepancy';
  /** The legacy docs page or section the claim is on (operation claims: their category, e.g. client/files). */
  section: string;
  claim: string;
  /** Operation claims: the key of the operation record that answers for it (an operationId or `legacy:<claim id>`). */
  operation?: string;
  verdict: Verdict;
  evidence: string[];
  /**
   * Per panel profile (harness/profiles.yaml): whether the claim holds there, observed by this run (its
   * own profile) or from that panel's source (the other profiles, and the run's own where it saw nothing
   * to judge by), with the citations. Absent in documents from before profiles.
   */
  profiles?: Record<string, ProfileVerdict>;
}

export interface ProfileVerdict {
  verdict: Verdict;
  basis: 'observed' | 'source';
  /** Panel-source citations (`v1.11.8:<path>#L<a>-L<b>`), for a verdict from source. */
  source?: string[];
  /** The gist, for a verdict from source. */
  note?: string;
}

export interface RunTarget {
  mode: 'mock' | 'live';
  /** The panel, without credentials, query or fragment. */
  url: string;
  label: string;
  /** The panel profile the run checked against (harness/profiles.yaml); absent in documents from before profiles. */
  profile?: string;
  /** The embedded mock's non-stock settings (PTERO_MOCK_OPTIONS), if any. */
  mockOptions?: Record<string, unknown>;
}

/** The run's verdict (harness/outcomes.ts), as summary.json and the CLI's last line give it. */
export interface DocumentVerdict {
  kind: VerdictKind;
  line: string;
  cause?: string;
}

export interface BehaviourDocument {
  format: typeof BEHAVIOUR_FORMAT;
  target: RunTarget;
  generatedAt: string;
  /** conforms / does not conform / could not test; a diff refuses a run that could not test. */
  verdict: DocumentVerdict;
  run: {
    id: string;
    settings: { allowWrites: boolean; allowDestructive: boolean; probeRateLimit: boolean; strictDocs: boolean };
    keyRoles: string[];
    requests: number;
    /** Requests that got no usable answer (status 0): they appear in no status record. */
    failedRequests: number;
    suiteCaused429: number;
    behaviours: BehaviourCounts;
    /** The suite files that ran. */
    files: string[];
    operationsExercised: number;
  };
  /** X-RateLimit-Limit values seen per API. */
  rateLimits: Record<string, number[]>;
  /** Category order: the spec's tags, then the legacy docs' pages the spec does not have. */
  categories: string[];
  operations: OperationRecord[];
  /** Behaviours tied to no single operation (routing, the intro page's claims …). */
  crossCutting: BehaviourRecord[];
  claims: ClaimRecord[];
  /**
   * Per behaviour, its requests to the operations above in the order sent: [operation key, status,
   * index into that status's observations]. A diff pairs the same requests of two runs with it, so
   * it compares answers to the same requests, not what one run got further to ask.
   */
  requests: Record<string, [string, string, number][]>;
}

