import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import { selectedProfile } from '../harness/selected-profile.ts';
import { operations, yamlDocument } from '../harness/spec-operations.ts';
import { reportsDir } from '../harness/exchange-log.ts';
import { progressLine, type ProgressState } from './run-progress.ts';

const PROJECT = 'conformance';
/** A progress line at most this often (and at least this often while the run waits). */
const PROGRESS_EVERY_MS = 15_000;

/**
 * While a conformance run goes on: a plain progress line every 15 s (readable in CI logs), and a
 * word before the reports are written, so no long silence looks like a hang. The first of the
 * project's reporters; the run summary, with the verdict, is the last.
 */
export default class RunProgressReporter implements Reporter {
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
    // The spec and the claims are parsed now, while the worker runs the tests, and not after: a main
    // process busy for seconds after the run keeps vitest from seeing its worker exit ("Timeout
    // terminating forks worker"); the other reporters read them from the same per-process cache.
    setImmediate(() => {
      operations();
      yamlDocument(selectedProfile().spec);
      yamlDocument(selectedProfile().claims);
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

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    clearInterval(this.timer);
    this.progress = undefined;
    if (testModules.some((m) => m.project.name === PROJECT)) {
      console.log(`\nWriting the reports under ${reportsDir()} (coverage, Allure results, JUnit XML, behaviour document)…`);
    }
  }

  private printProgress(): void {
    // Not before the first suite file: in `npm test` the unit project runs first, and says so itself.
    if (!this.progress || this.progress.filesCollected === 0) return;
    console.log(progressLine({ ...this.progress, elapsedMs: Date.now() - this.startedAt }));
  }
}
