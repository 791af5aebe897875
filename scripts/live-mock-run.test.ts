// The suite run as a user runs it against a live panel, with `npm run mock` playing the panel:
// a read-only run sends no write request and gets no 429; a run with writes leaves the store as
// it found it. Uses a small suite file to stay fast; pacing is real (no control surface in live mode).
import { spawn } from 'node:child_process';
import type { ControlJournalEntry } from '../harness/control-routes.ts';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneMock, type StandaloneMock } from './standalone-mock.ts';


let mock: StandaloneMock;
let url: string;
let keys: Record<string, string>;
// The outer npm test writes reports/ at the same time; the nested runs keep theirs apart.
const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-live-run-'));

beforeAll(async () => {
  mock = await startStandaloneMock();
  ({ url, keys } = mock);
}, 60_000);

afterAll(() => mock.stop());


function conformanceRun(extraEnv: Record<string, string>): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', 'suites/application/locations.test.ts'], {
    env: {
      ...process.env,
      PTERO_URL: url,
      PTERO_APPLICATION_KEY: keys['app-full'] as string,
      PTERO_CLIENT_KEY: keys['client-owner'] as string,
      PTERO_REPORTS_DIR: reportsDir,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return once(child, 'exit').then(([code]) => ({ code: Number(code), output }));
}

describe('a conformance run against npm run mock as a live panel', () => {
  it('read-only: passes, sends only GET/HEAD/OPTIONS and meets no 429', async () => {
    await mock.control.call('clearJournal');
    const before = (await mock.control.call('readStore')) as { digest: string };
    const run = await conformanceRun({});
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/not run: creates or changes resources: set PTERO_ALLOW_WRITES=1/);
    const { entries } = (await mock.control.call('readJournal')) as { entries: ControlJournalEntry[] };
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => !['GET', 'HEAD', 'OPTIONS'].includes(e.method))).toEqual([]);
    expect(entries.filter((e) => e.status === 429)).toEqual([]);
    expect(((await mock.control.call('readStore')) as { digest: string }).digest).toBe(before.digest);
  }, 300_000);

  it('with writes allowed: passes and leaves the store holding exactly what it held before', async () => {
    const before = (await mock.control.call('readStore')) as { digest: string };
    const run = await conformanceRun({ PTERO_ALLOW_WRITES: '1' });
    expect(run.code, run.output).toBe(0);
    const { entries } = (await mock.control.call('readJournal')) as { entries: ControlJournalEntry[] };
    expect(entries.some((e) => e.method === 'POST')).toBe(true);
    expect(((await mock.control.call('readStore')) as { digest: string }).digest).toBe(before.digest);
  }, 300_000);

  it('refuses a partial configuration before any request', async () => {
    await mock.control.call('clearJournal');
    const run = await conformanceRun({ PTERO_APPLICATION_KEY: '', PTERO_CLIENT_KEY: '' });
    expect(run.code).toBe(2);
    expect(run.output).toContain('PTERO_URL is set but neither PTERO_APPLICATION_KEY nor PTERO_CLIENT_KEY is');
    expect(((await mock.control.call('readJournal')) as { entries: unknown[] }).entries).toEqual([]);
  }, 60_000);
});
