import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Label, TestResult } from 'allure-js-commons';
import type { Category } from 'allure-js-commons/sdk';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import AllureVitestReporter from 'allure-vitest/reporter';
import type { RunnerTask, RunnerTestCase } from 'vitest';
import type { Reporter, TestModule, TestProject, TestSpecification, Vitest } from 'vitest/node';
import { masksPersonalData, readRunConfig } from '../harness/run-config.ts';
import { quirksOf, sourceLinksOf } from '../harness/source-links.ts';
import { specPath } from '../harness/spec-source.ts';
import { panelProfile } from '../harness/profiles.ts';
import { projectRelative } from '../harness/behaviour-meta.ts';
import type { ProvidedTarget } from '../harness/provided-target.ts';
import { parse } from 'yaml';
import { operation } from '../harness/spec-operations.ts';
import { behaviourDescription, behaviourLabels, behaviourOutcome, REPLACED_LABELS, sourceLinks, type AllureStatus, type OperationRef } from './allure-labels.ts';
import { allure2Categories, allureResultsDir, CATEGORY_LABEL, CATEGORY_TRACE_PREFIX, categoryOf, clearResults, environmentInfo, redactingWriter } from './allure-results.ts';

const PROJECT = 'conformance';

/**
 * Allure results for the conformance project (allure-vitest underneath), nothing for the unit
 * project. allure-vitest's own setup file and runner are registered for the conformance project
 * only; each result gets the labels, description and status derived from the behaviour's metadata
 * (reporters/allure-labels.ts); everything goes through a redacting writer; the categories and the
 * target (mock or live, the panel's origin, never a key) are written beside the results. Allure's
 * files in the directory are removed when a run with conformance tests starts: it holds the last run only.
 */
export default class AllureConformanceReporter implements Reporter {
  private inner: AllureVitestReporter | undefined;
  private project: TestProject | undefined;
  private writer: Writer | undefined;
  private resultsDir = '';
  private running = false;
  /** Modules whose results are written already: each as it ends, not all at the end (see onTestModuleEnd). */
  private readonly written = new Set<string>();
  private current: RunnerTestCase | undefined;
  private secrets: string[] = [];
  private maskPersonal = false;

  onInit(vitest: Vitest): void {
    const projects = vitest.projects.filter((p) => p.name === PROJECT);
    this.project = projects[0];
    if (!this.project) return;
    // The current directory, not vitest's root: installed, the root is the package's own directory.
    this.resultsDir = resolve(allureResultsDir());
    const inner = new AllureVitestReporter({
      resultsDir: this.resultsDir,
      listeners: [{ beforeTestResultStop: (result) => this.decorate(result) }],
    });
    // allure-vitest adds its setup file and runner to every project it is shown: show it only this one.
    inner.onInit({ projects } as unknown as Vitest);
    const runtime = (inner as unknown as { allureReporterRuntime?: { writer?: Writer } }).allureReporterRuntime;
    if (!runtime?.writer) throw new Error('allure-vitest has no reporter runtime writer to replace: results could not be redacted, so none are written');
    this.writer = redactingWriter(this.resultsDir, () => this.secrets, () => this.maskPersonal);
    runtime.writer = this.writer;
    const handleTask = inner.handleTask.bind(inner);
    inner.handleTask = (task: RunnerTask): void => {
      if (task.type !== 'test') return handleTask(task);
      this.current = task;
      try {
        handleTask(task);
      } finally {
        this.current = undefined;
      }
    };
    this.inner = inner;
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.running = this.inner !== undefined && specifications.some((s) => s.project.name === PROJECT);
    if (this.running) clearResults(this.resultsDir);
  }

  /**
   * Writes a module's results as soon as it ends. Written all at once after the run (thousands of
   * files), they kept vitest's main process busy past its teardownTimeout, so it reported
   * "Timeout terminating forks worker" for a worker that had exited normally.
   */
  onTestModuleEnd(module: TestModule): void {
    if (!this.running || !this.inner || module.project.name !== PROJECT) return;
    const target = this.target();
    this.secrets = secretsOf(target);
    // Masked from the first module on: results written early must not carry what the end would mask.
    this.maskPersonal = target !== undefined && masksPersonalData(target.config);
    this.inner.handleTask((module as unknown as { task: RunnerTask }).task); // as allure-vitest reads it in onTestRunEnd
    this.written.add(module.id);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (!this.running || !this.inner || !this.writer) return;
    this.running = false;
    const target = this.target();
    this.secrets = secretsOf(target);
    this.maskPersonal = target !== undefined && masksPersonalData(target.config);
    this.inner.onTestRunEnd(testModules.filter((m) => m.project.name === PROJECT && !this.written.has(m.id)));
    this.written.clear();
    this.writer.writeCategoriesDefinitions(allure2Categories() as unknown as Category[]);
    this.writer.writeEnvironmentInfo(environmentInfo(target, runInfo(target)));
  }

  /** Labels, description and status of one result, from the behaviour's metadata (just before the result is closed). */
  private decorate(result: TestResult): void {
    const task = this.current;
    if (!task) return;
    const meta = task.meta.behaviour;
    if (meta) {
      const op = operationRef(meta.operation);
      const labels: Label[] = result.labels.filter((l) => !REPLACED_LABELS.has(l.name));
      result.labels = [...labels, ...behaviourLabels(meta, op, describePath(task))];
      result.description ??= behaviourDescription(meta, op);
      result.links = [...(result.links ?? []), ...operationSourceLinks(meta.operation)];
    }
    const annotation = task.annotations.find((a) => a.type === 'known-issue' || a.type === 'legacy-docs');
    const outcome = behaviourOutcome(meta, { status: result.status as AllureStatus | undefined, statusDetails: result.statusDetails }, annotation);
    result.status = outcome.status as TestResult['status'];
    result.statusDetails = outcome.statusDetails ?? {};
    // The outcome as a label, so the results can be counted as summary.json counts them.
    if (outcome.outcome) result.labels.push({ name: 'tag', value: `outcome:${outcome.outcome}` });
    // The category, derived here from the recorded failure (or the accepted outcome), where each Allure reads it.
    if (outcome.outcome === 'failed' || outcome.outcome === 'unexpected-pass' || outcome.outcome === 'known-deviation') {
      const category = categoryOf({ outcome: outcome.outcome === 'known-deviation' ? 'known-deviation' : 'failed', failure: meta?.failure });
      if (category) {
        result.labels = [...result.labels.filter((l) => l.name !== CATEGORY_LABEL), { name: CATEGORY_LABEL, value: category.id }];
        result.statusDetails = { ...result.statusDetails, trace: `${CATEGORY_TRACE_PREFIX}${category.id}\n${result.statusDetails.trace ?? ''}` };
      }
    }
  }

  private target(): ProvidedTarget | undefined {
    try {
      return this.project?.getProvidedContext().ptero;
    } catch {
      return undefined;
    }
  }
}

function operationRef(operationId: string | undefined): OperationRef | undefined {
  if (!operationId) return undefined;
  try {
    const info = operation(operationId);
    return { method: info.method, path: info.path };
  } catch {
    return undefined;
  }
}

let specDocument: unknown;

/** Links to the panel source of a behaviour's operation and its quirks (none without an operation). */
function operationSourceLinks(operationId: string | undefined) {
  if (!operationId) return [];
  try {
    const info = operation(operationId);
    specDocument ??= parse(readFileSync(specPath(), 'utf8')) as unknown;
    return sourceLinks(sourceLinksOf(info.operation), quirksOf(info.operation, info.parameters, specDocument));
  } catch {
    return [];
  }
}

/** The describe blocks around a test, outermost first. */
function describePath(task: RunnerTestCase): string[] {
  const path: string[] = [];
  for (let suite = task.suite; suite?.name; suite = suite.suite) path.unshift(suite.name);
  return path;
}

/** The run's keys (the mock's fixture keys, or the live keys): replaced wherever they would be written. */
export function secretsOf(target: ProvidedTarget | undefined): string[] {
  let keys: Record<string, string | undefined> = target?.config.keys ?? {};
  if (!target) {
    try {
      keys = readRunConfig().keys;
    } catch {
      keys = {};
    }
  }
  return Object.values(keys).filter((k): k is string => typeof k === 'string' && k.length > 0);
}

/** What a reader of the report needs to know about the run: its options and which key roles it had (names, not keys). */
function runInfo(target: ProvidedTarget | undefined): Record<string, string | undefined> {
  if (!target) return {};
  const c = target.config;
  return {
    'run.id': c.runId,
    'writes.allowed': String(c.allowWrites),
    'destructive.allowed': String(c.allowDestructive),
    'rate-limit.probes': String(c.probeRateLimit),
    'legacy-docs.strict': String(c.strictDocs),
    profile: target.profile,
    expectations: c.expectationsPath ?? projectRelative(panelProfile(target.profile).expectations),
    'key.roles': Object.keys(c.keys).filter((role) => c.keys[role as keyof typeof c.keys]).join(', ') || '(none)',
  };
}
