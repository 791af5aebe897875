// A live-style run of the v1.11 profile, as an operator points the suite at a 1.x panel: `npm run mock
// -- --profile v1.11` in a process of its own on a free loopback port plays the panel, PTERO_URL points
// at it, PTERO_PROFILE is unset (the run detects the profile), the keys are the twin's. The run must
// stay read-only and pace itself under the 1.x limits: the mock's application limit is lowered so the
// run's application requests cannot fit one window, and the pacer must wait instead of meeting a 429
// (a live run has no control surface to reset the windows with).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ControlJournalEntry } from '../harness/control-routes.ts';
import type { RunSummary } from '../harness/outcomes.ts';
import { panelProfile } from '../harness/profiles.ts';
import { keyVariable, type KeyRole } from '../harness/run-config.ts';
import { startStandaloneMock, type StandaloneMock } from './standalone-mock.ts';
import { runConformance } from './testing/conformance-child.ts';

// 240 a minute in stock 1.x; 24 here, below the 34 application requests the panel counts in the run
// of the files below (the preflight's included): one wait for the next window, no second.
const APPLICATION_LIMIT = 24;
const FILES = ['suites/contract/pagination.test.ts', 'suites/client-v1.11/account.test.ts'];

let mock: StandaloneMock;
const reports = mkdtempSync(join(tmpdir(), 'ptero-live-v111-'));

beforeAll(async () => {
  mock = await startStandaloneMock(['--profile', 'v1.11', '--control', '--application-limit', String(APPLICATION_LIMIT)]);
}, 60_000);

afterAll(async () => {
  // By its pid (SIGTERM to the child this file started), then its reports.
  await mock?.stop();
  rmSync(reports, { recursive: true, force: true });
});

/** PTERO_APPLICATION_KEY, PTERO_CLIENT_KEY and every PTERO_KEY_<ROLE>, from the twin's printed keys by fixtures/v1.11/key-roles.yaml. */
function keyEnvironment(): Record<string, string> {
  const roles = parse(readFileSync(panelProfile('v1.11').keyRoles, 'utf8')) as Record<KeyRole, string>;
  const env: Record<string, string> = {};
  for (const [role, name] of Object.entries(roles) as [KeyRole, string][]) {
    const key = mock.keys[name];
    if (key === undefined) throw new Error(`the mock printed no key "${name}" (role ${role})`);
    env[role === 'application' ? 'PTERO_APPLICATION_KEY' : role === 'client' ? 'PTERO_CLIENT_KEY' : keyVariable(role)] = key;
  }
  return env;
}

describe('a read-only conformance run against npm run mock -- --profile v1.11 as a live panel', () => {
  it('detects v1.11, sends no write, waits out the spent application window and meets no 429', async () => {
    await mock.control.call('clearJournal');
    const env: Record<string, string | undefined> = { ...process.env, PTERO_URL: mock.url, PTERO_REPORTS_DIR: reports, ...keyEnvironment() };
    delete env['PTERO_PROFILE'];
    delete env['PTERO_ALLOW_WRITES'];
    const { code, stdout, output } = await runConformance([...FILES], env);
    expect(code, output).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('conforms');

    const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.profile).toBe('v1.11');
    expect(summary.profileNote).toMatch(/detected/);
    expect(summary.counts.failed).toBe(0);
    // Coverage counted against the v1.11 spec's 111 operations, not the 0.7 one's.
    expect(summary.coverage.operations.total).toBe(111);

    const { entries } = (await mock.control.call('readJournal')) as { entries: ControlJournalEntry[] };
    expect(entries.filter((e) => !['GET', 'HEAD', 'OPTIONS'].includes(e.method))).toEqual([]);
    expect(entries.filter((e) => e.status === 429)).toEqual([]);
    // More counted application requests (1.x does not count a 401) than one window holds: without waiting, one would have met a 429.
    const counted = entries.filter((e) => e.path.startsWith('/api/application') && e.status !== 401);
    expect(counted.length).toBeGreaterThan(APPLICATION_LIMIT);
    // The pacer said it waited, for the application window of the lowered limit.
    const waits = output.match(/waiting \d+ s for the panel's rate-limit window \([^)]*\)/g) ?? [];
    expect(waits.length).toBeGreaterThanOrEqual(1);
    for (const wait of waits) expect(wait).toMatch(new RegExp(`\\(application: \\d+ of ${APPLICATION_LIMIT} left\\)`));
  }, 300_000);
});
