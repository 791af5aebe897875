// Generated from the spec: the 401/403 matrix of the key middleware
// (v0.7.19:app/Http/Middleware/Api/AuthenticateKey.php#L59-L87) for every operation.
import { describe } from 'vitest';
import { absentParams, effectOf, emptyBody, statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { operations } from '../support/spec-operations.ts';

const MALFORMED = 'Bearer not-a-key';
const UNKNOWN = `Bearer ${'Z'.repeat(16)}${'z'.repeat(32)}`;

for (const op of operations()) {
  describe(statementPath(op), () => {
    const base = { params: absentParams(op), body: emptyBody(op) };
    const meta = (behaviour: string) => ({ operation: op.operationId, behaviour: `contract.auth.${behaviour}.${op.operationId}`, effect: effectOf(op) });

    conformance(`${statementPath(op)} MUST answer 401 HttpException with WWW-Authenticate: Bearer when no bearer token is sent`, meta('no-bearer'), async (s) => {
      (await call(s, op.operationId, { ...base, as: 'none' })).error({ code: 'HttpException', status: 401 }).bearerChallenge();
    });

    conformance(`${statementPath(op)} MUST answer 401 when the Authorization scheme is not exactly "Bearer "`, meta('wrong-scheme'), async (s) => {
      (await call(s, op.operationId, { ...base, as: { authorization: 'bearer abc' } })).error({ code: 'HttpException', status: 401 });
    });

    conformance(`${statementPath(op)} MUST answer 403 AccessDeniedHttpException for a malformed token`, meta('malformed'), async (s) => {
      (await call(s, op.operationId, { ...base, as: { authorization: MALFORMED } })).error({ code: 'AccessDeniedHttpException', status: 403 });
    });

    conformance(`${statementPath(op)} MUST answer 403 AccessDeniedHttpException for an unknown key`, meta('unknown-key'), async (s) => {
      (await call(s, op.operationId, { ...base, as: { authorization: UNKNOWN } })).error({ code: 'AccessDeniedHttpException', status: 403 });
    });

    const own = op.api === 'application' ? 'application' : 'client';
    conformance(
      `${statementPath(op)} MUST answer 403 for the right identifier with a wrong token`,
      { ...meta('wrong-token'), keys: [own] },
      async (s) => {
        const key = s.config.keys[own] as string;
        (await call(s, op.operationId, { ...base, as: { authorization: `Bearer ${key.slice(0, 16)}${'x'.repeat(32)}` } })).error({ code: 'AccessDeniedHttpException', status: 403 });
      },
    );

    const other = op.api === 'application' ? 'client' : 'application';
    conformance(
      `${statementPath(op)} MUST answer 403 to ${other === 'client' ? 'a client key' : 'an application key'} (keys are looked up by type)`,
      { ...meta('other-key-type'), keys: [other] },
      async (s) => {
        (await call(s, op.operationId, { ...base, as: other })).error({ code: 'AccessDeniedHttpException', status: 403 });
      },
    );

    if (op.api === 'application') {
      conformance(
        `${statementPath(op)} MUST answer 403 to an application key whose owner is not a root admin`,
        { ...meta('non-root'), keys: ['application-non-root'] },
        async (s) => {
          (await call(s, op.operationId, { ...base, as: 'application-non-root' })).error({ code: 'AccessDeniedHttpException', status: 403 });
        },
      );
    }
  });
}
