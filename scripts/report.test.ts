// `npm run report` end to end: a small conformance run against the embedded mock writes Allure
// results and JUnit XML into a temporary directory, the report is built from them, and the single
// HTML file is opened from disk in headless Chromium (the one @sparticuz/chromium ships, driven by
// playwright-core). Every request the page makes is routed: anything but file:,
// data: or blob: fails the test. The run is the legacy-docs audit with PTERO_STRICT_DOCS=1 (the
// docs' false claims fail for real, in several failure categories) plus the locations suite with
// an expectations file that lists a passing behaviour (an "unexpected pass").
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_CSP } from '../reporters/allure-report-html.ts';
import { CATEGORY_LABEL, failureCategories } from '../reporters/allure-results.ts';
import { HEADLESS_ARGS, unpackChromium, type UnpackedChromium } from './headless-chromium.ts';

const SUITES = ['suites/legacy-docs/claims.test.ts', 'suites/application/locations.test.ts'];
const UNEXPECTED_PASS = 'locations.view';

interface AllureResult {
  name: string;
  status: string;
  statusDetails?: { message?: string; trace?: string; known?: boolean };
  labels: { name: string; value: string }[];
  links?: { name?: string; url: string; type?: string }[];
  steps: AllureStep[];
}
interface AllureStep {
  name: string;
  steps?: AllureStep[];
  attachments?: { name: string; source: string; type: string }[];
}

const dir = mkdtempSync(join(tmpdir(), 'ptero-report-'));
const resultsDir = join(dir, 'allure-results');
const reportDir = join(dir, 'allure-report');
const reportsDir = join(dir, 'reports');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PTERO_URL: '',
  PTERO_APPLICATION_KEY: '',
  PTERO_CLIENT_KEY: '',
  PTERO_STRICT_DOCS: '1',
  PTERO_EXPECTATIONS: join(dir, 'expectations.yaml'),
  PTERO_REPORTS_DIR: reportsDir,
  ALLURE_RESULTS_DIR: resultsDir,
  ALLURE_REPORT_DIR: reportDir,
};

function node(args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return once(child, 'exit').then(([code]) => ({ code: Number(code), output }));
}

let run: { code: number; output: string };
let report: { code: number; output: string };
let results: AllureResult[] = [];
let browser: Browser | undefined;
let unpacked: UnpackedChromium | undefined;

beforeAll(async () => {
  writeFileSync(
    env['PTERO_EXPECTATIONS'] as string,
    `expectations:\n  - behaviour: ${UNEXPECTED_PASS}\n    status: fail\n    reason: "listed by scripts/report.test.ts although it passes: an unexpected pass"\n`,
  );
  run = await node(['scripts/conformance.ts', ...SUITES]);
  report = await node(['scripts/report.ts']);
  if (existsSync(resultsDir)) {
    results = readdirSync(resultsDir)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as AllureResult);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  unpacked?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const label = (r: AllureResult, name: string): string[] => r.labels.filter((l) => l.name === name).map((l) => l.value);
const junitTests = (): number => Number(/<testsuites\b[^>]*\btests="(\d+)"/.exec(readFileSync(join(reportsDir, 'junit.xml'), 'utf8'))?.[1]);

describe('a conformance run writes Allure results and JUnit XML', () => {
  it('fails on the legacy docs\' false claims (strict) and the unexpected pass, and writes one result per behaviour', () => {
    expect(run.code, run.output).toBe(1);
    expect(results.length).toBeGreaterThan(30);
    expect(results.length).toBe(junitTests());
    expect(readFileSync(join(reportsDir, 'junit.xml'), 'utf8')).toContain('suites/legacy-docs/claims.test.ts');
  });

  it('labels every result from the behaviour metadata: API, category, operation, behaviour id, severity, tags', () => {
    const first = results.find((r) => label(r, 'story').includes(UNEXPECTED_PASS));
    expect(first).toBeDefined();
    const r = first as AllureResult;
    expect(label(r, 'parentSuite')).toEqual(['application']);
    expect(label(r, 'suite')).toEqual(['application/locations']);
    expect(label(r, 'epic')).toEqual(['application/locations']);
    expect(label(r, 'feature')).toEqual(['GET /api/application/locations/{location}']);
    expect(label(r, 'severity')).toEqual(['normal']);
    expect(label(r, 'tag')).toEqual(expect.arrayContaining(['effect:read', 'key:application']));
    for (const result of results) {
      expect(label(result, 'story'), result.name).toHaveLength(1);
      expect(label(result, 'parentSuite'), result.name).toHaveLength(1);
    }
    expect(results.filter((x) => label(x, 'parentSuite')[0] === 'legacy-docs').every((x) => label(x, 'severity')[0] === 'minor')).toBe(true);
  });

  it("links every result of an operation to the operation's panel source at v0.7.19 (type source)", () => {
    const r = results.find((x) => label(x, 'story').includes(UNEXPECTED_PASS)) as AllureResult;
    const sources = (r.links ?? []).filter((l) => l.type === 'source');
    expect(sources.map((l) => l.url)).toEqual(
      expect.arrayContaining([
        'https://github.com/pterodactyl/panel/blob/v0.7.19/routes/api-application.php#L58-L58',
        'https://github.com/pterodactyl/panel/blob/v0.7.19/app/Http/Controllers/Api/Application/Locations/LocationController.php#L85-L90',
      ]),
    );
    const withOperation = results.filter((x) => label(x, 'feature').length > 0);
    expect(withOperation.length).toBeGreaterThan(0);
    for (const x of withOperation) expect((x.links ?? []).some((l) => l.type === 'source'), x.name).toBe(true);
  });

  it('records every exchange as a step `METHOD path → status` with the redacted request and response attached', () => {
    const steps = results.flatMap((r) => r.steps);
    const exchanges = steps.filter((s) => / → (\d{3}|no answer)$/.test(s.name));
    expect(exchanges.length).toBeGreaterThan(results.length);
    for (const step of exchanges.slice(0, 50)) {
      expect(step.name).toMatch(/^(GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS) \/\S* → \d{3}$/);
      const attachments = (step.steps ?? []).flatMap((s) => s.attachments ?? []);
      expect(attachments.map((a) => a.name)).toEqual(['request', 'response']);
      const request = JSON.parse(readFileSync(join(resultsDir, (attachments[0] as { source: string }).source), 'utf8')) as { method: string; url: string; headers: Record<string, string> };
      expect(step.name.startsWith(`${request.method} `)).toBe(true);
      if (request.headers['authorization'] !== undefined) expect(request.headers['authorization']).toMatch(/^(Bearer )?\[REDACTED\]$/);
      const response = JSON.parse(readFileSync(join(resultsDir, (attachments[1] as { source: string }).source), 'utf8')) as { status: number };
      expect(step.name.endsWith(`→ ${response.status}`)).toBe(true);
    }
    // No panel key anywhere in what the run wrote (the fixture keys are 48 letters and digits).
    for (const file of readdirSync(resultsDir)) expect(readFileSync(join(resultsDir, file), 'utf8'), file).not.toMatch(/(?<![A-Za-z0-9])[A-Za-z0-9]{48}(?![A-Za-z0-9])/);
    expect(readFileSync(join(reportsDir, 'junit.xml'), 'utf8')).not.toMatch(/(?<![A-Za-z0-9])[A-Za-z0-9]{48}(?![A-Za-z0-9])/);
  });

  it('writes the categories and the target (mock, panel origin, no key) beside the results', () => {
    const categories = JSON.parse(readFileSync(join(resultsDir, 'categories.json'), 'utf8')) as { name: string; traceRegex: string }[];
    expect(categories.map((c) => c.name)).toContain('Known deviations (expectations/, accepted: not failures)');
    // Every failed result carries its category as a label, and Allure 2's rule for it takes its trace.
    const failedResults = results.filter((r) => r.status === 'failed' || r.status === 'broken');
    expect(failedResults.length).toBeGreaterThan(0);
    for (const r of failedResults) {
      const id = label(r, CATEGORY_LABEL)[0];
      const name = failureCategories().find((c) => c.id === id)?.name;
      if (!name) continue; // a failure of no known category: Allure files it under Product / Test errors
      const rule = categories.find((c) => c.name === name);
      expect(new RegExp(rule?.traceRegex ?? '$^').test(r.statusDetails?.trace ?? ''), r.name).toBe(true);
    }
    const environment = readFileSync(join(resultsDir, 'environment.properties'), 'utf8');
    expect(environment).toMatch(/^target=embedded mock/m);
    expect(environment).toMatch(/^panel\.url=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(environment).toMatch(/^legacy-docs\.strict=true$/m);
  });
});

describe('npm run report', () => {
  it('builds ONE self-contained HTML file, says where it is, and strips the analytics tag', () => {
    expect(report.code, report.output).toBe(0);
    // Which run it rendered: the run's own id (from its first line), its target and when it ended.
    const runId = /Conformance run (ptero-conformance-[0-9a-f]+)/.exec(run.output)?.[1];
    expect(report.output).toMatch(new RegExp(`Rendering run ${runId} against embedded mock panel .*, ended \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC, from ${resultsDir}`));
    const page = join(reportDir, 'index.html');
    expect(report.output).toContain(page);
    expect(readdirSync(reportDir)).toEqual(['index.html']);
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(/googletagmanager|gtag\(/);
    expect(html).not.toMatch(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).toContain(`content="${OFFLINE_CSP}"`);
  });

  it('renders from disk in headless Chromium with the tests, the suites by category and the failure categories, and makes no network request', async () => {
    unpacked = await unpackChromium();
    browser = await chromium.launch({ executablePath: unpacked.executablePath, args: HEADLESS_ARGS });

    // The guard itself: a page that loads a remote script and fetches is caught.
    const probe = join(dir, 'probe.html');
    writeFileSync(probe, '<!DOCTYPE html><html><head><script src="https://example.invalid/x.js"></script></head><body><script>fetch("http://example.invalid/y")</script></body></html>');
    const guarded = await openOffline(browser, pathToFileURL(probe).href);
    await guarded.page.waitForTimeout(500);
    expect(guarded.leaked).toEqual(expect.arrayContaining(['https://example.invalid/x.js', 'http://example.invalid/y']));
    await guarded.page.context().close();

    const { page, leaked, seen, pageErrors, cspViolations } = await openOffline(browser, pathToFileURL(join(reportDir, 'index.html')).href);
    await page.getByTestId('report-title').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('report-title').innerText()).toContain('Pterodactyl v0.7 conformance');

    // The expected number of tests: one per behaviour of the run (JUnit's count, and the results').
    const total = junitTests();
    expect(results.length).toBe(total);
    await expect.poll(async () => Number(/\d+/.exec(await page.getByTestId('nav-tab-results').innerText())?.[0]), { timeout: 20_000 }).toBe(total);

    // The tree: API → category → describe block, from the labels.
    await expect.poll(() => page.getByTestId('tree-section-title').allInnerTexts(), { timeout: 20_000 }).toEqual(expect.arrayContaining(['application', 'application/locations', 'legacy-docs']));

    // The failure categories: every category some failure of this run falls in, by name.
    // The reporter labels each failure with its category (derived from the recorded failure's fields).
    const nameOf = new Map(failureCategories().map((c) => [c.id, c.name]));
    const expected = new Set(results.filter((r) => r.status === 'failed' || r.status === 'broken').map((r) => nameOf.get(label(r, CATEGORY_LABEL)[0] ?? '') ?? (r.status === 'broken' ? 'Test errors' : 'Product errors')));
    expect(expected.size).toBeGreaterThanOrEqual(4);
    expect(expected).toContain('Unexpected pass: a known deviation no longer happens (remove it from expectations/)');
    await page.getByTestId('nav-tab-categories').click();
    for (const name of expected) await page.getByText(name, { exact: true }).first().waitFor({ timeout: 20_000 });

    // A test's exchanges as steps.
    await page.getByTestId('nav-tab-results').click();
    await page.getByTestId('tree-leaf-title').first().click();
    await expect.poll(() => page.getByTestId('test-result-step-title').allInnerTexts(), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^(GET|POST|PATCH|PUT|DELETE) \/api\/\S* → \d{3}$/)]));

    await page.waitForTimeout(500);
    expect(pageErrors).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((u) => OFFLINE.test(u))).toBe(true);
    expect(leaked).toEqual([]);
    // Not even an attempt the Content-Security-Policy had to refuse.
    expect(cspViolations).toEqual([]);
  }, 120_000);
});

const OFFLINE = /^(?:file|data|blob):/i;

/** A page in a fresh context where every request is routed: file:, data: and blob: pass, anything else is recorded and aborted. */
async function openOffline(b: Browser, url: string) {
  const context = await b.newContext({ serviceWorkers: 'block', viewport: { width: 1400, height: 1000 } });
  const leaked: string[] = [];
  const seen: string[] = [];
  await context.route('**/*', async (route) => {
    const target = route.request().url();
    seen.push(target);
    if (OFFLINE.test(target)) return route.continue();
    leaked.push(target);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (!OFFLINE.test(request.url()) && !leaked.includes(request.url())) leaked.push(request.url());
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  page.on('websocket', (ws) => leaked.push(ws.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(url);
  return { page, leaked, seen, pageErrors, cspViolations };
}
