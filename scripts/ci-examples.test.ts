// The CI examples parse as YAML and use the packaged command the way the README describes: the run,
// the baseline diff, the JUnit test view, and uploads that leave out the ~15,000 allure-results files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const EXAMPLES = ['conformance.github-actions.yml', 'conformance.gitlab-ci.yml'];

function load(name: string): { text: string; data: unknown } {
  const text = readFileSync(new URL(`../examples/ci/${name}`, import.meta.url), 'utf8');
  const doc = parseDocument(text, { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message), name).toEqual([]);
  return { text, data: doc.toJS() as unknown };
}

/** Every string in the document (commands, paths), so checks ignore comments. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe.each(EXAMPLES)('examples/ci/%s', (name) => {
  it('parses and runs the packaged command, diffs against the previous baseline and builds the HTML report', () => {
    const values = strings(load(name).data).join('\n');
    expect(values).toMatch(/npx pterodactyl-conformance conformance(?![\w-])/);
    expect(values).toMatch(/npx pterodactyl-conformance diff \S*previous\S*\.json reports\/behavior\.json/);
    expect(values).toContain('npx pterodactyl-conformance report');
    expect(values).not.toMatch(/npm run conformance/);
  });

  it('publishes JUnit and keeps behavior.json, behavior.md and the HTML report, never allure-results', () => {
    const values = strings(load(name).data);
    expect(values.some((v) => v.includes('reports/junit.xml'))).toBe(true);
    for (const artefact of ['reports/behavior.json', 'reports/behavior.md', 'allure-report/index.html']) expect(values.join('\n')).toContain(artefact);
    expect(values.filter((v) => /allure-results/.test(v) && !/rm -rf/.test(v))).toEqual([]);
  });

  it('says what the runner needs: network reach, masked secrets, one job at a time', () => {
    const { text } = load(name);
    expect(text).toMatch(/network reach to the panel/);
    expect(text).toMatch(/mask/i);
    expect(text).toMatch(/one job at a time per panel/);
  });
});

it('GitHub Actions: one run per panel (concurrency) and the JUnit check', () => {
  const data = load('conformance.github-actions.yml').data as { concurrency: { group: string }; jobs: { conformance: { steps: { uses?: string; with?: Record<string, string> }[] } } };
  expect(data.concurrency.group).toBeTruthy();
  const junit = data.jobs.conformance.steps.find((s) => s.uses?.startsWith('dorny/test-reporter'));
  expect(junit?.with?.['path']).toBe('reports/junit.xml');
});

it('GitLab CI: one job per panel (resource_group) and junit in artifacts:reports', () => {
  const data = load('conformance.gitlab-ci.yml').data as { conformance: { resource_group: string; artifacts: { reports: { junit: string } } } };
  expect(data.conformance.resource_group).toBeTruthy();
  expect(data.conformance.artifacts.reports.junit).toBe('reports/junit.xml');
});
