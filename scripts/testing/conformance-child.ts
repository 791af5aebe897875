// `npm run conformance` as a child process, for the tests that check a whole run from the outside
// (its exit code, its last line, the files it writes).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stripAnsi } from '../../harness/ansi.ts';

export interface ConformanceChild {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved as they came, ANSI sequences removed. */
  output: string;
  stdout: string;
  ms: number;
}

/**
 * Runs scripts/conformance.ts with `args` and `env` (colour off), collecting its output. With
 * `killAfterMs` a run past that bound is killed, so a test never hangs on it.
 */
export async function runConformance(args: readonly string[], env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<ConformanceChild> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', ...args], {
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const guard = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(guard);
  return { code, signal, output: stripAnsi(output), stdout: stripAnsi(stdout), ms: performance.now() - started };
}
