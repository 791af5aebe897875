import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestModule, TestProject, TestSpecification, Vitest } from 'vitest/node';
import { parse } from 'yaml';
import type { FailureRecord } from '../harness/failure.ts';
import { maskPersonalPath } from '../harness/personal-data.ts';
import { redactText } from '../harness/redaction.ts';
import { masksPersonalData } from '../harness/run-config.ts';
import { panelProfile } from '../harness/profiles.ts';
import type { LegacyClaims } from '../harness/legacy-claims.ts';
import type { ProvidedTarget } from '../harness/provided-target.ts';
import { operations, yamlDocument } from '../harness/spec-operations.ts';
import { behaviourIdOf, projectRelative } from '../harness/behaviour-meta.ts';
import { buildBehaviourDocument, publicUrl, type BehaviourDocument, type BehaviourRecord, type RunTarget } from './behaviour-document.ts';
import { renderBehaviourMarkdown } from './behaviour-markdown.ts';
import { mockOptionsFromEnv } from '../harness/embedded-mock-options.ts';
import { exchangeLogPath, readExchangeLog, reportsDir } from '../harness/exchange-log.ts';
import { selected, stateOf, testOutcome } from './test-outcome.ts';

const PROJECT = 'conformance';
const MESSAGE_LIMIT = 2000;

/**
 * After a conformance run, writes <reportsDir>/behavior.json and behavior.md: what the panel did
 * for every operation of the spec and every operation the legacy docs describe, and a verdict on
 * each of the legacy docs' claims. Runs without the conformance project leave the files alone.
 */
export default class BehaviourReporter implements Reporter {
  private project: TestProject | undefined;
  private active = false;

  onInit(vitest: Vitest): void {
    this.project = vitest.projects.find((p) => p.name === PROJECT);
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.active = specifications.some((s) => s.project.name === PROJECT);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const modules = testModules.filter((m) => m.project.name === PROJECT);
    if (!this.active && modules.length === 0) return;
    this.active = false;
    let target: ProvidedTarget | undefined;
    try {
      target = (modules[0]?.project ?? this.project)?.getProvidedContext().ptero;
    } catch {
      target = undefined;
    }
    // No target: the global setup refused the configuration before any request; nothing to document.
    if (!target) return;
    // A failed preflight ran no behaviour: the document says the run could not test, and why.
    const preflightFailure = target.preflight && !target.preflight.ok ? (target.preflight.cause ?? 'the preflight failed') : undefined;
    const secrets = Object.values(target.config.keys).filter((k): k is string => typeof k === 'string' && k.length > 0);
    const mask = masksPersonalData(target.config);
    const profile = panelProfile(target.profile);
    const document = buildBehaviourDocument({
      target: runTarget(target),
      generatedAt: new Date().toISOString(),
      runId: target.config.runId,
      settings: {
        allowWrites: target.config.allowWrites,
        allowDestructive: target.config.allowDestructive,
        probeRateLimit: target.config.probeRateLimit,
        strictDocs: target.config.strictDocs,
      },
      keyRoles: Object.entries(target.config.keys)
        .filter(([, v]) => v)
        .map(([role]) => role),
      operations: operations(),
      log: readExchangeLog(existsSync(target.exchangeLogPath) ? target.exchangeLogPath : exchangeLogPath()),
      behaviours: modules.flatMap((m) => [...m.children.allTests()].filter((t) => selected(t.result().state, t.meta().behaviour)).map((t) => behaviourRecord(t, m, secrets, mask))),
      // Parsed once, in advance (reporters/run-progress-reporter.ts): not seconds of parsing after the run.
      claims: yamlDocument(profile.claims) as LegacyClaims,
      spec: yamlDocument(profile.spec),
      expectationLinks: expectationLinks(target.config.strictDocs ? undefined : (target.config.expectationsPath ?? profile.expectations)),
      ...(preflightFailure !== undefined ? { preflightFailure } : {}),
    });
    const { json, markdown } = writeBehaviourDocument(document, reportsDir());
    console.log(`\nBehaviour document: ${markdown} (and ${json})`);
  }
}

export function writeBehaviourDocument(document: BehaviourDocument, dir: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'behavior.json');
  const markdown = join(dir, 'behavior.md');
  writeFileSync(json, `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(markdown, renderBehaviourMarkdown(document));
  return { json, markdown };
}

function runTarget(target: ProvidedTarget): RunTarget {
  const url = publicUrl(target.url);
  if (target.mode === 'live') return { mode: 'live', url, label: `live panel ${url}`, profile: target.profile };
  const options = mockOptions();
  const settings = options ? Object.entries(options).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ') : `stock ${target.profile} settings`;
  return { mode: 'mock', url, label: `embedded mock panel (${settings})`, profile: target.profile, ...(options ? { mockOptions: options } : {}) };
}

/** PTERO_MOCK_OPTIONS as suites/support/global-setup.ts applied it (it already refused an invalid value). */
function mockOptions(): Record<string, unknown> | undefined {
  try {
    const options = mockOptionsFromEnv();
    return options && Object.keys(options).length > 0 ? { ...options } : undefined;
  } catch {
    return undefined;
  }
}

function expectationLinks(path: string | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!path || !existsSync(path)) return links;
  try {
    const data = parse(readFileSync(path, 'utf8')) as { expectations?: { behaviour?: string; link?: string }[] } | null;
    for (const e of data?.expectations ?? []) if (e.behaviour && e.link) links.set(e.behaviour, e.link);
  } catch {
    // A malformed file already failed the run; the document then just has no row links.
  }
  return links;
}

export function behaviourRecord(test: TestCase, module: TestModule, secrets: readonly string[], mask: boolean): BehaviourRecord {
  // A message can quote what the panel sent: redacted always, personal data masked on a live run.
  const text = (value: string): string => (mask ? maskPersonalPath(redactText(value, secrets)) : redactText(value, secrets));
  const meta = test.meta().behaviour;
  const result = test.result();
  const file = projectRelative(module.moduleId);
  const record: BehaviourRecord = {
    id: behaviourIdOf(test.meta(), file, test.fullName),
    statement: redactText(test.name, secrets),
    file,
    category: meta?.category ?? file.replace(/^suites\//, '').replace(/\.test\.ts$/, ''),
    outcome: 'passed',
  };
  if (meta?.operation) record.operation = meta.operation;
  const annotations = test.annotations().map((a) => a.message);
  const { outcome, reason } = testOutcome(stateOf(result.state), meta, result.state === 'skipped' ? result.note : undefined);
  record.outcome = outcome;
  if (reason !== undefined) record.reason = redactText(reason, secrets);
  if (meta?.unanswered !== undefined && outcome === 'not-run') record.unanswered = true;
  if (result.state === 'failed') {
    const message = result.errors.map((e) => e.message).join('\n');
    record.message = clip(text(message));
    record.failure = mapStrings(meta?.failure ?? unrecorded(message, result.errors[0]?.name), text);
  } else if (outcome === 'known-deviation') {
    if (annotations.length > 0) record.message = clip(text(annotations.join('\n')));
    if (meta?.failure) record.failure = mapStrings(meta.failure, text);
  }
  return record;
}

/**
 * A failure the conformance() wrapper did not record (an error in a hook, outside the behaviour's
 * body): still a record with every field, of kind `unclassified`.
 */
function unrecorded(message: string, name: string | undefined): FailureRecord {
  return { kind: 'unclassified', code: name === undefined ? 'PTERO_UNRECORDED' : `PTERO_UNRECORDED (${name})`, operation: null, status: null, violations: [], reproduce: null, message };
}

/** Every string of a record passed through `fn` (redaction, masking); structure kept. */
function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  return value;
}

function clip(text: string): string {
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}… (${text.length} characters)` : text;
}
