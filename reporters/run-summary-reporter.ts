import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import { SPEC_PATH } from '../harness/spec-source.ts';
import { CLAIMS_PATH, operations, yamlDocument } from '../suites/support/spec-operations.ts';
import { coverageMatrix, renderCoverageMarkdown } from './coverage-matrix.ts';
import { exchangeLogPath, readExchangeLog, reportsDir } from './exchange-log.ts';
import { progressLine, type ProgressState } from './run-progress.ts';

const PROJECT = 'conformance';
/** A progress line at most this often (and at least this often while the run waits). */
const PROGRESS_EVERY_MS = 15_000;

/**
 * After a conformance run: the behaviours not run and why (never counted as passed), the known
 * deviations, and which operations and documented statuses the run exercised.
 */
export default class RunSummaryReporter implements Reporter {
  private progress: ProgressState | undefined;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    const files = specifications.filter((s) => s.project.name === PROJECT).length;
    if (files === 0) return;
    this.startedAt = Date.now();
    this.progress = { done: 0, failed: 0, collected: 0, filesCollected: 0, filesTotal: files, elapsedMs: 0 };
    // Plain lines, also while a behaviour waits for the rate-limit window (the timer does not keep the process up).
    this.timer = setInterval(() => this.printProgress(), PROGRESS_EVERY_MS).unref();
    // The spec is parsed now, while the worker runs the tests, and not after: a main process busy for
    // seconds after the run keeps vitest from seeing its worker exit ("Timeout terminating forks worker").
    // (the behaviour document reads the spec and the claims too: reporters/behaviour-reporter.ts).
    setImmediate(() => {
      operations();
      yamlDocument(SPEC_PATH);
      yamlDocument(CLAIMS_PATH);
    });
  }

  onTestModuleCollected(module: TestModule): void {
    if (!this.progress || module.project.name !== PROJECT) return;
    this.progress.filesCollected++;
    this.progress.collected += [...module.children.allTests()].length;
  }

  onTestCaseResult(test: TestCase): void {
    if (!this.progress || test.project.name !== PROJECT) return;
    this.progress.done++;
    if (test.result().state === 'failed') this.progress.failed++;
  }

  private printProgress(): void {
    if (!this.progress) return;
    console.log(progressLine({ ...this.progress, elapsedMs: Date.now() - this.startedAt }));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    clearInterval(this.timer);
    this.progress = undefined;
    if (testModules.some((m) => m.project.name === PROJECT)) {
      console.log(`\nWriting the reports under ${reportsDir()} (coverage, Allure results, JUnit XML, behaviour document)…`);
    }
    const notRun = new Map<string, number>();
    const known: string[] = [];
    for (const module of testModules) {
      if (module.project.name !== PROJECT) continue;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'skipped' && result.note) notRun.set(result.note, (notRun.get(result.note) ?? 0) + 1);
        const issue = test.meta().behaviour?.knownIssue;
        if (issue) known.push(`${test.meta().behaviour?.behaviour}: ${issue}`);
      }
    }
    if (notRun.size > 0) {
      console.log('\nBehaviours not run (not passed):');
      for (const [reason, count] of notRun) console.log(`  ${count} × ${reason}`);
    }
    if (known.length > 0) console.log(`\nKnown deviations (expectations/): ${known.length}\n${known.map((k) => `  ${k}`).join('\n')}`);
    this.printCoverage();
  }

  private printCoverage(): void {
    if (!existsSync(exchangeLogPath())) return;
    const log = readExchangeLog();
    if (log.length === 0) return;
    const rows = coverageMatrix(operations(), log);
    const markdown = renderCoverageMarkdown(rows);
    writeFileSync(join(reportsDir(), 'coverage.md'), markdown);
    const unexercised = rows.filter((r) => r.exercised.length === 0).map((r) => r.operationId);
    const missing = rows.flatMap((r) => r.missing.map((s) => `${r.operationId} ${s}`));
    const suite429 = log.filter((l) => l.suiteCaused429).length;
    console.log(`\n${markdown.split('\n')[2]}`);
    console.log(`requests sent: ${log.length}${suite429 ? `; ${suite429} met a 429 the suite itself caused (waited and retried)` : ''}`);
    if (unexercised.length) console.log(`operations never exercised: ${unexercised.join(', ')}`);
    if (missing.length) console.log(`documented statuses not exercised (${missing.length}): see ${join(reportsDir(), 'coverage.md')}`);
  }
}
