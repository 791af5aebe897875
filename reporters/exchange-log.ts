import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line per exchange of a conformance run: enough for coverage, nothing secret. */
export interface ExchangeLogLine {
  operationId: string | null;
  method: string;
  path: string;
  status: number;
  suiteCaused429: boolean;
}

/** Where a run writes its reports; PTERO_REPORTS_DIR moves them (e.g. for a run inside another). */
export function reportsDir(): string {
  return process.env['PTERO_REPORTS_DIR'] || 'reports';
}

export function exchangeLogPath(): string {
  return join(reportsDir(), 'run-exchanges.jsonl');
}

export function appendExchange(path: string, line: ExchangeLogLine): void {
  appendFileSync(path, `${JSON.stringify(line)}\n`);
}

export function readExchangeLog(path: string = exchangeLogPath()): ExchangeLogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ExchangeLogLine);
}
