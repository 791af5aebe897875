import { test, type TestContext } from 'vitest';
import { ConnectivityError } from '../../harness/connectivity-error.ts';
import { failureOf, locate, SuiteError, timeoutFailure, UnexpectedPassError } from '../../harness/failure.ts';
import { SafetyError } from '../../harness/panel-client.ts';
import type { PanelExchange } from '../../harness/panel-client.ts';
import { unansweredReason } from '../../harness/outcomes.ts';
import { withExchangeSteps } from './allure-steps.ts';
import { expectationFor } from './expectations.ts';
import { appliesToProfile, type BehaviourMeta } from '../../harness/behaviour-meta.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';
import { reasonNotRun } from '../../harness/run-gate.ts';
import { selectionFromEnv, selects } from './selection.ts';
import { session, type Session } from './session.ts';
import { operation } from '../../harness/spec-operations.ts';
import { setting } from '../../harness/run-config.ts';

const selection = selectionFromEnv();
const listing = setting('PTERO_LIST_ONLY') === '1';
/** The behaviour running now: counts its server errors (5xx) and is told its exchanges; behaviours run one at a time. */
let running: { serverErrors: number; onExchange: (exchange: PanelExchange) => void } | undefined;
const watched = new WeakSet<object>();

export type { BehaviourMeta, SideEffect } from '../../harness/behaviour-meta.ts';

/**
 * One behaviour, one statement (a name that says what the panel MUST do). Gating by side effect,
 * keys and target happens here, so a read-only live run never reaches a write; a known deviation
 * listed in expectations/ passes as a known issue and its unexpected pass fails.
 */
export function conformance(statement: string, meta: BehaviourMeta, behaviourBody: (s: Session) => Promise<void>): void {
  // A behaviour of other panel profiles, or one the run's selection leaves out, is not registered at
  // all: the run counts it nowhere (scripts/conformance-options.ts counts what a selection left out).
  // Only while npm run conformance collects (nothing runs then) is it declared, so that --list and the
  // selection see it, marked as another profile's.
  if (!appliesToProfile(meta, selectedProfile().id)) {
    if (listing) test(statement, { meta: { behaviour: { ...meta, category: meta.category ?? categoryIfKnown(meta.operation), otherProfile: true } } }, () => {});
    return;
  }
  const category = meta.category ?? (meta.operation ? (operation(meta.operation).tags[0] ?? 'uncategorised') : 'uncategorised');
  if (selection && !selects(selection, { ...meta, category })) return;
  test(statement, { meta: { behaviour: { ...meta, category } } }, async (ctx) => {
    try {
      await run(ctx);
    } catch (error) {
      // No answer at all, or the panel lost (unreachable, throttling): nothing to judge, so not run,
      // not failed. An answer that is not the API's (a proxy's HTML page) from a panel still
      // answering stays a failure: a client would get it too.
      if (!(error instanceof ConnectivityError)) throw error;
      const lost = error.notSent || (await session()).client.stopCause !== undefined;
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
    const record: NonNullable<typeof ctx.task.meta.behaviour> = { ...meta, category };
    ctx.task.meta.behaviour = record;
    const secrets = Object.values(s.config.keys).filter((k): k is string => typeof k === 'string' && k.length > 0);
    let last: PanelExchange | undefined;
    let settled = false;
    // The failure is recorded as data where it happens (reporters read record.failure, never the message).
    const body = async (session: Session): Promise<void> => {
      try {
        // Every HTTP exchange of the behaviour becomes an Allure step, its request and response attached (redacted).
        await withExchangeSteps(session, () => watchServerErrors(session, meta, () => behaviourBody(session), (exchange) => (last = exchange)));
      } catch (error) {
        record.failure = locate(failureOf(error), last, secrets);
        throw error;
      } finally {
        settled = true;
      }
    };
    // A behaviour vitest stopped waiting for never reached the catch above.
    ctx.onTestFailed(() => {
      if (!record.failure && !settled) record.failure = timeoutFailure(`${meta.behaviour} did not finish within the test timeout`, last);
    });
    const notRun = reasonNotRun({ mock: s.control !== undefined, config: s.config, hasKey: (role) => s.client.hasKey(role) }, meta);
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
      const unexpected = new UnexpectedPassError(`unexpected pass: ${meta.behaviour} is listed as a known deviation ("${expected.reason}") but the panel now behaves as specified; remove the expectation`);
      record.failure = unexpected.failure;
      throw unexpected;
    }
    record.knownIssue = expected.reason;
    ctx.annotate(`known deviation: ${expected.reason}${expected.link ? ` (${expected.link})` : ''}\n${String(failure instanceof Error ? failure.message : failure)}`, 'known-issue');
  }
}

/** An operation's category where this profile's spec has the operation (a selection may name it), else `uncategorised`. */
function categoryIfKnown(operationId: string | undefined): string {
  if (!operationId) return 'uncategorised';
  try {
    return operation(operationId).tags[0] ?? 'uncategorised';
  } catch {
    return 'uncategorised';
  }
}

/**
 * Runs a behaviour's body counting the server errors (5xx) it meets. On the embedded mock, a
 * behaviour that met one without `provokes: 'server-error'` in its metadata fails: a live run would
 * send it without PTERO_ALLOW_SERVER_ERRORS=1, so the metadata is what keeps a read-only run quiet.
 */
async function watchServerErrors(s: Session, meta: BehaviourMeta, body: () => Promise<void>, onExchange: (exchange: PanelExchange) => void): Promise<void> {
  if (!watched.has(s.client)) {
    watched.add(s.client);
    s.client.onExchange((exchange: PanelExchange) => {
      if (!running) return;
      running.onExchange(exchange);
      if (exchange.response.status >= 500) running.serverErrors++;
    });
  }
  const counter = { serverErrors: 0, onExchange };
  running = counter;
  try {
    await body();
  } finally {
    running = undefined;
  }
  if (counter.serverErrors > 0 && meta.provokes !== 'server-error' && s.control && !setting('PTERO_MUTATION')) {
    throw new SuiteError(
      `${meta.behaviour} met ${counter.serverErrors} server error(s) (5xx) but its metadata lacks provokes: 'server-error': add it, so that a live run sends it only with PTERO_ALLOW_SERVER_ERRORS=1`,
    );
  }
}
