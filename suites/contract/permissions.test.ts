// Generated from the spec's x-acl: each application operation with a key holding none, read only
// and write only of its permission column (v0.7.19:app/Http/Requests/Api/Application/ApplicationApiRequest.php#L47-L54). The ACL runs before existence and
// validation, so absent ids and empty bodies tell "allowed" (404/422/200) from "refused" (403)
// without changing anything.
// On 1.x SubstituteBindings (in the application-api group, v1.11.8:app/Http/Kernel.php#L72-L75) answers a
// missing model 404 before the FormRequest's ACL (v1.11.8:app/Http/Requests/Api/Application/ApplicationApiRequest.php#L34-L50),
// so an absent id tells nothing there: an operation with a path model is asked about existing resources
// (discovery) instead. A refused key must get the 403; an allowed one is checked on reads only (200), since an
// allowed write on a real id would change it. The refusals of writes are `destructive` there: a panel that
// wrongly grants one would act on the discovered resource, so a live run needs PTERO_ALLOW_DESTRUCTIVE=1.
import { describe } from 'vitest';
import type { KeyRole } from '../../harness/run-config.ts';
import { absentParams, effectOf, emptyBody, hasPathModel, statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { existingParams } from '../support/existing-params.ts';
import { operations } from '../../harness/spec-operations.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';

const WITHOUT_PATH_MODEL = ['v0.7.19', 'v1.11'];
/** The profiles whose binding middleware answers a missing model before the ACL. */
const BINDS_FIRST = ['v1.11'];
const bindsFirst = BINDS_FIRST.includes(selectedProfile().id);

const BITS: { role: KeyRole; label: string; read: boolean; write: boolean }[] = [
  { role: 'application-none', label: 'no permission (0)', read: false, write: false },
  { role: 'application-read-only', label: 'read only (1)', read: true, write: false },
  { role: 'application-write-only', label: 'write only (2)', read: false, write: true },
];

for (const op of operations().filter((o) => o.api === 'application' && o.acl)) {
  const acl = op.acl as NonNullable<typeof op.acl>;
  describe(statementPath(op), () => {
    for (const bits of BITS) {
      const allowed = acl.bit === 'read' ? bits.read : bits.write;
      // A request with required query parameters (1.x's GET /nodes/deployable) fails validation without them, as an empty body does.
      const requiredQuery = op.parameters.some((p) => p.in === 'query' && p.required === true);
      const pathModel = hasPathModel(op);
      // Where the model binds first, existing ids: a refusal, or an allowed read; an allowed write is not asked.
      const withExisting = pathModel && (!allowed || op.method === 'get');
      const profiles = !pathModel ? WITHOUT_PATH_MODEL : withExisting ? ['v0.7.19', ...BINDS_FIRST] : undefined;
      const existing = pathModel && bindsFirst;
      const outcome = !allowed ? 403 : pathModel && !existing ? 404 : op.operation.requestBody || requiredQuery ? 422 : 200;
      const what = outcome === 403 ? '403 AccessDeniedHttpException' : outcome === 404 ? '404 for an absent id (the ACL passed)' : outcome === 422 ? `422 for ${requiredQuery ? 'missing required query parameters' : 'an empty body'} (the ACL passed)` : '200';
      const about = existing ? ' for existing resources (the model binds before the ACL)' : '';
      conformance(
        `${statementPath(op)} MUST answer ${what} to a key with ${acl.column} ${bits.label}${about}`,
        {
          operation: op.operationId,
          behaviour: `contract.acl.${bits.role}.${op.operationId}`,
          concerns: 'access',
          effect: existing && op.method !== 'get' ? 'destructive' : effectOf(op),
          keys: existing ? [bits.role, 'application'] : [bits.role],
          ...(profiles ? { profiles } : {}),
        },
        async (s) => {
          const params = existing ? await existingParams(s, op) : absentParams(op);
          const answer = await call(s, op.operationId, { params, body: emptyBody(op), as: bits.role });
          if (outcome === 403) answer.error({ code: 'AccessDeniedHttpException', status: 403 });
          else if (outcome === 404) answer.error({ code: 'NotFoundHttpException', status: 404 });
          else answer.status(outcome);
        },
      );
    }
  });
}
