import { describe, expect, it } from 'vitest';
import { Clock } from '../clock.ts';
import { FixedWindowLimiter } from './fixed-window-limiter.ts';

describe('the fixed-window limiter', () => {
  it('admits exactly max hits per window, refuses without counting, and opens a new window after it', () => {
    const clock = new Clock(Date.UTC(2020, 9, 5)); // frozen there
    const limiter = new FixedWindowLimiter(clock);
    const results = Array.from({ length: 5 }, () => limiter.attempt('ip|a', 3));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results[4]).toMatchObject({ hits: 3, retryAfter: 60 });
    clock.advance(60);
    expect(limiter.attempt('ip|a', 3)).toMatchObject({ allowed: true, hits: 1 });
  });

  it('forgets expired windows, so memory does not grow with the client IPs seen', () => {
    const clock = new Clock(Date.UTC(2020, 9, 5)); // frozen there
    const limiter = new FixedWindowLimiter(clock);
    for (let i = 0; i < 1500; i++) limiter.attempt(`ip|${i}`, 60);
    clock.advance(61);
    for (let i = 0; i < 1000; i++) limiter.attempt('ip|same', 5000);
    expect(limiter.hits('ip|0')).toBe(0);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThan(10);
  });
});
