import type { OperationInfo } from '../harness/operation-index.ts';
import type { ExchangeLogLine } from '../harness/exchange-log.ts';

export interface CoverageRow {
  operationId: string;
  /** The operation's category: its first tag (the legacy docs' page, e.g. client/files). */
  category: string;
  documented: string[];
  exercised: string[];
  /** Documented statuses the spec marks unreachable on the mock, with the reason. */
  unreachable: Record<string, string>;
  missing: string[];
}

/** Operations × documented statuses, and which of them a run exercised. */
export function coverageMatrix(operations: readonly OperationInfo[], log: ExchangeLogLine[]): CoverageRow[] {
  const seen = new Map<string, Set<string>>();
  for (const line of log) {
    if (!line.operationId) continue;
    const set = seen.get(line.operationId) ?? new Set<string>();
    set.add(String(line.status));
    seen.set(line.operationId, set);
  }
  return operations.map((op) => {
    const documented = Object.keys(op.responses);
    const unreachable = unreachableOnMock(op);
    const exercised = documented.filter((status) => seen.get(op.operationId)?.has(status));
    const missing = documented.filter((status) => !exercised.includes(status) && !(status in unreachable));
    return { operationId: op.operationId, category: op.tags[0] ?? 'uncategorised', documented, exercised, unreachable, missing };
  });
}

function unreachableOnMock(op: OperationInfo): Record<string, string> {
  const out: Record<string, string> = {};
  const atOperation = (op.operation as unknown as Record<string, unknown>)['x-unreachable-on-mock'];
  if (atOperation && typeof atOperation === 'object') Object.assign(out, atOperation);
  for (const [status, response] of Object.entries(op.responses)) {
    const reason = (response as unknown as Record<string, unknown>)['x-unreachable-on-mock'];
    if (typeof reason === 'string') out[status] = reason;
  }
  return out;
}

export interface CategoryCoverage {
  category: string;
  operations: { exercised: number; total: number };
  pairs: { seen: number; documented: number };
}

/** The matrix summed per category, in the order the spec first names each category. */
export function categoryCoverage(rows: readonly CoverageRow[]): CategoryCoverage[] {
  const byCategory = new Map<string, CategoryCoverage>();
  for (const row of rows) {
    const entry = byCategory.get(row.category) ?? { category: row.category, operations: { exercised: 0, total: 0 }, pairs: { seen: 0, documented: 0 } };
    entry.operations.total += 1;
    if (row.exercised.length > 0) entry.operations.exercised += 1;
    entry.pairs.seen += row.exercised.length;
    entry.pairs.documented += row.documented.length;
    byCategory.set(row.category, entry);
  }
  return [...byCategory.values()];
}

/** One line per category for the terminal: a category no request reached is marked. */
export function renderCategoryLines(categories: readonly CategoryCoverage[]): string[] {
  const width = Math.max(...categories.map((c) => c.category.length));
  return categories.map(
    (c) => `  ${c.category.padEnd(width)}  ${String(c.operations.exercised).padStart(3)}/${String(c.operations.total).padEnd(3)} operations  ${String(c.pairs.seen).padStart(4)}/${String(c.pairs.documented).padEnd(4)} pairs${c.operations.exercised === 0 ? '  NOT EXERCISED' : ''}`,
  );
}

export function renderCoverageMarkdown(rows: CoverageRow[]): string {
  const exercisedOps = rows.filter((r) => r.exercised.length > 0).length;
  const pairs = rows.reduce((n, r) => n + r.documented.length, 0);
  const covered = rows.reduce((n, r) => n + r.exercised.length, 0);
  const lines = [
    `# Coverage: operations × documented statuses`,
    '',
    `${exercisedOps}/${rows.length} operations exercised; ${covered}/${pairs} documented (operation, status) pairs seen.`,
    '',
    '| category | operations exercised | (operation, status) pairs seen |',
    '|---|---|---|',
    ...categoryCoverage(rows).map((c) => `| ${c.category} | ${c.operations.exercised}/${c.operations.total} | ${c.pairs.seen}/${c.pairs.documented} |`),
    '',
    '| operation | exercised | not exercised | unreachable on the mock |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.operationId} | ${r.exercised.join(' ') || '—'} | ${r.missing.join(' ') || '—'} | ${Object.keys(r.unreachable).join(' ') || '—'} |`),
  ];
  return `${lines.join('\n')}\n`;
}
