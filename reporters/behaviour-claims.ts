// A verdict on every claim of the legacy docs (spec/legacy-docs-claims.yaml): `holds`, `false` or
// `not checked`, with the evidence, from what the run observed (the answers to each documented
// method + path, the X-RateLimit-Limit values, the error bodies, the fields seen) and from the
// behaviours that audit the docs (`legacy-docs.*`; known deviations tie them to the rows of the
// docs' "Where the v0.7 pages are wrong" table through their links).
import { fitsTemplate, legacyCategory, type LegacyClaims, type LegacyField, type LegacyOperation, type ProfileSourceVerdicts } from '../harness/legacy-claims.ts';
import { operationSourceVerdicts } from '../harness/legacy-claim-sources.ts';
import { defaultProfileId } from '../harness/profiles.ts';
import type { BehaviourDocument, BehaviourRecord, ClaimRecord, OperationRecord, ProfileVerdict, StatusRecord, Verdict } from './behaviour-model.ts';
import { parseTypeString } from '../harness/behaviour-sample.ts';
import type { ExchangeLogLine } from '../harness/exchange-log.ts';

interface Part {
  verdict: Verdict;
  evidence: string;
}

export interface ClaimInput {
  document: Omit<BehaviourDocument, 'claims' | 'requests'>;
  claims: LegacyClaims;
  behaviours: readonly BehaviourRecord[];
  log: readonly ExchangeLogLine[];
  expectationLinks: ReadonlyMap<string, string>;
  /** Each documented operation's verdicts from the panel source, per profile (default: harness/legacy-claim-sources.ts). */
  operationSources?: (op: LegacyOperation) => ProfileSourceVerdicts;
}

/** Any false part makes the claim false; else any part that holds makes it hold; else not checked. */
export function combine(parts: readonly Part[]): Verdict {
  if (parts.some((p) => p.verdict === 'false')) return 'false';
  if (parts.some((p) => p.verdict === 'holds')) return 'holds';
  return 'not checked';
}

/**
 * What a `legacy-docs.*` behaviour says about its claim. Those behaviours assert the docs' claim:
 * passing (or an "unexpected pass" of a listed deviation) means it holds; failing, or failing as a
 * listed deviation, means it is false; failing on the stock spec's contract before the claim was
 * looked at means it was not judged.
 */
export function docsVerdictOf(b: BehaviourRecord): Part {
  if (b.outcome === 'not-run') return { verdict: 'not checked', evidence: `"${claimOf(b)}" was not run: ${b.reason ?? 'skipped'}` };
  // A failure that rests on a request without a usable answer (a hook's, say) judges nothing.
  if (b.outcome === 'failed' && b.failure?.kind === 'connectivity') {
    return { verdict: 'not checked', evidence: `"${claimOf(b)}" got no usable answer: ${gist(b.message ?? '', 200)}` };
  }
  if (b.outcome === 'passed') return { verdict: 'holds', evidence: `"${claimOf(b)}" passed` };
  if (failedOnContract(b)) {
    return { verdict: 'not checked', evidence: `"${claimOf(b)}" could not be judged: the answer broke the stock spec before the claim was checked (${gist(said(b), 200)})` };
  }
  if (b.outcome === 'known-deviation') {
    // A listed deviation's reason is written for readers; the generic note of an unlisted false claim is not.
    const curated = b.reason && !/^the legacy docs claim does not hold/.test(b.reason);
    return { verdict: 'false', evidence: `"${claimOf(b)}" does not hold: ${curated ? b.reason : gist(said(b))}` };
  }
  if (b.failure?.kind === 'unexpected-pass') return { verdict: 'holds', evidence: `"${claimOf(b)}" holds (listed as a known deviation, so the run reports an unexpected pass)` };
  return { verdict: 'false', evidence: `"${claimOf(b)}" does not hold: ${gist(said(b))}` };
}

/** Violation kinds only the spec's contract check (run on every answer first) reports. */
const CONTRACT_KINDS = new Set(['header', 'body', 'content-type']);

/**
 * Whether a docs-claim behaviour failed on the stock spec's contract check (which every answer to a
 * spec operation passes first) rather than on the claim: the recorded failure is the contract
 * check's and its violations are all of the contract's kinds (a claim's own check may report a
 * `body` or `header` violation too). Listed known deviations carry a curated reason and are taken as written.
 */
export function failedOnContract(b: BehaviourRecord): boolean {
  if (b.outcome === 'known-deviation' && b.reason && !/^the legacy docs claim does not hold/.test(b.reason)) return false;
  if (b.failure?.kind !== 'contract') return false;
  const violations = b.failure.violations;
  return violations.length > 0 && violations.every((v) => CONTRACT_KINDS.has(v.kind));
}

function claimOf(b: BehaviourRecord): string {
  return b.statement.replace(/^Legacy docs claim: /, '');
}

/** A failure message in one short line (lines joined, whitespace collapsed), for people. */
export function gist(message: string, max = 300): string {
  const text = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What a behaviour's failure says: the recorded failure's own message (no annotation prefix), else the document's. */
function said(b: BehaviourRecord): string {
  return b.failure?.message ?? b.message ?? '';
}

const isSuccess = (status: string): boolean => status.startsWith('2');

/** "200 (12×), 404 NotFoundHttpException (3×)" */
export function describeStatuses(statuses: Record<string, StatusRecord>): string {
  return Object.entries(statuses)
    .map(([s, r]) => `${s}${r.errorCodes.length ? ` ${r.errorCodes.slice(0, 3).join('/')}${r.errorCodes.length > 3 ? '/…' : ''}` : ''} (${r.count}×)`)
    .join(', ');
}

export function claimVerdicts(input: ClaimInput): ClaimRecord[] {
  const judged = new ClaimJudge(input).all();
  const runProfile = input.document.target.profile ?? defaultProfileId();
  const sources = sourceVerdictsByClaim(input);
  return judged.map((c) => ({ ...c, profiles: profileVerdicts(c.verdict, runProfile, sources.get(c.id) ?? {}) }));
}

/** Every claim's source verdicts per profile: the intro's, the page claims', the rows', and each operation's (route list and expectations). */
function sourceVerdictsByClaim(input: ClaimInput): Map<string, ProfileSourceVerdicts> {
  const { claims } = input;
  const sources = new Map<string, ProfileSourceVerdicts>(Object.entries(claims.intro_verdicts ?? {}));
  for (const c of claims.page_claims) if (c.verdicts) sources.set(c.id, c.verdicts);
  for (const d of claims.discrepancies) if (d.verdicts) sources.set(`discrepancy-${d.number}`, d.verdicts);
  const ofOperation = input.operationSources ?? operationSourceVerdicts;
  for (const op of claims.operations) sources.set(op.id, ofOperation(op));
  return sources;
}

/**
 * The claim's verdict per profile: the run's own profile as observed (or, when the run saw nothing to judge
 * it by, as its source says), every other profile as its source says.
 */
export function profileVerdicts(observed: Verdict, runProfile: string, sources: ProfileSourceVerdicts): Record<string, ProfileVerdict> {
  const out: Record<string, ProfileVerdict> = {};
  const fromSource = (profile: string): ProfileVerdict | undefined => {
    const s = sources[profile];
    return s ? { verdict: s.verdict, basis: 'source', source: s.source, note: s.note } : undefined;
  };
  for (const profile of new Set([runProfile, ...Object.keys(sources)])) {
    if (profile !== runProfile) {
      const s = fromSource(profile);
      if (s) out[profile] = s;
      continue;
    }
    const s = fromSource(profile);
    out[profile] = observed === 'not checked' && s && s.verdict !== 'not checked' ? s : { verdict: observed, basis: 'observed' };
  }
  return out;
}

class ClaimJudge {
  private readonly byKey = new Map<string, OperationRecord>();
  private readonly routeParts = new Map<string, Part>();

  constructor(private readonly input: ClaimInput) {
    for (const op of input.document.operations) this.byKey.set(op.key, op);
  }

  all(): ClaimRecord[] {
    const { claims } = this.input;
    const operations = claims.operations.map((op) => this.operationClaim(op));
    return [
      this.baseUrlClaim(),
      this.authenticationClaim(),
      this.responseFormatClaim(),
      this.rateLimitClaim(),
      this.errorExampleClaim(),
      ...claims.page_claims.map((c) => this.pageClaim(c)),
      ...operations,
      ...claims.discrepancies.map((d) => this.discrepancyClaim(d)),
    ];
  }

  // --- Operations ---------------------------------------------------------------------------------

  private recordOf(op: LegacyOperation): OperationRecord | undefined {
    if (op.in_v0_7 && op.operation_id && this.byKey.has(op.operation_id)) return this.byKey.get(op.operation_id);
    const legacy = this.byKey.get(`legacy:${op.id}`);
    if (legacy?.exercised) return legacy;
    // A profile that routes the documented method + path as written (1.x's client API): its spec operation answers for it.
    return this.sameRoute(op) ?? legacy;
  }

  private sameRoute(op: LegacyOperation): OperationRecord | undefined {
    const shape = (path: string): string => path.replace(/\{\w+\}/g, '{}');
    return this.input.document.operations.find((o) => o.operationId && o.method === op.method && shape(o.path) === shape(op.path));
  }

  /** Whether the documented method + path answers: holds on a success, false on 404/405, else not checked. */
  routePart(op: LegacyOperation): Part {
    const cached = this.routeParts.get(op.id);
    if (cached) return cached;
    const part = this.computeRoutePart(op);
    this.routeParts.set(op.id, part);
    return part;
  }

  private computeRoutePart(op: LegacyOperation): Part {
    const documented = `documented ${op.method} ${op.path}`;
    const record = this.recordOf(op);
    if (!record || !record.exercised) return { verdict: 'not checked', evidence: `${documented}: the run sent no such request` };
    const statuses = Object.keys(record.statuses);
    const seen = describeStatuses(record.statuses);
    const viaSpec = record.operationId ? ` (${record.operationId})` : '';
    if (statuses.some(isSuccess)) {
      const routedNote = record.operationId ? '' : ': this panel routes it, a stock v0.7.19 panel does not';
      return { verdict: 'holds', evidence: `${documented}${viaSpec}: panel answered ${seen}${routedNote}` };
    }
    const refused = Object.entries(record.statuses).every(([s, r]) => s === '405' || (s === '404' && !r.rateLimited));
    if (refused) {
      if (statuses.includes('405')) return { verdict: 'false', evidence: `${documented}: panel answered ${seen}: the path exists for other methods only, not for ${op.method}` };
      return { verdict: 'false', evidence: `${documented}: panel answered ${seen}, not routed` };
    }
    // A 404 after the route middleware: an unknown id on a routed path, unless the documented path
    // is really another operation's (GET /nodes/deployable is GET /nodes/{node} with node=deployable).
    const other = record.operationId ? undefined : this.specOperationFitting(op);
    if (other && statuses.every((s) => s === '404')) {
      return { verdict: 'false', evidence: `${documented}: panel answered ${seen}: the path is ${other.method} ${other.path} (${other.operationId}), which finds nothing` };
    }
    return { verdict: 'not checked', evidence: `${documented}${viaSpec}: panel answered only ${seen}; no successful answer to judge the claim by` };
  }

  private specOperationFitting(op: LegacyOperation): OperationRecord | undefined {
    const concrete = op.path.replace(/\{\w+\}/g, 'x');
    return this.input.document.operations.find((o) => o.operationId && o.method === op.method && fitsTemplate(o.path, concrete) && !fitsTemplate(op.path, o.path.replace(/\{\w+\}/g, 'x')));
  }

  private fieldsPart(op: LegacyOperation): Part | undefined {
    const response = op.documented.response;
    if (!response || response.fields.length === 0) return undefined;
    const record = this.recordOf(op);
    const success = record ? Object.entries(record.statuses).find(([s]) => isSuccess(s)) : undefined;
    if (!success) return undefined;
    const root = response.object === null ? '' : response.list ? '/data/*/attributes' : '/attributes';
    const fields = success[1].fields;
    if (root !== '' && fields[root] === undefined) return { verdict: 'not checked', evidence: `no ${response.list ? 'list item' : 'attributes'} in the ${success[0]} answer to compare the documented fields with` };
    const missing: string[] = [];
    const mistyped: string[] = [];
    const present: string[] = [];
    compareFields(response.fields, fields, root, '', missing, mistyped, present);
    const problems = [
      missing.length ? `documented fields missing from the answer: ${missing.join(', ')}` : '',
      mistyped.length ? `typed otherwise than documented: ${mistyped.join('; ')}` : '',
    ].filter(Boolean);
    if (problems.length > 0) return { verdict: 'false', evidence: `${success[0]} answer: ${problems.join('; ')}` };
    return { verdict: 'holds', evidence: `${success[0]} answer has every documented field, typed as documented (${present.join(', ')})` };
  }

  private behaviourParts(prefix: string): Part[] {
    return this.input.behaviours.filter((b) => b.id === prefix || b.id.startsWith(`${prefix}.`)).map(docsVerdictOf);
  }

  private operationClaim(op: LegacyOperation): ClaimRecord {
    const parts = [this.routePart(op), this.fieldsPart(op), ...this.behaviourParts(`legacy-docs.${op.id}`)].filter((p): p is Part => p !== undefined);
    const record = this.recordOf(op);
    return {
      id: op.id,
      kind: 'operation',
      section: legacyCategory(op),
      claim: operationClaimText(op),
      ...(record ? { operation: record.key } : {}),
      verdict: combine(parts),
      evidence: parts.map((p) => p.evidence),
    };
  }

  // --- The intro page -----------------------------------------------------------------------------

  private specRecords(): OperationRecord[] {
    return this.input.document.operations.filter((o) => o.operationId !== undefined);
  }

  private baseUrlClaim(): ClaimRecord {
    const documented = this.input.claims.base_url.documented;
    const answered = this.specRecords().filter((o) => Object.keys(o.statuses).some(isSuccess)).length;
    const part: Part =
      answered > 0
        ? { verdict: 'holds', evidence: `the API answers under ${this.input.document.target.url}/api (${answered} operations answered successfully); the documented host is a placeholder` }
        : { verdict: 'not checked', evidence: 'no operation answered successfully' };
    return { id: 'intro.base-url', kind: 'intro', section: 'intro', claim: `The API's base URL is ${documented}`, verdict: part.verdict, evidence: [part.evidence] };
  }

  private authenticationClaim(): ClaimRecord {
    const auth = this.input.claims.authentication;
    const parts: Part[] = [];
    for (const api of ['application', 'client'] as const) {
      const ok = this.specRecords().filter((o) => o.path.startsWith(`/api/${api}`) && Object.keys(o.statuses).some(isSuccess));
      parts.push(
        ok.length > 0
          ? { verdict: 'holds', evidence: `requests with Authorization: Bearer <${api} key> answered successfully on ${ok.length} ${api} operations` }
          : { verdict: 'not checked', evidence: `no ${api} operation answered successfully` },
      );
    }
    const unauthenticated = this.specRecords().filter((o) => o.statuses['401']);
    if (unauthenticated.length > 0) {
      const challenge = unauthenticated.filter((o) => o.statuses['401']?.headers.includes('www-authenticate')).length;
      const codes = [...new Set(unauthenticated.flatMap((o) => o.statuses['401']?.errorCodes ?? []))].join('/');
      parts.push({ verdict: 'not checked', evidence: `not in the docs: without a valid bearer the panel answers 401 ${codes}${challenge ? ` with WWW-Authenticate (seen on ${challenge} operations)` : ''}` });
    }
    parts.push(...this.behaviourParts('legacy-docs.accept-header'));
    return {
      id: 'intro.authentication',
      kind: 'intro',
      section: 'intro',
      claim: `${auth.header}: ${auth.scheme === 'bearer' ? 'Bearer' : auth.scheme} <key> with Accept: ${auth.documented_accept}; client keys from ${auth.key_sources.client}, application keys from ${auth.key_sources.application}`,
      verdict: combine(parts),
      evidence: parts.map((p) => p.evidence),
    };
  }

  private responseFormatClaim(): ClaimRecord {
    const documented = JSON.stringify(this.input.claims.response_format.documented);
    const single: string[] = [];
    const unpaginated: string[] = [];
    const paginated: string[] = [];
    for (const op of this.specRecords()) {
      const ok = Object.entries(op.statuses).find(([s]) => s === '200');
      if (!ok) continue;
      const f = ok[1].fields;
      if (f['/attributes'] !== undefined) single.push(op.operationId as string);
      else if (f['/data'] !== undefined && f['/meta/pagination'] === undefined) unpaginated.push(op.operationId as string);
      else if (f['/meta/pagination'] !== undefined) paginated.push(op.operationId as string);
    }
    const parts: Part[] = [];
    if (single.length + unpaginated.length + paginated.length > 0) {
      const wrong = [
        single.length ? `single items are {object, attributes}, not a list (${list(single)})` : '',
        unpaginated.length ? `lists without meta.pagination (${list(unpaginated)})` : '',
      ].filter(Boolean);
      parts.push(
        wrong.length
          ? { verdict: 'false', evidence: `${wrong.join('; ')}; paginated lists have the documented shape (${list(paginated)})` }
          : { verdict: 'holds', evidence: `every 200 answer seen is a paginated list (${list(paginated)})` },
      );
    }
    parts.push(...this.behaviourParts('legacy-docs.response-format'));
    return { id: 'intro.response-format', kind: 'intro', section: 'intro', claim: `Every response has the format ${documented}`, verdict: combine(parts), evidence: parts.length ? parts.map((p) => p.evidence) : ['no 200 answer was seen'] };
  }

  rateLimitPart(): Part {
    const documented = this.input.claims.rate_limit.documented_requests_per_minute;
    const limits = this.input.document.rateLimits;
    const seen = Object.entries(limits).filter(([, v]) => v.length > 0);
    if (seen.length === 0) return { verdict: 'not checked', evidence: 'no answer carried X-RateLimit-Limit' };
    const says = seen.map(([api, values]) => `${values.join('/')} (${api})`).join(' and ');
    const holds = seen.every(([, values]) => values.every((v) => v === documented));
    return { verdict: holds ? 'holds' : 'false', evidence: `rate limit ${documented}/min: panel says X-RateLimit-Limit ${says}` };
  }

  private rateLimitClaim(): ClaimRecord {
    const documented = this.input.claims.rate_limit.documented_requests_per_minute;
    const parts = [this.rateLimitPart(), ...this.behaviourParts('legacy-docs.rate-limit')];
    return { id: 'intro.rate-limit', kind: 'rate-limit', section: 'intro', claim: `The API allows ${documented} requests per minute`, verdict: combine(parts), evidence: parts.map((p) => p.evidence) };
  }

  errorExamplePart(): Part {
    const example = this.input.claims.error_example;
    const wanted = example.documented_body.errors[0];
    const with422 = this.specRecords().filter((o) => o.statuses[String(example.documented_status)]);
    if (with422.length === 0 || !wanted) return { verdict: 'not checked', evidence: `no ${example.documented_status} answer was seen` };
    const codes = [...new Set(with422.flatMap((o) => o.statuses[String(example.documented_status)]?.errorCodes ?? []))].sort();
    const withStatus = with422.filter((o) => o.statuses[String(example.documented_status)]?.fields['/errors/*/status'] !== undefined).length;
    const holds = codes.length === 1 && codes[0] === wanted.code && withStatus === with422.length;
    const shape = holds
      ? `{code: ${wanted.code}, status: "${wanted.status}"} as documented`
      : `one error per failed rule, codes ${codes.slice(0, 8).join(', ')}${codes.length > 8 ? ', …' : ''}${withStatus === 0 ? ', with no status member' : withStatus < with422.length ? `, a status member on ${withStatus} of them` : ''}`;
    return { verdict: holds ? 'holds' : 'false', evidence: `${example.documented_status} answers of ${with422.length} operations (${list(with422.map((o) => o.operationId as string))}): ${shape}` };
  }

  private errorExampleClaim(): ClaimRecord {
    const example = this.input.claims.error_example;
    const parts = [this.errorExamplePart(), ...this.behaviourParts('legacy-docs.error-example')];
    const others = new Map<string, Set<string>>();
    for (const op of this.specRecords()) {
      for (const [status, r] of Object.entries(op.statuses)) {
        if (status === String(example.documented_status) || isSuccess(status)) continue;
        for (const code of r.errorCodes) others.set(code, (others.get(code) ?? new Set()).add(status));
      }
    }
    const evidence = parts.map((p) => p.evidence);
    if (others.size > 0) evidence.push(`other errors are {code: <exception>, status: "<http status>", detail}: ${[...others].map(([c, s]) => `${c} (${[...s].join('/')})`).join(', ')}`);
    return {
      id: 'intro.error-example',
      kind: 'error-example',
      section: 'intro',
      claim: `An invalid request answers ${example.documented_status} ${JSON.stringify(example.documented_body)}`,
      verdict: combine(parts),
      evidence,
    };
  }

  // --- Page claims --------------------------------------------------------------------------------

  private legacy(id: string): LegacyOperation | undefined {
    return this.input.claims.operations.find((o) => o.id === id);
  }

  private pageClaim(c: LegacyClaims['page_claims'][number]): ClaimRecord {
    const record = (parts: Part[], fallback: string): ClaimRecord => ({
      id: c.id,
      kind: 'page',
      section: c.page,
      claim: c.claim,
      verdict: combine(parts),
      evidence: parts.length > 0 ? parts.map((p) => p.evidence) : [fallback],
    });
    switch (c.id) {
      case 'intro.deprecated':
        return record([], 'informational: nothing about the panel to check');
      case 'intro.api-prefixes':
        return record(this.prefixParts(c.data), 'no request was sent');
      case 'application-nests.egg-variable-example':
        return record(this.eggVariableParts(c.data), 'no egg answer with include=variables was seen');
      case 'application-nests.variable-types':
        return record(this.variableTypeParts(), 'no egg answer with include=variables was seen');
      case 'intro.curl-example':
        return record([...c.operations.flatMap((id) => this.routeOf(id)), ...this.behaviourParts('legacy-docs.accept-header.client-example')], 'the run sent no such request');
      default:
        return record(c.operations.flatMap((id) => this.routeOf(id)), 'no operation of the claim was exercised');
    }
  }

  private routeOf(id: string): Part[] {
    const op = this.legacy(id);
    return op ? [this.routePart(op)] : [];
  }

  private prefixParts(data: Record<string, unknown>): Part[] {
    const parts: Part[] = [];
    for (const api of ['client', 'application'] as const) {
      const ok = this.specRecords().filter((o) => o.path.startsWith(`/api/${api}`) && Object.keys(o.statuses).some(isSuccess)).length;
      if (ok > 0) parts.push({ verdict: 'holds', evidence: `the ${api} API answers under /api/${api} (${ok} operations answered successfully)` });
    }
    const pages = ((data['client'] as { pages?: string[] } | undefined)?.pages ?? []).filter((p) => p !== 'servers');
    for (const page of pages) {
      const ops = this.input.claims.operations.filter((o) => o.api === 'client' && o.category === page);
      const routes = ops.map((o) => this.routePart(o));
      const refused = routes.filter((r) => r.verdict === 'false').length;
      if (refused > 0 && !routes.some((r) => r.verdict === 'holds')) parts.push({ verdict: 'false', evidence: `no client ${page} endpoints: ${refused} of the ${ops.length} documented ${page} operations are not routed` });
      else if (routes.some((r) => r.verdict === 'holds')) parts.push({ verdict: 'holds', evidence: `client ${page} endpoints answer (${routes.filter((r) => r.verdict === 'holds').length} of ${ops.length})` });
    }
    return parts;
  }

  /** Fields seen under the egg answers' variables include. */
  private variableFields(): { pointer: string; fields: Record<string, string> }[] {
    const out: { pointer: string; fields: Record<string, string> }[] = [];
    for (const op of this.specRecords().filter((o) => o.path.includes('/eggs'))) {
      for (const [status, r] of Object.entries(op.statuses)) {
        if (!isSuccess(status)) continue;
        const base = Object.keys(r.fields).find((p) => /\/relationships\/variables\/data\/\*\/attributes$/.test(p));
        if (base) out.push({ pointer: base, fields: r.fields });
      }
    }
    return out;
  }

  private eggVariableParts(data: Record<string, unknown>): Part[] {
    const found = this.variableFields();
    if (found.length === 0) return [];
    const { pointer, fields } = found[0]!;
    const documented = ((data['fields'] as LegacyField[] | undefined) ?? []).map((f) => f.name);
    const seen = Object.keys(fields).filter((p) => p.startsWith(`${pointer}/`) && !p.slice(pointer.length + 1).includes('/')).map((p) => p.slice(pointer.length + 1));
    const missing = documented.filter((f) => !seen.includes(f));
    const extra = seen.filter((f) => !documented.includes(f));
    const types = ['user_viewable', 'user_editable'].filter((f) => seen.includes(f)).map((f) => `${f}: ${fields[`${pointer}/${f}`]}`);
    if (missing.length > 0) return [{ verdict: 'false', evidence: `egg variables (include=variables) lack ${missing.join(', ')}` }];
    return [{ verdict: 'holds', evidence: `egg variables (include=variables) carry every documented field${extra.length ? `, and also ${extra.join(', ')}` : ''}${types.length ? ` (${types.join(', ')})` : ''}` }];
  }

  private variableTypeParts(): Part[] {
    const found = this.variableFields();
    if (found.length === 0) return [];
    const { pointer, fields } = found[0]!;
    if (fields[`${pointer}/type`] !== undefined) return [{ verdict: 'holds', evidence: `egg variables carry a type field (${fields[`${pointer}/type`]})` }];
    return [{ verdict: 'false', evidence: `egg variables carry no type field${fields[`${pointer}/rules`] ? ', only a rules string' : ''}` }];
  }

  // --- Discrepancy rows ----------------------------------------------------------------------------

  private discrepancyClaim(d: LegacyClaims['discrepancies'][number]): ClaimRecord {
    const parts = this.discrepancyParts(d);
    return {
      id: `discrepancy-${d.number}`,
      kind: 'discrepancy',
      section: 'Where the v0.7 pages are wrong',
      claim: d.claim,
      verdict: combine(parts),
      evidence: parts.length > 0 ? parts.map((p) => p.evidence) : ['nothing the run observed bears on it'],
    };
  }

  private discrepancyParts(d: LegacyClaims['discrepancies'][number]): Part[] {
    const special = this.specialDiscrepancy(d);
    if (special) return special;
    const parts: Part[] = [];
    for (const [behaviour, link] of this.input.expectationLinks) {
      if (!linkRows(link).includes(d.number)) continue;
      const b = this.input.behaviours.find((r) => r.id === behaviour);
      if (b) parts.push(docsVerdictOf(b));
    }
    parts.push(...this.aggregatedRoutes(d.operations));
    return parts;
  }

  /** The listed operations' routes: a refusal shows the docs wrong; an answer alone says nothing about the row's detail. */
  private aggregatedRoutes(ids: readonly string[]): Part[] {
    const ops = ids.map((id) => this.legacy(id)).filter((o): o is LegacyOperation => o !== undefined);
    const routes = ops.map((o) => ({ op: o, part: this.routePart(o) }));
    const refused = routes.filter((r) => r.part.verdict === 'false');
    const answered = routes.filter((r) => r.part.verdict === 'holds');
    const out: Part[] = [];
    if (refused.length > 0) {
      out.push({
        verdict: 'false',
        evidence: refused.length <= 3 ? refused.map((r) => r.part.evidence).join('; ') : `${refused.length} of the ${ops.length} documented operations are not routed (${statusSummary(refused.map((r) => this.recordOf(r.op)))})`,
      });
    }
    if (answered.length > 0) out.push({ verdict: 'not checked', evidence: `${answered.length} of the ${ops.length} documented operations answer; the row's detail is not checked by that` });
    return out;
  }

  private specialDiscrepancy(d: LegacyClaims['discrepancies'][number]): Part[] | undefined {
    const text = `${d.claim} ${d.reality}`;
    if (d.number === 6 && /240|rate limit/i.test(text)) return [this.rateLimitPart(), ...this.behaviourParts('legacy-docs.rate-limit')];
    if (d.number === 7 && /ValidationException/.test(text)) return [this.errorExamplePart(), ...this.behaviourParts('legacy-docs.error-example')];
    if (d.number === 14 && /rebuild/.test(text)) return this.successOf(['rebuildServer'], (seen) => `the docs omit it, but POST /api/application/servers/{server}/rebuild answered ${seen}`);
    if (d.number === 5 && /power|command/i.test(text)) {
      return this.successOf(['sendClientServerPower', 'sendClientServerCommand'], (seen) => `the docs state no status; the panel answered ${seen}`, true);
    }
    if (d.number === 20 && /status codes/i.test(text)) return this.statusCodeParts(d.operations);
    if (d.number === 4 && /\{server\}/.test(text)) return this.clientServerParts();
    if (d.number === 19 && /databases/.test(text)) return this.includeSeenParts(['listServers', 'getServer', 'getServerByExternalId'], 'databases');
    if (d.number === 9 && /backups/.test(text)) return this.serverLimitParts();
    return undefined;
  }

  private successOf(operationIds: string[], say: (seen: string) => string, allStatuses = false): Part[] {
    const parts: Part[] = [];
    for (const id of operationIds) {
      const r = this.byKey.get(id);
      if (!r?.exercised) continue;
      const statuses = Object.fromEntries(Object.entries(r.statuses).filter(([s]) => allStatuses || isSuccess(s)));
      if (Object.keys(statuses).some(isSuccess)) parts.push({ verdict: 'false', evidence: `${id}: ${say(describeStatuses(statuses))}` });
      else parts.push({ verdict: 'not checked', evidence: `${id}: no successful answer seen (${describeStatuses(r.statuses)})` });
    }
    return parts;
  }

  private statusCodeParts(ids: readonly string[]): Part[] {
    const byStatus = new Map<string, string[]>();
    for (const id of ids) {
      const op = this.legacy(id);
      const r = op ? this.recordOf(op) : undefined;
      if (!r?.operationId) continue;
      for (const s of Object.keys(r.statuses).filter(isSuccess)) byStatus.set(s, [...(byStatus.get(s) ?? []), r.operationId]);
    }
    if (byStatus.size === 0) return [];
    const lines = [...byStatus].map(([s, ops]) => `${s}: ${list(ops)}`).join('; ');
    const only200 = byStatus.size === 1 && byStatus.has('200');
    return [{ verdict: only200 ? 'holds' : 'false', evidence: `the docs give no status codes; this panel's success statuses differ by operation: ${lines}` }];
  }

  private clientServerParts(): Part[] {
    const r = this.byKey.get('getClientServer');
    if (!r?.exercised) return [];
    const lines = this.input.log.filter((l) => l.operationId === 'getClientServer' && l.status === 200);
    const identifiers = [...new Set(lines.map((l) => l.path.split('/').pop() ?? ''))];
    const short = identifiers.every((i) => /^[0-9a-f]{8}$/.test(i));
    const parts: Part[] = [];
    if (identifiers.length > 0) parts.push({ verdict: short ? 'false' : 'not checked', evidence: `{server} is ${short ? 'the 8-character identifier (uuidShort)' : 'not always an 8-character identifier'} in every 200 answer of GET /api/client/servers/{server}` });
    const other = Object.entries(r.statuses).filter(([s]) => s === '404' || s === '500');
    if (other.length > 0) parts.push({ verdict: 'false', evidence: `other {server} values answer ${other.map(([s, x]) => `${s} ${x.errorCodes.join('/')} (${x.count}×)`).join(', ')}, which the docs do not say` });
    return parts;
  }

  private includeSeenParts(operationIds: string[], include: string): Part[] {
    const seen = operationIds.filter((id) => Object.entries(this.byKey.get(id)?.statuses ?? {}).some(([s, r]) => isSuccess(s) && Object.keys(r.fields).some((p) => p.endsWith(`/relationships/${include}`))));
    if (seen.length > 0) return [{ verdict: 'false', evidence: `include=${include} works, though the docs omit it: relationships.${include} seen on ${seen.join(', ')}` }];
    return [];
  }

  private serverLimitParts(): Part[] {
    const parts: Part[] = [];
    for (const id of ['getServer', 'listServers', 'createServer', 'updateServerBuild']) {
      const success = Object.entries(this.byKey.get(id)?.statuses ?? {}).find(([s]) => isSuccess(s));
      if (!success) continue;
      const fields = success[1].fields;
      const base = Object.keys(fields).find((p) => p.endsWith('/attributes/feature_limits'));
      if (!base) continue;
      const backups = fields[`${base}/backups`] !== undefined;
      const threads = fields[`${base.replace(/feature_limits$/, 'limits')}/threads`] !== undefined;
      parts.push({
        verdict: backups ? 'holds' : 'false',
        evidence: `${id} ${success[0]}: feature_limits has ${Object.keys(fields).filter((p) => p.startsWith(`${base}/`)).map((p) => p.slice(base.length + 1)).join(', ')}${threads ? '' : '; limits has no threads'}`,
      });
      break;
    }
    return parts;
  }
}

function compareFields(documented: LegacyField[], seen: Record<string, string>, root: string, prefix: string, missing: string[], mistyped: string[], present: string[]): void {
  for (const field of documented) {
    const pointer = `${root}/${field.name}`;
    const name = `${prefix}${field.name}`;
    const types = seen[pointer];
    if (types === undefined) {
      missing.push(name);
      continue;
    }
    present.push(name);
    if (field.type && field.type !== 'unknown' && !typeMatches(field.type, types)) mistyped.push(`${name} documented ${field.type}, seen ${types}`);
    if (field.fields && field.type === 'object') compareFields(field.fields, seen, pointer, `${name}.`, missing, mistyped, present);
  }
}

function typeMatches(documented: string, seen: string): boolean {
  const types = parseTypeString(seen).filter((t) => t !== 'null');
  const allowed: Record<string, string[]> = { integer: ['integer'], number: ['integer', 'number'], boolean: ['boolean'], string: ['string'], object: ['object'], array: ['array'] };
  const ok = allowed[documented];
  return !ok || types.every((t) => ok.includes(t));
}

function operationClaimText(op: LegacyOperation): string {
  const d = op.documented;
  const bits = [`${op.method} ${op.path}`];
  if (d.query?.length) bits.push(`query ${d.query.map((q) => (q.values?.length ? `${q.name}=${q.values.join(',')}` : q.name)).join(', ')}`);
  if (d.body?.length) bits.push(`body ${d.body.map((f) => `${f.name}${f.required === true ? ' (required)' : ''}`).join(', ')}`);
  if (d.body_format === 'raw') bits.push('raw body');
  if (d.response) bits.push(`answers ${d.response.object ?? 'a body'}${d.response.list ? ' list' : ''} with ${d.response.fields.map((f) => f.name).join(', ')}`);
  return bits.join('; ');
}

/** The discrepancy numbers a link names ("spec/legacy-docs-claims.yaml discrepancy 6"). */
export function linkRows(link: string): number[] {
  return [...link.matchAll(/legacy-docs-claims\.yaml discrepanc(?:y|ies) (\d+)\b/g)].map((m) => Number(m[1]));
}

function statusSummary(records: (OperationRecord | undefined)[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    for (const [s, x] of Object.entries(r?.statuses ?? {})) {
      const key = `${s}${x.errorCodes.length ? ` ${x.errorCodes.join('/')}` : ''}${x.rateLimited ? '' : ' without rate-limit headers'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([k, n]) => `${k} on ${n}`).join(', ');
}

function list(ids: readonly string[], max = 6): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}
