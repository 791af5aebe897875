import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CONTROL_PREFIX, ControlClient } from '../harness/control-routes.ts';

/** `npm run mock` in a child process, as a user starts it to play a live panel. */
export interface StandaloneMock {
  url: string;
  /** The fixture keys it printed, by memo name (app-full, client-owner, …). */
  keys: Record<string, string>;
  child: ChildProcess;
  /** Its control surface (only when started with --control): the table's typed client. */
  control: ControlClient;
  stop(): Promise<void>;
}

/** The printed fixture keys by memo name: 0.7's 48 letters and digits, 1.x's ptla_/ptlc_ ones; memo `name: …`. */
function keysIn(output: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const key = /^\s+(?:application|client)\s+([A-Za-z0-9_]{48})\s+([a-z0-9-]+):/.exec(line);
    if (key) keys[key[2] as string] = key[1] as string;
  }
  return keys;
}

/** Starts the mock CLI (any profile: args may hold --profile) on a free loopback port and waits until it printed its URL and keys. */
export async function startStandaloneMock(args: string[] = ['--control']): Promise<StandaloneMock> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock/cli.ts', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout?.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}: ${output}`)));
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      // The key list says how many keys follow; wait for all of them.
      const count = /Fixture API keys \((\d+);/.exec(output);
      if (match && count && Object.keys(keysIn(output)).length >= Number(count[1])) resolve(match[1] as string);
    });
  });
  const keys = keysIn(output);
  return {
    url,
    keys,
    child,
    control: new ControlClient(`${url}${CONTROL_PREFIX}`),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
