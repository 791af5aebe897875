// The suite run as a user runs it (`scripts/conformance.ts`, a live target) against broken panels:
// a proxy's HTML 502, a login redirect, truncated or invalid JSON, a wrong content type, a 50 MB
// body, an answer slower than the timeout, a reset mid-body, a closed port, a name that does not
// resolve, TLS spoken to a plain-HTTP port, 429 to everything; and a correct panel behind gzip +
// chunked encoding; and a panel lost midway. A broken panel fails the preflight: the run ends within
// a bounded time with exit code 2, before any behaviour, with one paragraph naming the cause in plain
// words and PTERO_URL, and the verdict "could not test (…)" as its last line; it writes its summary
// and a behaviour document that says it could not test, and neither crashes nor hangs. A panel lost
// midway leaves the remaining behaviours "not run: panel unreachable", not failed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, type ExpectStatic } from 'vitest';
import type { RunSummary } from '../harness/outcomes.ts';
import { fixtureKey } from '../mock/testing/fixture-keys.ts';
import { startMock } from '../mock/server.ts';
import { closedPort, startBrokenPanel, type BrokenMode, type BrokenPanel } from './broken-panel-server.ts';
import { runConformance, type ConformanceChild } from './testing/conformance-child.ts';

const TIMEOUT_MS = 1500;
// Generous: a run takes a few seconds, but CI runs other test files beside this one on two cores.
const BOUND_MS = 60_000;
// A case's time includes waiting for one of the three run slots behind the cases started before it.
const CASE_TIMEOUT_MS = 5 * BOUND_MS;
// Any 48 letters and digits: the broken panels check no key.
const ANY_KEY = 'A'.repeat(16) + 'b'.repeat(32);
const SUITE = 'suites/contract/routing.test.ts';

/** The run, and where it wrote (stdout alone: its last line is the verdict; stdout and stderr arrive in no fixed order). */
type RunResult = ConformanceChild & { reportsDir: string };

const measured: { name: string; ms: number; code: number | null; message: string }[] = [];
// Each case is a whole conformance run (~10 s, mostly start-up and reports): three at a time.
const slots = semaphore(3);
const servers: { close(): Promise<void> }[] = [];
const reportDirs: string[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const dir of reportDirs) rmSync(dir, { recursive: true, force: true });
  // The numbers the issue asks for: how long each case took and what it said.
  console.log(`broken-panel runs:\n${measured.map((m) => `  ${m.name}: ${(m.ms / 1000).toFixed(1)} s, exit ${m.code}: ${m.message}`).join('\n')}`);
});

async function broken(mode: BrokenMode, options: Parameters<typeof startBrokenPanel>[1] = {}): Promise<BrokenPanel> {
  const server = await startBrokenPanel(mode, { lifetimeMs: 120_000, ...options });
  servers.push(server);
  return server;
}

function conformanceRun(url: string, suite = SUITE, keys: { application: string; client: string } = { application: ANY_KEY, client: ANY_KEY }): Promise<RunResult> {
  return slots(() => spawnRun(url, suite, keys));
}

async function spawnRun(url: string, suite: string, keys: { application: string; client: string }): Promise<RunResult> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-broken-panel-'));
  reportDirs.push(reportsDir);
  // Never hang the test: a run past the bound is killed (and then fails the duration assertion).
  const run = await runConformance(
    [suite],
    {
      ...process.env,
      PTERO_URL: url,
      PTERO_APPLICATION_KEY: keys.application,
      PTERO_CLIENT_KEY: keys.client,
      PTERO_REPORTS_DIR: reportsDir,
      PTERO_TIMEOUT_MS: String(TIMEOUT_MS),
      PTERO_ALLOW_WRITES: '',
    },
    BOUND_MS + 10_000,
  );
  return { ...run, reportsDir };
}

function semaphore(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}


/** The checks every broken-panel run must pass: bounded, exit 2 at the preflight, the cause named, the verdict last, reports written, no crash. */
function expectReported(expect: ExpectStatic, name: string, run: RunResult, cause: RegExp): void {
  const first = run.output.split('\n').find((line) => cause.test(line))?.trim() ?? '(cause not found)';
  measured.push({ name, ms: run.ms, code: run.code, message: first });
  expect(run.ms, run.output).toBeLessThan(BOUND_MS);
  expect(run.signal, run.output).toBeNull();
  expect(run.code, run.output).toBe(2);
  // One paragraph names the cause and the variable to fix; no behaviour ran, so none failed.
  const paragraph = run.output.split('\n').find((line) => line.startsWith('Preflight: ')) ?? '';
  expect(paragraph, run.output).toMatch(cause);
  expect(paragraph).toMatch(/(?:Check PTERO_URL|PTERO_URL is right).*No behaviour was run\.$/);
  // The paragraph once, and none of vitest's empty-run epilogue (its "exiting with code 0" is not the run's).
  expect(run.output.split('\n').filter((line) => line.includes('No behaviour was run.')), run.output).toHaveLength(1);
  expect(run.output).not.toMatch(/No test files found|exiting with code 0|PreflightError/);
  expect(run.output).not.toMatch(/Tests\s+\d+ failed/);
  const last = run.stdout.trimEnd().split('\n').at(-1) ?? '';
  expect(last).toMatch(/^could not test \(panel unreachable: /);
  expect(last).toMatch(cause);
  expect(run.output).not.toMatch(/Unhandled (?:Rejection)|Segmentation fault|FATAL ERROR|heap out of memory/);
  const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')) as RunSummary;
  expect(summary.verdict).toMatchObject({ kind: 'could-not-test', exitCode: 2, line: last });
  const document = JSON.parse(readFileSync(join(run.reportsDir, 'behavior.json'), 'utf8')) as { verdict: { kind: string } };
  expect(document.verdict.kind).toBe('could-not-test');
  expect(readFileSync(join(run.reportsDir, 'behavior.md'), 'utf8')).toContain('This run could not test the panel');
  expectReports(expect, run, false);
}

function expectReports(expect: ExpectStatic, run: RunResult, behavioursRan = true): void {
  const log = join(run.reportsDir, 'run-exchanges.jsonl');
  // The preflight's requests exercise no behaviour: a run that stopped there has no exchange log.
  if (behavioursRan) {
    expect(existsSync(log), `${log} written`).toBe(true);
    expect(existsSync(join(run.reportsDir, 'coverage.md')), 'coverage.md written').toBe(true);
  }
  // The exchange log is redacted: the (fake) key never appears in it.
  if (existsSync(log)) expect(readFileSync(log, 'utf8')).not.toContain(ANY_KEY);
  expect(readFileSync(join(run.reportsDir, 'run.log'), 'utf8')).not.toContain(ANY_KEY);
  // The JUnit and Allure results, where the run writes them.
  const junit = join(run.reportsDir, 'junit.xml');
  if (existsSync(junit)) expect(readFileSync(junit, 'utf8')).toMatch(/<testsuite[\s>]/);
  const allure = join(run.reportsDir, 'allure-results');
  if (existsSync(allure) && behavioursRan) expect(readdirSync(allure).some((f) => f.endsWith('-result.json'))).toBe(true);
}

describe.concurrent('a conformance run against a broken panel ends in bounded time, names the cause, writes its reports', () => {
  it('an HTML error page (a proxy\'s 502)', async ({ expect }) => {
    const server = await broken('html-502');
    expectReported(expect, 'HTML 502', await conformanceRun(server.url), /the panel answered HTML \(text\/html\) instead of JSON: 502 "502 Bad Gateway"/);
  }, CASE_TIMEOUT_MS);

  it('a 302 redirect to /auth/login (what 0.7 does without a JSON Accept header)', async ({ expect }) => {
    const server = await broken('login-redirect');
    expectReported(expect, '302 to /auth/login', await conformanceRun(server.url), /the panel redirected \(302\) to http:\/\/127\.0\.0\.1:\d+\/auth\/login instead of answering JSON/);
  }, CASE_TIMEOUT_MS);

  it('truncated JSON', async ({ expect }) => {
    const server = await broken('truncated-json');
    expectReported(expect, 'truncated JSON', await conformanceRun(server.url), /invalid JSON: [^\n]*\(200, \d+ bytes; the body ends early: truncated\?\)/);
  }, CASE_TIMEOUT_MS);

  it('invalid JSON', async ({ expect }) => {
    const server = await broken('invalid-json');
    expectReported(expect, 'invalid JSON', await conformanceRun(server.url), /invalid JSON: [^\n]*position \d+[^\n]*\(200, \d+ bytes\)/);
  }, CASE_TIMEOUT_MS);

  it('a wrong content type', async ({ expect }) => {
    const server = await broken('wrong-content-type');
    expectReported(expect, 'wrong content type', await conformanceRun(server.url), /the panel answered text\/plain instead of JSON \(200, \d+ bytes; the body itself is JSON\)/);
  }, CASE_TIMEOUT_MS);

  it('a 50 MB body: the client stops reading at 10 MB, stops sending after three, and the run ends saying why once', async ({ expect }) => {
    const server = await broken('huge-body', { hugeBytes: 50 * 1024 * 1024 });
    const run = await conformanceRun(server.url);
    expectReported(expect, '50 MB body', run, /the panel sent a body larger than 10 MB \(the client stopped reading there\)/);
    // An oversized body counts towards "three failures in a row" like a refused connection: the preflight stops there.
    expect(server.requests, run.output).toBeLessThanOrEqual(3);
  }, CASE_TIMEOUT_MS);

  it('an answer slower than PTERO_TIMEOUT_MS', async ({ expect }) => {
    const server = await broken('slow', { delayMs: 30_000 });
    const run = await conformanceRun(server.url);
    expectReported(expect, 'slower than the timeout', run, /the panel did not answer within 1500 ms/);
    // The preflight stops at the first request without an answer.
    expect(server.requests).toBe(1);
  }, CASE_TIMEOUT_MS);

  it('a connection reset mid-body', async ({ expect }) => {
    const server = await broken('reset-mid-body');
    // The client cannot always tell this RST from a FIN: when the reset arrives while the first body
    // bytes are still unread (a loaded machine), libuv reads them and reports the hang-up as an end of
    // stream, so undici says "other side closed" instead of ECONNRESET. Both words are true here.
    expectReported(expect, 'reset mid-body', await conformanceRun(server.url), /connection (?:reset|closed) mid-body \(after \d+ of 4000 bytes\)/);
  }, CASE_TIMEOUT_MS);

  it('a closed port', async ({ expect }) => {
    const port = await closedPort();
    expectReported(expect, 'closed port', await conformanceRun(`http://127.0.0.1:${port}`), new RegExp(`connection refused: nothing listens on 127\\.0\\.0\\.1:${port}`));
  }, CASE_TIMEOUT_MS);

  it('a host that does not resolve', async ({ expect }) => {
    expectReported(expect, 'unresolvable host', await conformanceRun('http://panel.ptero-conformance.invalid'), /host not found: panel\.ptero-conformance\.invalid (?:does not resolve|could not be resolved)/);
  }, CASE_TIMEOUT_MS);

  it('HTTPS spoken to a plain-HTTP port', async ({ expect }) => {
    const server = await broken('html-502');
    expectReported(expect, 'TLS to plain HTTP', await conformanceRun(`https://127.0.0.1:${server.port}`), /TLS spoken to a plain-HTTP port/);
    expect(server.requests).toBeLessThanOrEqual(3);
  }, CASE_TIMEOUT_MS);

  it('429 to everything: one bounded back-off, then the run stops with that one cause', async ({ expect }) => {
    const server = await broken('throttle-everything', { retryAfter: 1 });
    const run = await conformanceRun(server.url);
    expectReported(expect, '429 to everything', run, /the panel throttled the suite: 429 ThrottleRequestsException with Retry-After 1/);
    // The first request and its one retry after Retry-After; nothing after that.
    expect(server.requests).toBe(2);
  }, CASE_TIMEOUT_MS);

  it('a correct panel behind gzip + chunked encoding passes (not reported as a failure)', async ({ expect }) => {
    const mock = await startMock({}, { host: '127.0.0.1', port: 0 });
    servers.push(mock);
    const proxy = await broken('gzip-chunked-proxy', { upstream: mock.url });
    const keys = { application: fixtureKey(mock.panel, 'app-full'), client: fixtureKey(mock.panel, 'client-owner') };
    const run = await conformanceRun(proxy.url, 'suites/application/locations.test.ts', keys);
    measured.push({ name: 'gzip + chunked (correct JSON)', ms: run.ms, code: run.code, message: /Tests\s+[^\n]*/.exec(run.output)?.[0] ?? '' });
    expect(run.code, run.output).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('conforms');
    expect(run.output).toMatch(/Tests\s+\d+ passed/);
    expect(run.output).not.toMatch(/ConnectivityError/);
    expect(proxy.requests).toBeGreaterThan(5);
    expectReports(expect, run);
    expect(readFileSync(join(run.reportsDir, 'run-exchanges.jsonl'), 'utf8')).not.toContain(keys.application);
  }, CASE_TIMEOUT_MS);

  it('a panel lost midway: the remaining behaviours are not run (panel unreachable), none failed; exit 2', async ({ expect }) => {
    const mock = await startMock({}, { host: '127.0.0.1', port: 0 });
    servers.push(mock);
    // The preflight of the two keys takes 9 requests; the panel then answers 10 more and is gone
    // (nests: 16 read behaviours, so well over three requests meet the dropped connections).
    const proxy = await broken('proxy-then-down', { upstream: mock.url, downAfter: 19 });
    const keys = { application: fixtureKey(mock.panel, 'app-full'), client: fixtureKey(mock.panel, 'client-owner') };
    const run = await conformanceRun(proxy.url, 'suites/application/nests.test.ts', keys);
    const last = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    measured.push({ name: 'panel lost midway', ms: run.ms, code: run.code, message: last });
    expect(run.code, run.output).toBe(2);
    expect(last).toMatch(/^could not test \(panel unreachable: /);
    const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.counts.failed, run.output).toBe(0);
    expect(summary.counts.passed).toBeGreaterThan(0);
    expect(summary.notRun.some((r) => r.reason.startsWith('panel unreachable: '))).toBe(true);
    expect(summary.failedRequests).toBeGreaterThan(0);
    // Its behaviour document says it could not test, and npm run diff refuses it.
    const document = JSON.parse(readFileSync(join(run.reportsDir, 'behavior.json'), 'utf8')) as { verdict: { kind: string }; claims: { verdict: string; evidence: string[] }[] };
    expect(document.verdict.kind).toBe('could-not-test');
    expect(document.claims.filter((c) => c.verdict === 'false' && c.evidence.some((e) => /connection|no usable answer|unreachable/.test(e)))).toEqual([]);
  }, CASE_TIMEOUT_MS);
});
