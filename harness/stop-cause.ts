// When the panel counts as unreachable (three failed requests in a row) or throttles the suite, every
// later behaviour fails at once with the same cause. Vitest's summary lists each of those failures;
// the run's last lines state the cause once, with how many behaviours it stopped (scripts/conformance.ts
// reads this record after the runner is gone). Data, not text parsed back from the output.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConnectivityError } from './connectivity-error.ts';
import { UNREACHABLE_AFTER } from './connectivity-error.ts';

export interface StopCause {
  runId: string;
  kind: string;
  /** The cause in plain words (redacted, as every ConnectivityError). */
  cause: string;
  /** The request that tipped it. */
  requestLine: string;
  /** Behaviours that had a request refused because of it. */
  behavioursStopped: number;
}

export function stopCausePath(reportsDir: string): string {
  return join(reportsDir, 'stop-cause.json');
}

/** Worker side: collects the behaviours a stop cause refused and keeps the file current. */
export class StopCauseRecord {
  private readonly behaviours = new Set<string>();
  private written: string | undefined;
  /** The cause that stopped the client: the first noted (later notes may carry repeats of it). */
  private first: ConnectivityError | undefined;

  constructor(
    readonly path: string,
    private readonly runId: string,
  ) {}

  /** The client stopped (seen after an exchange) or refused a request of `behaviour`. */
  note(stoppedBy: ConnectivityError, behaviour?: string): void {
    if (behaviour !== undefined) this.behaviours.add(behaviour);
    const first = (this.first ??= stoppedBy);
    const record: StopCause = { runId: this.runId, kind: first.kind, cause: first.plain, requestLine: first.requestLine, behavioursStopped: this.behaviours.size };
    const text = JSON.stringify(record);
    if (text === this.written) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const partial = `${this.path}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, this.path);
    this.written = text;
  }
}

/** Parent side: the stop cause of run `runId`, if it had one. */
export function readStopCause(path: string, runId: string): StopCause | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as StopCause;
    return record.runId === runId ? record : undefined;
  } catch {
    return undefined;
  }
}

export function forgetStopCause(path: string): void {
  rmSync(path, { force: true });
}

/** The one sentence the run ends with. */
export function stopCauseSentence(stop: StopCause): string {
  const why = stop.kind === 'throttled' ? 'the panel kept answering 429' : `${UNREACHABLE_AFTER} requests in a row got no usable answer`;
  const stopped = stop.behavioursStopped === 1 ? '1 behaviour' : `${stop.behavioursStopped} behaviours`;
  return `The run stopped talking to the panel (${why}): ${stop.cause}; ${stopped} failed with that cause without sending a request (first at ${stop.requestLine}).`;
}
