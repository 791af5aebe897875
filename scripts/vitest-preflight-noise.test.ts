import { describe, expect, it } from 'vitest';
import { PreflightNoiseFilter } from './vitest-preflight-noise.ts';

function filter(lines: string[]): string[] {
  const f = new PreflightNoiseFilter();
  return [...lines.flatMap((l) => f.push(l)), ...f.end()];
}

// What vitest 4 printed for a run stopped at the preflight (colours as it sends them).
const STDOUT = ['', '\u001b[1m\u001b[30m\u001b[46m RUN \u001b[49m\u001b[39m\u001b[22m \u001b[36mv4.1.12 \u001b[39m\u001b[90m/work\u001b[39m', '', 'No test files found, exiting with code 0', '', '', 'Behaviour document: reports/behavior.md (and reports/behavior.json)'];
const STDERR = [
  '\u001b[2mprojects: \u001b[22m\u001b[33mconformance\u001b[39m',
  '',
  '\u001b[30m\u001b[42m conformance \u001b[49m\u001b[39m ',
  '',
  '\u001b[2minclude: \u001b[22m\u001b[33msuites/**/*.test.ts\u001b[39m',
  '\u001b[2mexclude:  \u001b[22m\u001b[33msuites/support/**\u001b[39m',
  '',
  '',
  '\u001b[31m⎯⎯⎯⎯⎯⎯\u001b[39m\u001b[1m\u001b[41m Unhandled Error \u001b[49m\u001b[22m\u001b[31m⎯⎯⎯⎯⎯⎯⎯\u001b[39m',
  '\u001b[31m\u001b[1mPreflightError\u001b[22m: Preflight: the panel at http://127.0.0.1:9 gave no usable answer. No behaviour was run.\u001b[39m',
  '',
  '',
];

describe("vitest's output of a run stopped at the preflight", () => {
  it('loses the empty-run epilogue and the PreflightError block, nothing else', () => {
    expect(filter(STDOUT)).toEqual([STDOUT[0], STDOUT[1], STDOUT[2], STDOUT[6]]);
    expect(filter(STDERR)).toEqual([]);
  });

  it('keeps any other unhandled error, header included', () => {
    const other = [STDERR[8] as string, 'TypeError: x is not a function', '    at y (suites/a.test.ts:1:1)'];
    expect(filter(other)).toEqual(other);
  });

  it('keeps an Unhandled Error header that ends the stream', () => {
    expect(filter(['a', STDERR[8] as string])).toEqual(['a', STDERR[8]]);
  });

  it('passes a normal run through unchanged', () => {
    const run = [' ✓ suites/application/users.test.ts (40 tests) 2100ms', '', ' Test Files  1 passed (1)', '      Tests  40 passed (40)', 'include: is a word here'];
    expect(filter(run)).toEqual(run);
  });
});
