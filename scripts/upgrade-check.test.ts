// npm run upgrade-check end to end, as a child process: the two fixture documents and an access log
// in, upgrade.md and upgrade.json out, the exit codes of the README; a document whose run could not
// test, swapped documents and a file that is not a log refused with one line and exit 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode, type CommandOutcome } from './testing/command-child.ts';

const F = 'reporters/upgrade-fixtures';
const V07 = `${F}/behaviour-v0.7.19.json`;
const V111 = `${F}/behaviour-v1.11.json`;
const dir = mkdtempSync(join(tmpdir(), 'ptero-upgrade-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: readonly string[], env: Record<string, string> = {}): Promise<CommandOutcome> {
  return runNode(['--import', 'tsx', 'scripts/upgrade-check.ts', ...args], env);
}

describe('npm run upgrade-check', () => {
  it('writes upgrade.md and upgrade.json, ranks by the logged calls (gzip too), masks the clients, and exits 1 when a breaking change meets them', async () => {
    const out = join(dir, 'report');
    const gz = join(dir, 'access.log.2.gz');
    writeFileSync(gz, gzipSync(readFileSync('examples/upgrade/access-log.txt')));
    const result = await run([V07, V111, '--access-log', gz, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}BREAKING 4× GET \/api\/client\/servers\/\{server\}\/utilization: moved to GET \/api\/client\/servers\/\{server\}\/resources/m);
    expect(result.stdout).toContain(`report: ${join(out, 'upgrade.md')}`);
    const report = JSON.parse(readFileSync(join(out, 'upgrade.json'), 'utf8'));
    expect(report.format).toBe('ptero-upgrade/1');
    expect(report.operations).toHaveLength(46);
    expect(report.usage).toMatchObject({ gzip: true, lines: 25, unknownLines: 3, apiRequests: 19, clientsMasked: true });
    const md = readFileSync(join(out, 'upgrade.md'), 'utf8');
    expect(md).toContain("## Your integrations' calls");
    expect(md).not.toMatch(/198\.51\.100\.7|203\.0\.113\.10/);
  }, 60_000);

  it('keeps the client addresses with PTERO_KEEP_PERSONAL_DATA=1, and refuses another value of it', async () => {
    const out = join(dir, 'kept');
    const kept = await run([V07, V111, '--access-log', 'examples/upgrade/access-log.txt', '--out', out], { PTERO_KEEP_PERSONAL_DATA: '1' });
    expect(kept.code).toBe(1);
    expect(readFileSync(join(out, 'upgrade.md'), 'utf8')).toContain('198.51.100.7 (3)');
    const bad = await run([V07, V111, '--out', out], { PTERO_KEEP_PERSONAL_DATA: 'yes' });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('PTERO_KEEP_PERSONAL_DATA must be 1 or 0, got "yes"');
  }, 60_000);

  it('refuses a document whose run could not test, with its cause, exit 2, writing nothing', async () => {
    const out = join(dir, 'refused');
    const result = await run([V07, `${F}/behaviour-could-not-test.json`, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`cannot check the upgrade: ${F}/behaviour-could-not-test.json could not test (panel unreachable: connection refused: nothing listens on 127.0.0.1:9)`);
    expect(() => readFileSync(join(out, 'upgrade.md'))).toThrow();
  }, 60_000);

  it('refuses the documents the wrong way round, and a file that is not a log, with one line each', async () => {
    const swapped = await run([V111, V07, '--out', join(dir, 'swapped')]);
    expect(swapped.code).toBe(2);
    expect(swapped.stderr.trim()).toBe(`${V111} is a v1.11 document: give the 0.7 panel's behavior.json first, the 1.x target's second`);
    const twice = await run([V07, V07, '--out', join(dir, 'twice')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr.trim()).toBe("both documents are v0.7.19 runs: give the 0.7 panel's behavior.json first and the 1.x target's second");
    const bin = join(dir, 'core.dump');
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    const notLog = await run([V07, V111, '--access-log', bin, '--out', join(dir, 'bin')]);
    expect(notLog.code).toBe(2);
    expect(notLog.stderr.trim()).toBe(`${bin} is not an access log: it holds binary data (expected nginx or Apache lines in the combined log format, plain or gzip)`);
  }, 60_000);
});
