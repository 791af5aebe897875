import type { Exchange } from './exchange.ts';
import { curlCommand } from './curl-command.ts';
import type { Violation } from './violation.ts';

/** All violations of one response as one readable failure message. */
export function formatViolations(violations: Violation[], exchange?: Exchange): string {
  if (violations.length === 0) return 'no violations';
  const first = violations[0] as Violation;
  const lines = [`${first.operationId} answered ${first.status}: ${violations.length} violation(s) of the spec`];
  for (const v of violations) {
    const where = v.pointer === '' ? '(body)' : v.pointer;
    lines.push(`  - [${v.kind}] ${where}: expected ${v.expected}, got ${v.actual}`);
  }
  if (exchange) lines.push(`  reproduce: ${curlCommand(exchange)}`);
  return lines.join('\n');
}
