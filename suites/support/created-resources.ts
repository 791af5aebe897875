import type { CallOptions } from '../../harness/panel-client.ts';
import type { LedgerEntry } from '../../harness/resource-ledger.ts';
import { exchangeStep } from './allure-steps.ts';
import { ExchangeAssertion } from './expect-conformance.ts';
import { secretsOf, type Session } from './session.ts';

/** A name carrying the run id, so cleanup finds what this run made and nothing else. */
export function runName(s: Session, label: string): string {
  return `${s.config.runId}-${label}`.toLowerCase();
}

/**
 * Creates a resource through `createOperation` and records it in the ledger before anything else
 * can fail, so it is removed in teardown (or by `npm run cleanup` after an interrupted run).
 */
export async function createRecorded(
  s: Session,
  createOperation: string,
  options: CallOptions,
  ledger: (body: { attributes: Record<string, unknown> }) => Omit<LedgerEntry, 'createdAt'>,
): Promise<ExchangeAssertion> {
  // Recorded from the raw exchange, before the spec check: a panel that deviates (another rate limit,
  // an extra header) still gets what it created removed.
  const info = s.contract.index.get(createOperation);
  return exchangeStep(`${info.method.toUpperCase()} ${info.path}`, () => s.client.call(createOperation, options), (exchange) => {
    const body = exchange.json as { attributes?: Record<string, unknown> } | undefined;
    if (exchange.response.status >= 200 && exchange.response.status < 300 && body?.attributes) {
      s.ledger.record(ledger(body as { attributes: Record<string, unknown> }));
    }
    const answer = new ExchangeAssertion(exchange, s.contract, secretsOf(s), s.config.panelDebug);
    // Every resource created through here renders both timestamps; written now, they agree with the answer's Date.
    return exchange.response.status >= 200 && exchange.response.status < 300 ? answer.freshTimestamps('created_at', 'updated_at') : answer;
  });
}

/** Removes everything the ledger holds, newest first; returns what could not be removed. */
export async function removeRecorded(s: Session): Promise<string[]> {
  const failures: string[] = [];
  for (const entry of s.ledger.pending()) {
    const exchange = await s.client.call(entry.deleteOperation, { params: entry.params });
    const status = exchange.response.status;
    if (status === 204 || status === 404) s.ledger.forget(entry.deleteOperation, entry.params);
    else failures.push(`${entry.kind} ${entry.name} (${entry.deleteOperation} ${JSON.stringify(entry.params)} answered ${status})`);
  }
  return failures;
}
