import { leftOutOfRun } from '../harness/left-out.ts';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule, TestProject, TestSpecification, Vitest } from 'vitest/node';
import { countOutcomes, groupReasons, verdictOf, type Outcome, type RunSummary } from '../harness/outcomes.ts';
import { setting } from '../harness/run-config.ts';
import type { ProvidedTarget } from '../harness/provided-target.ts';
import { operations } from '../harness/spec-operations.ts';
import { publicUrl } from './behaviour-document.ts';
import { categoryCoverage, coverageMatrix, renderCategoryLines, renderCoverageMarkdown } from './coverage-matrix.ts';
import { exchangeLogPath, readExchangeLog, reportsDir, summaryPath, type ExchangeLogLine } from '../harness/exchange-log.ts';
import { selected, stateOf, testOutcome } from './test-outcome.ts';

const PROJECT = 'conformance';

/**
 * After a conformance run: the behaviours not run and why (never counted as passed), the known
 * deviations, which operations and documented statuses the run exercised, and the verdict, written
 * to <reports>/summary.json and printed as the last line (scripts/conformance.ts prints it itself,
 * after the secret scan, and sets PTERO_VERDICT_BY_PARENT so it is not printed twice).
 */
export default class RunSummaryReporter implements Reporter {
  private project: TestProject | undefined;
  private active = false;
  private startedAt = new Date();

  onInit(vitest: Vitest): void {
    this.project = vitest.projects.find((p) => p.name === PROJECT);
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.active = specifications.some((s) => s.project.name === PROJECT);
    this.startedAt = new Date();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (!this.active) return;
    this.active = false;
    const target = this.target();
    const outcomes: Outcome[] = [];
    const notRun: string[] = [];
    const known: string[] = [];
    let unanswered: string | undefined;
    const { notSelected, otherProfiles } = leftOutOfRun();
    for (const module of testModules) {
      if (module.project.name !== PROJECT) continue;
      for (const test of module.children.allTests()) {
        const result = test.result();
        const meta = test.meta().behaviour;
        if (!selected(result.state, meta)) continue;
        const { outcome, reason } = testOutcome(stateOf(result.state), meta, result.state === 'skipped' ? result.note : undefined);
        outcomes.push(outcome);
        if (outcome === 'not-run') notRun.push(reason ?? 'skipped');
        if (outcome === 'known-deviation') known.push(`${meta?.behaviour}: ${reason}`);
        // The cause: the first behaviour that found the panel lost, else the first without a usable answer.
        if (meta?.unanswered !== undefined && (unanswered === undefined || (!unanswered.startsWith('panel unreachable') && reason?.startsWith('panel unreachable')))) unanswered = reason;
      }
    }
    const reasons = groupReasons(notRun);
    if (reasons.length > 0) {
      console.log('\nBehaviours not run (not passed):');
      for (const { reason, count } of reasons) console.log(`  ${count} × not run: ${reason}`);
    }
    if (known.length > 0) console.log(`\nKnown deviations (expectations/, accepted): ${known.length}\n${known.map((k) => `  ${k}`).join('\n')}`);
    const log = existsSync(exchangeLogPath()) ? readExchangeLog() : [];
    this.printCoverage(log);
    if (!target) return; // the configuration was refused before the target was chosen: scripts/conformance.ts says so
    const counts = countOutcomes(outcomes);
    const preflight = target.preflight;
    const verdict = verdictOf(counts, { preflight: preflight && !preflight.ok ? (preflight.cause ?? 'the preflight failed') : undefined, unanswered });
    const rows = coverageMatrix(operations(), log);
    const finishedAt = new Date();
    const summary: RunSummary = {
      format: 'ptero-summary/1',
      runId: target.config.runId,
      target: { mode: target.mode, url: target.mode === 'mock' ? 'embedded mock' : publicUrl(target.url) },
      profile: target.profile,
      ...(preflight?.profile ? { profileNote: preflight.profile.note } : {}),
      verdict: {
        kind: verdict.kind,
        line: verdict.line,
        exitCode: verdict.exitCode,
        ...(verdict.cause !== undefined ? { cause: verdict.cause } : {}),
        ...(verdict.behaviours !== undefined ? { behaviours: verdict.behaviours } : {}),
      },
      counts,
      notRun: reasons,
      ...(notSelected > 0 ? { notSelected } : {}),
      ...(otherProfiles > 0 ? { otherProfiles } : {}),
      coverage: {
        operations: { exercised: rows.filter((r) => r.exercised.length > 0).length, total: rows.length },
        statuses: { exercised: rows.reduce((n, r) => n + r.exercised.length, 0), documented: rows.reduce((n, r) => n + r.documented.length, 0) },
      },
      requests: log.length,
      failedRequests: log.filter((l) => l.status === 0).length,
      durationMs: finishedAt.getTime() - this.startedAt.getTime(),
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      ...(preflight
        ? {
            preflight: {
              ok: preflight.ok,
              ...(preflight.cause ? { cause: preflight.cause } : {}),
              ...(preflight.paragraph ? { paragraph: preflight.paragraph } : {}),
              requests: preflight.requests,
              ...(preflight.profile ? { profile: preflight.profile } : {}),
              keys: preflight.keys.map((k) => ({ role: k.role, variable: k.variable, kind: k.kind, note: k.note })),
            },
          }
        : {}),
    };
    writeSummary(summary);
    if (preflight?.profile) console.log(`\npanel ${preflight.profile.note}`);
    if (!preflight || preflight.ok) console.log(`${preflight?.profile ? '' : '\n'}${countsLine(summary)}`);
    if (!setting('PTERO_VERDICT_BY_PARENT')) {
      if (preflight && !preflight.ok && preflight.paragraph) console.log(`\n${preflight.paragraph}`);
      console.log(verdict.line);
    }
  }

  private target(): ProvidedTarget | undefined {
    try {
      return this.project?.getProvidedContext().ptero;
    } catch {
      return undefined;
    }
  }

  private printCoverage(log: ExchangeLogLine[]): void {
    if (log.length === 0) return;
    const rows = coverageMatrix(operations(), log);
    const markdown = renderCoverageMarkdown(rows);
    writeFileSync(join(reportsDir(), 'coverage.md'), markdown);
    const unexercised = rows.filter((r) => r.exercised.length === 0).map((r) => r.operationId);
    const missing = rows.flatMap((r) => r.missing.map((s) => `${r.operationId} ${s}`));
    const suite429 = log.filter((l) => l.suiteCaused429).length;
    console.log(`\n${markdown.split('\n')[2]}`);
    console.log(['by category:', ...renderCategoryLines(categoryCoverage(rows))].join('\n'));
    console.log(`requests sent: ${log.length}${suite429 ? `; ${suite429} met a 429 the suite itself caused (waited and retried)` : ''}`);
    if (unexercised.length) console.log(`operations never exercised: ${unexercised.join(', ')}`);
    if (missing.length) console.log(`documented statuses not exercised (${missing.length}): see ${join(reportsDir(), 'coverage.md')}`);
  }
}

export { summaryPath };

export function writeSummary(summary: RunSummary): void {
  mkdirSync(reportsDir(), { recursive: true });
  writeFileSync(summaryPath(), `${JSON.stringify(summary, null, 2)}\n`);
}

/** "behaviours: 263 — 230 passed, 0 failed, 18 known deviations (accepted), 0 unexpected passes, 15 not run" */
export function countsLine(summary: Pick<RunSummary, 'counts' | 'notSelected' | 'otherProfiles' | 'profile'>): string {
  const c = summary.counts;
  const left = summary.notSelected ? ` (${summary.notSelected} more in the loaded files not selected: counted nowhere)` : '';
  const others = summary.otherProfiles ? ` (${summary.otherProfiles} behaviours of other panel profiles than ${summary.profile} left out: counted nowhere)` : '';
  return `behaviours: ${c.total} — ${c.passed} passed, ${c.failed} failed, ${c.knownDeviation} known deviations (accepted), ${c.unexpectedPass} unexpected passes, ${c.notRun} not run${left}${others}`;
}
