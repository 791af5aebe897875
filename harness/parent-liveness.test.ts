// The panel client of a runner whose conformance process is gone sends no write (the second guard
// beside the pipe the runner's main process watches; scripts/interrupted-run.test.ts kills real runs).
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationIndex } from './operation-index.ts';
import { Pacer } from './pacer.ts';
import { PanelClient, SafetyError } from './panel-client.ts';
import { PARENT_PID_ENV, parentGone } from './parent-liveness.ts';
import { readRunConfig } from './run-config.ts';
import { loadSpec } from './spec-source.ts';

/** The pid of a process that has ended (and been reaped). */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(result.stdout.trim());
}

afterEach(() => {
  delete process.env[PARENT_PID_ENV];
});

describe('a dead parent', () => {
  it('is told apart from a live one', () => {
    expect(parentGone({ [PARENT_PID_ENV]: String(process.pid) })).toBe(false);
    expect(parentGone({ [PARENT_PID_ENV]: String(deadPid()) })).toBe(true);
    expect(parentGone({})).toBe(false);
  });

  it('stops the panel client\'s writes before anything is sent; reads still go', async () => {
    const config = readRunConfig({ PTERO_URL: 'http://127.0.0.1:1', PTERO_APPLICATION_KEY: 'Zq3'.repeat(16), PTERO_ALLOW_WRITES: '1' }, '/nonexistent/.env');
    const client = new PanelClient('http://127.0.0.1:1', config, new OperationIndex(await loadSpec()), new Pacer(undefined, Date.now, async () => {}));
    process.env[PARENT_PID_ENV] = String(deadPid());
    await expect(client.call('deleteLocation', { params: { location: 1 } })).rejects.toThrow(SafetyError);
    await expect(client.call('deleteLocation', { params: { location: 1 } })).rejects.toThrow(/the conformance process that started this run is gone/);
    // A read is sent (and fails here for want of a panel, not for the guard).
    await expect(client.call('listLocations')).rejects.toThrow(/connection refused/);
    process.env[PARENT_PID_ENV] = String(process.pid);
    await expect(client.call('deleteLocation', { params: { location: 1 } })).rejects.toThrow(/connection refused/);
    await client.close();
  });
});
