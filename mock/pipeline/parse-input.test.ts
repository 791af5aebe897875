import { beforeEach, describe, expect, it } from 'vitest';
import { MockPanel } from '../panel.ts';
import { request, type TestRequest } from '../testing/panel-request.ts';

let panel: MockPanel;
beforeEach(async () => {
  panel = await MockPanel.create();
});

const JSON_TYPE = { 'content-type': 'application/json' };
const send = (method: string, url: string, options: TestRequest = {}) => request(panel, method, url, { key: 'app-full', ...options });
const raw = (method: string, url: string, body: string | Buffer, headers: Record<string, string> = JSON_TYPE) => send(method, url, { rawBody: body, headers });
const userBody = { email: 'input-fidelity@example.com', username: 'inputfidelity', first_name: 'Input', last_name: 'Fidelity' };
const requiredErrors = async () => (await raw('POST', '/api/application/users', '{}')).json;

// A bare JSON value is the input [0 => value] (mock/http/json-body.test.ts). No v0.7.19 route reads a
// top-level key 0, so over HTTP these answer exactly as without a body; one published client sends them.
describe('a JSON body that is a bare value answers as an empty body', () => {
  it.each(['67', 'null', '"x"', 'true'])('DELETE /servers/{id} with %s deletes the server', async (body) => {
    const r = await raw('DELETE', '/api/application/servers/3', body);
    expect(r.status).toBe(204);
    expect(panel.store.find('servers', 3)).toBeUndefined();
  });

  it.each(['67', 'null', '"x"', 'false'])('POST /servers/{id}/suspend with %s suspends', async (body) => {
    const r = await raw('POST', '/api/application/servers/1/suspend', body);
    expect(r.status).toBe(204);
    expect(panel.store.find('servers', 1)?.suspended).toBe(true);
  });

  it('POST /users with "x", 67, "  " or [] fails validation as {} does (the rules never look at key 0)', async () => {
    const empty = await requiredErrors();
    expect(empty.errors.map((e: { source: { field: string } }) => e.source.field)).toEqual(['email', 'username', 'first_name', 'last_name']);
    for (const body of ['"x"', '67', '"  "', '[]']) {
      const r = await raw('POST', '/api/application/users', body);
      expect(r.status, body).toBe(422);
      expect(r.json, body).toEqual(empty);
    }
  });
});

describe('Content-Type is compared case-sensitively (isJson)', () => {
  it('reads the body for application/json and ignores it for Application/Json', async () => {
    const ignored = await raw('POST', '/api/application/users', JSON.stringify(userBody), { 'content-type': 'Application/Json' });
    expect(ignored.status).toBe(422);
    expect(ignored.json).toEqual(await requiredErrors());
    const read = await raw('POST', '/api/application/users', JSON.stringify(userBody), { 'content-type': 'application/json; charset=UTF-8' });
    expect(read.status).toBe(201);
  });

  it('answers Accept: APPLICATION/JSON with the HTML error page, application/json with JSON', async () => {
    const html = await request(panel, 'GET', '/api/application/users', { headers: { accept: 'APPLICATION/JSON' } });
    expect(html.status).toBe(401);
    expect(html.lowerHeaders['content-type']).toBe('text/html; charset=UTF-8');
    const json = await request(panel, 'GET', '/api/application/users', { headers: { accept: 'application/json' } });
    expect(json.lowerHeaders['content-type']).toBe('application/json');
  });

  it('parses a POST form body whatever the type’s case (PHP lower-cases it), a PATCH one only for the exact type', async () => {
    const form = new URLSearchParams(userBody).toString();
    const post = await raw('POST', '/api/application/users', form, { 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' });
    expect(post.status).toBe(201);
    const patch = (type: string) => raw('PATCH', '/api/application/users/2', 'first_name=Renamed', { 'content-type': type });
    // The user update needs every field; a parsed body passes the first_name check, an ignored one does not.
    const upper = await patch('Application/X-WWW-Form-Urlencoded');
    const lower = await patch('application/x-www-form-urlencoded');
    const fields = (r: { json: { errors: { source: { field: string } }[] } }) => r.json.errors.map((e) => e.source.field);
    expect(fields(upper)).toContain('first_name');
    expect(fields(lower)).not.toContain('first_name');
  });
});

describe('what json_decode refuses is an empty input, never a 500', () => {
  it('answers a body nested 10,000 deep as an empty body', async () => {
    const r = await raw('POST', '/api/application/users', `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(r.status).toBe(422);
    expect(r.json).toEqual(await requiredErrors());
  });

  it('reads a body 511 deep and drops one 512 deep', async () => {
    const deep = (levels: number) => JSON.stringify({ ...userBody, extra: JSON.parse(`${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}`) });
    expect((await raw('POST', '/api/application/users', deep(511))).status).toBe(201);
    expect((await raw('POST', '/api/application/users', deep(512).replace('input-fidelity', 'second'))).status).toBe(422);
  });

  it('drops a body with invalid UTF-8 instead of storing U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from(JSON.stringify({ ...userBody, first_name: 'In' }).slice(0, -1)), Buffer.from(',"last_name":"F\xff"}', 'latin1')]);
    const r = await raw('POST', '/api/application/users', body);
    expect(r.status).toBe(422);
    expect(panel.store.first('users', (u) => u.email === userBody.email)).toBeUndefined();
  });
});

describe('TrimStrings trims what PHP trim() trims', () => {
  it('keeps a no-break space and trims tabs and newlines', async () => {
    const r = await send('POST', '/api/application/users', { body: { ...userBody, first_name: '\u00a0Ann\t\n', last_name: ' Lee ' } });
    expect(r.status).toBe(201);
    expect(r.json.attributes).toMatchObject({ first_name: '\u00a0Ann', last_name: 'Lee' });
  });
});

describe('ValidatePostSize decides on the declared Content-Length', () => {
  it('answers 413 to a declared length over post_max_size whatever arrived', async () => {
    const r = await raw('POST', '/api/application/users', '{}', { ...JSON_TYPE, 'content-length': String(20 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(r.json.errors[0].code).toBe('PostTooLargeException');
    expect(r.lowerHeaders['x-ratelimit-limit']).toBeUndefined();
  });
});

describe('a query string nested past max_input_nesting_level', () => {
  it('is dropped, not a 500', async () => {
    const r = await send('GET', `/api/application/users?filter${'[a]'.repeat(10_000)}=1`);
    expect(r.status).toBe(200);
    const form = await raw('POST', '/api/application/users', `email${'[a]'.repeat(10_000)}=1`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(422);
  });
});

describe('method override (Laravel enables it; Symfony 4.1 getMethod)', () => {
  const createUser = async () => {
    const r = await raw('POST', '/api/application/users', JSON.stringify(userBody));
    expect(r.status).toBe(201);
    return r.json.attributes.id as number;
  };

  it('routes a POST by X-HTTP-Method-Override, any case', async () => {
    const id = await createUser();
    const r = await raw('POST', `/api/application/users/${id}`, '', { 'x-http-method-override': 'delete' });
    expect(r.status).toBe(204);
    expect(panel.store.find('users', id)).toBeUndefined();
  });

  it('routes a POST by a string _method in the JSON body, else in the query', async () => {
    const id = await createUser();
    const patched = await raw('POST', `/api/application/users/${id}`, JSON.stringify({ ...userBody, first_name: 'Patched', _method: ' PATCH ' }));
    expect(patched.status).toBe(200);
    expect(patched.json.attributes.first_name).toBe('Patched');
    expect((await raw('POST', `/api/application/users/${id}?_method=DELETE`, '{}')).status).toBe(204);
  });

  it('keeps POST for an array _method, a body not read as JSON, or another real method', async () => {
    const id = await createUser();
    expect((await raw('POST', `/api/application/users/${id}`, '{"_method":["DELETE"]}')).status).toBe(405);
    expect((await raw('POST', `/api/application/users/${id}`, '{"_method":"DELETE"}', { 'content-type': 'Application/Json' })).status).toBe(405);
    expect((await send('GET', `/api/application/users/${id}`, { headers: { 'x-http-method-override': 'DELETE' } })).status).toBe(200);
    expect(panel.store.find('users', id)).toBeDefined();
  });
});
