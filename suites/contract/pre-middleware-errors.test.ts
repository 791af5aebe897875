// Generated from the spec: answers every operation gives before its route middleware runs
// (v0.7.19:app/Http/Controllers/Api/Application/ApplicationApiController.php#L28-L35): an array-valued include is a 500 ErrorException raised while the controller
// is built, and a body over PHP's post_max_size a 413 from the global middleware. 1.x takes an array include as a
// list (v1.11.8:app/Http/Controllers/Api/Application/ApplicationApiController.php#L27-L35): that 500 is 0.7's alone;
// the 413 is Laravel's ValidatePostSize in both (v1.11.8:app/Http/Kernel.php#L42-L49).
import { describe } from 'vitest';
import { absentParams, effectOf, statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { operations } from '../../harness/spec-operations.ts';

// PHP's default post_max_size is 8M; a body just over it.
const OVERSIZED = 8 * 1024 * 1024 + 1024;

for (const op of operations()) {
  describe(statementPath(op), () => {
    conformance(
      `${statementPath(op)} MUST answer 500 ErrorException to an array-valued include, before authentication and without rate-limit headers`,
      { operation: op.operationId, behaviour: `contract.include-array.${op.operationId}`, concerns: 'contract', provokes: 'server-error', effect: effectOf(op) },
      async (s) => {
        (await call(s, op.operationId, { params: absentParams(op), query: { 'include[]': 'x' }, as: 'none' }))
          .error({ code: 'ErrorException', status: 500 })
          .noRateLimitHeaders();
      },
    );

    if (op.operation.requestBody) {
      conformance(
        `${statementPath(op)} MUST answer 413 PostTooLargeException to a body over post_max_size, without rate-limit headers`,
        // Mock only: a live panel's php.ini may raise the limit, and 8 MB to production is no courtesy.
        { operation: op.operationId, behaviour: `contract.post-too-large.${op.operationId}`, concerns: 'contract', effect: 'write', mockOnly: true, profiles: ['v0.7.19', 'v1.11'] },
        async (s) => {
          (await call(s, op.operationId, { params: absentParams(op), rawBody: `{"x":"${'a'.repeat(OVERSIZED)}"}`, headers: { 'content-type': 'application/json' }, as: 'none' }))
            .error({ code: 'PostTooLargeException', status: 413 })
            .noRateLimitHeaders();
        },
      );
    }
  });
}
