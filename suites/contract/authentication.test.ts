// Generated from the spec: the 401/403 matrix of the key middleware
// (v0.7.19:app/Http/Middleware/Api/AuthenticateKey.php#L59-L87; 1.x's auth:sanctum) for every operation,
// what each variant answers per profile in authentication.yaml.
import { describe } from 'vitest';
import { absentParams, effectOf, emptyBody, hasPathModel, statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { existingParams, fillsWithExisting } from '../support/existing-params.ts';
import { operations, yamlDocument } from '../../harness/spec-operations.ts';
import { fileURLToPath } from 'node:url';
import { SuiteError } from '../../harness/failure.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';
import type { BehaviourMeta } from '../support/conformance.ts';
import type { Session } from '../support/session.ts';

interface Answer {
  status: number;
  code: string;
  challenge?: boolean;
  /** The answer holds only for operations without a path model (absentParams would meet the binding's 404 first). */
  withoutPathModel?: boolean;
  statement: string;
}
/** Per variant, per profile: what the panel answers (suites/contract/authentication.yaml). */
const ANSWERS = yamlDocument(fileURLToPath(new URL('./authentication.yaml', import.meta.url))) as Record<string, Record<string, Answer>>;
const profile = selectedProfile().id;

const MALFORMED = 'Bearer not-a-key';
const UNKNOWN = `Bearer ${'Z'.repeat(16)}${'z'.repeat(32)}`;

// The key check is route-group middleware (AuthenticateKey in the `api` and `client-api` groups,
// v0.7.19:app/Http/Kernel.php#L75-L89), the same for every operation of an API. Every operation gets
// its 401 (no bearer) and 403 (unknown key); the other variants run on a live panel on the first
// operation of each API × method only, to keep a live run inside the panel's rate limit.
const representatives = new Map<string, string>();
for (const op of operations()) {
  const group = `${op.api} ${op.method.toUpperCase()}`;
  if (!representatives.has(group)) representatives.set(group, op.operationId);
}

for (const op of operations()) {
  describe(statementPath(op), () => {
    const base = { params: absentParams(op), body: emptyBody(op) };
    const representative = representatives.get(`${op.api} ${op.method.toUpperCase()}`);
    const sampled = representative === op.operationId ? {} : { liveRepresentative: `${representative} (${op.api} ${op.method.toUpperCase()})` };
    const meta = (behaviour: string) => ({ operation: op.operationId, behaviour: `contract.auth.${behaviour}.${op.operationId}`, concerns: 'access' as const, effect: effectOf(op) });
    const variant = (behaviour: string) => ({ ...meta(behaviour), ...sampled });

    const own = op.api === 'application' ? 'application' : 'client';
    const other = op.api === 'application' ? 'client' : 'application';
    const otherKey = other === 'client' ? 'a client key' : 'an application key';
    /** One variant: its statement and answer for this run's profile, the profiles it holds for in its metadata. */
    const variantOf = (name: string, behaviourMeta: BehaviourMeta, send: (s: Session, request: typeof base) => ReturnType<typeof call>) => {
      const byProfile = ANSWERS[name];
      if (!byProfile) throw new SuiteError(`suites/contract/authentication.yaml: no variant ${name}`);
      const answer = byProfile[profile];
      // A profile whose answer comes after the binding middleware (1.x: an absent id is a 404 first) is asked about
      // existing resources (discovery) where the path names a model; client routes naming more than the server stay out.
      const existing = Boolean(answer?.withoutPathModel) && hasPathModel(op);
      const about = existing ? ' (for existing resources: the model binds first)' : '';
      const statement = `${statementPath(op)} ${(answer ?? Object.values(byProfile)[0]!).statement.replace('{other}', otherKey)}${about}`;
      const profiles = Object.keys(byProfile).filter((p) => !(byProfile[p]!.withoutPathModel && hasPathModel(op)) || fillsWithExisting(op));
      // Existing ids: a panel that wrongly admits the key would act on them, so a write is destructive there.
      const existingMeta: Partial<BehaviourMeta> = existing ? { keys: [...(behaviourMeta.keys ?? []), op.api], ...(op.method === 'get' ? {} : { effect: 'destructive' as const }) } : {};
      conformance(statement, { ...behaviourMeta, ...existingMeta, profiles }, async (s) => {
        const request = existing ? { ...base, params: await existingParams(s, op) } : base;
        const got = (await send(s, request)).error({ code: answer!.code, status: answer!.status });
        if (answer!.challenge) got.bearerChallenge();
      });
    };

    variantOf('no-bearer', meta('no-bearer'), (s, request) => call(s, op.operationId, { ...request, as: 'none' }));
    variantOf('wrong-scheme', variant('wrong-scheme'), (s, request) => call(s, op.operationId, { ...request, as: { authorization: 'bearer abc' } }));
    variantOf('malformed', variant('malformed'), (s, request) => call(s, op.operationId, { ...request, as: { authorization: MALFORMED } }));
    variantOf('unknown-key', meta('unknown-key'), (s, request) => call(s, op.operationId, { ...request, as: { authorization: UNKNOWN } }));
    variantOf('wrong-token', { ...variant('wrong-token'), keys: [own] }, (s, request) => {
      // The identifier is the key's first 16 characters in both versions (1.x's ptla_/ptlc_ prefix included).
      const key = s.config.keys[own] as string;
      return call(s, op.operationId, { ...request, as: { authorization: `Bearer ${key.slice(0, 16)}${'x'.repeat(32)}` } });
    });
    variantOf('other-key-type', { ...variant('other-key-type'), keys: [other] }, (s, request) => call(s, op.operationId, { ...request, as: other }));
    if (op.api === 'application') {
      variantOf('non-root', { ...variant('non-root'), keys: ['application-non-root'] }, (s, request) => call(s, op.operationId, { ...request, as: 'application-non-root' }));
    }
  });
}
