import { fileURLToPath } from 'node:url';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationIndex } from './operation-index.ts';
import { SchemaCompiler } from './schema-compiler.ts';
import { loadSpec } from './spec-source.ts';

const SPEC_V111_PATH = fileURLToPath(new URL('../spec/pterodactyl-v1.11.yaml', import.meta.url));

// The application operation ids the v1.11 profile fixed (same ids as v0.7 where the route is the same).
const APPLICATION_OPERATIONS: Record<string, string> = {
  'GET /api/application/users': 'listUsers',
  'GET /api/application/users/{user}': 'getUser',
  'GET /api/application/users/external/{external_id}': 'getUserByExternalId',
  'POST /api/application/users': 'createUser',
  'PATCH /api/application/users/{user}': 'updateUser',
  'DELETE /api/application/users/{user}': 'deleteUser',
  'GET /api/application/nodes': 'listNodes',
  'GET /api/application/nodes/deployable': 'listDeployableNodes',
  'GET /api/application/nodes/{node}': 'getNode',
  'GET /api/application/nodes/{node}/configuration': 'getNodeConfiguration',
  'POST /api/application/nodes': 'createNode',
  'PATCH /api/application/nodes/{node}': 'updateNode',
  'DELETE /api/application/nodes/{node}': 'deleteNode',
  'GET /api/application/nodes/{node}/allocations': 'listNodeAllocations',
  'POST /api/application/nodes/{node}/allocations': 'createNodeAllocations',
  'DELETE /api/application/nodes/{node}/allocations/{allocation}': 'deleteNodeAllocation',
  'GET /api/application/locations': 'listLocations',
  'GET /api/application/locations/{location}': 'getLocation',
  'POST /api/application/locations': 'createLocation',
  'PATCH /api/application/locations/{location}': 'updateLocation',
  'DELETE /api/application/locations/{location}': 'deleteLocation',
  'GET /api/application/servers': 'listServers',
  'GET /api/application/servers/{server}': 'getServer',
  'GET /api/application/servers/external/{external_id}': 'getServerByExternalId',
  'PATCH /api/application/servers/{server}/details': 'updateServerDetails',
  'PATCH /api/application/servers/{server}/build': 'updateServerBuild',
  'PATCH /api/application/servers/{server}/startup': 'updateServerStartup',
  'POST /api/application/servers': 'createServer',
  'POST /api/application/servers/{server}/suspend': 'suspendServer',
  'POST /api/application/servers/{server}/unsuspend': 'unsuspendServer',
  'POST /api/application/servers/{server}/reinstall': 'reinstallServer',
  'DELETE /api/application/servers/{server}': 'deleteServer',
  'DELETE /api/application/servers/{server}/{force}': 'forceDeleteServer',
  'GET /api/application/servers/{server}/databases': 'listServerDatabases',
  'GET /api/application/servers/{server}/databases/{database}': 'getServerDatabase',
  'POST /api/application/servers/{server}/databases': 'createServerDatabase',
  'POST /api/application/servers/{server}/databases/{database}/reset-password': 'resetServerDatabasePassword',
  'DELETE /api/application/servers/{server}/databases/{database}': 'deleteServerDatabase',
  'GET /api/application/nests': 'listNests',
  'GET /api/application/nests/{nest}': 'getNest',
  'GET /api/application/nests/{nest}/eggs': 'listNestEggs',
  'GET /api/application/nests/{nest}/eggs/{egg}': 'getNestEgg',
};

describe('the v1.11 spec document', () => {
  let doc: OpenAPIV3.Document;
  let compiler: SchemaCompiler;
  beforeAll(async () => {
    doc = await loadSpec(SPEC_V111_PATH);
    compiler = new SchemaCompiler(doc);
  });

  it('loads through loadSpec and compiles every component schema with the harness compiler', () => {
    const schemas = Object.entries(doc.components?.schemas ?? {});
    expect(schemas.length).toBeGreaterThan(50);
    for (const [name, schema] of schemas) expect(() => compiler.compile(schema as OpenAPIV3.SchemaObject), name).not.toThrow();
  });

  it('gives every shared response an example that validates, the ones no operation uses yet too', () => {
    const failures: string[] = [];
    for (const [name, response] of Object.entries(doc.components?.responses ?? {})) {
      for (const [mediaType, media] of Object.entries((response as OpenAPIV3.ResponseObject).content ?? {})) {
        if (media.example === undefined) failures.push(`${name} ${mediaType}: no example`);
        else {
          const validate = compiler.compile(media.schema as OpenAPIV3.SchemaObject);
          if (!validate(media.example)) failures.push(`${name} ${mediaType}: ${compiler.ajv.errorsText(validate.errors)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects what the panel never sends: a validation error without meta.rule, a 404 with another detail, links as []', () => {
    const schema = (name: string) => compiler.compile(doc.components?.schemas?.[name] as OpenAPIV3.SchemaObject);
    const validation = { errors: [{ code: 'ValidationException', status: '422', detail: 'The email field is required.', meta: { source_field: 'email', rule: 'required' } }] };
    expect(schema('ValidationError')(validation)).toBe(true);
    expect(schema('ValidationError')({ errors: [{ ...validation.errors[0], meta: { source_field: 'email' } }] })).toBe(false);
    const notFound = { errors: [{ code: 'NotFoundHttpException', status: '404', detail: 'The requested resource could not be found on the server.' }] };
    expect(schema('NotFoundError')(notFound)).toBe(true);
    expect(schema('NotFoundError')({ errors: [{ ...notFound.errors[0], detail: 'Not found.' }] })).toBe(false);
    const pagination = { total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 1, links: {} };
    expect(schema('Pagination')(pagination)).toBe(true);
    expect(schema('Pagination')({ ...pagination, links: [] })).toBe(false);
  });

  it('documents 404 wherever a path names a model, and 413 and 422 wherever a body is read', () => {
    const index = new OperationIndex(doc);
    for (const op of index.operations.filter((o) => o.api === 'application')) {
      const statuses = Object.keys(op.responses);
      if (op.parameters.some((p) => p.in === 'path')) expect(statuses, op.operationId).toContain('404');
      else expect(statuses, op.operationId).not.toContain('404');
      if (op.operation.requestBody) expect(statuses, op.operationId).toEqual(expect.arrayContaining(['413', '422']));
      for (const needed of ['400', '401', '403', '429', '500']) expect(statuses, op.operationId).toContain(needed);
    }
  });

  it('names the application operations with the fixed operation ids', () => {
    const index = new OperationIndex(doc);
    const actual = Object.fromEntries(
      index.operations.filter((o) => o.api === 'application').map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.operationId]),
    );
    expect(actual).toEqual(APPLICATION_OPERATIONS);
  });
});
