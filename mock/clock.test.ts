import { describe, expect, it } from 'vitest';
import { Clock } from './clock.ts';

// The formatted instants are kept per second (per ms for the ISO one); they must follow every move.
describe('Clock formatting', () => {
  it('follows the clock forward, back and across a second', () => {
    const at = Date.UTC(2020, 9, 5, 12, 0, 0, 400);
    const clock = new Clock(at);
    expect([clock.httpDate(), clock.dbTimestamp(), clock.isoTimestamp()]).toEqual(['Mon, 05 Oct 2020 12:00:00 GMT', '2020-10-05 12:00:00', '2020-10-05T12:00:00.400Z']);
    clock.advance(0.5);
    expect([clock.httpDate(), clock.dbTimestamp(), clock.isoTimestamp()]).toEqual(['Mon, 05 Oct 2020 12:00:00 GMT', '2020-10-05 12:00:00', '2020-10-05T12:00:00.900Z']);
    clock.advance(0.2);
    expect([clock.httpDate(), clock.dbTimestamp(), clock.isoTimestamp()]).toEqual(['Mon, 05 Oct 2020 12:00:01 GMT', '2020-10-05 12:00:01', '2020-10-05T12:00:01.100Z']);
    clock.set(at - 86_400_000, true);
    expect([clock.httpDate(), clock.dbTimestamp(), clock.isoTimestamp()]).toEqual(['Sun, 04 Oct 2020 12:00:00 GMT', '2020-10-04 12:00:00', '2020-10-04T12:00:00.400Z']);
  });

  it('ticks with the wall clock when not frozen', () => {
    const clock = new Clock();
    const before = Math.floor(Date.now() / 1000) * 1000;
    const stamp = Date.parse(`${clock.dbTimestamp().replace(' ', 'T')}Z`);
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(Date.parse(clock.httpDate())).toBeGreaterThanOrEqual(stamp);
  });
});
