import { test, type TestContext } from 'vitest';
import { ConnectivityError } from '../../harness/connectivity-error.ts';
import { SafetyError } from '../../harness/panel-client.ts';
import { unansweredReason } from '../../harness/outcomes.ts';
import type { KeyRole } from '../../harness/run-config.ts';
import { withExchangeSteps } from './allure-steps.ts';
import { expectationFor } from './expectations.ts';
import { session, type Session } from './session.ts';

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
}

declare module 'vitest' {
  interface TaskMeta {
    behaviour?: BehaviourMeta & {
      category: string;
      notRun?: string;
      knownIssue?: string;
      /** A listed deviation that did not happen. */
      unexpectedPass?: boolean;
      /** Stopped without a usable answer: the cause (the behaviour is "not run", not failed). */
      unanswered?: string;
    };
  }
}

/**
 * One behaviour, one statement (a name that says what the panel MUST do). Gating by side effect,
 * keys and target happens here, so a read-only live run never reaches a write; a known deviation
 * listed in expectations/ passes as a known issue and its unexpected pass fails.
 */
export function conformance(statement: string, meta: BehaviourMeta, behaviourBody: (s: Session) => Promise<void>): void {
  // Every HTTP exchange of the behaviour becomes an Allure step, its request and response attached (redacted).
  const body = (s: Session): Promise<void> => withExchangeSteps(s, () => behaviourBody(s));
  test(statement, async (ctx) => {
    try {
      await run(ctx);
    } catch (error) {
      // No answer at all, or the panel lost (unreachable, throttling): nothing to judge, so not run,
      // not failed. An answer that is not the API's (a proxy's HTML page) from a panel still
      // answering stays a failure: a client would get it too.
      if (!(error instanceof ConnectivityError)) throw error;
      const lost = error.notSent || (await session()).client.unreachable !== undefined;
      if (!lost && !error.transport) throw error;
      const record = ctx.task.meta.behaviour;
      const reason = unansweredReason(error.plain, lost);
      if (record) {
        record.notRun = reason;
        record.unanswered = error.plain;
      }
      ctx.skip(`not run: ${reason}`);
    }
  });

  async function run(ctx: TestContext): Promise<void> {
    const s = await session();
    const category = meta.category ?? (meta.operation ? (s.contract.index.get(meta.operation).tags[0] ?? 'uncategorised') : 'uncategorised');
    const record: NonNullable<typeof ctx.task.meta.behaviour> = { ...meta, category };
    ctx.task.meta.behaviour = record;
    const notRun = reasonNotRun(s, meta);
    if (notRun) {
      record.notRun = notRun;
      ctx.skip(`not run: ${notRun}`);
      return;
    }
    // The legacy docs' claims are audited but only fail the run with PTERO_STRICT_DOCS=1: then a
    // false claim fails outright; otherwise it is reported (as a known deviation or a note).
    const docsClaim = meta.behaviour.startsWith('legacy-docs.');
    const expected = docsClaim && s.config.strictDocs ? undefined : expectationFor(meta.behaviour, s.config.expectationsPath);
    if (!expected) {
      if (!docsClaim || s.config.strictDocs) {
        await body(s);
        return;
      }
      try {
        await body(s);
      } catch (error) {
        if (error instanceof SafetyError || error instanceof ConnectivityError) throw error;
        record.knownIssue = 'the legacy docs claim does not hold on this panel (PTERO_STRICT_DOCS=1 makes it fail the run)';
        ctx.annotate(`legacy docs claim does not hold: ${String(error instanceof Error ? error.message : error)}`, 'legacy-docs');
      }
      return;
    }
    let failure: unknown;
    try {
      await body(s);
    } catch (error) {
      if (error instanceof SafetyError || error instanceof ConnectivityError) throw error;
      failure = error;
    }
    if (failure === undefined) {
      record.unexpectedPass = true;
      throw new Error(`unexpected pass: ${meta.behaviour} is listed as a known deviation ("${expected.reason}") but the panel now behaves as specified; remove the expectation`);
    }
    record.knownIssue = expected.reason;
    ctx.annotate(`known deviation: ${expected.reason}${expected.link ? ` (${expected.link})` : ''}\n${String(failure instanceof Error ? failure.message : failure)}`, 'known-issue');
  }
}

function reasonNotRun(s: Session, meta: BehaviourMeta): string | undefined {
  if (meta.mockOnly && !s.control) return 'needs the embedded mock (it sets daemon states or the clock)';
  if (meta.effect === 'write' && !s.config.allowWrites) return 'creates or changes resources: set PTERO_ALLOW_WRITES=1';
  if (meta.effect === 'destructive' && !s.config.allowDestructive) return 'touches existing resources: set PTERO_ALLOW_WRITES=1 and PTERO_ALLOW_DESTRUCTIVE=1';
  if (meta.rateLimitProbe && !s.config.probeRateLimit) return 'spends a whole rate-limit window: set PTERO_PROBE_RATE_LIMIT=1';
  const missing = (meta.keys ?? []).filter((role) => !s.client.hasKey(role));
  if (missing.length > 0) return `needs the key role(s) ${missing.join(', ')} (PTERO_APPLICATION_KEY, PTERO_CLIENT_KEY or PTERO_KEY_<ROLE>)`;
  return undefined;
}
