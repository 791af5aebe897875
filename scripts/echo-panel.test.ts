// A panel (or a proxy before it) that echoes the caller's key back in its answers, in every form a
// leak takes: raw, a 20-character slice, split by a space, by dashes and by line breaks, hex (lower
// and upper case), reversed. The suite is run against it as a user runs it (scripts/conformance.ts,
// a live target on loopback), then `npm run report`: no form reaches behavior.md/json, the exchange
// log, the Allure results and attachments or the HTML report, the run's own scan passes (a stale
// ./allure-results of another run notwithstanding), and the report is built. The answers also carry
// customers' personal data, which a live run masks. Then results with a planted hex or split form,
// or a run verdict that failed, are refused by `npm run report` (exit 3, the file named, not the secret).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPaths, SCAN_VERDICT_FILE, type KnownSecret } from '../harness/secret-scan.ts';

// Made up for this test: no panel's keys.
const APP_KEY = 'Ec7oPaneLk3yQ9wZ' + 'r4Tt8Uv2Wx6Yz0Ab3Cd5Ef7Gh9Ij1Kl3';
const CLIENT_KEY = 'Ec7oCl1entK3yM2n' + 'P4qR6sT8uV0wX2yZ4aB6cD8eF0gH2iJ4';
const SECRETS: KnownSecret[] = [
  { role: 'application key', value: APP_KEY },
  { role: 'client key', value: CLIENT_KEY },
];
const SUITE = 'suites/contract/routing.test.ts';

/** Every form the panel echoes a key in. */
function echoes(key: string): Record<string, string> {
  const hex = Buffer.from(key).toString('hex');
  return {
    raw: key,
    slice: key.slice(9, 29),
    'split by a space': `${key.slice(0, 24)} ${key.slice(24)}`,
    'split by dashes': key.match(/.{1,6}/g)!.join('-'),
    'split by line breaks': key.match(/.{1,16}/g)!.join('\n'),
    hex,
    HEX: hex.toUpperCase(),
    reversed: [...key].reverse().join(''),
  };
}

// Personal data a live panel holds: what the documents must not carry by default.
const PERSONAL = ['jane.customer@example.org', 'Janet', 'Customerson', 'janec1984', 'node7.customer-hosting.example.com', '203.0.113.77', 'crm-000417'];

function answer(key: string): string {
  const forms = echoes(key);
  return JSON.stringify({
    object: 'list',
    data: [
      { object: 'location', attributes: { id: 1, short: 'echo', long: `you sent ${Object.values(forms).join(' | ')}`, created_at: '2020-09-14T04:31:10-04:00', updated_at: '2020-09-14T04:31:10-04:00' } },
      { object: 'user', attributes: { id: 7, external_id: 'crm-000417', uuid: '5f2a1c3e-9b7d-4e1f-8a2b-0c3d4e5f6a7b', username: 'janec1984', email: 'jane.customer@example.org', first_name: 'Janet', last_name: 'Customerson', language: 'en', root_admin: false, '2fa': false, created_at: '2020-09-14T04:31:10-04:00', updated_at: '2020-09-14T04:31:10-04:00' } },
      { object: 'node', attributes: { id: 3, name: 'Customerson dedicated', fqdn: 'node7.customer-hosting.example.com', memory: 8192, note: 'last seen from 203.0.113.77' } },
    ],
    meta: { pagination: { total: 3, count: 3, per_page: 50, current_page: 1, total_pages: 1, links: {} } },
  });
}

let server: Server;
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'ptero-echo-panel-'));
const reportsDir = join(dir, 'reports');
const resultsDir = join(reportsDir, 'allure-results');
const reportDir = join(dir, 'allure-report');
// A stale result of another run where the default results directory is: it must not fail this run.
const staleDir = resolve('allure-results');
const staleFile = join(staleDir, `ptero-stale-echo-test-${process.pid}.txt`);
let run: { code: number; output: string };
let report: { code: number; output: string };

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  const blank = Object.fromEntries(Object.keys(process.env).filter((k) => /^PTERO_|^ALLURE_/.test(k)).map((k) => [k, '']));
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...blank, PTERO_URL: url, PTERO_APPLICATION_KEY: APP_KEY, PTERO_CLIENT_KEY: CLIENT_KEY, PTERO_REPORTS_DIR: reportsDir, PTERO_TIMEOUT_MS: '3000', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return once(child, 'exit').then(([code]) => {
    clearTimeout(guard);
    return { code: Number(code), output };
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1] ?? APP_KEY;
      // The preflight asks for id 0 of each resource (harness/preflight.ts): a v0.7 panel answers 404
      // to a key that may read it, so this panel does too (echoing the key there as well); and it has
      // no /api/client/permissions route, which is how the preflight tells a 0.7 panel from a 1.x one.
      const absent = /^\/api\/application\/.*\/0(?:\/|$)/.test(req.url ?? "") || req.url === '/api/client/permissions';
      const body = absent ? JSON.stringify({ errors: [{ code: 'NotFoundHttpException', status: '404', detail: `no such thing, ${echoes(key).hex}` }] }) : answer(key);
      res.writeHead(absent ? 404 : 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Echo': echoes(key)['split by a space']!, 'X-RateLimit-Limit': '120', 'X-RateLimit-Remaining': '119' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(staleDir, { recursive: true });
  writeFileSync(staleFile, `a stale leak of another run: ${Buffer.from(APP_KEY).toString('hex')}\n`);
  try {
    run = await node(['scripts/conformance.ts', SUITE]);
  } finally {
    rmSync(staleFile, { force: true });
  }
  report = await node(['scripts/report.ts', '--results', resultsDir, '--output', reportDir]);
}, 300_000);

afterAll(async () => {
  rmSync(staleFile, { force: true });
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

/** No form of either key, and none of the personal data, in `text`. */
function expectNoLeak(label: string, text: string, personal = true): void {
  for (const key of [APP_KEY, CLIENT_KEY]) {
    for (const [form, value] of Object.entries(echoes(key))) {
      expect(text.includes(value), `${label} holds the key ${form}`).toBe(false);
      expect(text.includes(JSON.stringify(value).slice(1, -1)), `${label} holds the key ${form} (JSON-escaped)`).toBe(false);
    }
  }
  if (personal) for (const value of PERSONAL) expect(text.includes(value), `${label} holds ${value}`).toBe(false);
}

describe('a panel that echoes the key: every artefact is clean', () => {
  it('the run deviates (exit 1), its own scan passes although a stale ./allure-results holds a leak', () => {
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/secret scan: no secret in /);
    expect(run.output).not.toContain('allure-results:');
    expect(JSON.parse(readFileSync(join(resultsDir, SCAN_VERDICT_FILE), 'utf8'))).toEqual({ clean: true, files: [] });
    expectNoLeak('the output', run.output);
  });

  it('behavior.md and behavior.json: the echoed example redacted, personal data masked with its shape kept', () => {
    const md = readFileSync(join(reportsDir, 'behavior.md'), 'utf8');
    const json = readFileSync(join(reportsDir, 'behavior.json'), 'utf8');
    expect(json).toContain('[REDACTED]');
    expect(json).toMatch(/"email": "user-[0-9a-f]{6}@example\.invalid"/);
    expect(json).toContain('"root_admin": false');
    expectNoLeak('behavior.md', md);
    expectNoLeak('behavior.json', json);
  });

  it('the exchange log, run.log, junit.xml and every Allure result and attachment', () => {
    const files = readdirSync(reportsDir, { recursive: true, encoding: 'utf8' }).map((f) => join(reportsDir, f)).filter((f) => !f.endsWith('allure-results') && existsSync(f) && !f.endsWith('/'));
    const attachments = readdirSync(resultsDir).filter((f) => f.includes('-attachment'));
    expect(attachments.length).toBeGreaterThan(0);
    const texts = attachments.map((f) => readFileSync(join(resultsDir, f), 'utf8'));
    expect(texts.some((t) => t.includes('[REDACTED]'))).toBe(true);
    // Personal data as pseudonyms of the same shape; numbers untouched.
    expect(texts.some((t) => /"fqdn": "host-[0-9a-f]{6}\.example\.invalid"/.test(t) && t.includes('"memory": 8192') && /"email": "user-[0-9a-f]{6}@example\.invalid"/.test(t))).toBe(true);
    for (const file of files) {
      try {
        expectNoLeak(file, readFileSync(file, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EISDIR') continue;
        throw error;
      }
    }
    expect(scanPaths([reportsDir], SECRETS)).toEqual([]);
  });

  it('npm run report builds the HTML, and it holds no form of the key', () => {
    expect(report.code, report.output).toBe(0);
    const page = join(reportDir, 'index.html');
    // Allure embeds the results and attachments base64-encoded: read them decoded as well.
    const html = readFileSync(page, 'utf8');
    const embedded = [...html.matchAll(/[A-Za-z0-9+/]{64,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString('utf8')).join('\n');
    expect(embedded).toContain('[REDACTED]');
    expect(embedded).toMatch(/user-[0-9a-f]{6}@example\.invalid/);
    expectNoLeak('the HTML report', html);
    expectNoLeak('the data embedded in the HTML report', embedded);
    expect(scanPaths([page], SECRETS)).toEqual([]);
  });
});

describe('npm run report refuses results that fail the scan', () => {
  const plant = (name: string, content: string): string => {
    const copy = mkdtempSync(join(dir, 'tainted-'));
    cpSync(resultsDir, copy, { recursive: true });
    writeFileSync(join(copy, name), content);
    return copy;
  };

  for (const [form, content] of [
    ['hex', `{"body":"${Buffer.from(APP_KEY).toString('hex').toUpperCase()}"}`],
    ['split', `{"body":"${CLIENT_KEY.slice(0, 20)}\\n${CLIENT_KEY.slice(20, 40)}"}`],
  ] as const) {
    it(`a planted ${form} form: exit 3, the file named, never the secret, no page`, async () => {
      const copy = plant(`planted-${form}-attachment.json`, content);
      const output = join(dir, `report-${form}`);
      const refused = await node(['scripts/report.ts', '--results', copy, '--output', output]);
      expect(refused.code, refused.output).toBe(3);
      expect(refused.output).toContain(`planted-${form}-attachment.json:1`);
      expectNoLeak('the refusal', refused.output, false);
      expect(existsSync(join(output, 'index.html'))).toBe(false);
    }, 120_000);
  }

  it('a run whose own scan failed: exit 3, its files named, whatever keys this environment knows', async () => {
    const copy = plant(SCAN_VERDICT_FILE, JSON.stringify({ clean: false, files: ['reports/run-exchanges.jsonl'] }));
    const refused = await node(['scripts/report.ts', '--results', copy, '--output', join(dir, 'report-verdict')], { PTERO_URL: '', PTERO_APPLICATION_KEY: '', PTERO_CLIENT_KEY: '' });
    expect(refused.code, refused.output).toBe(3);
    expect(refused.output).toContain('reports/run-exchanges.jsonl');
  }, 120_000);
});
