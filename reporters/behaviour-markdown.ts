// behavior.md: the behaviour document as something a person reads and shares — the verdict and a
// summary first, then per category and operation what this panel's API does (the statuses, one
// short example per status, what deviated), and which claims of the legacy docs hold. It stays
// short (under 150 KB for a full run, reporters/behaviour-document.test.ts holds it to that):
// everything else (every behaviour, field types per JSON pointer, longer examples, full messages,
// every citation) stays in behavior.json. What many operations share (an error answer's detail, a
// quirk) is said once, under "Shared by many operations", not on each.
import { sourceUrl, type SourceLink } from '../harness/source-links.ts';
import type { BehaviourDocument, BehaviourRecord, ClaimRecord, OperationRecord, Verdict } from './behaviour-document.ts';
import type { ProfileVerdict } from './behaviour-model.ts';
import type { QuirkLink } from '../harness/source-links.ts';
import { trimJson, type TrimOptions } from '../harness/behaviour-sample.ts';

/** How an example body is cut for the Markdown (behavior.json keeps the longer one). */
const SHORT_EXAMPLE: TrimOptions = { items: 1, chars: 60, depth: 4 };
/** Lines listed per operation before "… N more in behavior.json". */
const LIST_LIMIT = 8;
const EXAMPLE_LIMIT = 100;
const EVIDENCE_LIMIT = 80;
const CLAIM_LIMIT = 100;
const QUIRK_LIMIT = 160;
const NOTE_LIMIT = 120;
/** Citations linked per operation, per quirk and per profile verdict before "+N in behavior.json". */
const SOURCE_LIMIT = 1;
const QUIRK_SOURCE_LIMIT = 2;
const CLAIM_SOURCE_LIMIT = 1;
/** An error detail or a quirk on this many operations is said once, under "Shared by many operations". */
const SHARED_MIN = 3;
/** Headers nearly every answer has: the status lines name the others (behavior.json has all). */
const COMMON_HEADERS: ReadonlySet<string> = new Set(['content-type', 'x-ratelimit-limit', 'x-ratelimit-remaining']);
/** The panel's generic error detail (APP_DEBUG off): not repeated for every error answer. */
const GENERIC_DETAIL = 'An error was encountered while processing this request.';

import { verdictBanner } from './behaviour-verdict.ts';

const OUTCOME_MARK: Record<BehaviourRecord['outcome'], string> = { passed: '✅', failed: '❌', 'known-deviation': '⚠️', 'unexpected-pass': '❗', 'not-run': '⏭️' };
const VERDICT_TEXT: Record<Verdict, string> = { holds: '✅ **holds**', false: '❌ **false**', 'not checked': '➖ not checked' };

/** The first `limit` items as list lines, then how many more behavior.json holds. */
function listed<T>(items: readonly T[], limit: number, line: (item: T) => string): string[] {
  const lines = items.slice(0, limit).map(line);
  if (items.length > limit) lines.push(`- … ${items.length - limit} more in behavior.json`);
  return lines;
}

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

/** One profile's verdict in a table cell: observed, or from source with its first citation linked. */
function profileVerdictCell(v: ProfileVerdict | undefined, linked: boolean): string {
  if (!v) return '';
  if (v.basis === 'observed') return `${VERDICT_TEXT[v.verdict]} (observed)`;
  // A documented operation's verdict from source is its route list and expectations (said once, above the tables).
  if (!linked) return `${VERDICT_TEXT[v.verdict]} from source`;
  // The first citation (behavior.json has them all): the table stays readable and the file short.
  const sources = v.source ?? [];
  const links = sources.slice(0, CLAIM_SOURCE_LIMIT).map((entry) => {
    try {
      return sourceLinkMarkdown({ source: entry, url: sourceUrl(entry) });
    } catch {
      return entry;
    }
  });
  const more = sources.length > CLAIM_SOURCE_LIMIT ? ` +${sources.length - CLAIM_SOURCE_LIMIT}` : '';
  // The note (why) stays in behavior.json: clipped to fit a cell it said little the link does not.
  return cell(`${VERDICT_TEXT[v.verdict]} from source${links.length ? `: ${links.join(', ')}${more}` : ''}`);
}

export function renderBehaviourMarkdown(doc: BehaviourDocument): string {
  const out: string[] = [];
  const specOps = doc.operations.filter((o) => o.operationId);
  const settings = doc.run.settings;
  const mode = settings.allowDestructive ? 'writes and destructive checks allowed' : settings.allowWrites ? 'writes allowed' : 'read-only';
  out.push(`# What the panel's API does: ${doc.target.label}`, '', ...verdictBanner(doc));
  out.push(
    `Generated ${doc.generatedAt} by the conformance run \`${doc.run.id}\` against ${doc.target.mode === 'mock' ? 'the embedded mock panel' : 'the live panel'} ${doc.target.url}${doc.target.profile ? `, checked as profile ${doc.target.profile}` : ''} (${mode}${settings.probeRateLimit ? ', rate-limit probes on' : ''}${settings.strictDocs ? ', strict docs audit' : ''}). ` +
      `Everything below is what the panel answered during that run; example bodies are redacted, trimmed${doc.target.mode === 'live' ? ' and carry pseudonyms for personal data unless PTERO_KEEP_PERSONAL_DATA=1' : ''}; \`behavior.json\` beside this file has every detail (every behaviour, example and citation). Per operation, each status seen: how often, the error codes, the content type when not JSON, *other headers* (beyond Content-Type and X-RateLimit-*) and *rate limit* (the X-RateLimit-Limit values; none on answers the throttle did not see). Key roles given: ${doc.run.keyRoles.join(', ') || 'none'}.`,
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
  // A legacy-docs operation the profile's spec also has (the 1.x client API on a v1.11 run) is said
  // within the spec operation's section, not as an operation of its own (behavior.json keeps both).
  const twins = legacyTwins(doc.operations);
  const sectionOps = (category: string) => doc.operations.filter((o) => o.category === category && !twins.has(o.key));
  const categories = doc.categories.filter((c) => sectionOps(c).length > 0);
  const shared = sharedAcross(doc.operations.filter((o) => !twins.has(o.key)));
  for (const category of categories) {
    const ops = sectionOps(category);
    const legacyOnly = ops.every((o) => !o.operationId);
    out.push(`- [${category}](#${anchor(category)}): ${plural(ops.length, 'operation')}${legacyOnly ? ' (legacy docs only)' : ''}, ${ops.filter((o) => o.exercised).length} exercised`);
  }

  out.push('- [Shared by many operations](#shared-by-many-operations)', '- [Behaviours not tied to one operation](#behaviours-not-tied-to-one-operation)', '- [The legacy docs\' claims](#the-legacy-docs-claims)', '');

  const claimsByOperation = new Map<string, ClaimRecord[]>();
  for (const c of doc.claims.filter((c) => c.kind === 'operation')) {
    if (c.operation) claimsByOperation.set(c.operation, [...(claimsByOperation.get(c.operation) ?? []), c]);
  }

  const twinsOf = new Map<string, OperationRecord[]>();
  for (const [legacyKey, specOp] of twins) twinsOf.set(specOp.key, [...(twinsOf.get(specOp.key) ?? []), doc.operations.find((o) => o.key === legacyKey)!]);
  for (const category of categories) {
    const ops = sectionOps(category);
    out.push(`## ${category}`, '');
    if (ops.every((o) => !o.operationId)) {
      out.push(`The legacy docs document these operations on their ${category} page; the spec has none of them (a stock v0.7.19 panel does not route them). What this panel answered:`, '');
    }
    for (const op of ops) {
      out.push(...renderOperation(op, claimsByOperation.get(op.key) ?? [], shared));
      for (const twin of twinsOf.get(op.key) ?? []) out.push(...renderTwin(twin, claimsByOperation.get(twin.key) ?? []));
    }
  }
  out.push(...renderShared(shared));

  out.push('## Behaviours not tied to one operation', '');
  if (doc.crossCutting.length === 0) out.push('None in this run.', '');
  const byCategory = new Map<string, BehaviourRecord[]>();
  for (const beh of doc.crossCutting) byCategory.set(beh.category, [...(byCategory.get(beh.category) ?? []), beh]);
  for (const [category, list] of byCategory) {
    // Counted; only what did not pass is listed (every behaviour is in behavior.json).
    const notPassed = list.filter((b) => b.outcome !== 'passed');
    out.push(`### ${category}`, '', `${countsLine(countOf(list))}.`, '', ...listed(notPassed, LIST_LIMIT * 2, behaviourLine), '');
  }

  out.push('## The legacy docs\' claims', '');
  out.push(`Every claim of the legacy community docs for 0.7 (spec/legacy-docs-claims.yaml), judged by this run: ${verdictCounts(doc.claims)}.`, '');
  const profiles = claimProfiles(doc.claims);
  if (profiles.length > 0) {
    out.push(
      `Per panel profile, observed by this run for its own and from each panel's source (cited) otherwise: ${profileCounts(doc.claims)}. ` +
        "For a documented operation, a verdict from source is whether that panel's route list routes it and whether its expectations contradict a documented detail; behavior.json has every verdict's citations and note.",
      '',
    );
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
      const perProfile = profiles.map((p) => ` ${profileVerdictCell(c.profiles?.[p], c.kind !== 'operation')} |`).join('');
      out.push(`| ${cell(clipText(`${c.kind === 'discrepancy' ? `${c.id.replace('discrepancy-', '#')}: ` : ''}${c.claim}`, CLAIM_LIMIT))} | ${VERDICT_TEXT[c.verdict]} |${perProfile} ${evidenceCell(c)} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** `[path#La-Lb](url)`: the entry without its tag, linked to the source at the tag. */
function sourceLinkMarkdown(link: SourceLink): string {
  return `[${link.source.slice(link.source.indexOf(':') + 1)}](${link.url})`;
}

function routeOf(op: OperationRecord): string {
  return `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`;
}

/** Legacy-docs operations (by key) whose method and path a spec operation of this document has. */
function legacyTwins(ops: readonly OperationRecord[]): Map<string, OperationRecord> {
  const specByRoute = new Map(ops.filter((o) => o.operationId).map((o) => [routeOf(o), o]));
  const twins = new Map<string, OperationRecord>();
  for (const op of ops.filter((o) => !o.operationId)) {
    const spec = specByRoute.get(routeOf(op));
    if (spec) twins.set(op.key, spec);
  }
  return twins;
}

/**
 * The legacy docs' operation of the same method and path, within the spec operation's section: its
 * claim's verdict, its own checks and what deviated. Its answers are this operation's (the document
 * matches them by path), so the status lines above stand for both.
 */
function renderTwin(op: OperationRecord, claims: ClaimRecord[]): string[] {
  const claimText = claims.map((c) => `\`${c.id}\` ${VERDICT_TEXT[c.verdict]}`).join(', ');
  const checked = Object.values(op.counts).some((n) => n > 0);
  const out = [`[Legacy docs](#the-legacy-docs-claims): ${claimText || 'no claim'}${checked ? `; its checks: ${countsLine(op.counts)}` : ''}.`, ''];
  if (op.deviations.length > 0) {
    out.push(...listed(op.deviations, LIST_LIMIT, deviationLine), '');
  }
  const notPassed = op.behaviours.filter((b) => b.outcome !== 'passed');
  if (notPassed.length > 0) {
    out.push(...listed(notPassed, LIST_LIMIT, behaviourLine), '');
  }
  return out;
}

function deviationLine(d: OperationRecord['deviations'][number]): string {
  return `- \`${d.behaviour}\` (${d.kind === 'failed' ? '**failed**' : 'known deviation'}): ${firstLine(d.message)}`;
}

/** What several operations share, said once: error answers' details and quirks, by how many operations carry them. */
interface Shared {
  errors: Map<string, number>;
  quirks: Map<string, { quirk: QuirkLink; count: number }>;
}

function quirkKey(q: QuirkLink): string {
  return `${q.kind}|${q.where}|${q.text}`;
}

/** The error answers (status and gist) of an operation worth a line: a detail other than the generic one. */
function errorAnswers(op: OperationRecord): string[] {
  return Object.entries(op.statuses)
    .filter(([status, s]) => !status.startsWith('2') && status !== '422' && s.errorCodes.length > 0 && s.example !== undefined && errorGist(s.example).includes('"'))
    .map(([status, s]) => `${status} ${errorGist(s.example)}`);
}

function sharedAcross(ops: readonly OperationRecord[]): Shared {
  const errors = new Map<string, number>();
  const quirks = new Map<string, { quirk: QuirkLink; count: number }>();
  for (const op of ops) {
    for (const e of new Set(errorAnswers(op))) errors.set(e, (errors.get(e) ?? 0) + 1);
    for (const q of op.quirks ?? []) {
      const entry = quirks.get(quirkKey(q));
      quirks.set(quirkKey(q), { quirk: q, count: (entry?.count ?? 0) + 1 });
    }
  }
  for (const [k, n] of errors) if (n < SHARED_MIN) errors.delete(k);
  for (const [k, v] of quirks) if (v.count < SHARED_MIN) quirks.delete(k);
  return { errors, quirks };
}

function renderShared(shared: Shared): string[] {
  const out = ['## Shared by many operations', ''];
  if (shared.errors.size === 0 && shared.quirks.size === 0) return [...out, `Nothing is shared by ${SHARED_MIN} or more operations in this run.`, ''];
  if (shared.errors.size > 0) {
    out.push(`Error answers with the same detail on ${SHARED_MIN} or more operations (each operation's status lines name the code; behavior.json has the bodies):`, '');
    for (const [e, n] of [...shared.errors].sort((a, b) => b[1] - a[1])) out.push(`- ${e} — on ${plural(n, 'operation')}`);
    out.push('');
  }
  if (shared.quirks.size > 0) {
    out.push(`Quirks of ${SHARED_MIN} or more operations (each operation names them; behavior.json has them per operation with every citation):`, '');
    for (const { quirk, count } of shared.quirks.values()) out.push(`${quirkLine(quirk, [], Infinity)} On ${plural(count, 'operation')}.`);
    out.push('');
  }
  return out;
}

/** Linked citations, the first `limit` of them; the rest are counted (behavior.json has them all). */
function linkList(links: readonly SourceLink[], limit: number): string {
  const shown = links.slice(0, limit).map(sourceLinkMarkdown).join(', ');
  return links.length > limit ? `${shown} and ${links.length - limit} more in behavior.json` : shown;
}

/** A quirk with the citations its operation's Source line does not already give. */
function quirkLine(q: QuirkLink, operationSources: readonly SourceLink[], limit = QUIRK_LIMIT): string {
  const own = new Set(operationSources.map((l) => l.source));
  const rest = q.sources.filter((l) => !own.has(l.source));
  const sources = rest.length > 0 ? ` Source: ${linkList(rest, QUIRK_SOURCE_LIMIT)}.` : q.sources.length > 0 ? ' Source: the operation\'s.' : '';
  return `- ${q.kind === 'quirk' ? 'Quirk' : 'Uncertain'} (${q.where}): ${clipText(q.text.replace(/\s+/g, ' '), limit)}${sources}`;
}

function renderOperation(op: OperationRecord, claims: ClaimRecord[], shared: Shared): string[] {
  const out: string[] = [];
  out.push(`### ${op.method} ${op.path}`, '');
  out.push(`${op.operationId ? `\`${op.operationId}\` — ${op.summary}` : op.summary}. ${op.exercised ? `${plural(op.requests, 'request')}.` : '**Not exercised** by this run.'}`, '');
  if (op.notes) out.push(`> Legacy docs note: ${clipText(op.notes, NOTE_LIMIT)}`, '');
  if (op.sources?.length) out.push(`Source: ${linkList(op.sources, SOURCE_LIMIT)}.`, '');
  const quirks = op.quirks ?? [];
  const own = quirks.filter((q) => !shared.quirks.has(quirkKey(q)));
  if (own.length > 0) out.push(...own.map((q) => quirkLine(q, op.sources ?? [])), '');
  const common = quirks.filter((q) => shared.quirks.has(quirkKey(q)));
  if (common.length > 0) out.push(`[Shared quirks](#shared-by-many-operations): ${common.map((q) => q.where).join(', ')}.`, '');
  const statuses = Object.entries(op.statuses);
  // One line per status seen (a table per operation cost more in headers than its rows).
  if (statuses.length > 0) {
    out.push('Answers:', '');
    for (const [status, s] of statuses) out.push(statusLine(status, s, op.operationId !== undefined));
    out.push('');
  }
  const unseen = op.documentedStatuses.filter((s) => !(s in op.statuses));
  if (op.operationId && unseen.length) out.push(`Documented but not seen: ${unseen.join(', ')}.`, '');
  out.push(`Checks: ${countsLine(op.counts)}.`, '');
  if (claims.length > 0) out.push(`[Legacy docs](#the-legacy-docs-claims): ${claims.map((c) => `\`${c.id}\` ${VERDICT_TEXT[c.verdict]}`).join(', ')}.`, '');
  if (op.deviations.length > 0) {
    out.push('Deviations from the spec:', '');
    out.push(...listed(op.deviations, LIST_LIMIT, deviationLine), '');
  }
  // One short example per status: bodies that are not the uniform error envelopes (those are summed
  // up by their codes below); behavior.json keeps longer examples and the field types.
  // (422's validation envelope is summed up by its codes too.)
  const examples = statuses.filter(([status, s]) => s.example !== undefined && (status.startsWith('2') || s.errorCodes.length === 0));
  const empty = examples.filter(([, s]) => s.example === '');
  const bodies = examples.filter(([, s]) => s.example !== '');
  if (empty.length > 0) out.push(`No body: ${empty.map(([status]) => status).join(', ')}.`, '');
  for (const [status, s] of bodies) {
    const short = typeof s.example === 'string' ? firstLine(s.example) : clipText(JSON.stringify(trimJson(s.example, SHORT_EXAMPLE)), EXAMPLE_LIMIT);
    out.push(`Example ${status}: ${inlineCode(short)}`, '');
  }
  // Error answers beyond their code (in the status lines): only a detail other than the generic one, and
  // not one many operations share (said once, under "Shared by many operations").
  const errors = errorAnswers(op).filter((e) => !shared.errors.has(e));
  if (errors.length > 0) out.push(`Error answers: ${errors.join('; ')}.`, '');
  // The behaviours that did not pass (those that passed are counted above).
  const notPassed = op.behaviours.filter((b) => b.outcome !== 'passed');
  if (notPassed.length > 0) {
    out.push(...listed(notPassed, LIST_LIMIT, behaviourLine), '');
  }
  return out;
}

/** `- **404** 2× · \`NotFoundHttpException\` · text/html · other headers allow · rate limit 720`, and **not in the spec** where so. */
function statusLine(status: string, s: OperationRecord['statuses'][string], inSpec: boolean): string {
  const types = s.contentTypes.filter((t) => !/^application\/json\b/.test(t));
  const other = s.headers.filter((h) => !COMMON_HEADERS.has(h));
  const parts = [
    `**${status}** ${s.count}×${inSpec && !s.documented ? ' **not in the spec**' : ''}`,
    s.errorCodes.length ? inlineCode(s.errorCodes.join(', ')) : '',
    types.join(', '),
    other.length ? `other headers ${other.join(', ')}` : '',
    s.rateLimit.length ? `rate limit ${s.rateLimit.join(', ')}` : s.rateLimited ? 'rate limited' : '',
  ];
  return `- ${parts.filter(Boolean).join(' · ')}`;
}

function behaviourLine(b: BehaviourRecord): string {
  const why = b.outcome === 'not-run' ? ` — not run: ${b.reason ?? 'skipped'}` : b.outcome === 'known-deviation' ? ` — known deviation: ${firstLine(b.reason ?? b.message ?? '')}` : b.outcome === 'failed' ? ` — ${firstLine(b.message ?? '')}` : '';
  return `- ${OUTCOME_MARK[b.outcome]} ${b.statement} (\`${b.id}\`)${why}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/**
 * A claim's evidence, short. Where a documented operation's claim holds, its section shows what the
 * panel answered: the cell says so rather than repeating it (behavior.json has the evidence).
 */
function evidenceCell(c: ClaimRecord): string {
  if (c.kind === 'operation' && c.verdict === 'holds') return 'its operation\'s answers';
  return cell(clipText(c.evidence.map(withoutClaimPrefix).join('; '), EVIDENCE_LIMIT));
}

/** Evidence without its leading "documented GET /path (opId): ", which the claim column says already. */
function withoutClaimPrefix(evidence: string): string {
  return evidence.replace(/^documented [A-Z]+ \S+(?: \([^)]*\))?: /, '');
}

/** Inline code that survives backticks in the text (a longer fence than any run inside). */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
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
