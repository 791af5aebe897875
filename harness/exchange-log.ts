import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelExchange } from './panel-client.ts';
import { maskPersonalData, maskPersonalPath } from './personal-data.ts';
import { redactJson, redactText } from './redaction.ts';
import { errorCodesOf, fieldRecord, fieldTypesOf, recordedHeaderNames, trimJson, trimText } from './behaviour-sample.ts';

/**
 * One line per exchange of a conformance run: enough for the coverage matrix and the behaviour
 * document, nothing secret (everything taken from the exchange passed redaction first).
 */
export interface ExchangeLogLine {
  operationId: string | null;
  method: string;
  path: string;
  status: number;
  suiteCaused429: boolean;
  /** Response header names, lower-cased and sorted, without connection/framing headers and Date. */
  headers?: string[];
  /** The X-RateLimit-Limit value, when the answer has one. */
  rateLimit?: number;
  contentType?: string;
  /** The distinct `code`s of an error body's `errors` array. */
  errorCodes?: string[];
  /** The behaviour (test) that sent the request: its id, or `(hook) <file>`. */
  behaviour?: string;
  /** The request's place among the behaviour's requests (0, 1, …), to pair the same requests of two runs. */
  seq?: number;
  /** The body's shape: `<process id>.<n>`, one id per distinct shape of this operation × status. */
  shape?: string;
  /** The shape itself (JSON pointer → types), on the first answer with it. */
  fields?: Record<string, string>;
  /** A trimmed, redacted example body: present on the first answer per operation × status of this process. */
  sample?: unknown;
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

/** The example bodies logged per operation × status (the first is kept), the distinct body shapes per operation × status, the requests per behaviour. */
const sampled = new Set<string>();
const shapes = new Map<string, Map<string, string>>();
const requestsOf = new Map<string, number>();

/** The key of an exchange's operation × status; requests outside the spec count per method + path. */
export function sampleKey(operationId: string | null, method: string, path: string, status: number): string {
  return `${operationId ?? `${method} ${path}`} ${status}`;
}

/**
 * The log line of an exchange, redacted with the run's secrets (and anything shaped like a panel
 * key); with `maskPersonal` (a live run) the example body and the path carry pseudonyms instead of
 * personal data (harness/personal-data.ts).
 */
export function exchangeLogLine(exchange: PanelExchange, secrets: readonly string[], behaviour?: string, maskPersonal = false): ExchangeLogLine {
  const { response } = exchange;
  const operationId = exchange.operationId ?? null;
  const redactedPath = redactText(new URL(exchange.request.url).pathname, secrets);
  const path = maskPersonal ? maskPersonalPath(redactedPath) : redactedPath;
  const line: ExchangeLogLine = { operationId, method: exchange.request.method, path, status: response.status, suiteCaused429: exchange.suiteCaused429 };
  line.headers = recordedHeaderNames(response.headers);
  const limit = Number(response.headers['x-ratelimit-limit']);
  if (response.headers['x-ratelimit-limit'] !== undefined && Number.isFinite(limit)) line.rateLimit = limit;
  if (response.headers['content-type'] !== undefined) line.contentType = redactText(response.headers['content-type'], secrets);
  const codes = errorCodesOf(exchange.json);
  if (codes) line.errorCodes = codes.map((c) => redactText(c, secrets));

  if (behaviour !== undefined) {
    line.behaviour = redactText(behaviour, secrets);
    line.seq = requestsOf.get(line.behaviour) ?? 0;
    requestsOf.set(line.behaviour, line.seq + 1);
  }
  const key = sampleKey(operationId, line.method, path, response.status);
  if (!sampled.has(key)) {
    sampled.add(key);
    const sample = exchange.json === undefined ? trimText(redactText(response.rawBody, secrets)) : trimJson(redactedJson(exchange.json, secrets));
    line.sample = maskPersonal ? maskPersonalData(sample) : sample;
  }
  const fields = redactedKeys(fieldRecord(fieldTypesOf(exchange.json, response.rawBody)), secrets);
  const text = JSON.stringify(fields);
  const known = shapes.get(key) ?? new Map<string, string>();
  shapes.set(key, known);
  const id = known.get(text);
  if (id === undefined) {
    line.shape = `${process.pid}.${known.size}`;
    known.set(text, line.shape);
    line.fields = fields;
  } else line.shape = id;
  return line;
}

/** redactJson, and object keys too (a key can quote a secret as well as a value can). */
function redactedJson(json: unknown, secrets: readonly string[]): unknown {
  const text = JSON.stringify(redactJson(json, secrets));
  try {
    return JSON.parse(redactText(text, secrets));
  } catch {
    return '[body withheld: it could not be redacted as JSON]';
  }
}

function redactedKeys(record: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [redactText(k, secrets), v]));
}
