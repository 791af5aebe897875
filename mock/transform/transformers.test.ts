import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../harness/response-contract.ts';
import { PanelError } from '../errors/panel-error.ts';
import { MockPanel } from '../panel.ts';
import type { Transformer } from './fractal.ts';
import { contextFor, envelope, schemaErrors } from './test-support.ts';
import { allocationTransformer } from './transformers/allocation.ts';
import { clientServerTransformer } from './transformers/client-server.ts';
import { databaseHostTransformer } from './transformers/database-host.ts';
import { eggVariableTransformer } from './transformers/egg-variable.ts';
import { eggTransformer } from './transformers/egg.ts';
import { locationTransformer } from './transformers/location.ts';
import { nestTransformer } from './transformers/nest.ts';
import { nodeTransformer } from './transformers/node.ts';
import { packTransformer } from './transformers/pack.ts';
import { serverDatabaseTransformer } from './transformers/server-database.ts';
import { serverVariableTransformer } from './transformers/server-variable.ts';
import { serverTransformer } from './transformers/server.ts';
import { statsTransformer } from './transformers/stats.ts';
import { subuserTransformer } from './transformers/subuser.ts';
import { userTransformer } from './transformers/user.ts';

let contract: ResponseContract;
let panel: MockPanel;
beforeAll(async () => {
  contract = await ResponseContract.load();
  panel = await MockPanel.create();
});
beforeEach(() => panel.reset());

const SERVER_INCLUDES = [
  'allocations', 'user', 'subusers', 'pack', 'nest', 'egg', 'variables', 'location', 'node', 'databases',
  'subusers.user', 'subusers.server', 'variables.parent', 'databases.password', 'databases.host',
  'egg.config', 'egg.script', 'egg.variables', 'egg.nest', 'node.location', 'user.servers', 'allocations.node',
].join(',');

function expectValid(name: string, value: unknown) {
  expect(schemaErrors(contract, name, value)).toEqual([]);
}

function attrs<Row>(transformer: Transformer<Row>, row: Row, include = '', key: string | undefined = 'app-full') {
  return envelope(contextFor(panel, key, include), transformer, row).attributes as Record<string, any>;
}

describe('every seeded row transforms into a body the spec accepts', () => {
  it('(the check itself rejects a broken body)', () => {
    const user = envelope(contextFor(panel, 'app-full'), userTransformer, panel.store.find('users', 1)!);
    expect(schemaErrors(contract, 'User', { ...user, attributes: { ...user.attributes, created_at: '2019-01-10T09:14:22Z' } })).not.toEqual([]);
    expect(schemaErrors(contract, 'User', { ...user, attributes: { ...user.attributes, extra: 1 } })).not.toEqual([]);
  });

  it('users, with and without their servers', () => {
    for (const user of panel.store.all('users')) {
      expectValid('User', envelope(contextFor(panel, 'app-full'), userTransformer, user));
      expectValid('User', envelope(contextFor(panel, 'app-full', 'servers.allocations'), userTransformer, user));
    }
  });

  it('servers, with every include and the nested ones', () => {
    for (const server of panel.store.all('servers')) {
      expectValid('Server', envelope(contextFor(panel, 'app-full'), serverTransformer, server));
      expectValid('Server', envelope(contextFor(panel, 'app-full', SERVER_INCLUDES), serverTransformer, server));
      expectValid('Server', envelope(contextFor(panel, 'app-none', SERVER_INCLUDES), serverTransformer, server));
    }
  });

  it('nodes, locations, assigned allocations', () => {
    for (const node of panel.store.all('nodes')) {
      expectValid('Node', envelope(contextFor(panel, 'app-full', 'allocations,location.nodes,servers.node'), nodeTransformer, node));
    }
    for (const location of panel.store.all('locations')) {
      expectValid('Location', envelope(contextFor(panel, 'app-full', 'nodes.allocations,servers.location'), locationTransformer, location));
    }
    for (const allocation of panel.store.all('allocations')) {
      const include = allocation.server_id === null ? 'node' : 'node.location,server.allocations';
      expectValid('Allocation', envelope(contextFor(panel, 'app-full', include), allocationTransformer, allocation));
    }
  });

  it('nests and eggs', () => {
    for (const nest of panel.store.all('nests')) {
      expectValid('Nest', envelope(contextFor(panel, 'app-full', 'eggs.config,eggs.script,eggs.variables,servers'), nestTransformer, nest));
    }
    for (const egg of panel.store.all('eggs')) {
      expectValid('Egg', envelope(contextFor(panel, 'app-full'), eggTransformer, egg));
      expectValid('Egg', envelope(contextFor(panel, 'app-full', 'nest.eggs,servers,config,script,variables'), eggTransformer, egg));
    }
  });

  it('server databases with their password and host (and the host databases)', () => {
    for (const database of panel.store.all('databases')) {
      expectValid('ServerDatabase', envelope(contextFor(panel, 'app-full', 'password,host.databases'), serverDatabaseTransformer, database));
    }
  });

  it('include-only transformers', () => {
    const ctx = contextFor(panel, 'app-full', 'user,server,databases,parent');
    for (const host of panel.store.all('database_hosts')) expectValid('DatabaseHost', envelope(ctx, databaseHostTransformer, host));
    for (const pack of panel.store.all('packs')) expectValid('Pack', envelope(ctx, packTransformer, pack));
    for (const subuser of panel.store.all('subusers')) expectValid('SubuserAttributes', envelope(ctx, subuserTransformer, subuser).attributes);
    for (const variable of panel.store.all('egg_variables')) expectValid('EggVariableAttributes', envelope(ctx, eggVariableTransformer, variable).attributes);
    for (const variable of panel.store.all('server_variables')) expectValid('ServerVariableAttributes', envelope(ctx, serverVariableTransformer, variable).attributes);
  });

  it('client servers and stats', () => {
    for (const server of panel.store.all('servers')) expectValid('ClientServer', envelope(contextFor(panel, 'client-owner'), clientServerTransformer, server));
    const stats = { state: 'on', memory: { current: 2560, limit: 4096 }, cpu: { current: 37.512, cores: [20.1, 17.412], limit: 200 }, disk: { current: 4312, limit: 20480 } };
    expectValid('Stats', envelope(contextFor(panel, 'client-owner'), statsTransformer, stats));
  });
});

describe('attributes', () => {
  it('user: the panel keys in order', () => {
    const user = attrs(userTransformer, panel.store.find('users', 1)!);
    expect(Object.keys(user)).toEqual([
      'id', 'external_id', 'uuid', 'username', 'email', 'first_name', 'last_name', 'language', 'root_admin', '2fa', 'created_at', 'updated_at',
    ]);
    expect(user).toMatchObject({ first_name: 'Panel', last_name: 'Administrator', root_admin: true, '2fa': true, created_at: '2019-01-10T09:14:22+00:00' });
  });

  it('server: key order, installed only for 1, environment from egg defaults and server values', () => {
    const server = attrs(serverTransformer, panel.store.find('servers', 1)!);
    expect(Object.keys(server)).toEqual([
      'id', 'external_id', 'uuid', 'identifier', 'name', 'description', 'suspended', 'limits', 'feature_limits', 'user', 'node',
      'allocation', 'nest', 'egg', 'pack', 'container', 'updated_at', 'created_at',
    ]);
    expect(server['container'].environment).toEqual({
      MINECRAFT_VERSION: '1.15.2',
      SERVER_JARFILE: 'server.jar',
      DL_PATH: '',
      BUILD_NUMBER: '391',
      STARTUP: panel.store.find('servers', 1)!.startup,
      P_SERVER_LOCATION: 'us.nyc',
      P_SERVER_UUID: 'c4af8e6d-1a17-41e4-a5c5-528f3921d816',
    });
    expect(Object.keys(server['container'].environment).slice(-3)).toEqual(['STARTUP', 'P_SERVER_LOCATION', 'P_SERVER_UUID']);
    expect(attrs(serverTransformer, panel.store.find('servers', 3)!)['container'].installed).toBe(false); // installing
    expect(attrs(serverTransformer, panel.store.find('servers', 10)!)['container'].installed).toBe(false); // install failed

    // Without a server value the egg default is used.
    const jarVariable = panel.store.first('egg_variables', (v) => v.egg_id === 3 && v.env_variable === 'SERVER_JARFILE')!;
    panel.store.remove('server_variables', (v) => v.server_id === 1 && v.variable_id === jarVariable.id);
    const defaulted = attrs(serverTransformer, panel.store.find('servers', 1)!);
    expect(defaulted['container'].environment.SERVER_JARFILE).toBe(jarVariable.default_value);
  });

  it('node: daemonSecret hidden, daemon_* names', () => {
    const node = attrs(nodeTransformer, panel.store.find('nodes', 2)!);
    expect(Object.keys(node)).toEqual([
      'id', 'public', 'name', 'description', 'location_id', 'fqdn', 'scheme', 'behind_proxy', 'maintenance_mode', 'memory',
      'memory_overallocate', 'disk', 'disk_overallocate', 'upload_size', 'daemon_listen', 'daemon_sftp', 'daemon_base', 'created_at', 'updated_at',
    ]);
    expect(JSON.stringify(node)).not.toContain('Gn9GDFBGjubtNXa364JDe9PKIF75lj4R6ka0');
    expect(node).toMatchObject({ daemon_listen: 8443, daemon_sftp: 2022, daemon_base: '/srv/daemon-data', behind_proxy: true });
  });

  it('location: updated_at before created_at', () => {
    expect(Object.keys(attrs(locationTransformer, panel.store.find('locations', 1)!))).toEqual(['id', 'short', 'long', 'updated_at', 'created_at']);
  });

  it('allocation: alias from ip_alias, assigned from server_id', () => {
    expect(attrs(allocationTransformer, panel.store.find('allocations', 16)!)).toEqual({
      id: 16, ip: panel.store.find('allocations', 16)!.ip, alias: 'mc.example.com', port: panel.store.find('allocations', 16)!.port, assigned: true,
    });
    const free = panel.store.first('allocations', (a) => a.server_id === null)!;
    expect(attrs(allocationTransformer, free)).toMatchObject({ alias: null, assigned: false });
  });

  it('pack: selectable/visible/locked as is_*', () => {
    const ctx = contextFor(panel, 'app-full');
    expect(envelope(ctx, packTransformer, panel.store.find('packs', 2)!).attributes).toMatchObject({
      egg: 5, description: null, is_selectable: false, is_visible: false, is_locked: true,
    });
  });

  it('client server: server_owner relative to the key user', () => {
    const server1 = panel.store.find('servers', 1)!;
    expect(attrs(clientServerTransformer, server1, '', 'client-owner')['server_owner']).toBe(true);
    expect(attrs(clientServerTransformer, server1, '', 'client-subuser-limited')['server_owner']).toBe(false);
    expect(Object.keys(attrs(clientServerTransformer, server1, '', 'client-owner'))).toEqual([
      'server_owner', 'identifier', 'uuid', 'name', 'description', 'limits', 'feature_limits',
    ]);
  });
});

describe('eggs', () => {
  it('decode a stored {} as [] in config (PHP associative decode)', () => {
    const egg8 = attrs(eggTransformer, panel.store.find('eggs', 8)!);
    expect(panel.store.find('eggs', 8)!.config_files).toBe('{}');
    expect(egg8['config'].files).toEqual([]);
    expect(JSON.stringify(egg8['config'].files)).toBe('[]');
    expect(egg8['config'].startup).toEqual({ done: 'gameserver Steam ID', userInteraction: [] });
    expect(egg8['config'].extends).toBeNull();
  });

  it('render config/script as null_resource when the egg extends nothing', () => {
    const egg4 = attrs(eggTransformer, panel.store.find('eggs', 4)!, 'config,script');
    expect(egg4['relationships']).toEqual({
      config: { object: 'null_resource', attributes: null },
      script: { object: 'null_resource', attributes: null },
    });
  });

  it('config include: object null, own value else the parent, objects kept ({} stays {})', () => {
    // Egg 16, admin-made, has no config of its own and extends Custom Source Engine Game (8).
    const egg16 = attrs(eggTransformer, panel.store.find('eggs', 16)!, 'config');
    const parent = panel.store.find('eggs', 8)!;
    expect(egg16['relationships'].config).toEqual({
      object: null,
      attributes: {
        files: {},
        startup: JSON.parse(parent.config_startup!),
        stop: parent.config_stop,
        logs: JSON.parse(parent.config_logs!),
      },
    });
    expect(JSON.stringify(egg16['relationships'].config.attributes.files)).toBe('{}');
    // Own values win: egg 15, admin-made, has its own config_files and extends Vanilla (5) for the rest.
    const egg15 = attrs(eggTransformer, panel.store.find('eggs', 15)!, 'config');
    const vanilla = panel.store.find('eggs', 5)!;
    expect(egg15['relationships'].config.attributes).toEqual({
      files: JSON.parse(panel.store.find('eggs', 15)!.config_files!),
      startup: JSON.parse(vanilla.config_startup!),
      stop: vanilla.config_stop,
      logs: JSON.parse(vanilla.config_logs!),
    });
    expect(egg15['relationships'].config.attributes.files).not.toEqual(JSON.parse(vanilla.config_files!));
  });

  it('script include: privileged is always the own flag, the rest falls back to copy_script_from', () => {
    // Egg 16, admin-made, copies the script of Custom Source Engine Game (8) and has no install script of its own.
    const child = panel.store.find('eggs', 16)!;
    child.script_is_privileged = false;
    child.script_entry = 'sh';
    const egg16 = attrs(eggTransformer, child, 'script');
    const parent = panel.store.find('eggs', 8)!;
    expect(egg16['relationships'].script).toEqual({
      object: null,
      attributes: { privileged: false, install: parent.script_install, entry: 'sh', container: child.script_container },
    });
    // The main attributes keep the egg's own (null) script.
    expect(egg16['script']).toMatchObject({ install: null, extends: 8, privileged: false });
  });

  it('variables include: egg_variable objects with 0/1 flags and raw panel-timezone timestamps', () => {
    const egg1 = attrs(eggTransformer, panel.store.find('eggs', 1)!, 'variables');
    const first = egg1['relationships'].variables.data[0];
    expect(first.object).toBe('egg_variable');
    expect(first.attributes.user_viewable).toBe(1);
    // 2019-01-10 09:14:22 UTC is 04:14:22 in New York (EST, UTC-5).
    expect(first.attributes.created_at).toBe('2019-01-10 04:14:22');
  });
});

describe('timezones', () => {
  it('server databases and hosts use APP_TIMEZONE with its offset', () => {
    const db1 = attrs(serverDatabaseTransformer, panel.store.find('databases', 1)!, 'host');
    expect(db1['created_at']).toBe('2019-03-15T06:00:00-04:00'); // EDT
    expect(db1['relationships'].host.attributes.created_at).toBe('2019-03-01T04:00:00-05:00'); // EST
    const utc = envelope(contextFor(panel, 'app-full', '', 'UTC'), serverDatabaseTransformer, panel.store.find('databases', 1)!);
    expect(utc.attributes['created_at']).toBe('2019-03-15T10:00:00+00:00');
  });

  it('server variables are raw in the panel timezone; other timestamps are UTC +00:00', () => {
    const server = attrs(serverTransformer, panel.store.find('servers', 1)!, 'variables');
    // 2019-03-14 18:22:05 UTC, after the 2019-03-10 switch to EDT.
    expect(server['relationships'].variables.data[0].attributes.created_at).toBe('2019-03-14 14:22:05');
    expect(server['created_at']).toBe('2019-03-14T18:22:05+00:00');
  });
});

describe('includes', () => {
  it('are absent without a request and ignore unknown names', () => {
    const server = panel.store.find('servers', 1)!;
    expect(attrs(serverTransformer, server)).not.toHaveProperty('relationships');
    expect(attrs(serverTransformer, server, 'bogus,,  ,Allocations')).not.toHaveProperty('relationships');
  });

  it('follow the transformer order, not the request order', () => {
    const server = attrs(serverTransformer, panel.store.find('servers', 1)!, 'databases,node,allocations');
    expect(Object.keys(server['relationships'])).toEqual(['allocations', 'node', 'databases']);
  });

  it('render null_resource without the READ bit (users-read-only key)', () => {
    const server = attrs(serverTransformer, panel.store.find('servers', 1)!, 'allocations,user,subusers,pack,variables,node,databases', 'app-users-read-only');
    const rel = server['relationships'];
    expect(rel.user.object).toBe('user');
    expect(rel.subusers.data.map((s: { object: string }) => s.object)).toEqual(['subuser', 'subuser']);
    for (const name of ['allocations', 'pack', 'variables', 'node', 'databases']) {
      expect(rel[name], name).toEqual({ object: 'null_resource', attributes: null });
    }
  });

  it('nest two levels and check permissions at every level', () => {
    const full = attrs(userTransformer, panel.store.find('users', 7)!, 'servers.allocations');
    expect(full['relationships'].servers.data[0].attributes.relationships.allocations.object).toBe('list');
    const limited = attrs(userTransformer, panel.store.find('users', 7)!, 'servers.allocations', 'app-users-read-only');
    expect(limited['relationships'].servers).toEqual({ object: 'null_resource', attributes: null });
    // Deeper levels are cut off.
    const deep = attrs(userTransformer, panel.store.find('users', 7)!, 'servers.allocations.node');
    const allocation = deep['relationships'].servers.data[0].attributes.relationships.allocations.data[0];
    expect(allocation.attributes).not.toHaveProperty('relationships');
  });

  it('use the include key as object name: databases, variable, database_password', () => {
    const server = attrs(serverTransformer, panel.store.find('servers', 1)!, 'databases.password,variables.parent');
    const database = server['relationships'].databases.data[0];
    expect(database.object).toBe('databases');
    expect(database.attributes.relationships.password).toEqual({ object: 'database_password', attributes: { password: 'WQ82p6gCxvT0ui36KlEssAXr' } });
    expect(server['relationships'].variables.data[0].attributes.relationships.parent.object).toBe('variable');
  });

  it('database password needs no permission', () => {
    const db = attrs(serverDatabaseTransformer, panel.store.find('databases', 1)!, 'password,host', 'app-none');
    expect(db['relationships'].password.object).toBe('database_password');
    expect(db['relationships'].host).toEqual({ object: 'null_resource', attributes: null });
  });

  it('pack is null_resource for a server without a pack', () => {
    expect(attrs(serverTransformer, panel.store.find('servers', 1)!, 'pack')['relationships'].pack.object).toBe('pack');
    expect(attrs(serverTransformer, panel.store.find('servers', 2)!, 'pack')['relationships'].pack).toEqual({ object: 'null_resource', attributes: null });
  });

  it('allocation server include on an unassigned allocation is a 500 TypeError, unless the key cannot read servers', () => {
    const free = panel.store.first('allocations', (a) => a.server_id === null)!;
    let thrown: unknown;
    try {
      attrs(allocationTransformer, free, 'server');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PanelError);
    expect(thrown).toMatchObject({ status: 500, code: 'FatalThrowableError' });
    expect(attrs(allocationTransformer, free, 'server', 'app-users-read-only')['relationships'].server.object).toBe('null_resource');
  });
});
