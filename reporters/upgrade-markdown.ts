// reports/upgrade.md: the upgrade report for people. Breaking changes first; the operator's own calls
// (with --access-log) before anything else; each change says whether it is read from the panel source
// (with its citations) and what the two runs observed of it.
import type { ChangeOut, OperationOut, UpgradeReport } from './upgrade-report.ts';

const VERDICT_TEXT = {
  gone: 'gone',
  moved: 'moved (new path)',
  'changed-fields': 'changed fields and types',
  'changed-statuses': 'changed statuses and error shapes',
  'changed-limits': 'changed limits and key rules',
  same: 'same',
} as const;

const OBSERVATION_TEXT = { confirmed: 'observed: confirmed', contradicted: 'observed: CONTRADICTED', 'not observed': 'not observed' } as const;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim() || '—';
}

function sources(change: Pick<ChangeOut, 'sources'>): string {
  return change.sources.map((s) => `[${s.source}](${s.url})`).join(', ');
}

function changeLine(c: ChangeOut): string {
  const observed = `${OBSERVATION_TEXT[c.observation]}${c.observed ? ` (${c.observed})` : ''}`;
  return `- ${c.breaking ? '**breaking** ' : ''}${c.kind}: ${c.summary}. Source: ${sources(c)}; ${observed}`;
}

function call(op: Pick<OperationOut, 'method' | 'path'>): string {
  return `\`${op.method} ${op.path}\``;
}

function clientsText(clients: readonly { client: string; calls: number }[], max = 5): string {
  const shown = clients.slice(0, max).map((c) => `${c.client} (${c.calls})`);
  return `${shown.join(', ')}${clients.length > max ? `, … ${clients.length - max} more` : ''}`;
}

function operationSection(op: OperationOut): string[] {
  const mark = op.breaking ? '❌' : op.verdict === 'same' ? '✅' : 'ℹ️';
  const target = op.gone ? ' → gone' : op.to && (op.to.method !== op.method || op.to.path !== op.path) ? ` → \`${op.to.method} ${op.to.path}\`` : '';
  const lines = [`### ${mark} ${call(op)}${target} (${op.operation})`, ''];
  const observed = op.verdicts.observed.length > 0 ? op.verdicts.observed.map((v) => VERDICT_TEXT[v]).join(', ') : op.observed.compared ? 'no difference' : 'nothing compared';
  lines.push(`**${VERDICT_TEXT[op.verdict]}**${op.breaking ? ', breaking' : ''}. From the source: ${op.verdicts.source.map((v) => VERDICT_TEXT[v]).join(', ')}; from observation: ${observed}.`, '');
  if (op.gone) lines.push(`- **breaking** gone: ${op.gone}`);
  for (const c of op.changes) lines.push(changeLine(c));
  if (op.calls) lines.push(`- your integrations' calls: ${op.calls.count}, from ${clientsText(op.calls.clients)}`);
  lines.push(`- observed: ${op.observed.note}${op.observed.compared ? `; statuses 0.7 ${op.observed.statuses.before.join(', ') || '—'}, 1.x ${op.observed.statuses.after.join(', ') || '—'}` : ''}`);
  const shown = op.observed.changes.filter((c) => !c.informative && c.explainedBy === undefined);
  for (const c of shown.slice(0, 15)) lines.push(`  - ${c.breaking ? '**breaking** ' : ''}${c.message}`);
  if (shown.length > 15) lines.push(`  - … ${shown.length - 15} more in upgrade.json`);
  const explained = op.observed.changes.filter((c) => c.explainedBy !== undefined);
  if (explained.length > 0) lines.push(`  - every-call changes seen here: ${explained.map((c) => `${c.message} (${c.explainedBy})`).join('; ')}`);
  const informative = op.observed.changes.filter((c) => c.informative);
  if (informative.length > 0) lines.push(`  - seen by one run only (requests the other run may not have sent): ${informative.map((c) => c.message).join('; ')}`);
  return [...lines, ''];
}

export function renderUpgradeMarkdown(report: UpgradeReport): string {
  const s = report.summary;
  const counts = (Object.keys(VERDICT_TEXT) as (keyof typeof VERDICT_TEXT)[])
    .filter((v) => s.byVerdict[v] > 0)
    .map((v) => `${s.byVerdict[v]} ${VERDICT_TEXT[v]}`)
    .join(', ');
  const out = [
    `# Before you upgrade: panel ${report.from.tag} → ${report.to.tag}`,
    '',
    `What each of the ${s.operations} operations of the ${report.from.tag} API gets on ${report.to.tag}. **${s.breaking} of ${s.operations} break** a client written for ${report.from.tag} (${counts}), and ${report.common.filter((c) => c.breaking).length} breaking changes meet every call (below).`,
    '',
    `- ${report.from.tag} run: ${report.from.run.label}, ${report.from.run.generatedAt} (${report.from.run.verdict})`,
    `- ${report.to.tag} run: ${report.to.run.label}, ${report.to.run.generatedAt} (${report.to.run.verdict})`,
    `- Verdicts come from two places, kept apart: the panel source at both tags (spec/upgrade-v0.7.19-to-v1.11.yaml, cited per change) and, for the ${s.observed} operations both runs exercised, what the runs observed (statuses, body fields by type and presence, error codes). "observed: confirmed" means the runs show the change; "CONTRADICTED" means they show otherwise (check the target panel).`,
    '',
  ];
  if (report.usage) {
    const u = report.usage;
    out.push(
      "## Your integrations' calls",
      '',
      `${u.file}${u.gzip ? ' (gzip)' : ''}: ${u.lines} lines${u.firstTime ? `, ${u.firstTime} to ${u.lastTime}` : ''}; ${u.apiRequests} /api requests, ${u.mappedRequests} of them to a 0.7 operation (${u.callsPerApi.application} application, ${u.callsPerApi.client} client); ${u.otherRequests} other requests; ${u.unknownLines} lines not in the log format (skipped). Client addresses ${u.clientsMasked ? 'are pseudonyms (PTERO_KEEP_PERSONAL_DATA=1 shows them as logged)' : 'as logged'}.`,
      '',
    );
    if (u.ranking.length === 0) out.push('None of the logged calls reaches an operation with a breaking change of its own.', '');
    else {
      out.push('| # | call | calls | on 1.11 | breaking changes | clients |', '|---|---|---|---|---|---|');
      u.ranking.forEach((r, i) =>
        out.push(`| ${i + 1} | ${cell(`${r.method} ${r.path}`)} | ${r.calls} | ${VERDICT_TEXT[r.verdict]} | ${cell(r.breakingChanges.join('; '))} | ${cell(clientsText(r.clients))} |`),
      );
      out.push('');
    }
    const every = report.common.filter((c) => c.breaking && c.applies.some((api) => u.callsPerApi[api] > 0));
    if (every.length > 0) out.push(`Every call also meets: ${every.map((c) => c.id).join(', ')} (below).`, '');
    if (u.unmapped.length > 0) {
      out.push(`/api calls no 0.7 operation has (404 on 0.7 already): ${u.unmapped.slice(0, 10).map((x) => `\`${x.call}\` (${x.calls})`).join(', ')}${u.unmapped.length > 10 ? `, … ${u.unmapped.length - 10} more` : ''}.`, '');
    }
  }
  out.push('## Every call', '');
  for (const c of report.common) out.push(`${changeLine(c)} (${c.applies.join(' and ')} API${c.applies.length > 1 ? 's' : ''}, ${c.operations} operations)`);
  const limits = (r: Record<string, number[]>) => Object.entries(r).map(([api, v]) => `${api} ${v.join('/') || '—'}`).join(', ');
  out.push('', `X-RateLimit-Limit observed: ${report.from.tag} run ${limits(report.rateLimits.before) || '—'}; ${report.to.tag} run ${limits(report.rateLimits.after) || '—'}.`, '');
  out.push('## Operations, breaking first', '');
  for (const op of report.operations) out.push(...operationSection(op));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
