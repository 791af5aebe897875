import { beforeEach, describe, expect, it } from 'vitest';
import type { FieldError } from '../errors/panel-error.ts';
import { MockPanel } from '../panel.ts';
import { request } from '../testing/panel-request.ts';
import { ruleSets } from './rule-sets.ts';
import { err, failureOf, requestContext } from './test-support.ts';
import { validateRequest } from './validate-request.ts';

let panel: MockPanel;

beforeEach(async () => {
  panel = await MockPanel.create();
});

/** validateRequest for one operation: [] when the input passes, else the 422 error list. */
function run(operationId: string, input: Record<string, unknown>, params: Record<string, string> = {}): FieldError[] {
  const ctx = requestContext(panel, operationId, input, params);
  try {
    validateRequest(ctx);
    return [];
  } catch {
    return failureOf(() => validateRequest(ctx));
  }
}

const USERNAME_MESSAGE =
  'The username must start and end with alpha-numeric characters and\n                contain only letters, numbers, dashes, underscores, and periods.';

describe('rule files', () => {
  it('cover exactly the operations that validate input', () => {
    expect([...ruleSets().keys()].sort()).toEqual(
      [
        'createLocation', 'createNode', 'createNodeAllocations', 'createServer', 'createServerDatabase', 'createUser',
        'listServers', 'sendClientServerCommand', 'sendClientServerPower', 'updateLocation', 'updateNode', 'updateServerBuild',
        'updateServerDetails', 'updateServerStartup', 'updateUser',
      ].sort(),
    );
    for (const id of ruleSets().keys()) expect(panel.index.has(id), id).toBe(true);
  });

  it('other operations validate nothing', () => {
    expect(run('listUsers', { search: null, page: 'x' })).toEqual([]);
    expect(run('getServer', { anything: [] }, { server: '1' })).toEqual([]);
  });
});

describe('createUser (5.1)', () => {
  const valid = { email: 'new@example.com', username: 'new.user', first_name: 'New', last_name: 'User' };

  it('accepts a valid body', () => {
    expect(run('createUser', valid)).toEqual([]);
    expect(run('createUser', { ...valid, external_id: 'ext-1', password: 'secret', language: 'de', root_admin: '1' })).toEqual([]);
  });

  it('reports missing required fields in the model order', () => {
    expect(run('createUser', {})).toEqual([
      err('required', 'The email field is required.', 'email'),
      err('required', 'The username field is required.', 'username'),
      err('required', 'The first name field is required.', 'first_name'),
      err('required', 'The last name field is required.', 'last_name'),
    ]);
  });

  it('reports each kind of invalid field', () => {
    expect(run('createUser', { ...valid, email: 'not-an-email' })).toEqual([err('email', 'The email must be a valid email address.', 'email')]);
    expect(run('createUser', { ...valid, email: 'Admin@example.com' })).toEqual([err('unique', 'The email has already been taken.', 'email')]);
    expect(run('createUser', { ...valid, username: 'ab' })).toEqual([err('p_username', USERNAME_MESSAGE, 'username')]);
    expect(run('createUser', { ...valid, username: 'admin' })).toEqual([err('unique', 'The username has already been taken.', 'username')]);
    expect(run('createUser', { ...valid, username: 'a'.repeat(256) })).toEqual([
      err('between', 'The username must be between 1 and 255 characters.', 'username'),
    ]);
    expect(run('createUser', { ...valid, external_id: 'whmcs-client-2' })).toEqual([
      err('unique', 'The Third Party Identifier has already been taken.', 'external_id'),
    ]);
    expect(run('createUser', { ...valid, external_id: 5 })).toEqual([err('string', 'The Third Party Identifier must be a string.', 'external_id')]);
    expect(run('createUser', { ...valid, external_id: null })).toEqual([]);
    expect(run('createUser', { ...valid, password: 12345678 })).toEqual([err('string', 'The password must be a string.', 'password')]);
    expect(run('createUser', { ...valid, language: 'xx' })).toEqual([err('in', 'The selected language is invalid.', 'language')]);
    expect(run('createUser', { ...valid, language: null })).toEqual([
      err('string', 'The language must be a string.', 'language'),
      err('in', 'The selected language is invalid.', 'language'),
    ]);
    expect(run('createUser', { ...valid, root_admin: 'yes' })).toEqual([
      err('boolean', 'The Root Administrator Status field must be true or false.', 'root_admin'),
    ]);
    expect(run('createUser', { ...valid, first_name: 5, last_name: 'x'.repeat(256) })).toEqual([
      err('string', 'The first name must be a string.', 'first_name'),
      err('between', 'The last name must be between 1 and 255 characters.', 'last_name'),
    ]);
  });
});

describe('updateUser (5.1)', () => {
  const own = { email: 'ops@example.com', username: 'panel.ops', first_name: 'Panel', last_name: 'Ops', external_id: 'whmcs-client-2' };

  it('ignores the bound user in unique rules', () => {
    expect(run('updateUser', own, { user: '2' })).toEqual([]);
  });

  it('still sees other users, and keeps the required fields', () => {
    expect(run('updateUser', { ...own, email: 'admin@example.com', external_id: 'whmcs-client-3' }, { user: '2' })).toEqual([
      err('unique', 'The email has already been taken.', 'email'),
      err('unique', 'The Third Party Identifier has already been taken.', 'external_id'),
    ]);
    expect(run('updateUser', { email: 'ops@example.com' }, { user: '2' })).toEqual([
      err('required', 'The username field is required.', 'username'),
      err('required', 'The first name field is required.', 'first_name'),
      err('required', 'The last name field is required.', 'last_name'),
    ]);
  });
});

describe('createLocation / updateLocation (5.2)', () => {
  it('accepts a valid body', () => {
    expect(run('createLocation', { short: 'uk.lon', long: 'London' })).toEqual([]);
  });

  it('reports each kind of invalid field with the location labels', () => {
    expect(run('createLocation', {})).toEqual([
      err('required', 'The Location Identifier field is required.', 'short'),
      err('required', 'The Location Description field is required.', 'long'),
    ]);
    expect(run('createLocation', { short: 'us.nyc', long: 'x' })).toEqual([
      err('unique', 'The Location Identifier has already been taken.', 'short'),
    ]);
    expect(run('createLocation', { short: 'x'.repeat(61), long: 5 })).toEqual([
      err('between', 'The Location Identifier must be between 1 and 60 characters.', 'short'),
      err('string', 'The Location Description must be a string.', 'long'),
    ]);
  });

  it('PATCH ignores the bound location', () => {
    expect(run('updateLocation', { short: 'us.nyc', long: 'New York' }, { location: '1' })).toEqual([]);
    expect(run('updateLocation', { short: 'de.fra', long: 'New York' }, { location: '1' })).toEqual([
      err('unique', 'The Location Identifier has already been taken.', 'short'),
    ]);
    expect(run('updateLocation', { short: 'us.nyc' }, { location: '1' })).toEqual([
      err('required', 'The Location Description field is required.', 'long'),
    ]);
  });
});

describe('createNode / updateNode (5.3)', () => {
  const valid = {
    name: 'LON-Node-01',
    location_id: 1,
    fqdn: 'lon.example.com',
    scheme: 'https',
    memory: 1024,
    memory_overallocate: 0,
    disk: 10240,
    disk_overallocate: -1,
    daemon_sftp: 2022,
    daemon_listen: '8080',
  };

  it('accepts a valid body', () => {
    expect(run('createNode', valid)).toEqual([]);
    expect(run('createNode', { ...valid, public: true, behind_proxy: 0, upload_size: 100, daemon_base: '/srv/daemon' })).toEqual([]);
    expect(run('updateNode', valid, { node: '1' })).toEqual([]);
  });

  it('reports missing required fields in the model order', () => {
    expect(run('createNode', {}).map((e) => [e.code, e.field])).toEqual([
      ['required', 'name'],
      ['required', 'location_id'],
      ['required', 'fqdn'],
      ['required', 'scheme'],
      ['required', 'memory'],
      ['required', 'memory_overallocate'],
      ['required', 'disk'],
      ['required', 'disk_overallocate'],
      ['required', 'daemon_sftp'],
      ['required', 'daemon_listen'],
    ]);
    expect(run('updateNode', { name: 'x' }, { node: '1' })[0]).toEqual(err('required', 'The Location field is required.', 'location_id'));
  });

  it.each([
    ['createNode', {}],
    ['updateNode', { node: '1' }],
  ] as const)('%s reports each kind of invalid field', (op, params) => {
    const node = (input: Record<string, unknown>) => run(op, input, params);
    expect(node({ ...valid, name: 'bad!name' })).toEqual([err('regex', 'The name format is invalid.', 'name')]);
    expect(node({ ...valid, location_id: 99 })).toEqual([err('exists', 'The selected Location is invalid.', 'location_id')]);
    expect(node({ ...valid, fqdn: 5 })).toEqual([err('string', 'The fqdn must be a string.', 'fqdn')]);
    expect(node({ ...valid, memory: 0, memory_overallocate: -2 })).toEqual([
      err('min', 'The memory must be at least 1.', 'memory'),
      err('min', 'The memory overallocate must be at least -1.', 'memory_overallocate'),
    ]);
    // A non-numeric string is measured by its length for min (4 >= 1), so only `numeric` fails.
    expect(node({ ...valid, disk: 'lots' })).toEqual([err('numeric', 'The disk must be a number.', 'disk')]);
    expect(node({ ...valid, disk: '0.5' })).toEqual([err('min', 'The disk must be at least 1.', 'disk')]);
    expect(node({ ...valid, daemon_base: 'relative/path' })).toEqual([
      err('regex', 'The Daemon Base Path format is invalid.', 'daemon_base'),
    ]);
    expect(node({ ...valid, daemon_base: null })).toEqual([err('required', 'The Daemon Base Path field is required.', 'daemon_base')]);
    expect(node({ ...valid, daemon_sftp: 0, daemon_listen: 70000 })).toEqual([
      err('between', 'The daemon sftp must be between 1 and 65535.', 'daemon_sftp'),
      err('between', 'The daemon listen must be between 1 and 65535.', 'daemon_listen'),
    ]);
    expect(node({ ...valid, public: 'x', behind_proxy: 'no' })).toEqual([
      err('boolean', 'The Node Visibility field must be true or false.', 'public'),
      err('boolean', 'The behind proxy field must be true or false.', 'behind_proxy'),
    ]);
    expect(node({ ...valid, upload_size: 2048 })).toEqual([
      err('between', 'The File Upload Size Limit must be between 1 and 1024.', 'upload_size'),
    ]);
    expect(node({ ...valid, upload_size: 1.5 })).toEqual([err('integer', 'The File Upload Size Limit must be an integer.', 'upload_size')]);
  });
});

describe('createNodeAllocations (5.4)', () => {
  it('accepts a valid body', () => {
    expect(run('createNodeAllocations', { ip: '10.0.0.5', ports: ['25565', '25570-25575'], alias: null }, { node: '1' })).toEqual([]);
  });

  it('reports each kind of invalid field', () => {
    expect(run('createNodeAllocations', {}, { node: '1' })).toEqual([
      err('required', 'The ip field is required.', 'ip'),
      err('required', 'The ports field is required.', 'ports'),
    ]);
    expect(run('createNodeAllocations', { ip: '10.0.0.5', ports: [25565, '25566'], alias: 7 }, { node: '1' })).toEqual([
      err('string', 'The alias must be a string.', 'alias'),
      err('string', 'The ports.0 must be a string.', 'ports.0'),
    ]);
    expect(run('createNodeAllocations', { ip: '10.0.0.5', ports: '25565' }, { node: '1' })).toEqual([
      err('array', 'The ports must be an array.', 'ports'),
    ]);
  });
});

describe('listServers (5.11)', () => {
  it('validates search only when the key is there', () => {
    expect(run('listServers', {})).toEqual([]);
    expect(run('listServers', { search: 'mc' })).toEqual([]);
    expect(run('listServers', { search: null })).toEqual([err('string', 'The search must be a string.', 'search')]);
    expect(run('listServers', { search: 'x'.repeat(101) })).toEqual([err('max', 'The search may not be greater than 100 characters.', 'search')]);
    expect(run('listServers', { search: ['x'] })).toEqual([err('string', 'The search must be a string.', 'search')]);
  });
});

describe('createServer (5.5)', () => {
  const valid = {
    name: 'New Server',
    user: 7,
    egg: 5,
    docker_image: 'quay.io/pterodactyl/core:java',
    startup: 'java -jar {{SERVER_JARFILE}}',
    environment: { SERVER_JARFILE: 'server.jar', VANILLA_VERSION: 'latest' },
    limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100 },
    feature_limits: { databases: null, allocations: 2 },
    allocation: { default: 7, additional: [8, '9'] },
  };
  const deploy = { locations: [1, 2], dedicated_ip: false, port_range: ['25565-25600'] };
  const { allocation: _allocation, ...withoutAllocation } = valid;

  it('accepts a valid body, with allocations or with deploy', () => {
    expect(run('createServer', valid)).toEqual([]);
    expect(run('createServer', { ...withoutAllocation, deploy })).toEqual([]);
    expect(run('createServer', { ...valid, external_id: 'new-ext', description: null, pack: 0, skip_scripts: true, start_on_completion: '1' })).toEqual(
      [],
    );
  });

  it('reports missing required fields in rule order', () => {
    expect(run('createServer', {})).toEqual([
      err('required', 'The name field is required.', 'name'),
      err('required', 'The user field is required.', 'user'),
      err('required', 'The egg field is required.', 'egg'),
      err('required', 'The docker image field is required.', 'docker_image'),
      err('required', 'The startup field is required.', 'startup'),
      err('present', 'The environment field must be present.', 'environment'),
      err('required', 'The limits field is required.', 'limits'),
      err('required', 'The limits.memory field is required.', 'limits.memory'),
      err('required', 'The limits.swap field is required.', 'limits.swap'),
      err('required', 'The limits.disk field is required.', 'limits.disk'),
      err('required', 'The limits.io field is required.', 'limits.io'),
      err('required', 'The limits.cpu field is required.', 'limits.cpu'),
      err('required', 'The feature limits field is required.', 'feature_limits'),
      err('present', 'The feature limits.databases field must be present.', 'feature_limits.databases'),
      err('required', 'The allocation.default field is required.', 'allocation.default'),
    ]);
  });

  it('reports each kind of invalid field', () => {
    expect(run('createServer', { ...valid, external_id: 'whmcs-srv-1001' })).toEqual([
      err('unique', 'The external id has already been taken.', 'external_id'),
    ]);
    expect(run('createServer', { ...valid, name: 'x'.repeat(256), description: 5 })).toEqual([
      err('max', 'The name may not be greater than 255 characters.', 'name'),
      err('string', 'The description must be a string.', 'description'),
    ]);
    expect(run('createServer', { ...valid, user: 'seven' })).toEqual([err('integer', 'The user must be an integer.', 'user')]);
    expect(run('createServer', { ...valid, user: 999, egg: 99 })).toEqual([
      err('exists', 'The selected user is invalid.', 'user'),
      err('exists', 'The selected egg is invalid.', 'egg'),
    ]);
    expect(run('createServer', { ...valid, pack: -1 })).toEqual([err('min', 'The pack must be at least 0.', 'pack')]);
    expect(run('createServer', { ...valid, environment: 'x', skip_scripts: 'yes', oom_disabled: 2 })).toEqual([
      err('array', 'The environment must be an array.', 'environment'),
      err('boolean', 'The skip scripts field must be true or false.', 'skip_scripts'),
      err('boolean', 'The oom disabled field must be true or false.', 'oom_disabled'),
    ]);
    expect(run('createServer', { ...valid, limits: { memory: -1, swap: -2, disk: 'x', io: 5, cpu: '50' } })).toEqual([
      err('min', 'The limits.memory must be at least 0.', 'limits.memory'),
      err('min', 'The limits.swap must be at least -1.', 'limits.swap'),
      err('numeric', 'The limits.disk must be a number.', 'limits.disk'),
      err('between', 'The limits.io must be between 10 and 1000.', 'limits.io'),
    ]);
    expect(run('createServer', { ...valid, feature_limits: { databases: -1, allocations: 'x' } })).toEqual([
      err('min', 'The feature limits.databases must be at least 0.', 'feature_limits.databases'),
      err('integer', 'The feature limits.allocations must be an integer.', 'feature_limits.allocations'),
    ]);
  });

  it('allocation.default stops at its first failure and needs a free allocation', () => {
    expect(run('createServer', { ...valid, allocation: { default: 'x' } })).toEqual([
      err('integer', 'The allocation.default must be an integer.', 'allocation.default'),
    ]);
    expect(run('createServer', { ...valid, allocation: { default: 1 } })).toEqual([
      err('exists', 'The selected allocation.default is invalid.', 'allocation.default'),
    ]);
  });

  it('allocation.additional.* is named by its raw path', () => {
    expect(run('createServer', { ...valid, allocation: { default: 7, additional: [1, 'x'] } })).toEqual([
      err('exists', 'The selected allocation.additional.0 is invalid.', 'allocation.additional.0'),
      err('integer', 'The allocation.additional.1 must be an integer.', 'allocation.additional.1'),
    ]);
  });

  it('with deploy: no allocation rules, deploy.* rules apply', () => {
    expect(run('createServer', { ...withoutAllocation, deploy: { locations: [1] } })).toEqual([
      err('required_with', 'The deploy.dedicated ip field is required when deploy / boolean is present.', 'deploy.dedicated_ip'),
      err('present', 'The deploy.port range field must be present.', 'deploy.port_range'),
    ]);
    expect(run('createServer', { ...withoutAllocation, deploy: { ...deploy, locations: ['x', 0], port_range: [25565] } })).toEqual([
      err('integer', 'The deploy.locations.0 must be an integer.', 'deploy.locations.0'),
      err('min', 'The deploy.locations.1 must be at least 1.', 'deploy.locations.1'),
      err('string', 'The deploy.port_range.0 must be a string.', 'deploy.port_range.0'),
    ]);
    // deploy.dedicated_ip is not a boolean check.
    expect(run('createServer', { ...withoutAllocation, deploy: { ...deploy, dedicated_ip: 'banana' } })).toEqual([]);
    // Extra allocations get no rules at all when deploy is given.
    expect(run('createServer', { ...valid, deploy, allocation: { additional: ['x'] } })).toEqual([]);
  });

  it('a falsy deploy behaves as no deploy', () => {
    // allocation.default is declared (as a placeholder) before deploy, so it is reported first.
    expect(run('createServer', { ...withoutAllocation, deploy: [] })).toEqual([
      err('required', 'The allocation.default field is required.', 'allocation.default'),
      err('required', 'The deploy field is required.', 'deploy'),
    ]);
  });
});

describe('updateServerDetails (5.6)', () => {
  const valid = { external_id: 'whmcs-srv-1001', name: 'Renamed', user: 7, description: null };

  it('accepts a valid body; its own external_id is ignored', () => {
    expect(run('updateServerDetails', valid, { server: '1' })).toEqual([]);
    expect(run('updateServerDetails', { name: 'Renamed', user: 7 }, { server: '1' })).toEqual([]);
  });

  it('reports each kind of invalid field with the details labels', () => {
    expect(run('updateServerDetails', { ...valid, external_id: 'whmcs-srv-1004' }, { server: '1' })).toEqual([
      err('unique', 'The external id has already been taken.', 'external_id'),
    ]);
    expect(run('updateServerDetails', { external_id: '' }, { server: '1' })).toEqual([
      err('required', 'The Server Name field is required.', 'name'),
      err('required', 'The User ID field is required.', 'user'),
    ]);
    expect(run('updateServerDetails', { ...valid, user: 'x', external_id: 'x'.repeat(192) }, { server: '1' })).toEqual([
      err('between', 'The external id must be between 1 and 191 characters.', 'external_id'),
      err('integer', 'The User ID must be an integer.', 'user'),
    ]);
    expect(run('updateServerDetails', { ...valid, user: 999 }, { server: '1' })).toEqual([
      err('exists', 'The selected User ID is invalid.', 'user'),
    ]);
  });
});

describe('updateServerBuild (5.7)', () => {
  const limits = { memory: 1024, swap: 0, io: 500, cpu: 100, disk: 5120 };
  const valid = { allocation: 1, oom_disabled: false, limits, feature_limits: { databases: 1, allocations: null } };

  it('accepts the limits form and the legacy top-level form', () => {
    expect(run('updateServerBuild', valid, { server: '1' })).toEqual([]);
    expect(run('updateServerBuild', { allocation: 1, ...limits, feature_limits: { databases: null } }, { server: '1' })).toEqual([]);
    expect(run('updateServerBuild', { ...valid, add_allocations: [7, '8'], remove_allocations: [] }, { server: '1' })).toEqual([]);
  });

  it('reports missing fields', () => {
    expect(run('updateServerBuild', {}, { server: '1' })).toEqual([
      err('required', 'The allocation field is required.', 'allocation'),
      err('required_without', 'The memory field is required when limits is not present.', 'memory'),
      err('required_without', 'The swap field is required when limits is not present.', 'swap'),
      err('required_without', 'The io field is required when limits is not present.', 'io'),
      err('required_without', 'The cpu field is required when limits is not present.', 'cpu'),
      err('required_without', 'The disk field is required when limits is not present.', 'disk'),
      err('required', 'The feature limits field is required.', 'feature_limits'),
      err('present', 'The Database Limit field must be present.', 'feature_limits.databases'),
    ]);
    expect(run('updateServerBuild', { ...valid, limits: { memory: 'x' } }, { server: '1' })).toEqual([
      err('numeric', 'The limits.memory must be a number.', 'limits.memory'),
      err('required_with', 'The limits.swap field is required when limits is present.', 'limits.swap'),
      err('required_with', 'The limits.io field is required when limits is present.', 'limits.io'),
      err('required_with', 'The limits.cpu field is required when limits is present.', 'limits.cpu'),
      err('required_with', 'The limits.disk field is required when limits is present.', 'limits.disk'),
    ]);
  });

  it('allocation: unique ignoring this server, then exists, stopping at the first failure', () => {
    expect(run('updateServerBuild', { ...valid, allocation: 4 }, { server: '1' })).toEqual([
      err('unique', 'The allocation has already been taken.', 'allocation'),
    ]);
    expect(run('updateServerBuild', { ...valid, allocation: 999 }, { server: '1' })).toEqual([
      err('exists', 'The selected allocation is invalid.', 'allocation'),
    ]);
    expect(run('updateServerBuild', { ...valid, allocation: 7 }, { server: '1' })).toEqual([]);
  });

  it('uses the build labels, including the wildcard ones', () => {
    expect(run('updateServerBuild', { ...valid, add_allocations: 'x', remove_allocations: ['y'] }, { server: '1' })).toEqual([
      err('array', 'The allocations to add must be an array.', 'add_allocations'),
      err('integer', 'The allocation to remove must be an integer.', 'remove_allocations.0'),
    ]);
    expect(run('updateServerBuild', { ...valid, feature_limits: { databases: 'x', allocations: -1 } }, { server: '1' })).toEqual([
      err('integer', 'The Database Limit must be an integer.', 'feature_limits.databases'),
      err('min', 'The Allocation Limit must be at least 0.', 'feature_limits.allocations'),
    ]);
    expect(run('updateServerBuild', { ...valid, oom_disabled: 'x', io: 5 }, { server: '1' })).toEqual([
      err('boolean', 'The oom disabled field must be true or false.', 'oom_disabled'),
      err('between', 'The io must be between 10 and 1000.', 'io'),
    ]);
  });
});

describe('updateServerStartup (5.8)', () => {
  const valid = { startup: 'java -jar server.jar', environment: {}, egg: 3, image: 'quay.io/pterodactyl/core:java', skip_scripts: false };

  it('accepts a valid body', () => {
    expect(run('updateServerStartup', valid, { server: '1' })).toEqual([]);
    expect(run('updateServerStartup', { ...valid, pack: null }, { server: '1' })).toEqual([]);
  });

  it('reports each kind of invalid field', () => {
    expect(run('updateServerStartup', {}, { server: '1' })).toEqual([
      err('required', 'The startup field is required.', 'startup'),
      err('present', 'The environment field must be present.', 'environment'),
      err('required', 'The egg field is required.', 'egg'),
      err('required', 'The image field is required.', 'image'),
      err('present', 'The skip scripts field must be present.', 'skip_scripts'),
    ]);
    expect(run('updateServerStartup', { ...valid, skip_scripts: null }, { server: '1' })).toEqual([
      err('boolean', 'The skip scripts field must be true or false.', 'skip_scripts'),
    ]);
    expect(run('updateServerStartup', { ...valid, egg: 99, pack: -1, image: 'x'.repeat(256) }, { server: '1' })).toEqual([
      err('exists', 'The selected egg is invalid.', 'egg'),
      err('min', 'The pack must be at least 0.', 'pack'),
      err('max', 'The image may not be greater than 255 characters.', 'image'),
    ]);
  });
});

describe('createServerDatabase (5.10)', () => {
  const valid = { database: 'newdb', remote: '%', host: 1 };

  it('accepts a valid body; the raw name never matches the prefixed stored names', () => {
    expect(run('createServerDatabase', valid, { server: '1' })).toEqual([]);
    expect(run('createServerDatabase', { ...valid, database: 'survival' }, { server: '1' })).toEqual([]);
  });

  it('the unique check is scoped to the requested host', () => {
    expect(run('createServerDatabase', { ...valid, database: 's1_survival' }, { server: '1' })).toEqual([
      err('unique', 'The Database Name has already been taken.', 'database'),
    ]);
    expect(run('createServerDatabase', { ...valid, database: 's1_survival', host: 2 }, { server: '1' })).toEqual([]);
  });

  it('reports each kind of invalid field with the database labels', () => {
    expect(run('createServerDatabase', { database: 'x'.repeat(25), remote: '10.0.0.*', host: 'x' }, { server: '1' })).toEqual([
      err('max', 'The Database Name may not be greater than 24 characters.', 'database'),
      err('regex', 'The Remote Connection String format is invalid.', 'remote'),
      err('integer', 'The Database Host Server ID must be an integer.', 'host'),
    ]);
    expect(run('createServerDatabase', { ...valid, host: 99 }, { server: '1' })).toEqual([
      err('exists', 'The selected Database Host Server ID is invalid.', 'host'),
    ]);
    expect(run('createServerDatabase', {}, { server: '1' })).toEqual([
      err('required', 'The Database Name field is required.', 'database'),
      err('required', 'The Remote Connection String field is required.', 'remote'),
      err('required', 'The Database Host Server ID field is required.', 'host'),
    ]);
  });
});

describe('client API bodies (5.12)', () => {
  it('sendClientServerCommand', () => {
    expect(run('sendClientServerCommand', { command: 'say hi' }, { server: 'c4af8e6d' })).toEqual([]);
    expect(run('sendClientServerCommand', {}, { server: 'c4af8e6d' })).toEqual([err('required', 'The command field is required.', 'command')]);
    expect(run('sendClientServerCommand', { command: 5 }, { server: 'c4af8e6d' })).toEqual([
      err('string', 'The command must be a string.', 'command'),
    ]);
  });

  it('sendClientServerPower', () => {
    expect(run('sendClientServerPower', { signal: 'restart' }, { server: 'c4af8e6d' })).toEqual([]);
    expect(run('sendClientServerPower', { signal: 'explode' }, { server: 'c4af8e6d' })).toEqual([
      err('in', 'The selected signal is invalid.', 'signal'),
    ]);
    expect(run('sendClientServerPower', { signal: 1 }, { server: 'c4af8e6d' })).toEqual([
      err('string', 'The signal must be a string.', 'signal'),
      err('in', 'The selected signal is invalid.', 'signal'),
    ]);
  });
});

describe('through the pipeline', () => {
  it('renders a 422 with code, detail and source.field (strings trimmed, "" → null)', async () => {
    const response = await request(panel, 'POST', '/api/application/locations', { key: 'app-full', body: { short: '   ', long: 'Somewhere' } });
    expect(response.status).toBe(422);
    expect(response.json).toEqual({
      errors: [{ code: 'required', detail: 'The Location Identifier field is required.', source: { field: 'short' } }],
    });
  });

  it('an empty ?search= on GET /servers fails string', async () => {
    const response = await request(panel, 'GET', '/api/application/servers?search=', { key: 'app-full' });
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([{ code: 'string', detail: 'The search must be a string.', source: { field: 'search' } }]);
  });
});
