// A read-only live run is a quiet run: behaviours whose expected answer is a server error (5xx, an
// exception in the panel's log) run only with PTERO_ALLOW_SERVER_ERRORS=1. `npm run mock` plays
// the live panel; its journal shows what reached it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneMock, type StandaloneMock } from './standalone-mock.ts';

let mock: StandaloneMock;
const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-server-errors-'));

beforeAll(async () => {
  mock = await startStandaloneMock();
}, 60_000);

afterAll(async () => {
  await mock.stop();
  rmSync(reportsDir, { recursive: true, force: true });
});

async function run(extraEnv: Record<string, string>): Promise<{ code: number; output: string; statuses: number[] }> {
  await mock.control.call('clearJournal');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', '--behaviour', 'contract.routing.include-array', 'suites/contract/routing.test.ts'], {
    env: { ...process.env, PTERO_URL: mock.url, PTERO_APPLICATION_KEY: mock.keys['app-full'], PTERO_CLIENT_KEY: mock.keys['client-owner'], PTERO_REPORTS_DIR: reportsDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  const { entries } = (await mock.control.call('readJournal')) as { entries: { status: number }[] };
  return { code, output, statuses: entries.map((e) => e.status) };
}

describe('server errors on a live panel', () => {
  it('are not provoked by default, and reported as not run with the variable to set', async () => {
    const r = await run({});
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('not run: provokes a server error (5xx) the panel logs as an exception: set PTERO_ALLOW_SERVER_ERRORS=1');
    expect(r.statuses.filter((s) => s >= 500)).toEqual([]);
  }, 300_000);

  it('are provoked with PTERO_ALLOW_SERVER_ERRORS=1', async () => {
    const r = await run({ PTERO_ALLOW_SERVER_ERRORS: '1' });
    expect(r.code, r.output).toBe(0);
    expect(r.statuses).toContain(500);
  }, 300_000);
});
