// What Allure shows about one behaviour, derived from the metadata the conformance() wrapper leaves
// on the test (ctx.task.meta.behaviour) and from the spec: nothing here is typed a second time.
import type { Label, Link, StatusDetails } from 'allure-js-commons';
import type { QuirkLink, SourceLink } from '../harness/source-links.ts';
import { ALLURE_STATUS, type Outcome } from '../harness/outcomes.ts';
import type { RecordedBehaviour } from '../harness/behaviour-meta.ts';
import { testOutcome } from './test-outcome.ts';

/** The spec operation of a behaviour, as Allure's feature shows it. */
export interface OperationRef {
  method: string;
  path: string;
}

export type Severity = 'blocker' | 'critical' | 'normal' | 'minor' | 'trivial';

/** Labels the reporter replaces: vitest's describe path would otherwise give parentSuite/suite/subSuite. */
export const REPLACED_LABELS = new Set(['parentSuite', 'suite', 'subSuite', 'epic', 'feature', 'story', 'severity']);

/** Key roles every behaviour uses by default: they say nothing about permissions. */
const DEFAULT_ROLES = new Set(['application', 'client']);

/**
 * How much a failure matters, from the behaviour's metadata. The legacy docs' claims are about a
 * third-party text, not the panel, so they are minor. Behaviours that concern access
 * (authentication, permissions) or the API as a whole (`concerns`), or need a key of a restricted
 * role, are critical: a panel that breaks them is unsafe or unusable. Everything else is normal.
 */
export function severityOf(meta: RecordedBehaviour): Severity {
  if (meta.category === 'legacy-docs') return 'minor';
  if (meta.concerns !== undefined) return 'critical';
  if ((meta.keys ?? []).some((role) => !DEFAULT_ROLES.has(role))) return 'critical';
  return 'normal';
}

/** The API a category belongs to: application, client, legacy-docs… (the first segment). */
export function apiOf(category: string): string {
  return category.split('/')[0] || 'uncategorised';
}

/**
 * The labels of one behaviour: parentSuite = API, suite = category, subSuite = the describe block;
 * epic = category, feature = the operation (METHOD path), story = behaviour id; severity; tags for
 * the side effect, the key roles and the run's decision (not run, known issue).
 */
export function behaviourLabels(meta: RecordedBehaviour, operation: OperationRef | undefined, describePath: readonly string[]): Label[] {
  const labels: Label[] = [
    { name: 'parentSuite', value: apiOf(meta.category) },
    { name: 'suite', value: meta.category },
  ];
  if (describePath.length > 0) labels.push({ name: 'subSuite', value: describePath.join(' › ') });
  labels.push({ name: 'epic', value: meta.category });
  if (operation) labels.push({ name: 'feature', value: `${operation.method.toUpperCase()} ${operation.path}` });
  labels.push({ name: 'story', value: meta.behaviour });
  labels.push({ name: 'severity', value: severityOf(meta) });
  for (const tag of behaviourTags(meta)) labels.push({ name: 'tag', value: tag });
  return labels;
}

export function behaviourTags(meta: RecordedBehaviour): string[] {
  const tags = [`effect:${meta.effect}`, ...(meta.keys ?? []).map((role) => `key:${role}`)];
  if (meta.operation) tags.push(`operation:${meta.operation}`);
  if (meta.mockOnly) tags.push('mock-only');
  if (meta.rateLimitProbe) tags.push('rate-limit-probe');
  if (meta.notRun) tags.push('not-run');
  if (meta.knownIssue) tags.push('known-issue');
  if (meta.unexpectedPass) tags.push('unexpected-pass');
  return tags;
}

/** A short Markdown description: the front matter, and the run's decision about the behaviour. */
export function behaviourDescription(meta: RecordedBehaviour, operation: OperationRef | undefined): string {
  const lines = [
    `- behaviour: \`${meta.behaviour}\``,
    `- category: ${meta.category}`,
    ...(meta.operation ? [`- operation: \`${meta.operation}\`${operation ? ` (${operation.method.toUpperCase()} ${operation.path})` : ''}`] : []),
    `- side effect: ${meta.effect}`,
    ...(meta.keys?.length ? [`- key roles: ${meta.keys.join(', ')}`] : []),
  ];
  if (meta.notRun) lines.push('', `**Not run:** ${meta.notRun}`);
  if (meta.knownIssue) lines.push('', `**Known deviation** (expectations/): ${meta.knownIssue}`);
  return lines.join('\n');
}

export type AllureStatus = 'passed' | 'failed' | 'broken' | 'skipped' | 'unknown';

/** Allure's status details, with the `known` flag of the results format (read by Allure 2 and 3). */
export type OutcomeDetails = StatusDetails & { known?: boolean };

/**
 * The Allure status of a behaviour, from its outcome (harness/outcomes.ts, ALLURE_STATUS), so the
 * report's counts are the verdict's: a behaviour not run is skipped with its reason; a known
 * deviation is "passed" with a message starting "known deviation:" (the "Known deviations (accepted)"
 * category and the known-issue tag set it apart; Allure 3 counts a failed result as failed even when
 * it is known, so a known deviation is never "failed"); an unexpected pass is "broken" (the
 * expectations are wrong, not the panel); a failure is "failed".
 */
export function behaviourOutcome(
  meta: RecordedBehaviour | undefined,
  vitest: { status: AllureStatus | undefined; statusDetails: OutcomeDetails | undefined },
  annotation: { type: string; message: string } | undefined,
): { status: AllureStatus | undefined; statusDetails: OutcomeDetails | undefined; outcome: Outcome | undefined } {
  if (vitest.status === undefined || vitest.status === 'unknown') return { ...vitest, outcome: undefined };
  const state = vitest.status === 'broken' ? 'failed' : vitest.status;
  const { outcome, reason } = testOutcome(state, meta, vitest.status === 'skipped' ? vitest.statusDetails?.message : undefined);
  const status = ALLURE_STATUS[outcome];
  if (outcome === 'not-run') return { status, statusDetails: { message: `not run: ${reason ?? 'skipped'}` }, outcome };
  if (outcome === 'known-deviation') {
    // A `known-issue` annotation is written "known deviation: …" by the wrapper; a `legacy-docs` one is not.
    const message = annotation?.type === 'known-issue' ? annotation.message : `known deviation: ${reason ?? ''}${annotation ? `\n${annotation.message}` : ''}`;
    return { status, statusDetails: { message }, outcome };
  }
  return { status, statusDetails: vitest.statusDetails, outcome };
}

/** Allure link type of the panel source a behaviour's operation is read from. */
export const SOURCE_LINK_TYPE = 'source';

/**
 * The result's links to the panel source at v0.7.19: the operation's x-source, then the sources of
 * its quirks (named for the quirk's place), each URL once.
 */
export function sourceLinks(operationSources: readonly SourceLink[], quirks: readonly QuirkLink[] = []): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  const add = (link: SourceLink, prefix: string) => {
    if (seen.has(link.url)) return;
    seen.add(link.url);
    links.push({ name: `${prefix}${link.source}`, url: link.url, type: SOURCE_LINK_TYPE });
  };
  for (const link of operationSources) add(link, '');
  for (const quirk of quirks) for (const link of quirk.sources) add(link, `${quirk.kind} (${quirk.where}): `);
  return links;
}
