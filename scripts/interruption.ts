// Interrupting a conformance run (Ctrl-C, SIGTERM from CI or a process manager, SIGHUP from a closed
// terminal) must not leave a mess on a live panel: the signal goes to the whole vitest process group
// (main process and workers, so no worker goes on creating resources), and once it is gone the run
// removes what its ledger holds and what carries its run id.
//
// One press of Ctrl-C can arrive more than once: the terminal signals the whole foreground group
// (npm and this process), and npm relays what it gets to its child. A repeat within SAME_PRESS_MS of
// the first is that same press; only a signal after that (the person pressing again) stops at once,
// leaving the ledger for `npm run cleanup`.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeRunLeftovers } from '../harness/run-leftovers.ts';
import type { RunConfig } from '../harness/run-config.ts';
import { reportsDir } from '../harness/exchange-log.ts';

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type Interrupt = keyof typeof SIGNAL_NUMBERS;
/** Signals this close to the first are the same press, relayed or delivered twice. */
export const SAME_PRESS_MS = 1000;
/** How long the runner gets to stop on the forwarded signal before it is killed outright. */
const GROUP_STOP_MS = 5000;

export interface Interruption {
  /** The first interrupting signal received, if any. */
  readonly signal: Interrupt | undefined;
  /** The exit code of an interrupted run (128 + the signal's number, as a shell reports it). */
  readonly exitCode: number | undefined;
  /** Waits (bounded) until no process of the child's group is left. */
  groupGone(timeoutMs?: number): Promise<void>;
}

/**
 * Output that outlives its reader: when npm (or a terminal, or a CI log pipe) is gone, writes to
 * stdout/stderr fail with EPIPE or EIO. Those errors are ignored so the clean-up goes on; run.log
 * still gets every line.
 */
export function guardOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

/**
 * Forwards SIGINT/SIGTERM/SIGHUP to the child's process group (spawn it with `detached: true`), or to the
 * child alone when it has no group of its own. A second signal, later than the same press, kills the
 * group and exits at once.
 */
export function forwardInterrupts(
  child: ChildProcess,
  onSecond: (signal: Interrupt) => void = () => {},
  options: { samePressMs?: number; groupStopMs?: number } = {},
): Interruption {
  const samePressMs = options.samePressMs ?? SAME_PRESS_MS;
  const now = () => performance.now();
  let first: Interrupt | undefined;
  let firstAt = 0;
  const sendToGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };
  const handler = (signal: Interrupt) => {
    if (first === undefined) {
      first = signal;
      firstAt = now();
      sendToGroup(signal);
      return;
    }
    if (now() - firstAt < samePressMs) return; // the same press, delivered again
    // A second signal: stop now. What the ledger still holds stays there for `npm run cleanup`.
    sendToGroup('SIGKILL');
    onSecond(signal);
    process.exit(128 + SIGNAL_NUMBERS[signal]);
  };
  for (const signal of Object.keys(SIGNAL_NUMBERS) as Interrupt[]) process.on(signal, handler);
  return {
    get signal() {
      return first;
    },
    get exitCode() {
      return first === undefined ? undefined : 128 + SIGNAL_NUMBERS[first];
    },
    async groupGone(timeoutMs = options.groupStopMs ?? GROUP_STOP_MS) {
      if (child.pid === undefined) return;
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (!groupAlive(child.pid)) return;
        await sleep(50);
      }
      sendToGroup('SIGKILL');
      for (let i = 0; i < 100 && groupAlive(child.pid); i++) await sleep(20);
    },
  };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false; // ESRCH: no process of the group is left
  }
}

/** After an interrupted run against a live panel with writes allowed: remove what it created. */
export async function cleanUpInterruptedRun(config: RunConfig, print: (line: string) => void): Promise<void> {
  if (config.target.kind !== 'live' || !config.allowWrites) return;
  const ledgerPath = join(reportsDir(), `ledger-${config.runId}.json`);
  print(`\nInterrupted: removing what run ${config.runId} created on the panel (pressing Ctrl-C again stops this; npm run cleanup does it later)`);
  const result = await removeRunLeftovers(config, ledgerPath, { log: (line) => print(`  ${line}`) });
  if (result.failed.length > 0) {
    print(`${result.failed.length} leftover(s) could not be removed; ${ledgerPath} keeps them for npm run cleanup:\n${result.failed.map((f) => `  ${f}`).join('\n')}`);
  } else {
    print(result.removed.length > 0 ? `removed ${result.removed.length} resource(s); the panel holds nothing of this run` : 'this run had created nothing that was left');
  }
}
