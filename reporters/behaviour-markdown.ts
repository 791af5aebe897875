// behavior.md: the behaviour document as something to read — what this panel's API does, per
// category and operation, and which claims of the legacy docs hold.
import type { BehaviourDocument, BehaviourRecord, ClaimRecord, OperationRecord, Verdict } from './behaviour-document.ts';
import { verdictBanner } from './behaviour-verdict.ts';

const OUTCOME_MARK: Record<BehaviourRecord['outcome'], string> = { passed: '✅', failed: '❌', 'known-deviation': '⚠️', 'unexpected-pass': '❗', 'not-run': '⏭️' };
const VERDICT_TEXT: Record<Verdict, string> = { holds: '✅ **holds**', false: '❌ **false**', 'not checked': '➖ not checked' };

/** A table cell: no pipes, no line breaks. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim() || '—';
}

function anchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countsLine(c: OperationRecord['counts']): string {
  const parts = [
    c.passed ? `${c.passed} passed` : '',
    c.failed ? `**${c.failed} failed**` : '',
    c.knownDeviations ? `${c.knownDeviations} known deviation${c.knownDeviations === 1 ? '' : 's'}` : '',
    c.unexpectedPass ? `**${c.unexpectedPass} unexpected pass${c.unexpectedPass === 1 ? '' : 'es'}**` : '',
    c.notRun ? `${c.notRun} not run` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'none';
}

function verdictCounts(claims: readonly ClaimRecord[]): string {
  const n = (v: Verdict) => claims.filter((c) => c.verdict === v).length;
  return `${n('holds')} hold, ${n('false')} false, ${n('not checked')} not checked`;
}

export function renderBehaviourMarkdown(doc: BehaviourDocument): string {
  const out: string[] = [];
  const specOps = doc.operations.filter((o) => o.operationId);
  const settings = doc.run.settings;
  const mode = settings.allowDestructive ? 'writes and destructive checks allowed' : settings.allowWrites ? 'writes allowed' : 'read-only';
  out.push(`# What the panel's API does: ${doc.target.label}`, '', ...verdictBanner(doc));
  out.push(
    `Generated ${doc.generatedAt} by the conformance run \`${doc.run.id}\` against ${doc.target.mode === 'mock' ? 'the embedded mock panel' : 'the live panel'} ${doc.target.url} (${mode}${settings.probeRateLimit ? ', rate-limit probes on' : ''}${settings.strictDocs ? ', strict docs audit' : ''}). ` +
      `Everything below is what the panel answered during that run; example bodies are redacted and trimmed. Key roles given: ${doc.run.keyRoles.join(', ') || 'none'}.`,
    '',
  );
  const b = doc.run.behaviours;
  const rate = Object.entries(doc.rateLimits)
    .map(([api, v]) => `${api} ${v.length ? v.join('/') : 'not seen'}`)
    .join(', ');
  out.push(
    '## Summary',
    '',
    `- **Operations**: ${doc.run.operationsExercised} of the spec's ${specOps.length} exercised, ${plural(doc.run.requests, 'request')}${doc.run.suiteCaused429 ? ` (${doc.run.suiteCaused429} met a 429 the suite itself caused and were retried)` : ''}.`,
    `- **Behaviours checked**: ${b.passed} passed, ${b.failed} failed, ${b.knownDeviations} known deviations (accepted), ${b.unexpectedPass} unexpected passes, ${b.notRun} not run (${doc.run.files.length} suite files).`,
    `- **Rate limits** (X-RateLimit-Limit, requests per minute): ${rate}.`,
    `- **Legacy docs claims**: ${verdictCounts(doc.claims)} (see [the claims](#the-legacy-docs-claims)).`,
    '',
    '## Contents',
    '',
  );
  for (const category of doc.categories) {
    const ops = doc.operations.filter((o) => o.category === category);
    const legacyOnly = ops.every((o) => !o.operationId);
    out.push(`- [${category}](#${anchor(category)}): ${plural(ops.length, 'operation')}${legacyOnly ? ' (legacy docs only)' : ''}, ${ops.filter((o) => o.exercised).length} exercised`);
  }
  out.push('- [Behaviours not tied to one operation](#behaviours-not-tied-to-one-operation)', '- [The legacy docs\' claims](#the-legacy-docs-claims)', '');

  const claimsByOperation = new Map<string, ClaimRecord[]>();
  for (const c of doc.claims.filter((c) => c.kind === 'operation')) {
    if (c.operation) claimsByOperation.set(c.operation, [...(claimsByOperation.get(c.operation) ?? []), c]);
  }

  for (const category of doc.categories) {
    const ops = doc.operations.filter((o) => o.category === category);
    out.push(`## ${category}`, '');
    if (ops.every((o) => !o.operationId)) {
      out.push(`The legacy docs document these operations on their ${category} page; the spec has none of them (a stock v0.7.19 panel does not route them). What this panel answered:`, '');
    }
    for (const op of ops) out.push(...renderOperation(op, claimsByOperation.get(op.key) ?? []));
  }

  out.push('## Behaviours not tied to one operation', '');
  if (doc.crossCutting.length === 0) out.push('None in this run.', '');
  const byCategory = new Map<string, BehaviourRecord[]>();
  for (const beh of doc.crossCutting) byCategory.set(beh.category, [...(byCategory.get(beh.category) ?? []), beh]);
  for (const [category, list] of byCategory) {
    out.push(`### ${category}`, '', ...list.map(behaviourLine), '');
  }

  out.push('## The legacy docs\' claims', '');
  out.push(`Every claim of the legacy community docs for 0.7 (spec/legacy-docs-claims.yaml), judged by this run: ${verdictCounts(doc.claims)}.`, '');
  const groups: [string, ClaimRecord[]][] = [
    ['Intro page', doc.claims.filter((c) => c.kind === 'intro' || c.kind === 'rate-limit' || c.kind === 'error-example' || (c.kind === 'page' && c.section === 'intro'))],
    ['Other page claims', doc.claims.filter((c) => c.kind === 'page' && c.section !== 'intro')],
  ];
  for (const section of [...new Set(doc.claims.filter((c) => c.kind === 'operation').map((c) => c.section))]) {
    groups.push([`Operations documented on ${section}`, doc.claims.filter((c) => c.kind === 'operation' && c.section === section)]);
  }
  groups.push(['Where the v0.7 pages are wrong (the reference\'s table)', doc.claims.filter((c) => c.kind === 'discrepancy')]);
  for (const [title, claims] of groups) {
    if (claims.length === 0) continue;
    out.push(`### ${title}`, '', '| claim | verdict | evidence |', '|---|---|---|');
    for (const c of claims) out.push(`| ${cell(`${c.kind === 'discrepancy' ? `${c.id.replace('discrepancy-', '#')}: ` : ''}${c.claim}`)} | ${VERDICT_TEXT[c.verdict]} | ${cell(c.evidence.join('; '))} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function renderOperation(op: OperationRecord, claims: ClaimRecord[]): string[] {
  const out: string[] = [];
  out.push(`### ${op.method} ${op.path}`, '');
  out.push(`${op.operationId ? `\`${op.operationId}\` — ${op.summary}` : op.summary}. ${op.exercised ? `${plural(op.requests, 'request')}.` : '**Not exercised** by this run.'}`, '');
  if (op.notes) out.push(`> Legacy docs note: ${op.notes}`, '');
  const statuses = Object.entries(op.statuses);
  if (statuses.length > 0) {
    out.push('| status | seen | in spec | content type | headers | error codes | X-RateLimit-Limit |', '|---|---|---|---|---|---|---|');
    for (const [status, s] of statuses) {
      out.push(
        `| ${status} | ${s.count}× | ${op.operationId ? (s.documented ? 'yes' : '**no**') : '—'} | ${cell(s.contentTypes.join(', '))} | ${cell(s.headers.join(', '))} | ${cell(s.errorCodes.join(', '))} | ${s.rateLimit.join(', ') || (s.rateLimited ? 'yes' : 'none')} |`,
      );
    }
    out.push('');
  }
  const unseen = op.documentedStatuses.filter((s) => !(s in op.statuses));
  if (op.operationId && unseen.length) out.push(`Documented but not seen: ${unseen.join(', ')}.`, '');
  out.push(`Checks: ${countsLine(op.counts)}.`, '');
  for (const c of claims) out.push(`Legacy docs claim \`${c.id}\` (${c.claim}): ${VERDICT_TEXT[c.verdict]}`, '', ...c.evidence.map((e) => `- ${e}`), '');
  if (op.deviations.length > 0) {
    out.push('Deviations from the spec:', '');
    for (const d of op.deviations) out.push(`- \`${d.behaviour}\` (${d.kind === 'failed' ? '**failed**' : 'known deviation'}): ${indentMessage(d.message)}`);
    out.push('');
  }
  // Example bodies: every answer that is not one of the uniform error envelopes (those are summed
  // up by their codes in the table; behavior.json keeps every example).
  const examples = statuses.filter(([status, s]) => s.example !== undefined && (status.startsWith('2') || status === '422' || s.errorCodes.length === 0));
  if (examples.length > 0) {
    out.push('<details><summary>Example bodies and field types</summary>', '');
    for (const [status, s] of examples) {
      out.push(`**${status}**`, '');
      const text = typeof s.example === 'string' ? (s.example === '' ? '(no body)' : s.example) : JSON.stringify(s.example, null, 2);
      out.push(typeof s.example === 'string' ? '```text' : '```json', text, '```', '');
      const fields = Object.entries(s.fields);
      if (status.startsWith('2') && (fields.length > 1 || (fields.length === 1 && fields[0]![0] !== ''))) {
        out.push('Field types (array items are `*`):', '', '```text', ...fields.map(([p, t]) => `${p || '(body)'}: ${t}`), '```', '');
      }
    }
    out.push('</details>', '');
  }
  const errors = statuses.filter(([status, s]) => !status.startsWith('2') && status !== '422' && s.errorCodes.length > 0 && s.example !== undefined);
  if (errors.length > 0) {
    out.push(`Error answers: ${errors.map(([status, s]) => `${status} ${errorGist(s.example)}`).join('; ')}.`, '');
  }
  if (op.behaviours.length > 0) {
    out.push(`<details><summary>Behaviours (${op.behaviours.length})</summary>`, '', ...op.behaviours.map(behaviourLine), '', '</details>', '');
  }
  return out;
}

function behaviourLine(b: BehaviourRecord): string {
  const why = b.outcome === 'not-run' ? ` — not run: ${b.reason ?? 'skipped'}` : b.outcome === 'known-deviation' ? ` — known deviation: ${firstLine(b.reason ?? b.message ?? '')}` : b.outcome === 'failed' ? ` — ${firstLine(b.message ?? '')}` : '';
  return `- ${OUTCOME_MARK[b.outcome]} ${b.statement} (\`${b.id}\`)${why}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}

function indentMessage(message: string): string {
  const lines = message.split('\n').slice(0, 12);
  if (lines.length === 1) return lines[0] ?? '';
  return `\n\n  \`\`\`text\n${lines.map((l) => `  ${l}`).join('\n')}\n  \`\`\``;
}

/** `NotFoundHttpException: "An error was encountered…"` from an error body. */
function errorGist(example: unknown): string {
  const first = (example as { errors?: { code?: unknown; detail?: unknown }[] } | undefined)?.errors?.[0];
  if (!first) return '';
  const detail = typeof first.detail === 'string' ? ` "${first.detail.length > 120 ? `${first.detail.slice(0, 120)}…` : first.detail}"` : '';
  return `\`${String(first.code)}\`${detail}`;
}
