import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { operations } from '../suites/support/spec-operations.ts';
import { coverageMatrix, renderCoverageMarkdown } from './coverage-matrix.ts';
import { exchangeLogPath, readExchangeLog, reportsDir } from './exchange-log.ts';

/**
 * After a conformance run: the behaviours not run and why (never counted as passed), the known
 * deviations, and which operations and documented statuses the run exercised.
 */
export default class RunSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const notRun = new Map<string, number>();
    const known: string[] = [];
    for (const module of testModules) {
      if (module.project.name !== 'conformance') continue;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'skipped' && result.note) notRun.set(result.note, (notRun.get(result.note) ?? 0) + 1);
        const issue = test.meta().behaviour?.knownIssue;
        if (issue) known.push(`${test.meta().behaviour?.behaviour}: ${issue}`);
      }
    }
    if (notRun.size > 0) {
      console.log('\nBehaviours not run (not passed):');
      for (const [reason, count] of notRun) console.log(`  ${count} × ${reason}`);
    }
    if (known.length > 0) console.log(`\nKnown deviations (expectations/): ${known.length}\n${known.map((k) => `  ${k}`).join('\n')}`);
    this.printCoverage();
  }

  private printCoverage(): void {
    if (!existsSync(exchangeLogPath())) return;
    const log = readExchangeLog();
    if (log.length === 0) return;
    const rows = coverageMatrix(operations(), log);
    const markdown = renderCoverageMarkdown(rows);
    writeFileSync(join(reportsDir(), 'coverage.md'), markdown);
    const unexercised = rows.filter((r) => r.exercised.length === 0).map((r) => r.operationId);
    const missing = rows.flatMap((r) => r.missing.map((s) => `${r.operationId} ${s}`));
    const suite429 = log.filter((l) => l.suiteCaused429).length;
    console.log(`\n${markdown.split('\n')[2]}`);
    console.log(`requests sent: ${log.length}${suite429 ? `; ${suite429} met a 429 the suite itself caused (waited and retried)` : ''}`);
    if (unexercised.length) console.log(`operations never exercised: ${unexercised.join(', ')}`);
    if (missing.length) console.log(`documented statuses not exercised (${missing.length}): see ${join(reportsDir(), 'coverage.md')}`);
  }
}
