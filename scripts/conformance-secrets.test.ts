// `npm run conformance` tees its output, redacted, to <reports>/run.log and scans what the run wrote
// for the run's secrets (on the embedded mock: the fixture keys, database passwords, daemon
// secrets). A clean run passes the scan; a secret planted in the reports directory fails the run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureSecrets, scanPaths } from '../harness/secret-scan.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** npm run conformance on the embedded mock (whatever .env says), its reports in a temp dir. */
function conformanceRun(reportsDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const blank = Object.fromEntries(Object.keys(process.env).filter((k) => /^PTERO_(?:URL|APPLICATION_KEY|CLIENT_KEY|KEY_)/.test(k)).map((k) => [k, '']));
  const child = spawn('npm', ['run', '--silent', 'conformance', '--', ...args], {
    env: {
      ...process.env,
      ...blank,
      // Empty values override a developer's .env: the embedded mock, no live keys.
      PTERO_URL: '',
      PTERO_APPLICATION_KEY: '',
      PTERO_CLIENT_KEY: '',
      PTERO_REPORTS_DIR: reportsDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return once(child, 'close').then(([code]) => ({ code: Number(code), output }));
}

describe('npm run conformance: run.log and the secret scan', () => {
  it('writes a redacted run.log and finds no secret in what a run wrote', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-secrets-run-'));
    dirs.push(reportsDir);
    const run = await conformanceRun(reportsDir, 'suites/application/locations.test.ts');
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/secret scan: no secret in .*run\.log \(\d+ secrets looked for\)/);
    const runLog = join(reportsDir, 'run.log');
    expect(existsSync(runLog)).toBe(true);
    const log = readFileSync(runLog, 'utf8');
    expect(log).toContain('Conformance run ptero-conformance-');
    expect(log).toMatch(/Tests\s+8 passed/);
    expect(log).not.toContain('\u001b['); // no colour codes in the log
    // The test's own check, independent of the script's: nothing secret in the reports nor the output.
    expect(scanPaths([reportsDir], fixtureSecrets())).toEqual([]);
    for (const { value } of fixtureSecrets()) expect(run.output.includes(value)).toBe(false);
  }, 300_000);

  it('fails the run (exit 3) and names the file and the role, not the secret, when a secret reached a file', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-secrets-leak-'));
    dirs.push(reportsDir);
    const secrets = fixtureSecrets();
    const application = secrets.find((s) => s.role.startsWith('key role application ('));
    const database = secrets.find((s) => s.role.startsWith('database password'));
    if (!application || !database) throw new Error('the seed has no application key or database password');
    // Redaction bypassed: an attachment holding the key in a Basic credential, and a raw database password.
    writeFileSync(join(reportsDir, 'leaked-attachment.txt'), `Authorization: Basic ${Buffer.from(`admin:${application.value}`).toString('base64')}\n`);
    writeFileSync(join(reportsDir, 'leaked.json'), JSON.stringify({ note: 'written without redaction', value: database.value }));
    // One short suite file keeps the run short; the scan runs after every run all the same.
    const run = await conformanceRun(reportsDir, 'suites/client/unimplemented-categories.test.ts');
    expect(run.code, run.output).toBe(3);
    expect(run.output).toContain('leaked-attachment.txt:1');
    expect(run.output).toContain(`${application.role} (base64)`);
    expect(run.output).toContain(`leaked.json:1  ${database.role} (raw)`);
    expect(run.output).not.toContain(application.value);
    expect(run.output).not.toContain(database.value);
  }, 300_000);
});
