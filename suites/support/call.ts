import type { CallOptions } from '../../harness/panel-client.ts';
import { ExchangeAssertion } from './expect-conformance.ts';
import { secretsOf, type Session } from './session.ts';

/** Calls a spec operation and returns the assertion on its answer (already checked against the spec). */
export async function call(s: Session, operationId: string, options: CallOptions = {}): Promise<ExchangeAssertion> {
  const exchange = await s.client.call(operationId, options);
  return new ExchangeAssertion(exchange, s.contract, secretsOf(s));
}

/** Sends a request the spec does not describe (unknown routes, the legacy docs' 1.x paths). */
export async function send(s: Session, method: string, path: string, options: CallOptions = {}): Promise<ExchangeAssertion> {
  const exchange = await s.client.send(method, path, options);
  return new ExchangeAssertion(exchange, s.contract, secretsOf(s));
}
