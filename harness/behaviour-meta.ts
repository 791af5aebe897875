// What a behaviour is, for every layer: its front matter (BehaviourMeta, written by the suites), what
// the conformance() wrapper records about its run (RecordedBehaviour, read by the reporters, the
// same object vitest carries as the test's `meta.behaviour`), and its id in reports and logs.
// Shared here so that suites and reporters agree on it without importing each other.
import { relative } from 'node:path';
// A type-only import of vitest: it makes the `declare module` below an augmentation of its types.
import type {} from 'vitest';
import type { FailureRecord } from './failure.ts';
import type { KeyRole } from './run-config.ts';
import { PACKAGE_ROOT } from './package-paths.ts';

export type SideEffect = 'read' | 'write' | 'destructive';

/** Test262-style front matter of one behaviour; reports and the behaviour list are built from it. */
export interface BehaviourMeta {
  /** The spec operationId, when the behaviour concerns one. */
  operation?: string;
  /** Stable id, e.g. users.view.unknown-id; expectations refer to it. */
  behaviour: string;
  effect: SideEffect;
  /** Key roles the behaviour needs; missing ones make it "not run", never passed. */
  keys?: KeyRole[];
  /** Legacy-docs category (application/users …); derived from the operation's tag when absent. */
  category?: string;
  /** Needs the mock's control surface (daemon states, the clock). */
  mockOnly?: boolean;
  /** Needs PTERO_PROBE_RATE_LIMIT=1 on a live panel (it spends a whole window). */
  rateLimitProbe?: boolean;
  /**
   * `server-error`: the answer it expects is a 5xx (status >= 500), which a live panel writes to its
   * error log as an exception: it needs PTERO_ALLOW_SERVER_ERRORS=1 there.
   */
  provokes?: 'server-error';
  /**
   * On a live panel this variant runs on one representative operation only (named here), because
   * what it checks is a middleware of the whole route group and the panel's rate limit is the
   * budget; PTERO_FULL_AUTH_MATRIX=1 runs it everywhere. The embedded mock always runs it.
   */
  liveRepresentative?: string;
  /**
   * What a failure endangers, when more than one operation: `access` (authentication, permissions:
   * a panel that breaks it is unsafe), `contract` (the API as a whole: routing, errors before the
   * route middleware, rate limits). Either makes its Allure severity critical.
   */
  concerns?: 'access' | 'contract';
  /**
   * The panel profiles (harness/profiles.yaml) whose panels the statement holds for; default
   * DEFAULT_BEHAVIOUR_PROFILES (v0.7.19: every behaviour written before the v1.11 profile). In a run
   * of another profile the behaviour is not selected: counted nowhere, listed nowhere.
   */
  profiles?: readonly string[];
}

/** The profiles a behaviour applies to when its metadata names none. */
export const DEFAULT_BEHAVIOUR_PROFILES: readonly string[] = ['v0.7.19'];

/** Whether a behaviour applies to a run of `profile`. */
export function appliesToProfile(meta: Pick<BehaviourMeta, 'profiles'>, profile: string): boolean {
  return (meta.profiles ?? DEFAULT_BEHAVIOUR_PROFILES).includes(profile);
}

/** The metadata conformance() records: the front matter plus what the run decided. */
export type RecordedBehaviour = BehaviourMeta & {
  category: string;
  /** Declared only while npm run conformance collects: it applies to other profiles only (BehaviourMeta.profiles). */
  otherProfile?: boolean;
  notRun?: string;
  knownIssue?: string;
  /** A listed deviation that did not happen. */
  unexpectedPass?: boolean;
  /** Stopped without a usable answer: the cause (the behaviour is "not run", not failed). */
  unanswered?: string;
  /** Failed or known deviation: the failure as recorded where it happened. */
  failure?: FailureRecord;
};

declare module 'vitest' {
  interface TaskMeta {
    behaviour?: RecordedBehaviour;
  }
}

/** A path relative to the project, with forward slashes. */
export function projectRelative(path: string): string {
  return relative(PACKAGE_ROOT, path).split('\\').join('/');
}

/** The id of a test in the document: its behaviour id, else its file and full name. The exchange log uses the same. */
export function behaviourIdOf(meta: { behaviour?: { behaviour?: string } } | undefined, file: string, fullName: string): string {
  return meta?.behaviour?.behaviour ?? `${file}#${fullName}`;
}
