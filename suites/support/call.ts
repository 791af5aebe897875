import type { CallOptions } from '../../harness/panel-client.ts';
import { exchangeStep } from './allure-steps.ts';
import { ExchangeAssertion } from './expect-conformance.ts';
import { secretsOf, type Session } from './session.ts';

/** Calls a spec operation and returns the assertion on its answer (already checked against the spec). */
export async function call(s: Session, operationId: string, options: CallOptions = {}): Promise<ExchangeAssertion> {
  const info = s.contract.index.get(operationId);
  return exchangeStep(`${info.method.toUpperCase()} ${info.path}`, () => s.client.call(operationId, options), (exchange) => new ExchangeAssertion(exchange, s.contract, secretsOf(s), s.config.panelDebug));
}

/** Sends a request the spec does not describe (unknown routes, the legacy docs' 1.x paths). */
export async function send(s: Session, method: string, path: string, options: CallOptions = {}): Promise<ExchangeAssertion> {
  return exchangeStep(`${method.toUpperCase()} ${path}`, () => s.client.send(method, path, options), (exchange) => new ExchangeAssertion(exchange, s.contract, secretsOf(s), s.config.panelDebug));
}
