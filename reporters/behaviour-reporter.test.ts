// The behaviour document of a real conformance run against the embedded mock (a child process
// writing into a temp PTERO_REPORTS_DIR, as scripts/live-mock-run.test.ts does). Two suite files
// keep it fast; the document still lists all 46 operations and every claim of the legacy docs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LegacyClaims } from '../harness/legacy-claims.ts';
import type { BehaviourDocument } from './behaviour-document.ts';

const FILES = ['suites/application/locations.test.ts', 'suites/client/unimplemented-categories.test.ts'];
const dir = mkdtempSync(join(tmpdir(), 'ptero-behaviour-'));
const claims = parse(readFileSync(new URL('../spec/legacy-docs-claims.yaml', import.meta.url), 'utf8')) as LegacyClaims;
let run: { code: number; output: string };
let doc: BehaviourDocument;
let markdown: string;

beforeAll(async () => {
  const env: Record<string, string | undefined> = { ...process.env, PTERO_REPORTS_DIR: dir };
  for (const name of ['PTERO_URL', 'PTERO_MOCK_OPTIONS', 'PTERO_MUTATION', 'PTERO_STRICT_DOCS', 'ALLURE_RESULTS_DIR']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', ...FILES], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = await once(child, 'exit');
  run = { code: Number(code), output };
  doc = JSON.parse(readFileSync(join(dir, 'behavior.json'), 'utf8')) as BehaviourDocument;
  markdown = readFileSync(join(dir, 'behavior.md'), 'utf8');
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the behaviour document of a conformance run against the embedded mock', () => {
  it('is written by the run, labelled with the target and a timestamp', () => {
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Behaviour document: ${join(dir, 'behavior.md')}`);
    expect(doc.target).toMatchObject({ mode: 'mock', label: 'embedded mock panel (stock v0.7.19 settings)' });
    expect(doc.target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Date.parse(doc.generatedAt)).not.toBeNaN();
    expect(doc.run.files).toEqual(FILES);
  });

  it('lists all 46 operations of the spec: what the run exercised, and "not exercised" for the rest', () => {
    const spec = doc.operations.filter((o) => o.operationId);
    expect(spec).toHaveLength(46);
    const listLocations = spec.find((o) => o.operationId === 'listLocations');
    expect(listLocations?.exercised).toBe(true);
    expect(listLocations?.statuses['200']).toMatchObject({ documented: true, rateLimit: [120] });
    expect(listLocations?.statuses['200']?.headers).toEqual(expect.arrayContaining(['content-type', 'x-ratelimit-limit', 'x-ratelimit-remaining']));
    expect(listLocations?.statuses['200']?.fields['/data/*/attributes/id']).toBe('integer');
    expect(listLocations?.behaviours.length).toBeGreaterThan(0);
    const untouched = spec.filter((o) => !o.exercised);
    expect(untouched.map((o) => o.operationId)).toContain('sendClientServerPower');
    for (const op of spec) expect(markdown).toContain(`### ${op.method} ${op.path}\n`);
    expect(markdown.split('**Not exercised** by this run.').length - 1).toBe(untouched.length + doc.operations.filter((o) => !o.operationId && !o.exercised).length);
  });

  it('gives every claim of the legacy docs a verdict with evidence', () => {
    const ids = doc.claims.map((c) => c.id);
    for (const op of claims.operations) expect(ids).toContain(op.id);
    for (const d of claims.discrepancies) expect(ids).toContain(`discrepancy-${d.number}`);
    for (const p of claims.page_claims) expect(ids).toContain(p.id);
    expect(ids).toEqual(expect.arrayContaining(['intro.rate-limit', 'intro.error-example', 'intro.base-url', 'intro.authentication', 'intro.response-format']));
    for (const c of doc.claims) {
      expect(['holds', 'false', 'not checked']).toContain(c.verdict);
      expect(c.evidence.join(' ')).not.toBe('');
    }
    const account = doc.claims.find((c) => c.id === 'client.account.get-account');
    expect(account).toMatchObject({ verdict: 'false', evidence: ['documented GET /api/client/account: panel answered 404 NotFoundHttpException (1×), not routed'] });
    expect(doc.claims.find((c) => c.id === 'intro.rate-limit')?.evidence[0]).toBe('rate limit 240/min: panel says X-RateLimit-Limit 120 (application) and 60 (client)');
    expect(doc.claims.find((c) => c.id === 'application.locations.list-locations')?.verdict).toBe('holds');
    // The generated client-categories suite exercises every category 0.7 lacks: their documented operations are not routed.
    expect(doc.claims.find((c) => c.id === 'client.files.list-files')?.verdict).toBe('false');
    // An operation neither file exercised is not checked.
    expect(doc.claims.find((c) => c.id === 'application.servers.create-server')?.verdict).toBe('not checked');
    expect(markdown).toContain('## The legacy docs\' claims');
  });

  it('holds no secret', () => {
    const written = `${readFileSync(join(dir, 'behavior.json'), 'utf8')}${markdown}${readFileSync(join(dir, 'run-exchanges.jsonl'), 'utf8')}`;
    // The fixture keys' tokens (README): never written anywhere.
    for (const token of ['lgjoALUr6D3zQc5Ue2XpCYwZ4xfjKQdH', 'JTNGHRf8BUa5MXIANGZFie9d6kdtCWMX', 'zypXR68nOpyrmt58lbdunEGfcEkX5OSA', 'cT1DRarHiNNRSLW7Y5bZ4Wd1bRgGgmEk']) {
      expect(written).not.toContain(token);
    }
  });
});
