// The commands as a user types them, for what must end before anything is written: --help, --list,
// a typo in a file filter or a selection, an unknown PTERO_* setting; and npm run report refusing
// to render when the configured results are missing.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ptero-cli-'));
const reportsDir = join(dir, 'reports');
const resultsDir = join(dir, 'allure-results');
// The embedded mock whatever .env says; every output directory inside `dir`, so "nothing written" is checkable.
const env: NodeJS.ProcessEnv = { ...process.env, PTERO_URL: '', PTERO_APPLICATION_KEY: '', PTERO_CLIENT_KEY: '', PTERO_REPORTS_DIR: reportsDir, ALLURE_RESULTS_DIR: resultsDir, ALLURE_REPORT_DIR: join(dir, 'allure-report') };

async function node(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stdout, stderr };
}

const written = (): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : []);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run conformance: what ends before anything is written', () => {
  it('--help documents our options and writes nothing', async () => {
    const r = await node(['scripts/conformance.ts', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('--category C');
    expect(r.stdout).toContain('PTERO_ALLOW_SERVER_ERRORS');
    expect(r.stdout).not.toContain('--reporter');
    expect(written()).toEqual([]);
  }, 60_000);

  it('a file filter that matches nothing exits 2 with one line naming the nearest path', async () => {
    const r = await node(['scripts/conformance.ts', 'suites/aplication']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('npm run conformance: the file filter suites/aplication matches no suite file (nearest: suites/application)');
    expect(written()).toEqual([]);
  }, 60_000);

  it('an unknown PTERO_* setting stops the run (exit 2) with the nearest known name', async () => {
    const r = await node(['scripts/conformance.ts', 'suites/contract/routing.test.ts'], { PTERO_ALLOW_WRITE: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PTERO_ALLOW_WRITE (in the environment) is not a setting of this suite; did you mean PTERO_ALLOW_WRITES?');
    expect(written()).toEqual([]);
  }, 60_000);

  it('--list shows each behaviour, its side effect and whether it runs here, and writes nothing; a selection matching nothing exits 2', async () => {
    const list = await node(['scripts/conformance.ts', '--list', '--operation', 'listUsers', 'suites/application/users.test.ts']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^users\.list\.search-array {2}read {2}runs$/m);
    expect(list.stdout).toMatch(/^ {4}GET \/api\/application\/users\?search\[\]= .*MUST answer 500/m);
    expect(list.stdout).toMatch(/^\d+ behaviours; against the embedded mock: \d+ would run, 0 not run\.$/m);
    expect(list.stdout).not.toMatch(/^users\.view\./m);
    const live = await node(['scripts/conformance.ts', '--list', '--operation', 'listUsers', 'suites/application/users.test.ts'], {
      PTERO_URL: 'http://127.0.0.1:9',
      PTERO_APPLICATION_KEY: 'A'.repeat(48),
    });
    expect(live.stdout).toMatch(/^users\.list\.search-array {2}read {2}not run: provokes a server error \(5xx\) the panel logs as an exception: set PTERO_ALLOW_SERVER_ERRORS=1$/m);
    const typo = await node(['scripts/conformance.ts', '--list', '--operation', 'listUserz', 'suites/application/users.test.ts']);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim()).toBe('npm run conformance: --operation listUserz matches no behaviour (nearest: listUsers)');
    expect(written()).toEqual([]);
  }, 240_000);
});

describe('npm run conformance: a selection runs only what it selects', () => {
  it('--behaviour with --effect runs the matching behaviours of the matching files and no other', async () => {
    const r = await node(['scripts/conformance.ts', '--behaviour', 'locations.view,locations.delete', '--effect', 'read']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const output = r.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    // locations.view and locations.view.unknown-id (now in the generated unknown-ids file) are reads; locations.delete* write or destroy;
    // the rest of both files is not registered (vitest runs 2 tests and skips none), and counted before the run as left out.
    expect(output).toMatch(/Tests\s+2 passed \(2\)/);
    expect(output).toContain('(21 more in the loaded files not selected: counted nowhere)');
    expect(output).toContain('locations.test.ts');
    expect(output).not.toContain('users.test.ts');
    const junit = readFileSync(join(reportsDir, 'junit.xml'), 'utf8');
    expect(junit).not.toContain('suites/application/users.test.ts');
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});

describe('npm run report', () => {
  it('refuses (exit 2, one line) when the configured results are missing, instead of rendering another run', async () => {
    const r = await node(['scripts/report.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`No Allure results in ${resultsDir}`)]);
    expect(written()).toEqual([]);
  }, 60_000);
});
