import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Reporter, TestCase, TestModule, TestProject, TestSpecification, Vitest } from 'vitest/node';
import { countOutcomes, type Outcome } from '../harness/outcomes.ts';
import { redactText } from '../harness/redaction.ts';
import { secretsOf } from './allure-reporter.ts';
import { projectRelative } from '../harness/behaviour-meta.ts';
import { selected, stateOf, testOutcome } from './test-outcome.ts';
import { stripAnsi } from '../harness/ansi.ts';

const PROJECT = 'conformance';

/**
 * JUnit XML of the conformance project for CI systems, at the root config's `outputFile.junit`
 * (<reportsDir>/junit.xml), written from the outcomes of harness/outcomes.ts so its counts are the
 * verdict's: a failure or an unexpected pass is a <failure>, a behaviour not run is
 * <skipped message="why"/>, a known deviation passes with its reason as a property (accepted, never
 * a failure). A run whose preflight failed has one <error> test case, "preflight". Runs without
 * conformance tests leave the file alone; the file is redacted with the run's keys like everything else.
 */
export default class ConformanceJUnitReporter implements Reporter {
  private vitest: Vitest | undefined;
  private project: TestProject | undefined;
  private active = false;
  private startedAt = new Date();

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.project = vitest.projects.find((p) => p.name === PROJECT);
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.active = this.project !== undefined && specifications.some((s) => s.project.name === PROJECT);
    this.startedAt = new Date();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (!this.active) return;
    this.active = false;
    const file = this.outputFile();
    if (!file) return;
    let target;
    try {
      target = this.project?.getProvidedContext().ptero;
    } catch {
      target = undefined;
    }
    const suites = testModules.filter((m) => m.project.name === PROJECT).map((m) => suiteOf(m));
    const preflight = target?.preflight;
    if (preflight && !preflight.ok) suites.unshift(preflightSuite(preflight.paragraph ?? preflight.cause ?? 'the preflight failed'));
    const tests = suites.reduce((n, s) => n + s.tests, 0);
    const failures = suites.reduce((n, s) => n + s.failures, 0);
    const errors = suites.reduce((n, s) => n + s.errors, 0);
    const skipped = suites.reduce((n, s) => n + s.skipped, 0);
    const time = seconds(Date.now() - this.startedAt.getTime());
    const xml = [
      '<?xml version="1.0" encoding="UTF-8" ?>',
      `<testsuites name="conformance" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">`,
      ...suites.map((s) => s.xml),
      '</testsuites>',
      '',
    ].join('\n');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, redactText(xml, secretsOf(target)));
  }

  private outputFile(): string | undefined {
    const config = this.vitest?.config;
    const option = config?.outputFile;
    const path = typeof option === 'string' ? option : option?.['junit'];
    return config && path ? resolve(config.root, path) : undefined;
  }
}

interface Suite {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  xml: string;
}

function suiteOf(module: TestModule): Suite {
  const name = projectRelative(module.moduleId);
  const cases: string[] = [];
  const outcomes: Outcome[] = [];
  let time = 0;
  for (const test of module.children.allTests()) {
    if (!selected(test.result().state, test.meta().behaviour)) continue;
    const { outcome, xml, ms } = caseOf(test, name);
    outcomes.push(outcome);
    cases.push(xml);
    time += ms;
  }
  const c = countOutcomes(outcomes);
  // A file that failed to load, or a failing hook, has no test to carry it: one error case.
  const moduleErrors = module.errors().map((e) => e.message);
  if (moduleErrors.length > 0) cases.push(`    <testcase classname="${attr(name)}" name="${attr(`${name} (file)`)}" time="0">\n      <error message="${attr(firstLine(moduleErrors.join('\n')))}">${text(moduleErrors.join('\n'))}</error>\n    </testcase>`);
  const suite: Suite = { tests: c.total + (moduleErrors.length > 0 ? 1 : 0), failures: c.failed + c.unexpectedPass, errors: moduleErrors.length > 0 ? 1 : 0, skipped: c.notRun, xml: '' };
  suite.xml = [
    `  <testsuite name="${attr(name)}" timestamp="${new Date().toISOString()}" hostname="${attr(hostname())}" tests="${suite.tests}" failures="${suite.failures}" errors="${suite.errors}" skipped="${suite.skipped}" time="${seconds(time)}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return suite;
}

function caseOf(test: TestCase, classname: string): { outcome: Outcome; xml: string; ms: number } {
  const result = test.result();
  const meta = test.meta().behaviour;
  const { outcome, reason } = testOutcome(stateOf(result.state), meta, result.state === 'skipped' ? result.note : undefined);
  const ms = test.diagnostic()?.duration ?? 0;
  const open = `    <testcase classname="${attr(classname)}" name="${attr(test.fullName)}" time="${seconds(ms)}">`;
  const properties = [`        <property name="outcome" value="${outcome}"/>`];
  if (meta?.behaviour) properties.push(`        <property name="behaviour" value="${attr(meta.behaviour)}"/>`);
  const body: string[] = [];
  if (outcome === 'not-run') body.push(`      <skipped message="${attr(`not run: ${reason ?? 'skipped'}`)}"/>`);
  if (outcome === 'known-deviation') properties.push(`        <property name="known-deviation" value="${attr(`accepted: ${reason ?? ''}`)}"/>`);
  if (outcome === 'failed' || outcome === 'unexpected-pass') {
    const message = result.state === 'failed' ? result.errors.map((e) => e.message).join('\n') : '';
    body.push(`      <failure message="${attr(firstLine(message))}" type="${outcome === 'unexpected-pass' ? 'unexpected-pass' : 'deviation'}">${text(message)}</failure>`);
  }
  return { outcome, ms, xml: [open, '      <properties>', ...properties, '      </properties>', ...body, '    </testcase>'].join('\n') };
}

function preflightSuite(paragraph: string): Suite {
  const xml = [
    `  <testsuite name="preflight" timestamp="${new Date().toISOString()}" hostname="${attr(hostname())}" tests="1" failures="0" errors="1" skipped="0" time="0">`,
    '    <testcase classname="preflight" name="preflight: the panel answers and every key is what its variable says" time="0">',
    `      <error message="${attr(`could not test: ${paragraph}`)}" type="preflight">${text(paragraph)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n');
  return { tests: 1, failures: 0, errors: 1, skipped: 0, xml };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}

// Characters XML 1.0 does not allow at all (ANSI escapes included) are dropped.
function clean(value: string): string {
  return stripAnsi(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
