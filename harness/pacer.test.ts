import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.ts';

describe('Pacer on a live panel', () => {
  it('says how long it waits and why before waiting for the rate-limit window', async () => {
    let now = 1_000_000;
    const waits: number[] = [];
    const pacer = new Pacer(undefined, () => now, async (ms) => void waits.push(ms));
    const told: [number, string][] = [];
    pacer.onWait = (ms, why) => told.push([ms, why]);
    await pacer.beforeRequest('application');
    pacer.afterResponse('application', { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '2' });
    now += 20_000;
    await pacer.beforeRequest('application');
    expect(waits).toEqual([41_000]);
    expect(told).toEqual([[41_000, 'application: 2 of 120 left']]);
  });

  it('says so when it waits out a Retry-After', async () => {
    const pacer = new Pacer(undefined, () => 0, async () => {});
    const told: string[] = [];
    pacer.onWait = (_, why) => told.push(why);
    expect(await pacer.backOff(30, 65)).toBe(true);
    expect(told).toEqual(['the panel answered 429 with Retry-After 30']);
  });

  it('tells nothing when it need not wait', async () => {
    const pacer = new Pacer(undefined, () => 0, async () => {});
    const told: string[] = [];
    pacer.onWait = (_, why) => told.push(why);
    await pacer.beforeRequest('client');
    pacer.afterResponse('client', { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' });
    await pacer.beforeRequest('client');
    expect(told).toEqual([]);
  });
});

describe('Pacer on a 1.x panel (a window per API and key owner)', () => {
  const headers = (limit: number, remaining: number) => ({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining) });

  it('keeps the two APIs apart: a spent application window makes it wait, the client answers do not hide it', async () => {
    let now = 1_000_000;
    const waits: number[] = [];
    const pacer = new Pacer(undefined, () => now, async (ms) => void waits.push(ms), 'per-api');
    const told: string[] = [];
    pacer.onWait = (_, why) => told.push(why);
    await pacer.beforeRequest('application');
    pacer.afterResponse('application', headers(240, 2));
    // A client answer with plenty left says nothing about the application window (a shared counter would forget it).
    now += 1_000;
    await pacer.beforeRequest('client');
    pacer.afterResponse('client', headers(720, 719));
    expect(waits).toEqual([]);
    now += 9_000;
    await pacer.beforeRequest('application');
    expect(waits).toEqual([51_000]);
    expect(told).toEqual(['application: 2 of 240 left']);
  });

  it('counts its own requests, so keys of owners it has no answer from yet cannot run a window out', async () => {
    const waits: number[] = [];
    const pacer = new Pacer(undefined, () => 0, async (ms) => void waits.push(ms), 'per-api');
    await pacer.beforeRequest('client');
    pacer.afterResponse('client', headers(10, 9));
    // Answers of another owner's window (always 9 left) while the suite sends its 8th, 9th … request.
    for (let i = 0; i < 7; i++) {
      await pacer.beforeRequest('client');
      pacer.afterResponse('client', headers(10, 9));
    }
    expect(waits).toEqual([]);
    await pacer.beforeRequest('client');
    expect(waits).toEqual([61_000]);
  });

  it('resets the mock instead of waiting when it has the control surface', async () => {
    let resets = 0;
    const waits: number[] = [];
    const pacer = new Pacer(async () => void resets++, () => 0, async (ms) => void waits.push(ms), 'per-api');
    await pacer.beforeRequest('application');
    pacer.afterResponse('application', headers(240, 1));
    await pacer.beforeRequest('application');
    expect([resets, waits]).toEqual([1, []]);
  });
});
