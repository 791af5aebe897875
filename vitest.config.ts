import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { reportsDir } from './harness/exchange-log.ts';
import { RateLimitProbesLast } from './suites/support/sequencer.ts';

// Two projects: the project's own unit tests live beside the code they test;
// the conformance suites under suites/ run against the target panel.
export default defineConfig({
  test: {
    passWithNoTests: true,
    // Conformance runs also write Allure results (allure-results/, or ALLURE_RESULTS_DIR) and JUnit XML.
    // The run summary last: its verdict line ends the output.
    reporters: ['default', './reporters/run-progress-reporter.ts', './reporters/allure-reporter.ts', './reporters/junit-reporter.ts', './reporters/behaviour-reporter.ts', './reporters/run-summary-reporter.ts'],
    // Absolute: vitest resolves a relative path against its root, the package's directory once installed.
    outputFile: { junit: resolve(reportsDir(), 'junit.xml') },
    // Rate-limit probes spend whole windows, so their files run last (a root-only option).
    sequence: { sequencer: RateLimitProbesLast },
    projects: [
      {
        test: {
          name: 'unit',
          // Time limits are not assertions: on a shared 2-core machine a mock's start-up can take seconds.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          include: ['harness/**/*.test.ts', 'mock/**/*.test.ts', 'reporters/**/*.test.ts', 'scripts/**/*.test.ts', 'suites/support/**/*.test.ts', 'mutation/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['suites/**/*.test.ts'],
          // A behaviour of another profile or outside the run's selection is not registered at all
          // (suites/support/conformance.ts), so a describe, or a whole file, may hold no test. The root's
          // passWithNoTests does not reach a project's runner (vitest 4.1: "No test found in suite"); the
          // project's own does, though ProjectConfig's type omits it.
          ...({ passWithNoTests: true } as object),
          exclude: ['suites/support/**'],
          globalSetup: ['suites/support/global-setup.ts'],
          setupFiles: ['suites/support/run-profile.ts', 'suites/support/teardown.ts'],
          // One worker, one module graph: the suite paces its traffic from the panel's shared per-IP
          // window, so files run one after another and share the pacer.
          fileParallelism: false,
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
