// behavior.md: the behaviour document as something a person reads and shares — the verdict and a
// summary first, then per category and operation what this panel's API does (the statuses, one
// short example per status, what deviated), and which claims of the legacy docs hold. It stays
// short (under 150 KB for a full run): everything else (every behaviour, field types per JSON
// pointer, longer examples, full messages) stays in behavior.json.
import { sourceUrl, type SourceLink } from '../harness/source-links.ts';
import type { BehaviourDocument, BehaviourRecord, ClaimRecord, OperationRecord, Verdict } from './behaviour-document.ts';
import type { ProfileVerdict } from './behaviour-model.ts';
import { trimJson, type TrimOptions } from '../harness/behaviour-sample.ts';

/** How an example body is cut for the Markdown (behavior.json keeps the longer one). */
const SHORT_EXAMPLE: TrimOptions = { items: 1, chars: 60, depth: 4 };
/** Lines listed per operation before "… N more in behavior.json". */
const LIST_LIMIT = 8;
const EXAMPLE_LIMIT = 600;
const EVIDENCE_LIMIT = 160;
/** Headers nearly every answer has: the table names the others (behavior.json has all). */
const COMMON_HEADERS: ReadonlySet<string> = new Set(['content-type', 'x-ratelimit-limit', 'x-ratelimit-remaining']);
/** The panel's generic error detail (APP_DEBUG off): not repeated for every error answer. */
const GENERIC_DETAIL = 'An error was encountered while processing this request.';

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

function countOf(list: readonly BehaviourRecord[]): OperationRecord['counts'] {
  const n = (o: BehaviourRecord['outcome']) => list.filter((b) => b.outcome === o).length;
  return { passed: n('passed'), failed: n('failed'), knownDeviations: n('known-deviation'), unexpectedPass: n('unexpected-pass'), notRun: n('not-run') };
}

function verdictCounts(claims: readonly ClaimRecord[]): string {
  const n = (v: Verdict) => claims.filter((c) => c.verdict === v).length;
  return `${n('holds')} hold, ${n('false')} false, ${n('not checked')} not checked`;
}

/** The profiles the claims carry verdicts for, in the order first met (the run's own first). */
function claimProfiles(claims: readonly ClaimRecord[]): string[] {
  return [...new Set(claims.flatMap((c) => Object.keys(c.profiles ?? {})))];
}

/** "v1.11: 80 hold, 30 false, 3 not checked (95 observed, 18 from source)" per profile. */
function profileCounts(claims: readonly ClaimRecord[]): string {
  return claimProfiles(claims)
    .map((p) => {
      const verdicts = claims.map((c) => c.profiles?.[p]).filter((v): v is ProfileVerdict => v !== undefined);
      const n = (v: Verdict) => verdicts.filter((x) => x.verdict === v).length;
      const observed = verdicts.filter((x) => x.basis === 'observed').length;
      return `${p}: ${n('holds')} hold, ${n('false')} false, ${n('not checked')} not checked (${observed} observed, ${verdicts.length - observed} from source)`;
    })
    .join('; ');
}

/** One profile's verdict in a table cell: observed, or from source with its citations linked and its gist. */
function profileVerdictCell(v: ProfileVerdict | undefined): string {
  if (!v) return '';
  if (v.basis === 'observed') return `${VERDICT_TEXT[v.verdict]} (observed)`;
  // The first two citations (behavior.json has them all): the table stays readable and the file short.
  const sources = v.source ?? [];
  const links = sources.slice(0, 2).map((entry) => {
    try {
      return sourceLinkMarkdown({ source: entry, url: sourceUrl(entry) });
    } catch {
      return entry;
    }
  });
  const more = sources.length > 2 ? ` +${sources.length - 2}` : '';
  return cell(`${VERDICT_TEXT[v.verdict]} from source${links.length ? `: ${links.join(', ')}${more}` : ''}${v.note ? ` — ${clipText(v.note, 100)}` : ''}`);
}

export function renderBehaviourMarkdown(doc: BehaviourDocument): string {
  const out: string[] = [];
  const specOps = doc.operations.filter((o) => o.operationId);
  const settings = doc.run.settings;
  const mode = settings.allowDestructive ? 'writes and destructive checks allowed' : settings.allowWrites ? 'writes allowed' : 'read-only';
  out.push(`# What the panel's API does: ${doc.target.label}`, '', ...verdictBanner(doc));
  out.push(
    `Generated ${doc.generatedAt} by the conformance run \`${doc.run.id}\` against ${doc.target.mode === 'mock' ? 'the embedded mock panel' : 'the live panel'} ${doc.target.url}${doc.target.profile ? `, checked as profile ${doc.target.profile}` : ''} (${mode}${settings.probeRateLimit ? ', rate-limit probes on' : ''}${settings.strictDocs ? ', strict docs audit' : ''}). ` +
      `Everything below is what the panel answered during that run; example bodies are redacted, trimmed${doc.target.mode === 'live' ? ' and carry pseudonyms for personal data unless PTERO_KEEP_PERSONAL_DATA=1' : ''}; \`behavior.json\` beside this file has every detail. Key roles given: ${doc.run.keyRoles.join(', ') || 'none'}.`,
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
    `- **Legacy docs claims**: ${verdictCounts(doc.claims)} (see [the claims](#the-legacy-docs-claims))${claimProfiles(doc.claims).length ? `; per profile: ${profileCounts(doc.claims)}` : ''}.`,
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
    // Counted; only what did not pass is listed (every behaviour is in behavior.json).
    const notPassed = list.filter((b) => b.outcome !== 'passed');
    out.push(`### ${category}`, '', `${countsLine(countOf(list))}.`, '', ...notPassed.slice(0, LIST_LIMIT * 2).map(behaviourLine));
    if (notPassed.length > LIST_LIMIT * 2) out.push(`- … ${notPassed.length - LIST_LIMIT * 2} more in behavior.json`);
    out.push('');
  }

  out.push('## The legacy docs\' claims', '');
  out.push(`Every claim of the legacy community docs for 0.7 (spec/legacy-docs-claims.yaml), judged by this run: ${verdictCounts(doc.claims)}.`, '');
  const profiles = claimProfiles(doc.claims);
  if (profiles.length > 0) {
    out.push(`Per panel profile, observed by this run for its own and from each panel's source (cited) otherwise: ${profileCounts(doc.claims)}.`, '');
  }
  const groups: [string, ClaimRecord[]][] = [
    ['Intro page', doc.claims.filter((c) => c.kind === 'intro' || c.kind === 'rate-limit' || c.kind === 'error-example' || (c.kind === 'page' && c.section === 'intro'))],
    ['Other page claims', doc.claims.filter((c) => c.kind === 'page' && c.section !== 'intro')],
  ];
  for (const section of [...new Set(doc.claims.filter((c) => c.kind === 'operation').map((c) => c.section))]) {
    groups.push([`Operations documented on ${section}`, doc.claims.filter((c) => c.kind === 'operation' && c.section === section)]);
  }
  groups.push(['Where the v0.7 pages are wrong', doc.claims.filter((c) => c.kind === 'discrepancy')]);
  for (const [title, claims] of groups) {
    if (claims.length === 0) continue;
    out.push(`### ${title}`, '', `| claim | verdict |${profiles.map((p) => ` ${p} |`).join('')} evidence |`, `|---|---|${profiles.map(() => '---|').join('')}---|`);
    for (const c of claims) {
      const perProfile = profiles.map((p) => ` ${profileVerdictCell(c.profiles?.[p])} |`).join('');
      out.push(`| ${cell(`${c.kind === 'discrepancy' ? `${c.id.replace('discrepancy-', '#')}: ` : ''}${c.claim}`)} | ${VERDICT_TEXT[c.verdict]} |${perProfile} ${cell(clipText(c.evidence.join('; '), EVIDENCE_LIMIT))} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** `[path#La-Lb](url)`: the entry without its tag, linked to the source at the tag. */
function sourceLinkMarkdown(link: SourceLink): string {
  return `[${link.source.slice(link.source.indexOf(':') + 1)}](${link.url})`;
}

function renderOperation(op: OperationRecord, claims: ClaimRecord[]): string[] {
  const out: string[] = [];
  out.push(`### ${op.method} ${op.path}`, '');
  out.push(`${op.operationId ? `\`${op.operationId}\` — ${op.summary}` : op.summary}. ${op.exercised ? `${plural(op.requests, 'request')}.` : '**Not exercised** by this run.'}`, '');
  if (op.notes) out.push(`> Legacy docs note: ${op.notes}`, '');
  if (op.sources?.length) out.push(`Source: ${op.sources.map(sourceLinkMarkdown).join(', ')}.`, '');
  if (op.quirks?.length) {
    out.push(...op.quirks.map((q) => `- ${q.kind === 'quirk' ? 'Quirk' : 'Uncertain'} (${q.where}): ${q.text.replace(/\s+/g, ' ')} Source: ${q.sources.map(sourceLinkMarkdown).join(', ')}.`), '');
  }
  const statuses = Object.entries(op.statuses);
  if (statuses.length > 0) {
    out.push('| status | seen | in spec | other headers (and content type when not JSON) | error codes | X-RateLimit-Limit |', '|---|---|---|---|---|---|');
    for (const [status, s] of statuses) {
      out.push(
        `| ${status} | ${s.count}× | ${op.operationId ? (s.documented ? 'yes' : '**no**') : '—'} | ${cell([...s.contentTypes.filter((t) => !/^application\/json\b/.test(t)), ...s.headers.filter((h) => !COMMON_HEADERS.has(h))].join(', '))} | ${cell(s.errorCodes.join(', '))} | ${s.rateLimit.join(', ') || (s.rateLimited ? 'yes' : 'none')} |`,
      );
    }
    out.push('');
  }
  const unseen = op.documentedStatuses.filter((s) => !(s in op.statuses));
  if (op.operationId && unseen.length) out.push(`Documented but not seen: ${unseen.join(', ')}.`, '');
  out.push(`Checks: ${countsLine(op.counts)}.`, '');
  if (claims.length > 0) out.push(`Legacy docs: ${claims.map((c) => `\`${c.id}\` ${VERDICT_TEXT[c.verdict]}`).join(', ')} (evidence in [the claims](#the-legacy-docs-claims)).`, '');
  if (op.deviations.length > 0) {
    out.push('Deviations from the spec:', '');
    for (const d of op.deviations.slice(0, LIST_LIMIT)) out.push(`- \`${d.behaviour}\` (${d.kind === 'failed' ? '**failed**' : 'known deviation'}): ${firstLine(d.message)}`);
    if (op.deviations.length > LIST_LIMIT) out.push(`- … ${op.deviations.length - LIST_LIMIT} more in behavior.json`);
    out.push('');
  }
  // One short example per status: bodies that are not the uniform error envelopes (those are summed
  // up by their codes below); behavior.json keeps longer examples and the field types.
  const examples = statuses.filter(([status, s]) => s.example !== undefined && (status.startsWith('2') || status === '422' || s.errorCodes.length === 0));
  if (examples.length > 0) {
    out.push('<details><summary>Example bodies</summary>', '');
    for (const [status, s] of examples) {
      const short = typeof s.example === 'string' ? (s.example === '' ? '(no body)' : firstLine(s.example)) : clipText(JSON.stringify(trimJson(s.example, SHORT_EXAMPLE)), EXAMPLE_LIMIT);
      out.push(`**${status}**`, '', typeof s.example === 'string' ? '```text' : '```json', short, '```', '');
    }
    out.push('</details>', '');
  }
  // Error answers beyond their code (in the table): only a detail other than the generic one.
  const errors = statuses.filter(([status, s]) => !status.startsWith('2') && status !== '422' && s.errorCodes.length > 0 && s.example !== undefined && errorGist(s.example).includes('"'));
  if (errors.length > 0) {
    out.push(`Error answers: ${errors.map(([status, s]) => `${status} ${errorGist(s.example)}`).join('; ')}.`, '');
  }
  // The behaviours that did not pass (those that passed are counted above).
  const notPassed = op.behaviours.filter((b) => b.outcome !== 'passed');
  if (notPassed.length > 0) {
    out.push(...notPassed.slice(0, LIST_LIMIT).map(behaviourLine));
    if (notPassed.length > LIST_LIMIT) out.push(`- … ${notPassed.length - LIST_LIMIT} more in behavior.json`);
    out.push('');
  }
  return out;
}

function behaviourLine(b: BehaviourRecord): string {
  const why = b.outcome === 'not-run' ? ` — not run: ${b.reason ?? 'skipped'}` : b.outcome === 'known-deviation' ? ` — known deviation: ${firstLine(b.reason ?? b.message ?? '')}` : b.outcome === 'failed' ? ` — ${firstLine(b.message ?? '')}` : '';
  return `- ${OUTCOME_MARK[b.outcome]} ${b.statement} (\`${b.id}\`)${why}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

function clipText(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** `NotFoundHttpException: "An error was encountered…"` from an error body. */
function errorGist(example: unknown): string {
  const first = (example as { errors?: { code?: unknown; detail?: unknown }[] } | undefined)?.errors?.[0];
  if (!first) return '';
  const detail = typeof first.detail === 'string' && first.detail !== GENERIC_DETAIL ? ` "${first.detail.length > 120 ? `${first.detail.slice(0, 120)}…` : first.detail}"` : '';
  return `\`${String(first.code)}\`${detail}`;
}
