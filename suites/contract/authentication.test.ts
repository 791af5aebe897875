// Generated from the spec: the 401/403 matrix of the key middleware
// (v0.7.19:app/Http/Middleware/Api/AuthenticateKey.php#L59-L87; 1.x's auth:sanctum) for every operation,
// what each variant answers per profile in authentication.yaml.
import { describe } from 'vitest';
import { absentParams, effectOf, emptyBody, hasPathModel, statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
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
    const variantOf = (name: string, behaviourMeta: BehaviourMeta, send: (s: Session) => ReturnType<typeof call>) => {
      const byProfile = ANSWERS[name];
      if (!byProfile) throw new SuiteError(`suites/contract/authentication.yaml: no variant ${name}`);
      const answer = byProfile[profile];
      const statement = `${statementPath(op)} ${(answer ?? Object.values(byProfile)[0]!).statement.replace('{other}', otherKey)}`;
      // Where a profile's answer holds only without a path model (1.x binds the model before this check: an absent id is a 404 first).
      const profiles = Object.keys(byProfile).filter((p) => !(byProfile[p]!.withoutPathModel && hasPathModel(op)));
      conformance(statement, { ...behaviourMeta, profiles }, async (s) => {
        const got = (await send(s)).error({ code: answer!.code, status: answer!.status });
        if (answer!.challenge) got.bearerChallenge();
      });
    };

    variantOf('no-bearer', meta('no-bearer'), (s) => call(s, op.operationId, { ...base, as: 'none' }));
    variantOf('wrong-scheme', variant('wrong-scheme'), (s) => call(s, op.operationId, { ...base, as: { authorization: 'bearer abc' } }));
    variantOf('malformed', variant('malformed'), (s) => call(s, op.operationId, { ...base, as: { authorization: MALFORMED } }));
    variantOf('unknown-key', meta('unknown-key'), (s) => call(s, op.operationId, { ...base, as: { authorization: UNKNOWN } }));
    variantOf('wrong-token', { ...variant('wrong-token'), keys: [own] }, (s) => {
      // The identifier is the key's first 16 characters in both versions (1.x's ptla_/ptlc_ prefix included).
      const key = s.config.keys[own] as string;
      return call(s, op.operationId, { ...base, as: { authorization: `Bearer ${key.slice(0, 16)}${'x'.repeat(32)}` } });
    });
    variantOf('other-key-type', { ...variant('other-key-type'), keys: [other] }, (s) => call(s, op.operationId, { ...base, as: other }));
    if (op.api === 'application') {
      variantOf('non-root', { ...variant('non-root'), keys: ['application-non-root'] }, (s) => call(s, op.operationId, { ...base, as: 'application-non-root' }));
    }
  });
}
