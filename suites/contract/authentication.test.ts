// Generated from the spec: the 401/403 matrix of the key middleware
// (v0.7.19:app/Http/Middleware/Api/AuthenticateKey.php#L59-L87) for every operation.
import { describe } from 'vitest';
import { absentParams, effectOf, emptyBody, statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { operations } from '../../harness/spec-operations.ts';

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

    conformance(`${statementPath(op)} MUST answer 401 HttpException with WWW-Authenticate: Bearer when no bearer token is sent`, meta('no-bearer'), async (s) => {
      (await call(s, op.operationId, { ...base, as: 'none' })).error({ code: 'HttpException', status: 401 }).bearerChallenge();
    });

    conformance(`${statementPath(op)} MUST answer 401 when the Authorization scheme is not exactly "Bearer "`, variant('wrong-scheme'), async (s) => {
      (await call(s, op.operationId, { ...base, as: { authorization: 'bearer abc' } })).error({ code: 'HttpException', status: 401 });
    });

    conformance(`${statementPath(op)} MUST answer 403 AccessDeniedHttpException for a malformed token`, variant('malformed'), async (s) => {
      (await call(s, op.operationId, { ...base, as: { authorization: MALFORMED } })).error({ code: 'AccessDeniedHttpException', status: 403 });
    });

    conformance(`${statementPath(op)} MUST answer 403 AccessDeniedHttpException for an unknown key`, meta('unknown-key'), async (s) => {
      (await call(s, op.operationId, { ...base, as: { authorization: UNKNOWN } })).error({ code: 'AccessDeniedHttpException', status: 403 });
    });

    const own = op.api === 'application' ? 'application' : 'client';
    conformance(
      `${statementPath(op)} MUST answer 403 for the right identifier with a wrong token`,
      { ...variant('wrong-token'), keys: [own] },
      async (s) => {
        const key = s.config.keys[own] as string;
        (await call(s, op.operationId, { ...base, as: { authorization: `Bearer ${key.slice(0, 16)}${'x'.repeat(32)}` } })).error({ code: 'AccessDeniedHttpException', status: 403 });
      },
    );

    const other = op.api === 'application' ? 'client' : 'application';
    conformance(
      `${statementPath(op)} MUST answer 403 to ${other === 'client' ? 'a client key' : 'an application key'} (keys are looked up by type)`,
      { ...variant('other-key-type'), keys: [other] },
      async (s) => {
        (await call(s, op.operationId, { ...base, as: other })).error({ code: 'AccessDeniedHttpException', status: 403 });
      },
    );

    if (op.api === 'application') {
      conformance(
        `${statementPath(op)} MUST answer 403 to an application key whose owner is not a root admin`,
        { ...variant('non-root'), keys: ['application-non-root'] },
        async (s) => {
          (await call(s, op.operationId, { ...base, as: 'application-non-root' })).error({ code: 'AccessDeniedHttpException', status: 403 });
        },
      );
    }
  });
}
