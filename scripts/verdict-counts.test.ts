// One run, the same numbers everywhere: a small conformance run against the embedded mock with one
// forced failure (PTERO_MUTATION), one forced unexpected pass (an expectations file listing a
// behaviour the mock passes) and known deviations (the legacy docs' claims) must give the same counts in summary.json, junit.xml, behavior.json and the
// Allure results, and end with the verdict line.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../harness/outcomes.ts';
import type { BehaviourDocument } from '../reporters/behaviour-document.ts';
import { runConformance, type ConformanceChild } from './testing/conformance-child.ts';

const dir = mkdtempSync(join(tmpdir(), 'ptero-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(): Promise<ConformanceChild> {
  const expectations = join(dir, 'expectations.yaml');
  // The stock profile plus one entry the mock does not deviate from: an unexpected pass.
  writeFileSync(
    expectations,
    `${readFileSync('expectations/stock-v0.7.19.yaml', 'utf8')}\n  - behaviour: locations.view.unknown-id\n    status: fail\n    reason: "forced by scripts/verdict-counts.test.ts"\n`,
  );
  return runConformance(
    // The selection leaves out the unknown-id behaviours of other categories in a loaded file: they count nowhere.
    ['--category', 'application/locations', '--category', 'legacy-docs', 'suites/application/locations.test.ts', 'suites/contract/unknown-ids.test.ts', 'suites/legacy-docs/claims.test.ts'],
    { ...process.env, PTERO_REPORTS_DIR: join(dir, 'reports'), PTERO_MUTATION: 'location-id-as-string', PTERO_EXPECTATIONS: expectations },
  );
}

function attribute(xml: string, element: string, name: string): number {
  return Number(new RegExp(`<${element}\\b[^>]*\\b${name}="(\\d+)"`).exec(xml)?.[1]);
}

describe('the counts of one run agree across summary.json, junit.xml, behavior.json and allure-results', () => {
  it('every outcome is counted alike, and the verdict line is the last line', async () => {
    const { code, output, stdout } = await run();
    const reports = join(dir, 'reports');
    const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary;
    const c = summary.counts;
    // The run has every outcome.
    expect(c.failed, output).toBeGreaterThan(0);
    expect(c.unexpectedPass).toBe(1);
    expect(c.knownDeviation).toBeGreaterThan(0);
    // On the mock every behaviour runs (not-run agreement is the same code path: 0 everywhere here).
    expect(c.notRun).toBe(0);
    expect(c.passed).toBeGreaterThan(0);
    expect(c.total).toBe(c.passed + c.failed + c.knownDeviation + c.unexpectedPass + c.notRun);

    // The verdict: the last line, the exit code, summary.json.
    const against = c.failed + c.unexpectedPass;
    expect(summary.verdict).toMatchObject({ kind: 'does-not-conform', behaviours: against, exitCode: 1 });
    // The last line of stdout (stderr arrives in no fixed order beside it).
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(summary.verdict.line);
    expect(summary.verdict.line).toBe(`does not conform (${against} behaviours: ${c.failed} failed, 1 unexpected pass)`);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ profile: 'v0.7.19', target: { mode: 'mock', url: 'embedded mock' }, preflight: { ok: true } });
    expect(summary.notRun.reduce((n, r) => n + r.count, 0)).toBe(c.notRun);
    // Behaviours the selection left out are in no count (Allure writes no result for them), only named apart.
    expect(summary.notSelected).toBeGreaterThan(0);
    expect(stdout).toContain(`behaviours: ${c.total} — `);
    expect(stdout).toContain(`(${summary.notSelected} more in the loaded files not selected: counted nowhere)`);

    // JUnit: failures are failed + unexpected passes, skipped entries carry their reason.
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    expect(attribute(junit, 'testsuites', 'tests')).toBe(c.total);
    expect(attribute(junit, 'testsuites', 'failures')).toBe(against);
    expect(attribute(junit, 'testsuites', 'skipped')).toBe(c.notRun);
    expect(junit.match(/<skipped message="not run: [^"]+"\/>/g)?.length ?? 0).toBe(c.notRun);
    expect(junit.match(/<property name="known-deviation" value="accepted: /g)?.length).toBe(c.knownDeviation);
    expect(junit.match(/<failure [^>]*type="unexpected-pass"/g)?.length).toBe(c.unexpectedPass);

    // The behaviour document: the same counts, the same verdict.
    const doc = JSON.parse(readFileSync(join(reports, 'behavior.json'), 'utf8')) as BehaviourDocument;
    expect(doc.run.behaviours).toEqual({ passed: c.passed, failed: c.failed, knownDeviations: c.knownDeviation, unexpectedPass: c.unexpectedPass, notRun: c.notRun });
    expect(doc.verdict.line).toBe(summary.verdict.line);
    expect(readFileSync(join(reports, 'behavior.md'), 'utf8')).toContain(`**Verdict: ${summary.verdict.line}**`);

    // Allure: known deviations pass (never failed), unexpected passes are broken; the outcome tag counts alike.
    const allure = join(reports, 'allure-results');
    const results = readdirSync(allure)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(allure, f), 'utf8')) as { status: string; labels: { name: string; value: string }[] });
    const status = (s: string) => results.filter((r) => r.status === s).length;
    const tagged = (t: string) => results.filter((r) => r.labels.some((l) => l.name === 'tag' && l.value === `outcome:${t}`)).length;
    expect(results.length).toBe(c.total);
    expect(status('failed')).toBe(c.failed);
    expect(status('broken')).toBe(c.unexpectedPass);
    expect(status('skipped')).toBe(c.notRun);
    expect(status('passed')).toBe(c.passed + c.knownDeviation);
    expect([tagged('passed'), tagged('failed'), tagged('known-deviation'), tagged('unexpected-pass'), tagged('not-run')]).toEqual([c.passed, c.failed, c.knownDeviation, c.unexpectedPass, c.notRun]);
  }, 240_000);
});
