import { describe, expect, it } from 'vitest';
import { atomUtc, atomZoned, rawZoned, toZone } from './timestamps.ts';

describe('timestamps', () => {
  it('atomUtc: ISO-8601 with +00:00, never Z', () => {
    expect(atomUtc('2020-10-03 17:07:52')).toBe('2020-10-03T17:07:52+00:00');
  });

  it('atomUtc: the memoised answer is the formula’s, for random timestamps, repeated and past the memo’s limit', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const two = (n: number) => String(n).padStart(2, '0');
    const values = Array.from({ length: 60_000 }, () => `${1970 + random(90)}-${two(1 + random(12))}-${two(1 + random(28))} ${two(random(24))}:${two(random(60))}:${two(random(60))}`);
    for (const value of [...values, ...values.slice(0, 1000)]) expect(atomUtc(value)).toBe(`${value.replace(' ', 'T')}+00:00`);
  });

  it('atomZoned: the zone offset, following daylight saving time', () => {
    expect(atomZoned('2020-10-03 17:07:52', 'America/New_York')).toBe('2020-10-03T13:07:52-04:00');
    expect(atomZoned('2020-01-03 17:07:52', 'America/New_York')).toBe('2020-01-03T12:07:52-05:00');
    expect(atomZoned('2020-01-03 17:07:52', 'UTC')).toBe('2020-01-03T17:07:52+00:00');
    expect(atomZoned('2020-01-03 17:07:52', 'Asia/Kolkata')).toBe('2020-01-03T22:37:52+05:30');
    expect(atomZoned('2020-01-01 00:30:00', 'America/St_Johns')).toBe('2019-12-31T21:00:00-03:30');
  });

  it('rawZoned: YYYY-MM-DD HH:MM:SS wall time, across a date change', () => {
    expect(rawZoned('2019-01-10 03:14:22', 'America/New_York')).toBe('2019-01-09 22:14:22');
    expect(rawZoned('2019-01-10 03:14:22', 'UTC')).toBe('2019-01-10 03:14:22');
  });

  it('toZone: the DST switch instants', () => {
    // 2019-03-10 07:00:00 UTC is 03:00 EDT (the clock jumped from 02:00 EST).
    expect(toZone(Date.UTC(2019, 2, 10, 7, 0, 0), 'America/New_York')).toEqual({ local: '2019-03-10 03:00:00', offsetMinutes: -240 });
    expect(toZone(Date.UTC(2019, 2, 10, 6, 59, 59), 'America/New_York')).toEqual({ local: '2019-03-10 01:59:59', offsetMinutes: -300 });
  });
});
