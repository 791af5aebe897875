import { describe, expect, it } from 'vitest';
import { duration, estimatedTotal, progressLine } from './run-progress.ts';

describe('run progress', () => {
  it('estimates the total from the files collected so far, then knows it', () => {
    expect(estimatedTotal({ done: 10, failed: 0, collected: 40, filesCollected: 2, filesTotal: 4, elapsedMs: 0 })).toEqual({ total: 80, exact: false });
    expect(estimatedTotal({ done: 10, failed: 0, collected: 70, filesCollected: 4, filesTotal: 4, elapsedMs: 0 })).toEqual({ total: 70, exact: true });
  });

  it('prints done/total, files, elapsed and the time left from the pace so far', () => {
    expect(progressLine({ done: 50, failed: 2, collected: 200, filesCollected: 20, filesTotal: 20, elapsedMs: 60_000 })).toBe(
      'progress: 50/200 behaviours, 20/20 files started, 1 min 00 s elapsed, about 3 min 00 s left, 2 failed so far',
    );
    expect(progressLine({ done: 0, failed: 0, collected: 0, filesCollected: 0, filesTotal: 3, elapsedMs: 15_000 })).toBe('progress: 0 behaviours done, 0/3 files started, 15 s elapsed');
    expect(progressLine({ done: 0, failed: 0, collected: 10, filesCollected: 1, filesTotal: 3, elapsedMs: 15_000 })).toBe('progress: 0/~30 behaviours, 1/3 files started, 15 s elapsed');
  });

  it('writes durations in seconds, then minutes', () => {
    expect(duration(41_400)).toBe('41 s');
    expect(duration(125_000)).toBe('2 min 05 s');
  });
});
