import { fileURLToPath } from 'node:url';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResponseContract } from './response-contract.ts';
import { specPath } from './spec-source.ts';

const SPEC_V111_PATH = fileURLToPath(new URL('../spec/pterodactyl-v1.11.yaml', import.meta.url));

interface ExampleSite {
  where: string;
  schema: OpenAPIV3.SchemaObject;
  example: unknown;
}

function responseExamples(contract: ResponseContract): ExampleSite[] {
  const sites: ExampleSite[] = [];
  for (const op of contract.index.operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [mediaType, media] of Object.entries(response.content ?? {})) {
        sites.push({ where: `${op.operationId} ${status} ${mediaType}`, schema: media.schema as OpenAPIV3.SchemaObject, example: media.example });
      }
    }
    const body = op.operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
    for (const [mediaType, media] of Object.entries(body?.content ?? {})) {
      sites.push({ where: `${op.operationId} request ${mediaType}`, schema: media.schema as OpenAPIV3.SchemaObject, example: media.example });
    }
  }
  return sites;
}

// Both documents: v0.7.19 and the v1.11 profile's.
describe.each([
  ['v0.7', specPath()],
  ['v1.11', SPEC_V111_PATH],
])('the examples of the %s spec', (_name, path) => {
  let contract: ResponseContract;
  beforeAll(async () => {
    contract = await ResponseContract.load(path);
  });

  it('give every success and error response an example', () => {
    const missing = responseExamples(contract).filter((s) => s.example === undefined).map((s) => s.where);
    expect(missing).toEqual([]);
  });

  it('validate against their own schemas', () => {
    const failures: string[] = [];
    for (const site of responseExamples(contract)) {
      if (site.example === undefined) continue;
      const validate = contract.compiler.compile(site.schema);
      if (!validate(site.example)) failures.push(`${site.where}: ${contract.compiler.ajv.errorsText(validate.errors)}`);
    }
    for (const [name, schema] of Object.entries(contract.doc.components?.schemas ?? {})) {
      const example = (schema as OpenAPIV3.SchemaObject).example;
      if (example === undefined) continue;
      const validate = contract.compiler.compile(schema as OpenAPIV3.SchemaObject);
      if (!validate(example)) failures.push(`components.schemas.${name}: ${contract.compiler.ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });

  it('document every response status with at least one success status per operation', () => {
    for (const op of contract.index.operations) {
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith('2')), op.operationId).toBe(true);
      for (const needed of ['401', '403', '429']) expect(statuses, op.operationId).toContain(needed);
    }
  });
});
