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
