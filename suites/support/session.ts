import { unavailable } from '../../harness/failure.ts';
import { join } from 'node:path';
import { inject } from 'vitest';
import { ControlClient, type ControlJournalEntry, type ControlServerState } from '../../harness/control-routes.ts';
import { Pacer } from '../../harness/pacer.ts';
import { panelProfile } from '../../harness/profiles.ts';
import { PanelClient } from '../../harness/panel-client.ts';
import { ResourceLedger } from '../../harness/resource-ledger.ts';
import { ResponseContract } from '../../harness/response-contract.ts';
import { StopCauseRecord, stopCausePath } from '../../harness/stop-cause.ts';
import { currentBehaviour } from './behaviour-current.ts';
import { appendExchange, exchangeLogLine, reportsDir } from '../../harness/exchange-log.ts';
import { masksPersonalData, type RunConfig } from '../../harness/run-config.ts';
import type { ProvidedTarget } from '../../harness/provided-target.ts';

/** One worker's connection to the target: the spec contract, the client, the ledger, the mock's control. */
export interface Session {
  target: ProvidedTarget;
  config: RunConfig;
  contract: ResponseContract;
  client: PanelClient;
  ledger: ResourceLedger;
  /** The mock's control surface; undefined on a live panel. */
  control: MockControl | undefined;
}

export interface MockControl {
  resetRateLimits(): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  /** One of CONTROL_SERVER_STATES; the mock refuses (422) anything else. */
  setServerState(serverId: number, state: string): Promise<void>;
  /** The simulated daemon's running install ends now, and it reports the server installed to the panel. */
  finishInstall(serverId: number): Promise<void>;
  /** `httpError`: the reachable daemon answers node-level calls with that status (null clears it). */
  setNodeReachable(nodeId: number, reachable: boolean, httpError?: number | null): Promise<void>;
  journal(): Promise<ControlJournalEntry[]>;
  storeDigest(): Promise<string>;
  reset(): Promise<void>;
}

let current: Promise<Session> | undefined;

export function session(): Promise<Session> {
  current ??= openSession();
  return current;
}

async function openSession(): Promise<Session> {
  const target = inject('ptero');
  const contract = await ResponseContract.load();
  const control = target.controlUrl ? mockControl(new ControlClient(target.controlUrl)) : undefined;
  // Paced by the run's profile's windows: 0.7's one per IP, 1.x's one per API and key owner.
  const pacer = new Pacer(control ? () => control.resetRateLimits() : undefined, undefined, undefined, panelProfile(target.profile).rateLimitWindows);
  // Straight to the worker's stderr, which vitest pipes through at once (console output of a test
  // would wait for the test): a minute of silence must say why.
  pacer.onWait = (ms, why) => process.stderr.write(`${waitLine(ms, why)}\n`);
  const client = new PanelClient(target.url, target.config, contract.index, pacer);
  const ledger = new ResourceLedger(join(reportsDir(), `ledger-${target.config.runId}.json`));
  client.onExchange((exchange) =>
    // Redacted with the run's keys before anything is written (the log feeds the behaviour document).
    appendExchange(target.exchangeLogPath, exchangeLogLine(exchange, secretsOf(opened), currentBehaviour(), masksPersonalData(target.config))),
  );
  // Once the panel counts as unreachable (or throttles), the run's last lines say so once (harness/stop-cause.ts).
  const stops = new StopCauseRecord(stopCausePath(reportsDir()), target.config.runId);
  client.onRefusal((cause) => stops.note(cause, currentBehaviour()));
  client.onExchange(() => {
    if (client.stopCause) stops.note(client.stopCause);
  });
  const opened: Session = { target, config: target.config, contract, client, ledger, control };
  return opened;
}

/** The session's control calls, each a route of the one table the mock serves (harness/control-routes.ts). */
export function mockControl(client: ControlClient): MockControl {
  return {
    resetRateLimits: () => client.call('resetRateLimits'),
    advanceClock: async (seconds) => void (await client.call('moveClock', { body: { advance_seconds: seconds } })),
    setServerState: async (id, state) => void (await client.call('setDaemonServer', { params: { id }, body: { state: state as ControlServerState } })),
    finishInstall: async (id) => void (await client.call('setDaemonServer', { params: { id }, body: { install: 'finished' } })),
    setNodeReachable: async (id, reachable, httpError) =>
      void (await client.call('setDaemonNode', { params: { id }, body: { reachable, ...(httpError === undefined ? {} : { http_error: httpError }) } })),
    journal: async () => (await client.call('readJournal')).entries,
    storeDigest: async () => (await client.call('readStore')).digest,
    reset: () => client.call('reset'),
  };
}

/** The secrets of this run: never written anywhere, replaced wherever they would appear. */
export function secretsOf(s: Session): string[] {
  return Object.values(s.config.keys).filter((k): k is string => typeof k === 'string');
}

/** e.g. `waiting 41 s for the panel's rate-limit window (application: 2 of 120 left)`. */
export function waitLine(ms: number, why: string): string {
  return `waiting ${Math.ceil(ms / 1000)} s for the panel's rate-limit window (${why})`;
}
