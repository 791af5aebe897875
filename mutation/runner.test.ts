import { describe, expect, it } from 'vitest';
import { loadCatalogue } from './catalogue.ts';
import { formatOutcome, formatSummary, judge, runSuite, spawnBounded, type SuiteRun, summarize } from './runner.ts';

const catalogue = loadCatalogue();
const deviation = catalogue.get('error-status-as-number');

function run(partial: Partial<SuiteRun>): SuiteRun {
  return {
    mutation: deviation.id,
    durationMs: 5000,
    exitCode: 1,
    timedOut: false,
    total: 10,
    failedCount: 0,
    failed: [],
    runErrors: [],
    stats: { requests: 100, matched: 3, mutated: 3, requestsRewritten: 0 },
    outputTail: '',
    ...partial,
  };
}

describe('judging a run', () => {
  it('is a kill only when a failing check names the deviation', () => {
    const named = judge(deviation, run({
      failedCount: 2,
      failed: [
        { file: 'suites/a.test.ts', name: 'A MUST x', lines: ['TypeError: cannot read properties of undefined'] },
        { file: 'suites/b.test.ts', name: 'B MUST y', lines: ['getUser answered 404: 1 violation(s) of the spec', '  - [body] /errors/0/status: expected string, got 404'] },
      ],
    }));
    expect(named.verdict).toBe('killed');
    expect(named.catching[0]).toMatchObject({ name: 'B MUST y', named: true, firstLine: 'getUser answered 404: 1 violation(s) of the spec', namingLine: '  - [body] /errors/0/status: expected string, got 404' });
    const vague = judge(deviation, run({ failedCount: 1, failed: [{ file: 'suites/a.test.ts', name: 'A', lines: ['something broke'] }] }));
    expect(vague.verdict).toBe('not-named');
    expect(judge(deviation, run({ exitCode: null, timedOut: true })).verdict).toBe('not-named');
  });

  it('tells a survivor (answers changed, nothing failed) from a deviation that never applied', () => {
    expect(judge(deviation, run({ exitCode: 0 })).verdict).toBe('survived');
    expect(judge(deviation, run({ exitCode: 0, stats: { requests: 100, matched: 0, mutated: 0, requestsRewritten: 0 } })).verdict).toBe('not-applied');
    expect(judge(deviation, run({ exitCode: 0, stats: { requests: 100, matched: 0, mutated: 0, requestsRewritten: 4 } })).verdict).toBe('survived');
  });

  it('prints the catching checks with the line naming the deviation, and the survivors in the summary', () => {
    const killed = judge(deviation, run({ failedCount: 1, failed: [{ file: 'suites/b.test.ts', name: 'B MUST y', lines: ['first', '- [body] /errors/0/status: expected string, got 404'] }] }));
    const text = formatOutcome(killed, '[1/2]');
    expect(text).toContain('KILLED');
    expect(text).toContain('/errors/0/status: expected string');
    const survivor = judge(catalogue.get('egg-config-empty-array-to-object'), run({ exitCode: 0 }));
    const summary = summarize(catalogue.deviations.length, [killed, survivor], 20_000);
    expect(summary).toMatchObject({ run: 2, killed: 1, killRate: 0.5 });
    expect(formatSummary(summary, 5000)).toMatch(/Kill rate: 50\.0% \(1\/2\)[\s\S]*egg-config-empty-array-to-object \[survived\]/);
  });
});

describe('running the suite through the proxy', () => {
  // End to end, on one suite file: the env wiring, the vitest JSON report and the proxy counters.
  it('kills a deviation the routing checks catch, naming the header', async () => {
    const d = catalogue.get('method-not-allowed-without-allow');
    const outcome = judge(d, await runSuite(d.id, { files: ['suites/contract/routing.test.ts'] }));
    expect(outcome.run.stats?.mutated).toBeGreaterThan(0);
    expect(outcome.verdict).toBe('killed');
    expect(outcome.catching.find((c) => c.named)?.name).toMatch(/405 MethodNotAllowedHttpException/);
  }, 180_000);

  it("runs a v1.11 deviation against the v1.11 twin (PTERO_PROFILE of the run) and kills it there", async () => {
    const d = catalogue.get('v111-account-admin-flipped');
    expect(d.profile).toBe('v1.11');
    const outcome = judge(d, await runSuite(d.id, { profile: d.profile, files: ['suites/client-v1.11/account.test.ts'] }));
    expect(outcome.run.stats?.mutated).toBe(1);
    expect(outcome.verdict).toBe('killed');
    expect(outcome.catching.find((c) => c.named)?.firstLine).toMatch(/admin: expected true for a root admin's key, got false/);
  }, 180_000);
});

describe('a run over its time limit', () => {
  it('is killed with every process it started, not only the first', async () => {
    // A child that starts a grandchild (as vitest starts its workers), prints its pid and waits forever.
    const script = "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log('grandchild ' + c.pid); setInterval(() => {}, 1000);";
    const { timedOut, output } = await spawnBounded(process.execPath, ['-e', script], {}, 1500);
    expect(timedOut).toBe(true);
    const pid = Number(/grandchild (\d+)/.exec(output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // Signal 0 only asks whether the process exists; a killed one is gone (or a zombie reaped soon after).
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  });
});
