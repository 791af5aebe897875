// Which behaviour sent a request, for the exchange log (worker side only: it reads vitest's runner
// state). The behaviour document keeps what each behaviour saw, so that two runs are compared on the
// answers to the same requests: a behaviour that stopped early in one run (a failed assertion ends a
// test) then shows as requests not sent, never as the panel having dropped something.
import { expect, TestRunner } from 'vitest';
import { behaviourIdOf, projectRelative } from '../../harness/behaviour-meta.ts';

/** The behaviour running now: its id, or `(hook) <file>` for requests of a beforeAll/afterAll hook. */
export function currentBehaviour(): string {
  const file = projectRelative(expect.getState().testPath ?? 'unknown');
  const test = TestRunner.getCurrentTest();
  if (!test) return `(hook) ${file}`;
  const names: string[] = [];
  for (let task: { name: string; suite?: unknown } | undefined = test; task; task = task.suite as typeof task) names.unshift(task.name);
  // The file suite's name is the file path; the full name is the suites below it and the test.
  return behaviourIdOf(test.meta as { behaviour?: { behaviour?: string } }, file, names.slice(1).join(' > '));
}
