// A conformance run of the v1.11 profile against the embedded v1.11 twin, as an operator starts it
// (PTERO_PROFILE=v1.11 npm run conformance): the profile's own spec-driven behaviours run and pass,
// the v0.7.19-only ones count nowhere, and every document says which profile it tested.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../harness/outcomes.ts';
import { runConformance } from './testing/conformance-child.ts';

const dir = mkdtempSync(join(tmpdir(), 'ptero-v111-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PTERO_PROFILE=v1.11 npm run conformance', () => {
  it('runs the v1.11 behaviours against the v1.11 twin and conforms', async () => {
    const reports = join(dir, 'reports');
    const { code, stdout, output } = await runConformance([], { ...process.env, PTERO_PROFILE: 'v1.11', PTERO_REPORTS_DIR: reports });
    expect(code, output).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('conforms');
    const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.profile).toBe('v1.11');
    expect(summary.counts.failed).toBe(0);
    expect(summary.counts.notRun).toBe(0);
    // The spec-driven contract suites and the v1.11 account suite run: hundreds of behaviours.
    expect(summary.counts.passed).toBeGreaterThan(500);
    // The coverage is the v1.11 spec's: its 111 operations.
    expect(summary.coverage.operations).toEqual({ exercised: 111, total: 111 });
    const document = JSON.parse(readFileSync(join(reports, 'behavior.json'), 'utf8')) as { target: { profile?: string } };
    expect(JSON.stringify(document.target)).toContain('v1.11');
    // behavior.md is the part to read and share: under 150 KB for this full run (README); the rest is in behavior.json.
    expect(statSync(join(reports, 'behavior.md')).size).toBeLessThan(150_000);
  }, 300_000);
});
