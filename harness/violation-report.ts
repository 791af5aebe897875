import type { Exchange } from './exchange.ts';
import { curlCommand } from './curl-command.ts';
import { redactText, redactViolations } from './redaction.ts';
import type { Violation } from './violation.ts';

/**
 * All violations of one response as one readable failure message. Nothing secret gets through:
 * violations quote what the panel sent, so each is redacted (with `secrets`, the run's keys, and by
 * shape and field name), and so is the curl line, whether or not the exchange was redacted before.
 */
export function formatViolations(violations: Violation[], exchange?: Exchange, secrets: readonly string[] = []): string {
  if (violations.length === 0) return 'no violations';
  return redactText(formatRedacted(redactViolations(violations, secrets), exchange, secrets), secrets);
}

function formatRedacted(violations: Violation[], exchange: Exchange | undefined, secrets: readonly string[]): string {
  const first = violations[0] as Violation;
  const firstWhere = first.pointer === '' ? '(body)' : first.pointer;
  // The first line alone names the deviation (CI summaries and Allure show only it).
  const lines = [`${first.operationId} answered ${first.status}: ${violations.length} violation(s) of the spec, first [${first.kind}] ${firstWhere}`];
  for (const v of violations) {
    const where = v.pointer === '' ? '(body)' : v.pointer;
    lines.push(`  - [${v.kind}] ${where}: expected ${v.expected}, got ${v.actual}`);
  }
  if (exchange) lines.push(`  reproduce: ${curlCommand(exchange, secrets)}`);
  return lines.join('\n');
}
