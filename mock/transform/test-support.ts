import type { OpenAPIV3 } from 'openapi-types';
import type { ResponseContract } from '../../harness/response-contract.ts';
import type { MockPanel } from '../panel.ts';
import { fixtureKeyRow } from '../testing/fixture-keys.ts';
import { parseIncludes, transformWithIncludes, type TransformContext, type Transformer } from './fractal.ts';
import { V07_TRANSFORMERS } from './transformers/registry.ts';

/** Test helpers for the transformers: a context for a fixture key and schema validation. */

export function contextFor(panel: MockPanel, keyName: string | undefined, include = '', appTimezone = panel.appTimezone): TransformContext {
  const apiKey = keyName === undefined ? undefined : fixtureKeyRow(panel, keyName);
  return {
    store: panel.store,
    appTimezone,
    apiKey,
    user: apiKey ? panel.store.find('users', apiKey.user_id) : undefined,
    includes: parseIncludes(include),
    transformers: V07_TRANSFORMERS,
  };
}

/** `{object, attributes}` as a root item of `transformer`. */
export function envelope<Row>(ctx: TransformContext, transformer: Transformer<Row>, row: Row, object: string | null = transformer.resourceName) {
  return { object, attributes: transformWithIncludes(ctx, transformer, row) };
}

/** Ajv's complaints about `value` against components.schemas.<name>, or [] when it is valid. */
export function schemaErrors(contract: ResponseContract, name: string, value: unknown): string[] {
  const schema = contract.doc.components?.schemas?.[name] as OpenAPIV3.SchemaObject | undefined;
  if (!schema) throw new Error(`no schema ${name}`);
  const validate = contract.compiler.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
