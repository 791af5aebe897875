// A live run with writes allowed never leaves a mess: interrupted with SIGINT or SIGTERM it removes
// what it created before it exits (scripts/interruption.ts); killed outright (SIGKILL, no chance to
// clean) it leaves its ledger file, which `npm run cleanup` consumes. `npm run mock` plays the
// panel; its store digest must come back to what it was before the first run.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStandaloneMock, type StandaloneMock } from './standalone-mock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface JournalEntry {
  method: string;
  path: string;
  status: number;
}

// Creates locations, nodes and allocations; with the stock limits it also waits out a window midway.
const SUITE = 'suites/application/nodes.test.ts';
let mock: StandaloneMock;
// All runs and the cleanup share one reports directory, as a user's runs share reports/.
const reportsDir = mkdtempSync(join(tmpdir(), 'ptero-interrupted-run-'));
let url: string;
let keys: Record<string, string>;
let initialDigest: string;

beforeAll(async () => {
  // The stock limits (a run that deviates from the spec is not what this test is about); the test
  // resets the mock's counters between runs through the control surface, which the runs never use.
  mock = await startStandaloneMock();
  ({ url, keys } = mock);
  initialDigest = await digest();
}, 60_000);

afterAll(async () => {
  await mock.stop();
  rmSync(reportsDir, { recursive: true, force: true });
});

const control = (method: string, path: string) => mock.control(method, path);

async function digest(): Promise<string> {
  return ((await control('GET', '/store')) as { digest: string }).digest;
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PTERO_URL: url,
    PTERO_APPLICATION_KEY: keys['app-full'] as string,
    PTERO_CLIENT_KEY: keys['client-owner'] as string,
    PTERO_REPORTS_DIR: reportsDir,
    PTERO_ALLOW_WRITES: '1',
    NO_COLOR: '1',
    ...extra,
  };
}

function collect(child: ChildProcess): { output: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const exit = once(child, 'exit').then(([code, signal]) => {
    clearTimeout(guard);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  return { output: () => output, exit };
}

/** Waits (bounded) until `ready` holds while the run is still going: the moment to interrupt it. */
async function midway(exited: Promise<unknown>, ready: () => Promise<boolean>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  const until = Date.now() + 90_000;
  while (Date.now() < until && !done) {
    if (await ready()) return;
    await sleep(20);
  }
  throw new Error('the run created nothing before it ended (or within 90 s)');
}

/** The panel holds something the run created (it answered a POST with 2xx and the store changed). */
async function created(): Promise<boolean> {
  const { entries } = (await control('GET', '/journal')) as { entries: JournalEntry[] };
  return entries.some((e) => e.method === 'POST' && e.status >= 200 && e.status < 300) && (await digest()) !== initialDigest;
}

function ledgerFiles(): string[] {
  return readdirSync(reportsDir).filter((f) => /^ledger-.+\.json$/.test(f));
}

describe('an interrupted live run with writes allowed leaves the panel as it found it', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: the run removes what it created before it exits (exit %i)', async (signal, exitCode) => {
    await control('DELETE', '/journal');
    await control('POST', '/rate-limits/reset');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', SUITE], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const run = collect(child);
    // The moment the panel holds something: perhaps before the run has even written it to its ledger.
    await midway(run.exit, created);
    const signalled = performance.now();
    child.kill(signal);
    const { code } = await run.exit;
    const output = run.output();
    console.log(`${signal}: exit ${code} ${Math.round(performance.now() - signalled)} ms after the signal\n${output.slice(output.indexOf('Interrupted:')).split('\n').slice(0, 12).join('\n')}`);
    expect(code, output).toBe(exitCode);
    expect(performance.now() - signalled, 'the clean-up is quick').toBeLessThan(60_000);
    expect(output).toMatch(/Interrupted: removing what run ptero-conformance-[0-9a-f]+ created on the panel/);
    expect(output).toMatch(/removed (?:location|node|user|server) ptero-conformance-[0-9a-f]+-/);
    expect(output).toMatch(/the panel holds nothing of this run/);
    expect(output).not.toMatch(/Unhandled (?:Rejection|Error)/);
    expect(ledgerFiles(), 'nothing left for npm run cleanup').toEqual([]);
    expect(await digest()).toBe(initialDigest);
    // No worker of the killed run goes on sending requests after the clean-up.
    const { entries } = (await control('GET', '/journal')) as { entries: JournalEntry[] };
    await sleep(1000);
    expect(((await control('GET', '/journal')) as { entries: JournalEntry[] }).entries.length).toBe(entries.length);
  }, 180_000);

  it('SIGKILL (no chance to clean): the ledger file is left, and npm run cleanup consumes it', async () => {
    await control('DELETE', '/journal');
    await control('POST', '/rate-limits/reset');
    // vitest itself in a process group of its own, killed outright with all its workers.
    const runId = `ptero-conformance-killed${Date.now().toString(16)}`;
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'conformance', SUITE], {
      env: env({ PTERO_RUN_ID: runId }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const run = collect(child);
    // Once the ledger holds something: the kill lands where a worker had written what it created.
    await midway(run.exit, async () => ledgerFiles().length > 0 && (await created()));
    process.kill(-(child.pid as number), 'SIGKILL');
    await run.exit;
    await sleep(500);
    expect(await digest(), 'the killed run left something').not.toBe(initialDigest);
    expect(ledgerFiles()).toEqual([`ledger-${runId}.json`]);
    const ledger = JSON.parse(readFileSync(join(reportsDir, `ledger-${runId}.json`), 'utf8')) as { kind: string; name: string }[];
    expect(ledger.length).toBeGreaterThan(0);
    await control('POST', '/rate-limits/reset');

    const cleanup = spawn('npm', ['run', '--silent', 'cleanup'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const cleaned = collect(cleanup);
    const { code } = await cleaned.exit;
    console.log(`SIGKILL: ledger-${runId}.json held ${ledger.length} entr${ledger.length === 1 ? 'y' : 'ies'}; npm run cleanup exit ${code}:\n${cleaned.output().trim()}`);
    expect(code, cleaned.output()).toBe(0);
    expect(cleaned.output()).toContain(`removed ${ledger[0]?.kind} ${ledger[0]?.name}`);
    expect(existsSync(join(reportsDir, `ledger-${runId}.json`))).toBe(false);
    expect(await digest()).toBe(initialDigest);
  }, 180_000);

  it('npm run cleanup afterwards finds nothing more, and the store digest is the initial one', async () => {
    await control('POST', '/rate-limits/reset');
    const cleanup = spawn('npm', ['run', '--silent', 'cleanup'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const cleaned = collect(cleanup);
    const { code } = await cleaned.exit;
    expect(code, cleaned.output()).toBe(0);
    expect(cleaned.output()).not.toMatch(/removed/);
    expect(await digest()).toBe(initialDigest);
  }, 120_000);
});
