import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedResponse } from './exchange.ts';
import { ResponseContract } from './response-contract.ts';
import { formatViolations } from './violation-report.ts';

let contract: ResponseContract;
beforeAll(async () => {
  contract = await ResponseContract.load();
});

type Json = any; // any: mutation fixtures poke at arbitrary JSON

function exampleOf(operationId: string, status: string): Json {
  const response = contract.index.get(operationId).responses[status] as OpenAPIV3.ResponseObject;
  const example = response.content?.['application/json']?.example;
  if (example === undefined) throw new Error(`no example for ${operationId} ${status}`);
  return structuredClone(example);
}

function response(operationId: string, status: number, body: unknown): RecordedResponse {
  const client = contract.index.get(operationId).api === 'client';
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-ratelimit-limit': client ? '60' : '120',
      'x-ratelimit-remaining': status === 429 ? '0' : '10',
      'www-authenticate': 'Bearer',
      'retry-after': '30',
      'x-ratelimit-reset': '1601744872',
    },
    rawBody: JSON.stringify(body),
  };
}

const nullResource = { object: 'null_resource', attributes: null };
const eggVariable = {
  id: 1, egg_id: 1, name: 'Server Jar File', description: 'The jar', env_variable: 'SERVER_JARFILE', default_value: 'server.jar',
  user_viewable: 1, user_editable: 1, rules: 'required|string|max:20', created_at: '2019-12-22 04:44:51', updated_at: '2019-12-22 04:44:51',
};
const serverVariable = { id: 1, server_id: 1, variable_id: 1, variable_value: 'paper.jar', created_at: '2019-12-22 04:44:51', updated_at: '2019-12-22 04:44:51' };
const pack = {
  id: 1, uuid: '2f1a9c1e-6b3d-4e5f-8a9b-1c2d3e4f5a6b', egg: 1, name: 'Pack', description: null,
  is_selectable: true, is_visible: true, is_locked: false, created_at: '2019-12-22T04:44:51+00:00', updated_at: '2019-12-22T04:44:51+00:00',
};
const subuser = { id: 1, user_id: 2, server_id: 1, permissions: ['power-start'], created_at: '2019-12-22T04:44:51+00:00', updated_at: '2019-12-22T04:44:51+00:00' };
const databaseHost = { id: 1, name: 'db1', host: '127.0.0.1', port: 3306, username: 'panel', node: null, created_at: '2019-12-22T04:44:51-05:00', updated_at: '2019-12-22T04:44:51-05:00' };

interface Mutation {
  family: string;
  operationId: string;
  status: number;
  /** Starts from the operation's example for that status and deviates from the spec. */
  mutate: (body: Json) => Json;
  pointer: string;
}

const mutations: Mutation[] = [
  { family: 'user: integer as string', operationId: 'getUser', status: 200, mutate: (b) => { b.attributes.id = String(b.attributes.id); return b; }, pointer: '/attributes/id' },
  { family: 'user: required key missing', operationId: 'getUser', status: 200, mutate: (b) => { delete b.attributes.email; return b; }, pointer: '/attributes' },
  { family: 'user: extra key on a closed object', operationId: 'getUser', status: 200, mutate: (b) => { b.attributes.password = 'x'; return b; }, pointer: '/attributes' },
  { family: 'user: boolean nulled', operationId: 'getUser', status: 200, mutate: (b) => { b.attributes['2fa'] = null; return b; }, pointer: '/attributes/2fa' },
  { family: 'user: timestamp in another format', operationId: 'getUser', status: 200, mutate: (b) => { b.attributes.created_at = '2019-12-22T04:44:51Z'; return b; }, pointer: '/attributes/created_at' },
  { family: 'user: null_resource replaced by null', operationId: 'getUser', status: 200, mutate: (b) => { b.attributes.relationships = { servers: null }; return b; }, pointer: '/attributes/relationships/servers' },
  { family: 'user create: 201 without meta.resource', operationId: 'createUser', status: 201, mutate: (b) => { delete b.meta; return b; }, pointer: '' },
  { family: 'list: wrong object name', operationId: 'listUsers', status: 200, mutate: (b) => { b.object = 'users'; return b; }, pointer: '/object' },
  { family: 'pagination: links as an object when empty', operationId: 'listUsers', status: 200, mutate: (b) => { b.meta.pagination.links = {}; return b; }, pointer: '/meta/pagination/links' },
  { family: 'pagination: total as a string', operationId: 'listUsers', status: 200, mutate: (b) => { b.meta.pagination.total = '1'; return b; }, pointer: '/meta/pagination/total' },
  { family: 'pagination: meta missing', operationId: 'listUsers', status: 200, mutate: (b) => { delete b.meta; return b; }, pointer: '' },
  { family: 'server: status flag as integer', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.suspended = 0; return b; }, pointer: '/attributes/suspended' },
  { family: 'server: identifier of the wrong length', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.identifier = 'abc'; return b; }, pointer: '/attributes/identifier' },
  { family: 'server: description null', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.description = null; return b; }, pointer: '/attributes/description' },
  { family: 'server: limits closed', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.limits.threads = 2; return b; }, pointer: '/attributes/limits' },
  { family: 'server: databases include with the wrong object name', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.relationships = { databases: { object: 'list', data: [{ object: 'server_database', attributes: exampleOf('getServerDatabase', '200').attributes }] } }; return b; }, pointer: '/attributes/relationships/databases/data/0/object' },
  { family: 'server variable: ISO timestamp instead of the raw one', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.relationships = { variables: { object: 'list', data: [{ object: 'server_variable', attributes: { ...serverVariable, created_at: '2019-12-22T04:44:51+00:00' } }] } }; return b; }, pointer: '/attributes/relationships/variables/data/0/attributes/created_at' },
  { family: 'pack: flag as integer', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.relationships = { pack: { object: 'pack', attributes: { ...pack, is_locked: 0 } } }; return b; }, pointer: '/attributes/relationships/pack/attributes/is_locked' },
  { family: 'subuser: permissions not a list', operationId: 'getServer', status: 200, mutate: (b) => { b.attributes.relationships = { subusers: { object: 'list', data: [{ object: 'subuser', attributes: { ...subuser, permissions: 'power-start' } }] } }; return b; }, pointer: '/attributes/relationships/subusers/data/0/attributes/permissions' },
  { family: 'node: integer as string', operationId: 'getNode', status: 200, mutate: (b) => { b.attributes.memory_overallocate = '0'; return b; }, pointer: '/attributes/memory_overallocate' },
  { family: 'node: secret leaked as an extra key', operationId: 'getNode', status: 200, mutate: (b) => { b.attributes.daemon_secret = 'x'; return b; }, pointer: '/attributes' },
  { family: 'location: required key missing', operationId: 'getLocation', status: 200, mutate: (b) => { delete b.attributes.long; return b; }, pointer: '/attributes' },
  { family: 'allocation: port as string', operationId: 'listNodeAllocations', status: 200, mutate: (b) => { b.data[0].attributes.port = '25565'; return b; }, pointer: '/data/0/attributes/port' },
  { family: 'nest: extra key', operationId: 'getNest', status: 200, mutate: (b) => { b.attributes.eggs_count = 3; return b; }, pointer: '/attributes' },
  { family: 'egg: docker_images map added', operationId: 'getNestEgg', status: 200, mutate: (b) => { b.attributes.docker_images = {}; return b; }, pointer: '/attributes' },
  { family: 'egg: an empty decoded config object as {} instead of []', operationId: 'getNestEgg', status: 200, mutate: (b) => { b.attributes.config.files = {}; return b; }, pointer: '/attributes/config/files' },
  { family: 'egg: config extends as string', operationId: 'getNestEgg', status: 200, mutate: (b) => { b.attributes.config.extends = '1'; return b; }, pointer: '/attributes/config/extends' },
  { family: 'egg variable: boolean instead of 0/1', operationId: 'getNestEgg', status: 200, mutate: (b) => { b.attributes.relationships = { variables: { object: 'list', data: [{ object: 'egg_variable', attributes: { ...eggVariable, user_viewable: true } }] } }; return b; }, pointer: '/attributes/relationships/variables/data/0/attributes/user_viewable' },
  { family: 'egg config include: object name not null', operationId: 'getNestEgg', status: 200, mutate: (b) => { b.attributes.relationships = { config: { object: 'egg_config', attributes: { files: {}, startup: {}, stop: 'stop', logs: {} } } }; return b; }, pointer: '/attributes/relationships/config/object' },
  { family: 'server database: username of the wrong shape', operationId: 'getServerDatabase', status: 200, mutate: (b) => { b.attributes.username = 'root'; return b; }, pointer: '/attributes/username' },
  { family: 'server database: password leaked as an attribute', operationId: 'getServerDatabase', status: 200, mutate: (b) => { b.attributes.password = 'secret'; return b; }, pointer: '/attributes' },
  { family: 'database host: node as string', operationId: 'getServerDatabase', status: 200, mutate: (b) => { b.attributes.relationships = { host: { object: 'database_host', attributes: { ...databaseHost, node: '1' } } }; return b; }, pointer: '/attributes/relationships/host/attributes/node' },
  { family: 'server databases: a paginated list', operationId: 'listServerDatabases', status: 200, mutate: (b) => { b.meta = { pagination: {} }; return b; }, pointer: '' },
  { family: 'client server: server_owner missing', operationId: 'getClientServer', status: 200, mutate: (b) => { delete b.attributes.server_owner; return b; }, pointer: '/attributes' },
  { family: 'client server: 1.x include relationships', operationId: 'getClientServer', status: 200, mutate: (b) => { b.attributes.relationships = {}; return b; }, pointer: '/attributes' },
  { family: 'stats: state outside the enum', operationId: 'getClientServerUtilization', status: 200, mutate: (b) => { b.attributes.state = 'running'; return b; }, pointer: '/attributes/state' },
  { family: 'error: status as a number', operationId: 'getUser', status: 404, mutate: (b) => { b.errors[0].status = 404; return b; }, pointer: '/errors/0/status' },
  { family: 'error: wrong code', operationId: 'getUser', status: 404, mutate: (b) => { b.errors[0].code = 'ModelNotFoundException'; return b; }, pointer: '/errors/0/code' },
  { family: 'error: generic detail replaced with debug off', operationId: 'getUser', status: 403, mutate: (b) => { b.errors[0].detail = 'This action is unauthorized.'; return b; }, pointer: '/errors/0/detail' },
  { family: 'error: two errors in the envelope', operationId: 'getUser', status: 401, mutate: (b) => { b.errors.push(b.errors[0]); return b; }, pointer: '/errors' },
  { family: 'error: 1.x style error object', operationId: 'getUser', status: 429, mutate: (b) => { b.errors[0].meta = { rule: 'throttle' }; return b; }, pointer: '/errors/0' },
  { family: 'validation: source.field missing', operationId: 'createUser', status: 422, mutate: (b) => { delete b.errors[0].source.field; return b; }, pointer: '/errors/0/source' },
  { family: 'validation: status member added', operationId: 'createUser', status: 422, mutate: (b) => { b.errors[0].status = '422'; return b; }, pointer: '/errors/0' },
  { family: 'validation: the legacy docs example body', operationId: 'createUser', status: 422, mutate: () => ({ errors: [{ code: 'ValidationException', status: '422', detail: 'The given data was invalid.' }] }), pointer: '/errors/0' },
  { family: 'display error: wrong message', operationId: 'deleteUser', status: 400, mutate: (b) => { b.errors[0].code = 'HttpException'; return b; }, pointer: '/errors/0/code' },
  { family: 'null resource: attributes not null', operationId: 'getUser', status: 200, mutate: (b) => { b.attributes.relationships = { servers: { ...nullResource, attributes: {} } }; return b; }, pointer: '/attributes/relationships/servers' },
];

describe('schema assertions reject deviating responses and name the JSON pointer', () => {
  it.each(mutations)('$family', ({ operationId, status, mutate, pointer }) => {
    const original = exampleOf(operationId, String(status));
    expect(contract.check(operationId, response(operationId, status, original))).toEqual([]);
    const violations = contract.check(operationId, response(operationId, status, mutate(structuredClone(original))));
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.map((v) => v.pointer)).toContain(pointer);
    expect(formatViolations(violations)).toContain(`${pointer === '' ? '(body)' : pointer}:`);
  });

  it('names the unexpected properties of a closed object', () => {
    const body = exampleOf('getUser', '200');
    body.attributes.password = 'x';
    body.attributes.remember_token = 'y';
    const [violation] = contract.check('getUser', response('getUser', 200, body));
    expect(violation?.unexpectedProperties).toEqual(['password', 'remember_token']);
  });
});

describe('status, header and content checks', () => {
  it('reports an undocumented status', () => {
    const violations = contract.check('getUser', response('getUser', 418, {}));
    expect(violations).toMatchObject([{ kind: 'status', actual: '418' }]);
  });

  it('reports a 401 without WWW-Authenticate', () => {
    const r = response('getUser', 401, exampleOf('getUser', '401'));
    delete r.headers['www-authenticate'];
    expect(contract.check('getUser', r)).toMatchObject([{ kind: 'header', pointer: '/headers/www-authenticate', actual: 'absent' }]);
  });

  it('reports a missing or non-numeric X-RateLimit-Remaining and a foreign limit', () => {
    const missing = response('getUser', 200, exampleOf('getUser', '200'));
    delete missing.headers['x-ratelimit-remaining'];
    expect(contract.check('getUser', missing)).toMatchObject([{ kind: 'header', pointer: '/headers/x-ratelimit-remaining' }]);
    const text = response('getUser', 200, exampleOf('getUser', '200'));
    text.headers['x-ratelimit-remaining'] = 'many';
    expect(contract.check('getUser', text)).toMatchObject([{ kind: 'header', pointer: '/headers/x-ratelimit-remaining', actual: '"many"' }]);
    const limit = response('getUser', 200, exampleOf('getUser', '200'));
    limit.headers['x-ratelimit-limit'] = '240';
    expect(contract.check('getUser', limit)).toMatchObject([{ kind: 'header', pointer: '/headers/x-ratelimit-limit', actual: '240' }]);
  });

  it('reports a 429 without Retry-After', () => {
    const r = response('getUser', 429, exampleOf('getUser', '429'));
    delete r.headers['retry-after'];
    expect(contract.check('getUser', r)).toMatchObject([{ kind: 'header', pointer: '/headers/retry-after' }]);
  });

  it('reports a 204 with a body', () => {
    const r = response('deleteUser', 204, {});
    expect(contract.check('deleteUser', r)).toMatchObject([{ kind: 'body', expected: 'an empty body' }]);
    expect(contract.check('deleteUser', { ...r, rawBody: '' })).toEqual([]);
  });

  it('reports HTML and invalid JSON', () => {
    const html = { ...response('getUser', 200, {}), rawBody: '<html></html>' };
    html.headers['content-type'] = 'text/html; charset=UTF-8';
    expect(contract.check('getUser', html)).toMatchObject([{ kind: 'content-type', actual: 'text/html' }]);
    const truncated = { ...response('getUser', 200, {}), rawBody: '{"object":"us' };
    expect(contract.check('getUser', truncated)).toMatchObject([{ kind: 'body', expected: 'a JSON document' }]);
  });

  it('renders one readable message with a curl line whose key is redacted', () => {
    const body = exampleOf('getUser', '200');
    body.attributes.id = '1';
    const r = response('getUser', 200, body);
    const key = 'AbCdEfGhIjKlMnOp' + 'q'.repeat(32);
    const message = formatViolations(contract.check('getUser', r), {
      request: { method: 'GET', url: 'http://127.0.0.1:8080/api/application/users/1', headers: { authorization: `Bearer ${key}`, accept: 'application/json' } },
      response: r,
    });
    expect(message).toContain('getUser answered 200');
    expect(message).toContain('/attributes/id: expected integer, got "1"');
    expect(message).toContain("curl -X GET 'http://127.0.0.1:8080/api/application/users/1' -H 'authorization: Bearer [REDACTED]'");
    expect(message).not.toContain(key);
  });
});
