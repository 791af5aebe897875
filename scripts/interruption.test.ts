// One press of Ctrl-C may arrive twice (the terminal signals the group, npm relays): that is one
// signal and the clean-up runs; a second signal after SAME_PRESS_MS stops at once. A reader gone
// (EPIPE) does not stop the clean-up. scripts/interruption-probe.ts plays the conformance script.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

function probe(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/interruption-probe.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exit = once(child, 'exit').then(([code]) => {
    clearTimeout(guard);
    return code as number | null;
  });
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => /runner up/.test(output) && resolve()));
  return { child, output: () => output, exit, ready };
}

describe('interrupts', () => {
  it('the same press delivered twice is one signal: the clean-up runs', async () => {
    const run = probe({ PROBE_GROUP_STOP_MS: '300' });
    await run.ready;
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    expect(await run.exit, run.output()).toBe(130);
    expect(run.output()).toContain('clean-up done');
    expect(run.output()).not.toContain('stopped at once');
  }, 90_000);

  it('a second press later than the same press stops at once', async () => {
    const run = probe({ PROBE_SAME_PRESS_MS: '100', PROBE_GROUP_STOP_MS: '60000' });
    await run.ready;
    run.child.kill('SIGINT');
    // The runner ignores SIGINT, so the probe waits for it; the person presses again.
    while (!run.output().includes('interrupted by SIGINT')) await sleep(10);
    await sleep(150);
    run.child.kill('SIGTERM');
    expect(await run.exit, run.output()).toBe(143);
    expect(run.output()).toContain('stopped at once on a second SIGTERM');
    expect(run.output()).not.toContain('clean-up done');
  }, 90_000);

  it('output whose reader is gone (EPIPE) does not stop the clean-up', async () => {
    const run = probe({ PROBE_GROUP_STOP_MS: '300' });
    await run.ready;
    run.child.stdout.destroy();
    run.child.stderr.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(143);
  }, 90_000);
});
