import { OperationIndex, type OperationInfo } from './operation-index.ts';
import { readYamlFile } from './parsed-yaml-cache.ts';
import { readSpecDocument, specPath } from './spec-source.ts';
import type { OpenAPIV3 } from 'openapi-types';

// One index per spec document: the run's profile may be decided after a reporter first asked.
const indexes = new Map<string, OperationIndex>();
const documents = new Map<string, unknown>();


/**
 * A YAML file of the project parsed once per process (the spec takes seconds to parse on a busy
 * machine). The reporters parse the spec and the claims in advance, while the tests run: a main
 * process busy for seconds after the run keeps vitest from seeing its worker exit. Read only.
 */
export function yamlDocument(path: string): unknown {
  if (!documents.has(path)) documents.set(path, readYamlFile(path));
  return documents.get(path);
}

/**
 * The spec's operations, read synchronously so suites can generate one test per operation while
 * vitest collects them. References are not needed for that (operation ids, paths, parameters by
 * name), so the document is read as plain YAML with its components looked up by hand.
 */
export function operations(): readonly OperationInfo[] {
  return currentIndex().operations;
}

export function operation(operationId: string): OperationInfo {
  return currentIndex().get(operationId);
}

function currentIndex(): OperationIndex {
  const path = specPath();
  let index = indexes.get(path);
  if (!index) {
    index = new OperationIndex(resolveParameters(readSpecDocument(path)));
    indexes.set(path, index);
  }
  return index;
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
