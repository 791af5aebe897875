// Every HTTP exchange of a behaviour as an Allure step `METHOD path → status`, with the request
// (method, URL, headers, body) and the response (status, headers, body) attached, both REDACTED
// first (redactExchange with the run's secrets). Allure's "masked" parameters would still write the
// plaintext, so nothing secret is ever handed to Allure at all.
//
// call()/send() wrap their exchange in a step (the spec check runs inside it, so a violating answer
// fails its step). Exchanges a behaviour causes by other paths (discovery, recorded clean-ups) are
// caught by a listener on the session's client and become steps of their own. Outside a behaviour,
// or when the Allure runtime is not loaded (the unit project), nothing is recorded.
import { AsyncLocalStorage } from 'node:async_hooks';
import * as allure from 'allure-js-commons';
import * as allureSync from 'allure-js-commons/sync';
import type { PanelClient, PanelExchange } from '../../harness/panel-client.ts';
import { redactExchange, redactText, redactUrl } from '../../harness/redaction.ts';
import { secretsOf, type Session } from './session.ts';

interface BehaviourContext {
  secrets: readonly string[];
}

const behaviour = new AsyncLocalStorage<BehaviourContext>();
/** Set while call()/send() wait for their own exchange, so the listener leaves it to them. */
const ownStep = new AsyncLocalStorage<true>();
const listening = new WeakSet<PanelClient>();

/** allure-vitest's setup file installs the runtime; without it (unit tests) steps are not recorded. */
function allureActive(): boolean {
  return typeof (globalThis as { allureTestRuntime?: unknown }).allureTestRuntime === 'function';
}

/** Runs a behaviour's body so that each HTTP exchange it causes is recorded as an Allure step. */
export function withExchangeSteps<T>(s: Session, body: () => Promise<T>): Promise<T> {
  if (!listening.has(s.client)) {
    listening.add(s.client);
    s.client.onExchange((exchange) => {
      const context = behaviour.getStore();
      if (!context || ownStep.getStore() || !allureActive()) return;
      allureSync.step(stepName(exchange, context.secrets), () => {
        for (const [name, content] of exchangeAttachments(exchange, context.secrets)) allureSync.attachment(name, content, { contentType: 'application/json', fileExtension: 'json' });
      });
    });
  }
  return behaviour.run({ secrets: secretsOf(s) }, body);
}

/**
 * One exchange made by call()/send() as a step: named `METHOD path` while it runs, renamed
 * `METHOD path → status` when the answer arrives (when no usable one did: `→ no answer`, or what
 * came instead), the redacted request and response attached, and `check` (the spec check) run
 * inside the step.
 */
export async function exchangeStep<T>(title: string, exchange: () => Promise<PanelExchange>, check: (exchange: PanelExchange) => T): Promise<T> {
  const context = behaviour.getStore();
  if (!context || !allureActive()) return check(await exchange());
  title = redactText(title, context.secrets);
  return allure.step(title, async (step) => {
    let answered: PanelExchange;
    try {
      answered = await ownStep.run(true, exchange);
    } catch (error) {
      // A ConnectivityError says in plain words what came back instead (nothing, HTML, a redirect…).
      const plain = (error as { plain?: unknown }).plain;
      await step.displayName(`${title} → ${typeof plain === 'string' ? redactText(plain, context.secrets) : 'no answer'}`);
      throw error;
    }
    await step.displayName(stepName(answered, context.secrets));
    for (const [name, content] of exchangeAttachments(answered, context.secrets)) {
      await allure.attachment(name, content, { contentType: 'application/json', fileExtension: 'json' });
    }
    return check(answered);
  });
}

/** `METHOD /path?query → status`, the URL redacted. */
export function stepName(exchange: PanelExchange, secrets: readonly string[]): string {
  const url = new URL(redactUrl(exchange.request.url, secrets));
  return `${exchange.request.method} ${url.pathname}${url.search} → ${exchange.response.status}`;
}

/** The request and the response as JSON documents, from the redacted exchange only. */
export function exchangeAttachments(exchange: PanelExchange, secrets: readonly string[]): [string, string][] {
  const redacted = redactExchange(exchange, secrets);
  const { request, response } = redacted;
  let body: unknown = response.rawBody;
  try {
    body = response.rawBody === '' ? '' : JSON.parse(response.rawBody);
  } catch {
    // not JSON: attached as the (redacted) text it is
  }
  return [
    ['request', JSON.stringify({ method: request.method, url: request.url, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) }, null, 2)],
    ['response', JSON.stringify({ status: response.status, headers: response.headers, body }, null, 2)],
  ];
}
