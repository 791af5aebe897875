// What Allure shows about one behaviour, derived from the metadata the conformance() wrapper leaves
// on the test (ctx.task.meta.behaviour) and from the spec: nothing here is typed a second time.
import type { Label, StatusDetails } from 'allure-js-commons';
import type { BehaviourMeta } from '../suites/support/conformance.ts';

/** The metadata conformance() records: the front matter plus what the run decided. */
export type RecordedBehaviour = BehaviourMeta & { category: string; notRun?: string; knownIssue?: string; unexpectedPass?: boolean; unanswered?: string };

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
 * How much a failure matters. Authentication, permission and cross-cutting contract behaviours
 * (suites/contract: auth, ACL, routing, pre-middleware errors, rate limits) are critical: a panel
 * that breaks them is unsafe or unusable. The legacy docs' claims are about a third-party text, not
 * the panel, so they are minor. Everything else is normal.
 */
export function severityOf(meta: RecordedBehaviour): Severity {
  if (meta.behaviour.startsWith('legacy-docs.') || meta.category === 'legacy-docs') return 'minor';
  if (meta.behaviour.startsWith('contract.')) return 'critical';
  if ((meta.keys ?? []).some((role) => !DEFAULT_ROLES.has(role))) return 'critical';
  if (/(?:^|[.-])(?:auth|authentication|unauthenticated|unauthorised|unauthorized|permission|permissions|acl|forbidden|denied|401|403)(?:$|[.-])/.test(meta.behaviour)) return 'critical';
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
 * The Allure status of a behaviour given what vitest decided. A known deviation passes in vitest
 * (the wrapper caught the listed failure) and becomes a known failure in Allure (statusDetails.known:
 * Allure 2 shows it as a known issue, Allure 3 resolves it as "accepted", outside the failure
 * counts); its message starts with "known deviation:" so the categories put it apart. A behaviour
 * not run is skipped with its reason as the message. A failure is "failed" (the panel deviates) or
 * "broken" (the suite stopped itself or the panel did not answer), as `classify` says.
 */
export function behaviourOutcome(
  meta: RecordedBehaviour | undefined,
  vitest: { status: AllureStatus | undefined; statusDetails: OutcomeDetails | undefined },
  knownIssueAnnotation: string | undefined,
  classify: (message: string) => 'failed' | 'broken',
): { status: AllureStatus | undefined; statusDetails: OutcomeDetails | undefined } {
  if (meta?.notRun) return { status: 'skipped', statusDetails: { message: `not run: ${meta.notRun}` } };
  if (meta?.knownIssue && vitest.status === 'passed') {
    const message = knownIssueAnnotation?.startsWith('known deviation:') ? knownIssueAnnotation : `known deviation: ${meta.knownIssue}${knownIssueAnnotation ? `\n${knownIssueAnnotation}` : ''}`;
    return { status: 'failed', statusDetails: { known: true, message } };
  }
  if (vitest.status === 'failed' || vitest.status === 'broken') return { status: classify(vitest.statusDetails?.message ?? ''), statusDetails: vitest.statusDetails };
  return vitest;
}
