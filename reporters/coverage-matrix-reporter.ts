import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from 'vitest/node';
import { operations } from '../suites/support/spec-operations.ts';
import { EXCHANGE_LOG_PATH, readExchangeLog } from './exchange-log.ts';
import { coverageMatrix, renderCoverageMarkdown } from './coverage-matrix.ts';

/** Prints, after a conformance run, which operations and documented statuses it exercised. */
export default class CoverageMatrixReporter implements Reporter {
  onTestRunEnd(): void {
    if (!existsSync(EXCHANGE_LOG_PATH)) return;
    const log = readExchangeLog();
    if (log.length === 0) return;
    const rows = coverageMatrix(operations(), log);
    const markdown = renderCoverageMarkdown(rows);
    writeFileSync(join('reports', 'coverage.md'), markdown);
    const unexercised = rows.filter((r) => r.exercised.length === 0).map((r) => r.operationId);
    const missing = rows.flatMap((r) => r.missing.map((s) => `${r.operationId} ${s}`));
    const suite429 = log.filter((l) => l.suiteCaused429).length;
    console.log(`\n${markdown.split('\n')[2]}`);
    console.log(`requests sent: ${log.length}${suite429 ? `; ${suite429} hit a 429 the suite itself caused (waited and retried)` : ''}`);
    if (unexercised.length) console.log(`operations never exercised: ${unexercised.join(', ')}`);
    if (missing.length) console.log(`documented statuses not exercised: ${missing.join(', ')}`);
    console.log(`matrix: reports/coverage.md`);
  }
}
