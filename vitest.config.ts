import { defineConfig } from 'vitest/config';

// Two projects: the project's own unit tests live beside the code they test;
// the conformance suites under suites/ run against the target panel.
export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['harness/**/*.test.ts', 'mock/**/*.test.ts', 'reporters/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['suites/**/*.test.ts'],
        },
      },
    ],
  },
});
