// Where and how a conformance run writes its Allure results: the directory, the failure categories
// (one data file for Allure 2's categories.json and Allure 3's allurerc.mjs), the environment
// information, and the writer every result, attachment and property passes through: redaction
// happens there, whatever the worker already did.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import { maskPersonalJsonText, maskPersonalPath } from '../harness/personal-data.ts';
import type { FailureKind, FailureRecord } from '../harness/failure.ts';
import { redactText } from '../harness/redaction.ts';
import type { ViolationKind } from '../harness/violation.ts';
import { setting, settings, type SettingsSource } from '../harness/run-config.ts';

/**
 * The Allure results directory: ALLURE_RESULTS_DIR; else `allure-results/` at the repository root;
 * but when PTERO_REPORTS_DIR moves a run's reports (a run inside another, e.g. a test of the suite)
 * and ALLURE_RESULTS_DIR is unset, `<PTERO_REPORTS_DIR>/allure-results`, so that the inner run
 * does not mix its results with the outer run's.
 */
export function allureResultsDir(source: SettingsSource = settings()): string {
  const results = setting('ALLURE_RESULTS_DIR', source);
  if (results) return results;
  const reports = setting('PTERO_REPORTS_DIR', source);
  if (reports) return join(reports, 'allure-results');
  return 'allure-results';
}

/** Files an Allure results directory holds (allure-js and Allure 2 names). */
const RESULT_FILE = /^(?:.+-(?:result|container|globals)\.json|.+-attachment(?:\.[A-Za-z0-9]+)?|categories\.json|environment\.(?:properties|xml)|executor\.json|history(?:-trend)?\.json|ptero-secret-scan\.json)$/;

/**
 * Empties a results directory of Allure's files only (never anything else a mistaken
 * ALLURE_RESULTS_DIR might point at); returns how many were removed.
 */
export function clearResults(dir: string): number {
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!RESULT_FILE.test(name)) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/**
 * clearResults without blocking: the names are listed now, the files removed in the background (in
 * vitest's main process, which also serves the embedded mock, thousands of synchronous unlinks
 * held every answer back). Files written after the call are not touched; await the promise
 * before writing a name an earlier run may have left (categories.json, environment.properties).
 */
export async function clearResultsInBackground(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const names = readdirSync(dir).filter((name) => RESULT_FILE.test(name));
  // A bounded number at a time: libuv's pool has four threads, a burst of thousands only queues.
  for (let i = 0; i < names.length; i += 64) await Promise.all(names.slice(i, i + 64).map((name) => rm(join(dir, name), { force: true })));
  return names.length;
}

/** The single-file HTML report's directory: ALLURE_REPORT_DIR, else `allure-report/`. */
export function allureReportDir(source: SettingsSource = settings()): string {
  return setting('ALLURE_REPORT_DIR', source) || 'allure-report';
}

/**
 * One condition of a category: every field given must hold. `violation`: some recorded violation
 * has one of the kinds, one of the pointers, one of the expected and one of the actual values given.
 */
export interface CategoryCondition {
  outcome?: ('failed' | 'known-deviation')[];
  failure?: FailureKind[];
  /** ConnectivityError's kind (harness/connectivity-error.ts). */
  cause?: string[];
  violation?: { kind?: ViolationKind[]; pointer?: string[]; expected?: string[]; actual?: string[] };
}

/** One entry of allure-categories.json: a category of failures, matched on the failure's recorded fields. */
export interface FailureCategory {
  id: string;
  name: string;
  matchedStatuses: ('failed' | 'broken' | 'passed')[];
  /** Any condition that holds puts the failure in the category. */
  when: CategoryCondition[];
}

/** The result label that carries a failure's category (Allure 3 matches categories on it). */
export const CATEGORY_LABEL = 'failureCategory';

/** The trace's first line names the category (Allure 2 matches categories on the trace, not on labels). */
export const CATEGORY_TRACE_PREFIX = 'failure category: ';

export const CATEGORIES_FILE = new URL('./allure-categories.json', import.meta.url);

let categories: FailureCategory[] | undefined;

/** The failure categories, in order: the first that takes a failure is its category. */
export function failureCategories(): FailureCategory[] {
  categories ??= JSON.parse(readFileSync(CATEGORIES_FILE, 'utf8')) as FailureCategory[];
  return categories;
}

/** What a category is matched on: the behaviour's outcome and its recorded failure. */
export interface CategorisedFailure {
  outcome: 'failed' | 'known-deviation';
  failure: FailureRecord | undefined;
}

function holds(condition: CategoryCondition, subject: CategorisedFailure): boolean {
  const { failure } = subject;
  if (condition.outcome && !condition.outcome.includes(subject.outcome)) return false;
  if (condition.failure && !(failure && condition.failure.includes(failure.kind))) return false;
  if (condition.cause && !(failure?.cause !== undefined && condition.cause.includes(failure.cause))) return false;
  const wanted = condition.violation;
  if (wanted) {
    const fits = (list: string[] | undefined, value: string) => list === undefined || list.includes(value);
    if (!(failure?.violations ?? []).some((v) => fits(wanted.kind, v.kind) && fits(wanted.pointer, v.pointer) && fits(wanted.expected, v.expected) && fits(wanted.actual, v.actual))) return false;
  }
  return true;
}

/** The category of a failure, from its recorded fields (never its message), if any. */
export function categoryOf(subject: CategorisedFailure): FailureCategory | undefined {
  return failureCategories().find((c) => c.when.some((condition) => holds(condition, subject)));
}

/** Allure 3's category rules (allurerc.mjs): each matches results whose category label is its id. */
export function allure3CategoryRules(list: readonly FailureCategory[] = failureCategories()): { id: string; name: string; matchers: { statuses: string[]; labels: Record<string, string> } }[] {
  return list.map((c) => ({ id: c.id, name: c.name, matchers: { statuses: [...c.matchedStatuses], labels: { [CATEGORY_LABEL]: `^${c.id}$` } } }));
}

/** Allure 2's categories.json: each matches results whose trace opens with its id (Allure 2 cannot match labels). */
export function allure2Categories(list: readonly FailureCategory[] = failureCategories()): { name: string; matchedStatuses: string[]; traceRegex: string }[] {
  return list.map((c) => ({ name: c.name, matchedStatuses: [...c.matchedStatuses], traceRegex: `^${CATEGORY_TRACE_PREFIX}${c.id}\\n[\\s\\S]*` }));
}

/** The target as Allure's environment information: mock or live and the panel's origin, never a credential. */
export function environmentInfo(target: { mode: 'mock' | 'live'; url: string } | undefined, run: Record<string, string | undefined>): Record<string, string> {
  const info: Record<string, string> = {};
  if (target) {
    info['target'] = target.mode === 'mock' ? 'embedded mock panel (stock v0.7.19 twin)' : 'live panel';
    info['panel.url'] = panelOrigin(target.url);
  }
  for (const [key, value] of Object.entries(run)) if (value !== undefined) info[key] = value;
  info['node'] = process.version;
  return info;
}

/** scheme://host[:port]/path of a URL: user-info, query and fragment dropped. */
export function panelOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * The writer of the results directory, redacting before anything reaches it: every string of a
 * result, container or globals file (names, messages, traces, parameters, descriptions), text
 * attachments, and environment values. `secrets` is read at write time. With `maskPersonal` (a live
 * run, unless PTERO_KEEP_PERSONAL_DATA=1) personal data is masked too: by field in JSON attachments,
 * e-mail and IP addresses and external ids in every string (harness/personal-data.ts). Plain
 * writes: allure-js's own writer fsyncs every file, which costs a minute for the ~15 000 files of a full run.
 */
export function redactingWriter(
  resultsDir: string,
  secrets: () => readonly string[],
  maskPersonal: () => boolean = () => false,
  options: { background?: boolean } = {},
): Writer & { flush(): Promise<void> } {
  const strings = <T>(value: T): T => {
    const redacted = redactStrings(value, secrets());
    return maskPersonal() ? mapStrings(redacted, maskPersonalPath) : redacted;
  };
  const attachment = (content: Buffer): Buffer => {
    const redacted = redactAttachment(content, secrets());
    if (!maskPersonal() || redacted.includes(0)) return redacted;
    const text = redacted.toString('utf8');
    const masked = maskPersonalJsonText(text);
    return masked === text ? redacted : Buffer.from(masked, 'utf8');
  };
  // `background`: redacted now, written by libuv's pool; flush() waits for every write (a failed
  // write fails the flush). The reporter writes in vitest's main process, which also serves the
  // embedded mock: synchronous writes of thousands of files held its answers back.
  const pending = new Map<string, Promise<void>>();
  let failed: unknown;
  const write = (name: string, data: string | Buffer): void => {
    mkdirSync(resultsDir, { recursive: true });
    if (!options.background) {
      writeFileSync(join(resultsDir, name), data);
      return;
    }
    // Writes of one name stay in order (allure-js rewrites a globals file); others run side by side.
    const before = pending.get(name) ?? Promise.resolve();
    const next = before.then(() => writeFile(join(resultsDir, name), data)).catch((error: unknown) => void (failed ??= error));
    pending.set(name, next);
    void next.then(() => {
      if (pending.get(name) === next) pending.delete(name);
    });
  };
  return {
    async flush() {
      while (pending.size > 0) await Promise.all([...pending.values()]);
      if (failed !== undefined) {
        const error = failed;
        failed = undefined;
        throw error;
      }
    },
    writeResult: (result) => write(`${result.uuid}-result.json`, JSON.stringify(strings(result))),
    writeGroup: (group) => write(`${group.uuid}-container.json`, JSON.stringify(strings(group))),
    writeGlobals: (name, globals) => write(name, JSON.stringify(strings(globals))),
    writeAttachment: (name, content) => write(name, attachment(content)),
    writeAttachmentFromPath: (name, from) => write(name, attachment(readFileSync(from))),
    writeEnvironmentInfo: (info) => write('environment.properties', stringifyEnvInfo(strings(info))),
    writeCategoriesDefinitions: (list) => write('categories.json', JSON.stringify(list, null, 2)),
  };
}

function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  return value;
}

/** Every string value of a JSON-like value redacted as text; keys and structure kept. */
export function redactStrings<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, secrets)])) as T;
  }
  return value;
}

/**
 * A text attachment redacted as text (the worker already redacted the exchange by fields; this pass
 * replaces the run's secrets and anything shaped like a credential, cheaply); binary content is left alone.
 */
export function redactAttachment(content: Buffer, secrets: readonly string[]): Buffer {
  if (content.includes(0)) return content;
  const text = content.toString('utf8');
  if (Buffer.byteLength(text, 'utf8') !== content.length) return content; // not UTF-8 text
  const redacted = redactText(text, secrets);
  return redacted === text ? content : Buffer.from(redacted, 'utf8');
}
