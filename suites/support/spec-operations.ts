import { OperationIndex, type OperationInfo } from '../../harness/operation-index.ts';
import { readSpecDocument } from '../../harness/spec-source.ts';
import type { OpenAPIV3 } from 'openapi-types';

let index: OperationIndex | undefined;

/**
 * The spec's operations, read synchronously so suites can generate one test per operation while
 * vitest collects them. References are not needed for that (operation ids, paths, parameters by
 * name), so the document is read as plain YAML with its components looked up by hand.
 */
export function operations(): readonly OperationInfo[] {
  index ??= new OperationIndex(resolveParameters(readSpecDocument()));
  return index.operations;
}

export function operation(operationId: string): OperationInfo {
  operations();
  return (index as OperationIndex).get(operationId);
}

function resolveParameters(doc: OpenAPIV3.Document): OpenAPIV3.Document {
  const shared = doc.components?.parameters ?? {};
  const resolve = (p: OpenAPIV3.ParameterObject | OpenAPIV3.ReferenceObject) =>
    '$ref' in p ? (shared[p.$ref.split('/').pop() as string] as OpenAPIV3.ParameterObject) : p;
  for (const item of Object.values(doc.paths ?? {})) {
    if (!item) continue;
    if (item.parameters) item.parameters = item.parameters.map(resolve);
    for (const method of ['get', 'post', 'patch', 'delete', 'put'] as const) {
      const op = item[method];
      if (op?.parameters) op.parameters = op.parameters.map(resolve);
    }
  }
  return doc;
}
