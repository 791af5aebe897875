// The diff's end-to-end property: the behaviour document of the embedded mock, diffed against the
// same mock run with one setting changed (PTERO_MOCK_OPTIONS), reports exactly what that setting
// changes and nothing else; two runs with the same settings diff as empty (no noise from ids,
// timestamps or random values). Four conformance runs of three suite files, as child processes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourDocument } from '../reporters/behaviour-document.ts';
import { diffBehaviourDocuments, groupChanges } from '../reporters/behaviour-diff.ts';

const FILES = ['suites/application/users.test.ts', 'suites/application/locations.test.ts', 'suites/client/servers.test.ts'];
const root = mkdtempSync(join(tmpdir(), 'ptero-diff-e2e-'));

function spawnCollect(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return once(child, 'exit').then(([code]) => ({ code: Number(code), output }));
}

async function conformanceRun(name: string, mockOptions?: object): Promise<{ code: number; output: string; document: string }> {
  const dir = join(root, name);
  const env: Record<string, string | undefined> = { ...process.env, PTERO_REPORTS_DIR: dir };
  for (const variable of ['PTERO_URL', 'PTERO_MUTATION', 'PTERO_STRICT_DOCS', 'PTERO_MOCK_OPTIONS', 'ALLURE_RESULTS_DIR']) delete env[variable];
  if (mockOptions) env['PTERO_MOCK_OPTIONS'] = JSON.stringify(mockOptions);
  const run = await spawnCollect(['scripts/conformance.ts', ...FILES], env);
  return { ...run, document: join(dir, 'behavior.json') };
}

function diffCli(oldPath: string, newPath: string) {
  return spawnCollect(['scripts/diff.ts', oldPath, newPath, '--out', join(root, 'diff.md')], { ...process.env, PTERO_REPORTS_DIR: root });
}

const load = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as BehaviourDocument;
let runs: Record<'stock' | 'again' | 'limits' | 'debug', Awaited<ReturnType<typeof conformanceRun>>>;

beforeAll(async () => {
  const [stock, again, limits, debug] = await Promise.all([
    conformanceRun('stock'),
    conformanceRun('again'),
    conformanceRun('limits', { limits: { application: 100, client: 50 } }),
    conformanceRun('debug', { debug: true }),
  ]);
  runs = { stock, again, limits, debug };
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run diff on the embedded mock with one setting changed', () => {
  it('two runs with the same settings diff as empty, exit 0', async () => {
    expect(runs.stock.code, runs.stock.output).toBe(0);
    expect(runs.again.code, runs.again.output).toBe(0);
    const diff = diffBehaviourDocuments(load(runs.stock.document), load(runs.again.document));
    expect(diff.changes).toEqual([]);
    expect(diff.notes).toEqual([]);
    const cli = await diffCli(runs.stock.document, runs.again.document);
    expect(cli.code, cli.output).toBe(0);
    expect(cli.output).toContain('no changes');
  });

  it('other rate limits: only the X-RateLimit-Limit change, lowered, so exit 1', async () => {
    // The spec pins 120/60, so the run itself fails (every answer breaks the contract) and its behaviours stop early.
    expect(runs.limits.code).toBe(1);
    const diff = diffBehaviourDocuments(load(runs.stock.document), load(runs.limits.document));
    expect(groupChanges(diff.changes).map((g) => [g.kind, g.breaking, g.message.replace(/ on \d+ .*$/, '')])).toEqual([
      ['rate-limit-changed', true, 'X-RateLimit-Limit 120 → 100 (lowered)'],
      ['rate-limit-changed', true, 'X-RateLimit-Limit 60 → 50 (lowered)'],
    ]);
    const cli = await diffCli(runs.stock.document, runs.limits.document);
    expect(cli.code, cli.output).toBe(1);
    expect(cli.output).toContain('2 changes, 2 breaking: rate limits changing: 2');
  });

  it('debug on: only the error bodies\' debug members (source, meta) appear, nothing breaks, exit 0', async () => {
    expect(runs.debug.code, runs.debug.output).toBe(0);
    const diff = diffBehaviourDocuments(load(runs.stock.document), load(runs.debug.document));
    expect(diff.changes.length).toBeGreaterThan(0);
    expect(new Set(diff.changes.map((c) => c.kind))).toEqual(new Set(['field-added']));
    expect(new Set(diff.changes.map((c) => c.subject))).toEqual(new Set(['/errors/*/meta', '/errors/*/source']));
    for (const c of diff.changes) expect(c.status).not.toMatch(/^2/);
    const cli = await diffCli(runs.stock.document, runs.debug.document);
    expect(cli.code, cli.output).toBe(0);
  });
});
