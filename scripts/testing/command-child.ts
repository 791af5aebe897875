// A command of this package run as a child process, with none of this process's PTERO_* settings:
// a test sets what it means to set.
import { spawn } from 'node:child_process';

export interface CommandOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node <args>` with `env` added to an environment stripped of PTERO_* variables. */
export function runNode(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CommandOutcome> {
  return new Promise((resolve, reject) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PTERO_')));
    const child = spawn(process.execPath, args, { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
