import type { TimestampField } from '../../harness/checks/clock-check.ts';
import type { CallOptions } from '../../harness/panel-client.ts';
import { settled, type LedgerEntry } from '../../harness/resource-ledger.ts';
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
  /** The timestamps the answer renders as written now (1.x's API and SSH keys have created_at alone; a subuser shows its user's). */
  fresh: readonly TimestampField[] = ['created_at', 'updated_at'],
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
    // The timestamps a creation renders were written now: they agree with the answer's Date.
    return exchange.response.status >= 200 && exchange.response.status < 300 && fresh.length > 0 ? answer.freshTimestamps(...fresh) : answer;
  });
}

/**
 * Forgets the databases the ledger holds for a server the panel just deleted (204): deleting a server
 * deletes its databases in the same transaction (v0.7.19:app/Services/Servers/ServerDeletionService.php#L122-L128),
 * so removing them again would only spend requests on 404s.
 */
export function forgetDatabasesOf(s: Session, serverId: string | number): void {
  for (const entry of s.ledger.pending()) {
    if (entry.deleteOperation === 'deleteServerDatabase' && String(entry.params['server']) === String(serverId)) s.ledger.forget(entry.deleteOperation, entry.params);
  }
}

/**
 * Removes everything the ledger holds (and puts back what it changed), newest first; returns what could not be removed. A database
 * whose server is removed too goes with its server (forgetDatabasesOf); only when the server stays
 * is the database removed on its own.
 */
export async function removeRecorded(s: Session): Promise<string[]> {
  const failures: string[] = [];
  const pending = s.ledger.pending();
  const servers = new Set(pending.filter((e) => e.deleteOperation === 'deleteServer').map((e) => String(e.params['server'])));
  const withServer = (entry: LedgerEntry) => entry.deleteOperation === 'deleteServerDatabase' && servers.has(String(entry.params['server']));
  const remove = async (entry: LedgerEntry): Promise<void> => {
    const exchange = await s.client.call(entry.deleteOperation, { params: entry.params, ...(entry.body ? { body: entry.body } : {}) });
    const status = exchange.response.status;
    if (settled(entry, status)) s.ledger.forget(entry.deleteOperation, entry.params, entry.body);
    else failures.push(`${entry.kind} ${entry.name} (${entry.deleteOperation} ${JSON.stringify(entry.params)} answered ${status})`);
    if (status === 204 && entry.deleteOperation === 'deleteServer') forgetDatabasesOf(s, entry.params['server'] as string | number);
  };
  for (const entry of pending) if (!withServer(entry)) await remove(entry);
  // The databases of a server that could not be removed: on their own.
  const still = new Set(s.ledger.pending().map((e) => JSON.stringify([e.deleteOperation, e.params, e.body])));
  for (const entry of pending) if (withServer(entry) && still.has(JSON.stringify([entry.deleteOperation, entry.params, entry.body]))) await remove(entry);
  return failures;
}

/**
 * Runs the ledger's call for one entry now, if the ledger still holds it (a behaviour that failed
 * half-way): the next behaviour then finds the panel as the run found it, not only the next file.
 * Never throws: what stays is removed (or restored) by teardown or `npm run cleanup`.
 */
export async function undoNow(s: Session, deleteOperation: string, params: Record<string, string | number>, body?: Record<string, unknown>): Promise<void> {
  const key = JSON.stringify([params, body ?? null]);
  const entry = s.ledger.pending().find((e) => e.deleteOperation === deleteOperation && JSON.stringify([e.params, e.body ?? null]) === key);
  if (!entry) return;
  try {
    const exchange = await s.client.call(entry.deleteOperation, { params: entry.params, ...(entry.body ? { body: entry.body } : {}) });
    if (settled(entry, exchange.response.status)) s.ledger.forget(entry.deleteOperation, entry.params, entry.body);
  } catch {
    // Left in the ledger for teardown.
  }
}
