import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockPanel } from '../../../panel.ts';
import { profile as v111 } from '../../../profiles/v1.11.ts';
import { request as requestV111, type TestRequest as TestRequestV111 } from '../../../testing/panel-request.ts';
import type { SeedV111 } from '../../store/rows.ts';

let panel: MockPanel<SeedV111>;
beforeAll(async () => {
  panel = await MockPanel.of(v111, { clock: '2024-06-20T12:00:00Z' });
});
beforeEach(() => panel.reset());

const app = (method: string, path: string, options: TestRequestV111 = {}) => requestV111(panel, method, `/api/application${path}`, { key: 'app-full', ...options });
const ids = (json: { data: { attributes: { id: number } }[] }) => json.data.map((d) => d.attributes.id);

describe('lists: Spatie filters, sorts and pagination', () => {
  it('filters partially and case-insensitively, sorts, paginates with per_page', async () => {
    expect(ids((await app('GET', '/users?filter[email]=EXAMPLE.COM&sort=-id')).json)).toEqual([5, 4, 3, 2, 1]);
    expect(ids((await app('GET', '/users?filter[username]=smith,stran')).json)).toEqual([3, 4]);
    const page = await app('GET', '/users?per_page=2&page=2');
    expect(ids(page.json)).toEqual([3, 4]);
    expect(page.json.meta.pagination).toEqual({
      total: 5, count: 2, per_page: 2, current_page: 2, total_pages: 3,
      links: { previous: 'http://panel.test/api/application/users?page=1', next: 'http://panel.test/api/application/users?page=3' },
    });
  });
  it('refuses a filter or sort it does not allow with 400', async () => {
    const filter = await app('GET', '/servers?filter[owner_id]=2');
    expect(filter.status).toBe(400);
    expect(filter.json.errors[0]).toEqual({ code: 'InvalidFilterQuery', status: '400', detail: 'Requested filter(s) `owner_id` are not allowed. Allowed filter(s) are `uuid, uuidShort, name, description, image, external_id`.' });
    expect((await app('GET', '/nodes?sort=name')).status).toBe(400);
  });
  it('the allocations server_id filter: digits select a server, anything else the free ones', async () => {
    expect(ids((await app('GET', '/nodes/1/allocations?filter[server_id]=1')).json)).toEqual([1, 2]);
    expect(ids((await app('GET', '/nodes/1/allocations?filter[server_id]=none')).json)).toEqual([5, 6, 7]);
  });
  it('eggs and server databases are lists without meta', async () => {
    expect(Object.keys((await app('GET', '/nests/1/eggs')).json)).toEqual(['object', 'data']);
    expect(ids((await app('GET', '/servers/1/databases')).json)).toEqual([1, 2]);
  });
});

describe('includes', () => {
  it('render under relationships, null_resource without the READ bit', async () => {
    const full = await app('GET', '/servers/1?include=user,databases');
    expect(full.json.attributes.relationships.user.attributes.username).toBe('jdoe');
    const limited = await app('GET', '/servers/1?include=user,node', { key: 'app-users-read-only' });
    expect(limited.status).toBe(403);
    const users = await app('GET', '/users/2?include=servers', { key: 'app-users-read-only' });
    expect(users.json.attributes.relationships.servers).toEqual({ object: 'null_resource', attributes: null });
  });
  it('a root admin client key reads everything, includes too', async () => {
    const response = await app('GET', '/users/2?include=servers', { key: 'client-admin' });
    expect(response.status).toBe(200);
    expect(response.json.attributes.relationships.servers.data).toHaveLength(3);
  });
  it('include=transfer is a 500 TypeError (listed without a method); variables.parent a RelationNotFoundException', async () => {
    const response = await app('GET', '/servers/1?include=transfer');
    expect(response.status).toBe(500);
    expect(response.json.errors[0].code).toBe('TypeError');
    expect((await app('GET', '/servers/1?include=variables.parent')).json.errors[0].code).toBe('RelationNotFoundException');
    expect(response.json.errors[0].detail).toBe('An unexpected error was encountered while processing this request, please try again.');
  });
  it('the server transformer: status, suspended, threads, backups, installed as 0/1, environment', async () => {
    const installing = (await app('GET', '/servers/3')).json.attributes;
    expect(installing).toMatchObject({ status: 'installing', suspended: false, container: { installed: 0 } });
    const suspended = (await app('GET', '/servers/2')).json.attributes;
    expect(suspended).toMatchObject({ status: 'suspended', suspended: true, limits: { threads: '0-1', oom_disabled: false }, feature_limits: { backups: 0 }, container: { installed: 1 } });
    expect((await app('GET', '/servers/1')).json.attributes.container.environment).toEqual({
      MINECRAFT_VERSION: '1.20.6', SERVER_JARFILE: 'server.jar', DL_PATH: '', BUILD_NUMBER: 'latest',
      STARTUP: expect.any(String), P_SERVER_LOCATION: 'us.nyc', P_SERVER_UUID: '74755444-92c0-458a-8ae1-d202a8c11f64', P_SERVER_ALLOCATION_LIMIT: 3,
    });
  });
});

describe('writes', () => {
  it('creates a user (201, meta.resource) and refuses a duplicate with ValidationException entries', async () => {
    const body = { email: 'new@example.com', username: 'newbie', first_name: 'New', last_name: 'User' };
    const created = await app('POST', '/users', { body });
    expect(created.status).toBe(201);
    expect(created.json.meta.resource).toBe(`http://panel.test/api/application/users/${created.json.attributes.id}`);
    const again = await app('POST', '/users', { body });
    expect(again.status).toBe(422);
    expect(again.body).toBe('{"errors":[{"code":"ValidationException","status":"422","detail":"The email has already been taken.","meta":{"source_field":"email","rule":"unique"}},{"code":"ValidationException","status":"422","detail":"The username has already been taken.","meta":{"source_field":"username","rule":"unique"}}]}');
  });
  it('refuses to delete a user with servers, a location with nodes, a node with servers, an assigned allocation (400, compact)', async () => {
    const user = await app('DELETE', '/users/2');
    expect(user.status).toBe(400);
    expect(user.body).toBe('{"errors":[{"code":"DisplayException","status":"400","detail":"Cannot delete a user with active servers attached to their account. Please delete their servers before continuing."}]}');
    expect((await app('DELETE', '/locations/1')).json.errors[0].code).toBe('HasActiveNodesException');
    expect((await app('DELETE', '/nodes/1')).json.errors[0].code).toBe('HasActiveServersException');
    expect((await app('DELETE', '/nodes/1/allocations/1')).json.errors[0].code).toBe('ServerUsingAllocationException');
    expect((await app('DELETE', '/locations/3')).status).toBe(204);
    expect((await app('DELETE', '/users/4')).status).toBe(204);
  });
  it('creates a node with the defaults; upload_size is checked as an integer (`int`)', async () => {
    const body = { name: 'Node X', location_id: 1, fqdn: 'x.example.com', scheme: 'https', memory: 1024, memory_overallocate: 0, disk: 1024, disk_overallocate: 0, daemon_sftp: 2022, daemon_listen: 8080 };
    const created = await app('POST', '/nodes', { body });
    expect(created.status).toBe(201);
    expect(created.json.attributes).toMatchObject({ daemon_base: '/var/lib/pterodactyl/volumes', upload_size: 100, allocated_resources: { memory: 0, disk: 0 } });
    expect((await app('POST', '/nodes', { body: { ...body, upload_size: 50 } })).status).toBe(201);
    const refused = await app('POST', '/nodes', { body: { ...body, upload_size: 'big' } });
    expect(refused.json.errors[0]).toMatchObject({ detail: 'The File Upload Size Limit must be an integer.', meta: { source_field: 'upload_size', rule: 'integer' } });
  });
  it('creates allocations (204) and a server on one, which installs; suspends, unsuspends, deletes', async () => {
    expect((await app('POST', '/nodes/1/allocations', { body: { ip: '203.0.113.12', ports: ['25565', '25566-25567'] } })).status).toBe(204);
    const fresh = panel.store.where('allocations', (a) => a.ip === '203.0.113.12');
    expect(fresh.map((a) => a.port)).toEqual([25565, 25566, 25567]);
    const created = await app('POST', '/servers', {
      body: {
        name: 'API made', user: 2, egg: 5, docker_image: 'ghcr.io/pterodactyl/yolks:java_21', startup: 'java -jar server.jar',
        environment: { SERVER_JARFILE: 'server.jar', VANILLA_VERSION: 'latest' },
        limits: { memory: 512, swap: 0, disk: 1024, io: 500, cpu: 100 }, feature_limits: { databases: 1, backups: 1 },
        allocation: { default: fresh[0]!.id },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.attributes).toMatchObject({ status: 'installing', feature_limits: { databases: 1, allocations: 0, backups: 1 } });
    const id = created.json.attributes.id as number;
    expect((await app('POST', `/servers/${id}/suspend`)).status).toBe(204);
    expect((await app('GET', `/servers/${id}`)).json.attributes.suspended).toBe(true);
    expect((await app('POST', `/servers/${id}/unsuspend`)).status).toBe(204);
    expect((await app('DELETE', `/servers/${id}`)).status).toBe(204);
    expect(panel.store.find('allocations', fresh[0]!.id)!.server_id).toBeNull();
  });
  it('a bad egg variable is a 422 on environment.<ENV> named after the variable', async () => {
    const response = await app('POST', '/servers', {
      body: {
        name: 'x', user: 2, egg: 5, docker_image: 'img', startup: 's', environment: { SERVER_JARFILE: 'nope', VANILLA_VERSION: 'latest' },
        limits: { memory: 1, swap: 0, disk: 1, io: 500, cpu: 0 }, feature_limits: { databases: null, backups: null }, allocation: { default: 5 },
      },
    });
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([{ code: 'ValidationException', status: '422', detail: 'The Server Jar File variable format is invalid.', meta: { source_field: 'environment.SERVER_JARFILE', rule: 'regex' } }]);
  });
  it('a node whose Wings is down: suspension fails with 504 and is reverted', async () => {
    panel.store.daemon.nodes['1'] = { reachable: false };
    const response = await app('POST', '/servers/1/suspend');
    expect(response.status).toBe(504);
    expect(response.json.errors[0]).toEqual({ code: 'DaemonConnectionException', status: '504', detail: 'Could not establish a connection to the machine running this server. Please try again.' });
    expect(panel.store.find('servers', 1)!.status).toBeNull();
  });
  it('databases: create with the s<id>_ prefix, the limit, reset and delete', async () => {
    const created = await app('POST', '/servers/4/databases?include=password', { body: { database: 'extra', remote: '%', host: 1 } });
    expect(created.status).toBe(400);
    expect(created.json.errors[0].code).toBe('TooManyDatabasesException');
    const ok = await app('POST', '/servers/3/databases?include=password', { body: { database: 'extra', remote: '%', host: 1 } });
    expect(ok.status).toBe(201);
    expect(ok.json.attributes).toMatchObject({ database: 's3_extra', server: 3, relationships: { password: { object: 'database_password' } } });
    expect((await app('POST', `/servers/3/databases/${ok.json.attributes.id}/reset-password`)).status).toBe(204);
    expect((await app('DELETE', `/servers/3/databases/${ok.json.attributes.id}`)).status).toBe(204);
  });
  it('deployable nodes: a plain list without page, paginated with it, 400 when none fits', async () => {
    const plain = await app('GET', '/nodes/deployable?memory=1024&disk=1024');
    expect(Object.keys(plain.json)).toEqual(['object', 'data']);
    expect(plain.json.data[0].attributes).toMatchObject({ sum_memory: '7168', sum_disk: '35840' });
    expect((await app('GET', '/nodes/deployable?memory=1024&disk=1024&page=1')).json.meta.pagination.total).toBe(2);
    expect((await app('GET', '/nodes/deployable?memory=99999999&disk=1')).json.errors[0].code).toBe('NoViableNodeException');
  });
});

describe('PHP 8 under the shared validation engine', () => {
  it('an array username is a TypeError (mb_strtolower), not PHP 7 ErrorException', async () => {
    const response = await app('POST', '/users', { body: { email: 'a@example.com', username: ['x'], first_name: 'A', last_name: 'B' } });
    expect(response.status).toBe(500);
    expect(response.json.errors[0].code).toBe('TypeError');
  });
});

describe('nodes and Wings', () => {
  const nodeBody = { name: 'n', location_id: 1, fqdn: 'n.invalid', scheme: 'https', memory: 1024, memory_overallocate: 0, disk: 1024, disk_overallocate: 0, daemon_listen: 8080, daemon_sftp: 2022 };

  it('a PATCH whose configuration push fails keeps the change and answers 400 ConfigurationNotPersistedException; a new node has no Wings yet', async () => {
    const created = await app('POST', '/nodes', { body: nodeBody });
    expect(created.status).toBe(201);
    const id = created.json.attributes.id as number;
    const patched = await app('PATCH', `/nodes/${id}`, { body: { ...nodeBody, memory: 4096 } });
    expect(patched.status).toBe(400);
    expect(patched.json.errors[0]).toMatchObject({ code: 'ConfigurationNotPersistedException', status: '400' });
    expect(patched.json.errors[0].detail).toContain('(config.yml)');
    expect((await app('GET', `/nodes/${id}`)).json.attributes.memory).toBe(4096);
    panel.store.daemon.nodes[String(id)] = { reachable: true };
    expect((await app('PATCH', `/nodes/${id}`, { body: { ...nodeBody, memory: 2048 } })).status).toBe(200);
  });

  it('an ip the IP library refuses is a 400 DisplayException naming it, and creates nothing', async () => {
    const answer = await app('POST', '/nodes/1/allocations', { body: { ip: '300.1.1.1', ports: ['31000'] } });
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0]).toEqual({ code: 'DisplayException', status: '400', detail: 'Could not parse provided allocation IP address (300.1.1.1): Invalid IP address format' });
  });
});

describe('server databases', () => {
  it('a name the server already has is a 400 DuplicateDatabaseNameException, on any host', async () => {
    panel.store.find('servers', 1)!.database_limit = 10;
    const first = await app('POST', '/servers/1/databases', { body: { database: 'dup', remote: '%', host: 1 } });
    expect(first.status).toBe(201);
    const again = await app('POST', '/servers/1/databases', { body: { database: 'dup', remote: '%', host: 1 } });
    expect(again.status).toBe(400);
    expect(again.json.errors[0]).toEqual({ code: 'DuplicateDatabaseNameException', status: '400', detail: 'A database with that name already exists for this server.' });
  });
});
