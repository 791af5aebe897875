// A live run with writes allowed never leaves a mess, however it is stopped. Each case is run as it
// happens (scripts/interruption-cases.ts): `npm run conformance` in a process group of its own, as a
// terminal starts it, against `npm run mock` behind a proxy that can hold back the panel's answer to a
// write (the moment the panel has created something the run has not yet recorded). Interrupted
// (Ctrl-C to the group, SIGTERM to npm) the run removes what it created before it exits; killed
// outright, its runner stops writing and `npm run cleanup` removes what the ledger and the name scan
// find. Every case ends with the panel's store as it was. Moments come from the ledger or the proxy,
// never from a sleep. bench/interruptions.ts runs the same cases many times at random moments.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFiles, npmRun, runCase, runEnv, startPanel, type CaseName, type Moment, type Panel } from './interruption-cases.ts';

let panel: Panel;
// All runs and the cleanups share one reports directory, as a user's runs share reports/.
const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-interrupted-run-'));

beforeAll(async () => {
  panel = await startPanel();
}, 60_000);

afterAll(async () => {
  await panel.close();
  rmSync(reportsDir, { recursive: true, force: true });
});

const interrupts: [CaseName, Moment, number][] = [
  // The proxy holds the answer to the run's second write: created on the panel, not yet in the ledger.
  ['group-sigint', { kind: 'mid-write', nth: 2 }, 130],
  ['npm-sigterm', { kind: 'ledger', entries: 1 }, 143],
];

describe('an interrupted live run with writes allowed removes what it created before it exits', () => {
  it.each(interrupts)('%s at %o: clean-up, then exit %i; the store is as it was', async (name, moment, exitCode) => {
    const result = await runCase(panel, name, moment, reportsDir);
    const { output } = result;
    console.log(`${name}: npm exit ${result.code}\n${output.slice(output.indexOf('Interrupted:')).split('\n').slice(0, 12).join('\n')}`);
    expect(result.wrappers, 'npm starts the script itself, nothing in between').toBe(0);
    expect(result.code, output).toBe(exitCode);
    expect(output).toMatch(/Interrupted: removing what run ptero-conformance-[0-9a-z]+ created on the panel/);
    expect(output).toMatch(/removed (?:location|node|user|server|allocation) ptero-conformance-[0-9a-z]+-/);
    expect(output).toMatch(/the panel holds nothing of this run/);
    // One press, delivered to the group and relayed by npm, is one signal: no early stop.
    expect(output).not.toMatch(/Stopped at once/);
    expect(output).not.toMatch(/Unhandled (?:Rejection|Error)|EPIPE/);
    expect(ledgerFiles(reportsDir), 'nothing left for npm run cleanup').toEqual([]);
    expect(result.leftovers).toBe(0);
  }, 300_000);
});

const kills: [CaseName, Moment][] = [
  ['parent-sigkill', { kind: 'mid-write', nth: 3 }],
  ['tree-sigkill', { kind: 'ledger', entries: 2 }],
];

describe('a killed run leaves its ledger, its runner stops, and npm run cleanup restores the panel', () => {
  it.each(kills)('%s at %o', async (name, moment) => {
    const result = await runCase(panel, name, moment, reportsDir);
    console.log(`${name}: runner gone ${result.runnerOutlivedMs ?? '-'} ms after its parent; ledger ${result.ledgerEntries}; npm run cleanup exit ${result.cleanup?.code}:\n${result.cleanup?.output.trim()}`);
    expect(result.writesAfterStop, 'no write once the runner is gone').toBe(0);
    expect(result.ledgerEntries, 'the ledger holds what the run recorded').toBeGreaterThan(0);
    expect(result.cleanup?.code, result.cleanup?.output).toBe(0);
    expect(result.cleanup?.output).toMatch(/removed (?:location|node|allocation) ptero-conformance-/);
    expect(result.cleanup?.output).toMatch(/Found \d+ leftover\(s\); removed \d+: the panel holds nothing of earlier conformance runs/);
    expect(ledgerFiles(reportsDir)).toEqual([]);
    expect(result.leftovers).toBe(0);
  }, 300_000);
});

describe('npm run cleanup', () => {
  it('reports one delete the panel fails, still removes the rest, and removes the last one on the next run', async () => {
    await panel.mock.control.call('clearJournal');
    // Two locations an earlier run left, one in its ledger, one known only by its name.
    const runId = 'ptero-conformance-cleanupcase';
    const ids: number[] = [];
    for (const label of ['a', 'b']) {
      const response = await fetch(`${panel.mock.url}/api/application/locations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${panel.mock.keys['app-full']}`, accept: 'application/vnd.pterodactyl.v1+json', 'content-type': 'application/json' },
        body: JSON.stringify({ short: `${runId}-${label}`, long: 'left by a killed run' }),
      });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { attributes: { id: number } }).attributes.id);
    }
    const ledger = join(reportsDir, `ledger-${runId}.json`);
    writeFileSync(ledger, JSON.stringify([{ kind: 'location', deleteOperation: 'deleteLocation', params: { location: ids[0] }, name: `${runId}-a`, createdAt: new Date().toISOString() }]));
    // Every delete of the ledger's location gets a proxy's 502 page (a ConnectivityError in the client):
    // reported once, not fatal to the rest.
    panel.proxy.failNext((method, path) => method === 'DELETE' && path === `/api/application/locations/${ids[0]}`, 2);
    const first = npmRun(['cleanup'], runEnv(panel, reportsDir));
    const firstCode = await first.exit;
    const out = first.output();
    console.log(`npm run cleanup with one failed delete: exit ${firstCode}\n${out.trim()}`);
    expect(firstCode, out).toBe(1);
    expect(out).toMatch(new RegExp(`could not remove location ${runId}-a \\(the panel answered HTML \\(text/html\\) instead of JSON: 502`));
    expect(out).toContain(`removed location ${runId}-b`);
    expect(out).toMatch(/Found 2 leftover\(s\); removed 1; 1 could not be removed/);
    expect((JSON.parse(readFileSync(ledger, 'utf8')) as { name: string }[]).map((e) => e.name), 'the ledger keeps the failed one').toEqual([`${runId}-a`]);

    const second = npmRun(['cleanup'], runEnv(panel, reportsDir));
    expect(await second.exit, second.output()).toBe(0);
    expect(second.output()).toContain(`removed location ${runId}-a`);
    expect(ledgerFiles(reportsDir)).toEqual([]);
    expect((await panel.store()).digest).toBe(panel.initial.digest);
  }, 180_000);

  it('says it found nothing when nothing is left', async () => {
    const cleanup = npmRun(['cleanup'], runEnv(panel, reportsDir));
    const code = await cleanup.exit;
    expect(code, cleanup.output()).toBe(0);
    expect(cleanup.output()).toMatch(/Found nothing to remove/);
    expect(cleanup.output()).not.toMatch(/removed/);
    expect((await panel.store()).digest).toBe(panel.initial.digest);
  }, 120_000);
});
