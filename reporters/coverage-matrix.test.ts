import { describe, expect, it } from 'vitest';
import type { OperationInfo } from '../harness/operation-index.ts';
import type { ExchangeLogLine } from '../harness/exchange-log.ts';
import { categoryCoverage, coverageMatrix, renderCategoryLines, renderCoverageMarkdown } from './coverage-matrix.ts';

function op(operationId: string, tag: string, statuses: string[]): OperationInfo {
  return { operationId, tags: [tag], operation: {}, responses: Object.fromEntries(statuses.map((s) => [s, { description: s }])) } as unknown as OperationInfo;
}

const OPERATIONS = [op('listFiles', 'client/files', ['200', '403']), op('writeFile', 'client/files', ['204', '422']), op('listBackups', 'client/backups', ['200'])];

function seen(...pairs: Array<[string, number]>): ExchangeLogLine[] {
  return pairs.map(([operationId, status]) => ({ operationId, status }) as unknown as ExchangeLogLine);
}

describe('coverage per category', () => {
  it('sums operations and (operation, status) pairs per category, in the order the spec names them', () => {
    const rows = coverageMatrix(OPERATIONS, seen(['listFiles', 200], ['listFiles', 403], ['listFiles', 200]));
    expect(categoryCoverage(rows)).toEqual([
      { category: 'client/files', operations: { exercised: 1, total: 2 }, pairs: { seen: 2, documented: 4 } },
      { category: 'client/backups', operations: { exercised: 0, total: 1 }, pairs: { seen: 0, documented: 1 } },
    ]);
  });

  it('marks a category no request reached, and only that one', () => {
    const lines = renderCategoryLines(categoryCoverage(coverageMatrix(OPERATIONS, seen(['writeFile', 204]))));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/client\/files\s+1\/2\s+operations\s+1\/4\s+pairs$/);
    expect(lines[1]).toMatch(/client\/backups\s+0\/1\s+operations\s+0\/1\s+pairs\s+NOT EXERCISED$/);
  });

  it('puts the category table in coverage.md above the operation table', () => {
    const markdown = renderCoverageMarkdown(coverageMatrix(OPERATIONS, seen(['listBackups', 200])));
    expect(markdown.split('\n')[2]).toBe('1/3 operations exercised; 1/5 documented (operation, status) pairs seen.');
    expect(markdown).toContain('| client/files | 0/2 | 0/4 |\n| client/backups | 1/1 | 1/1 |');
    expect(markdown.indexOf('| category |')).toBeLessThan(markdown.indexOf('| operation |'));
  });
});
