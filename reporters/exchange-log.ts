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

export const EXCHANGE_LOG_PATH = join('reports', 'run-exchanges.jsonl');

export function appendExchange(path: string, line: ExchangeLogLine): void {
  appendFileSync(path, `${JSON.stringify(line)}\n`);
}

export function readExchangeLog(path: string = EXCHANGE_LOG_PATH): ExchangeLogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ExchangeLogLine);
}
