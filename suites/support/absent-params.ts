import type { OperationInfo } from '../../harness/operation-index.ts';

/** An id no panel is expected to hold: checks before existence (401, 403) never reach the row. */
export const ABSENT_ID = 2147483000;
export const ABSENT_IDENTIFIER = 'ffff0000';

/** Path parameters that name nothing, for behaviours decided before the model is looked up. */
export function absentParams(op: OperationInfo): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const p of op.parameters.filter((p) => p.in === 'path')) {
    if (p.name === 'external_id') params[p.name] = 'ptero-conformance-absent';
    else if (p.name === 'force') params[p.name] = 'force';
    else if (op.api === 'client' && p.name === 'server') params[p.name] = ABSENT_IDENTIFIER;
    else params[p.name] = ABSENT_ID;
  }
  return params;
}

/** Whether the route binds a model that `absentParams` leaves missing (404 once the ACL passed). */
export function hasPathModel(op: OperationInfo): boolean {
  return op.parameters.some((p) => p.in === 'path' && p.name !== 'force');
}

/** A body that fails validation without creating anything: no required field. */
export function emptyBody(op: OperationInfo): unknown {
  return op.operation.requestBody ? {} : undefined;
}

export function effectOf(op: OperationInfo): 'read' | 'write' {
  return op.method === 'get' ? 'read' : 'write';
}

export function statementPath(op: OperationInfo): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}
