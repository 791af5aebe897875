// A conformance run is two process trees: `scripts/conformance.ts` and the vitest runner it spawns
// in a process group of its own (so that an interrupt reaches every worker). When the conformance
// process dies without cleaning up (SIGKILL, OOM), nothing may go on writing to the panel: the
// runner watches a pipe from its parent, and the panel client checks the parent before every write.
import { Socket } from 'node:net';
import { setting, settings, type SettingsSource } from './run-config.ts';

/** The runner's file descriptor of the pipe its parent holds open (set by scripts/conformance.ts). */
export const PARENT_PIPE_FD_ENV = 'PTERO_PARENT_PIPE_FD';
/** The conformance process's pid, for the check before every write. */
export const PARENT_PID_ENV = 'PTERO_PARENT_PID';
const PIPE_FD = 3;

/** In the conformance process: how to spawn the runner so that it can watch this process. */
export function parentLink(): { stdio: ['inherit', 'pipe', 'pipe', 'pipe']; env: Record<string, string> } {
  return { stdio: ['inherit', 'pipe', 'pipe', 'pipe'], env: { [PARENT_PIPE_FD_ENV]: String(PIPE_FD), [PARENT_PID_ENV]: String(process.pid) } };
}

/**
 * In the runner's main process (vitest's global setup): when the parent's end of the pipe closes —
 * the kernel closes it whatever killed the parent — kill this whole process group (the main process
 * and its workers) at once. Nothing is removed here: the ledger keeps what the run created for
 * `npm run cleanup`, since a runner without its parent has nobody to report to.
 */
export function stopWhenParentDies(source: SettingsSource = settings()): void {
  const fd = Number(setting(PARENT_PIPE_FD_ENV, source));
  if (!Number.isInteger(fd) || fd < 3) return;
  let pipe: Socket;
  try {
    pipe = new Socket({ fd, readable: true, writable: false });
  } catch {
    return; // not a pipe from a conformance process (the variable leaked into another run)
  }
  const stop = () => {
    try {
      process.kill(0, 'SIGKILL'); // 0: this process's group, i.e. vitest and every worker
    } catch {
      process.exit(1);
    }
  };
  pipe.on('end', stop);
  pipe.on('close', stop);
  pipe.on('error', stop);
  pipe.resume();
  pipe.unref(); // the watch must not keep a finished run alive
}

/** In a worker: whether the conformance process that started this run is gone (no more writes then). */
export function parentGone(source: SettingsSource = settings()): boolean {
  const pid = Number(setting(PARENT_PID_ENV, source));
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
