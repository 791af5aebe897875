import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountAttributes, activityAttributes, apiKeyAttributes, sshKeyAttributes, userAttributes } from './account-transformers.ts';
import type { ClientActivityRow, ClientEggVariableRow, ClientServerRow, ClientUserRow } from './client-rows.ts';
import {
  backupAttributes,
  databaseAttributes,
  eggVariableAttributes,
  fileObjectAttributes,
  scheduleAttributes,
  serverAttributes,
  statsAttributes,
  subuserAttributes,
  type ServerView,
} from './server-transformers.ts';

const owner: ClientUserRow = {
  id: 2,
  uuid: 'u-2',
  username: 'owner',
  email: 'Owner@Example.com',
  name_first: 'Olive',
  name_last: 'Owner',
  language: 'en',
  root_admin: 0,
  use_totp: 1,
  created_at: '2026-01-02 03:04:05',
};
const other: ClientUserRow = { ...owner, id: 3, uuid: 'u-3', username: 'sub', email: 'sub@example.com', use_totp: 0 };

describe('client account transformers', () => {
  it('account and user attributes, with casts, gravatar and zoned atom timestamps', () => {
    expect(accountAttributes(owner)).toEqual({ id: 2, admin: false, username: 'owner', email: 'Owner@Example.com', first_name: 'Olive', last_name: 'Owner', language: 'en' });
    expect(userAttributes(owner, 'Europe/Berlin')).toEqual({
      uuid: 'u-2',
      username: 'owner',
      email: 'Owner@Example.com',
      image: `https://gravatar.com/avatar/${createHash('md5').update('owner@example.com').digest('hex')}`,
      '2fa_enabled': true,
      created_at: '2026-01-02T04:04:05+01:00',
    });
  });

  it('api keys (allowed_ips as a list, unused key null) and ssh keys', () => {
    expect(apiKeyAttributes({ identifier: 'ptlc_abc', memo: 'bot', allowed_ips: '["10.0.0.1"]', last_used_at: null, created_at: '2026-01-02 03:04:05' }, 'UTC')).toEqual({
      identifier: 'ptlc_abc',
      description: 'bot',
      allowed_ips: ['10.0.0.1'],
      last_used_at: null,
      created_at: '2026-01-02T03:04:05+00:00',
    });
    expect(sshKeyAttributes({ name: 'k', fingerprint: 'SHA256:x', public_key: 'ssh-ed25519 AAA', created_at: '2026-01-02 03:04:05' }, 'UTC')).toMatchObject({ created_at: '2026-01-02T03:04:05+00:00' });
  });

  const entry: ClientActivityRow = {
    id: 41,
    batch: null,
    event: 'server:file.rename',
    ip: '10.1.1.1',
    description: null,
    properties: { directory: 'world//', files: [{ from: 'a', to: 'b' }], ip: '10.1.1.1' },
    timestamp: '2026-01-02 03:04:05',
    api_key_id: 9,
  };

  it('activity: sha1 id, IP for the actor only, directory normalised, a single *_count becomes count', () => {
    const mine = activityAttributes(entry, { actor: owner, viewer: owner, timezone: 'UTC', includeActor: false });
    expect(mine).toEqual({
      id: createHash('sha1').update('41').digest('hex'),
      batch: null,
      event: 'server:file.rename',
      is_api: true,
      ip: '10.1.1.1',
      description: null,
      properties: { directory: '/world/', files: [{ from: 'a', to: 'b' }], ip: '10.1.1.1', count: 1 },
      has_additional_metadata: true,
      timestamp: '2026-01-02T03:04:05+00:00',
    });
    const theirs = activityAttributes(entry, { actor: owner, viewer: other, timezone: 'UTC', includeActor: true });
    expect(theirs['ip']).toBeNull();
    expect((theirs['properties'] as Record<string, unknown>)['ip']).toBe('[hidden]');
    expect(theirs['relationships']).toEqual({ actor: { object: 'user', attributes: userAttributes(owner, 'UTC') } });
    const orphan = activityAttributes({ ...entry, properties: null }, { actor: null, viewer: { ...other, root_admin: 1 }, timezone: 'UTC', includeActor: true });
    expect(orphan).toMatchObject({ ip: '10.1.1.1', properties: {}, has_additional_metadata: false, relationships: { actor: { object: 'null_resource', attributes: null } } });
  });

  it('activity: additional metadata means a property the description does not show', () => {
    const view = { actor: owner, viewer: owner, timezone: 'UTC', includeActor: false };
    expect(activityAttributes({ ...entry, event: 'server:backup.start', properties: { name: 'b', locked: false } }, view)['has_additional_metadata']).toBe(true);
    expect(activityAttributes({ ...entry, event: 'server:backup.download', properties: { name: 'b', useragent: 'x' } }, view)['has_additional_metadata']).toBe(false);
  });
});

const server: ClientServerRow = {
  id: 1,
  uuid: 'aaaaaaaa-1111-4111-8111-111111111111',
  uuidShort: 'aaaaaaaa',
  name: 'Survival',
  description: '',
  status: null,
  owner_id: 2,
  memory: 1024,
  swap: 0,
  disk: 5120,
  io: 500,
  cpu: 100,
  threads: null,
  oom_disabled: 1,
  image: 'ghcr.io/pterodactyl/yolks:java_17',
  startup: 'java -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}} --port {{SERVER_PORT}} {{SECRET}}',
  allocation_id: 10,
  database_limit: 1,
  allocation_limit: 2,
  backup_limit: 3,
};
const jar: ClientEggVariableRow = { name: 'Jar', description: 'd', env_variable: 'SERVER_JARFILE', default_value: 'server.jar', server_value: 'paper.jar', user_viewable: 1, user_editable: 1, rules: 'required' };
const secret: ClientEggVariableRow = { ...jar, name: 'Secret', env_variable: 'SECRET', server_value: 's3cr3t', user_viewable: 0, user_editable: 0 };
const primary = { id: 10, ip: '10.0.0.5', ip_alias: null, port: 25565, notes: 'main' };

function view(can: (permission: string) => boolean, includes: string[] = []): ServerView {
  return {
    node: { name: 'Node 1', fqdn: 'node1.example.com', daemonSFTP: 2022, maintenance_mode: 0 },
    egg: { uuid: 'egg-uuid', name: 'Paper' },
    eggFeatures: ['eula', 'java_version'],
    allocations: [primary, { id: 11, ip: '10.0.0.5', ip_alias: 'play', port: 25566, notes: null }],
    primaryAllocation: primary,
    variables: [jar, secret],
    subusers: [{ user: other, permissions: '["control.console"]' }],
    hasTransfer: false,
    viewer: owner,
    can,
    includes: new Set(includes),
    timezone: 'UTC',
  };
}

describe('client server transformer', () => {
  it('renders attributes, the invocation with hidden variables, allocations and viewable variables', () => {
    const attributes = serverAttributes(server, view(() => true, ['egg', 'subusers']));
    expect(attributes).toMatchObject({
      server_owner: true,
      identifier: 'aaaaaaaa',
      internal_id: 1,
      node: 'Node 1',
      is_node_under_maintenance: false,
      sftp_details: { ip: 'node1.example.com', port: 2022 },
      limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100, threads: null, oom_disabled: true },
      invocation: 'java -Xmx1024M -jar paper.jar --port 25565 [hidden]',
      egg_features: ['eula', 'java_version'],
      feature_limits: { databases: 1, allocations: 2, backups: 3 },
      status: null,
      is_suspended: false,
      is_installing: false,
      is_transferring: false,
    });
    const relationships = attributes['relationships'] as Record<string, { data?: Array<{ attributes: Record<string, unknown> }> }>;
    expect(Object.keys(relationships)).toEqual(['allocations', 'variables', 'egg', 'subusers']);
    expect(relationships['allocations']?.data?.map((a) => a.attributes['is_default'])).toEqual([true, false]);
    expect(relationships['variables']?.data?.map((v) => v.attributes['env_variable'])).toEqual(['SERVER_JARFILE']);
    expect(relationships['subusers']?.data?.[0]?.attributes['permissions']).toEqual(['control.console']);
  });

  it('without startup.read, allocation.read or user.read: everything hidden, only the primary allocation without notes', () => {
    const attributes = serverAttributes({ ...server, status: 'installing' }, { ...view(() => false, ['subusers']), viewer: other });
    expect(attributes['invocation']).toBe('java -Xmx1024M -jar [hidden] --port 25565 [hidden]');
    expect(attributes).toMatchObject({ server_owner: false, is_installing: true });
    expect(attributes['relationships']).toEqual({
      allocations: { object: 'list', data: [{ object: 'allocation', attributes: { id: 10, ip: '10.0.0.5', ip_alias: null, port: 25565, notes: null, is_default: true } }] },
      variables: { object: 'null_resource', attributes: null },
      subusers: { object: 'null_resource', attributes: null },
    });
  });

  it('refuses to render a hidden variable', () => {
    expect(() => eggVariableAttributes(secret)).toThrow('hidden egg variable');
  });
});

describe('client server-scoped transformers', () => {
  it('stats default what Wings left out', () => {
    expect(statsAttributes({})).toEqual({
      current_state: 'stopped',
      is_suspended: false,
      resources: { memory_bytes: 0, cpu_absolute: 0, disk_bytes: 0, network_rx_bytes: 0, network_tx_bytes: 0, uptime: 0 },
    });
    expect(statsAttributes({ state: 'running', utilization: { memory_bytes: 5, network: { rx_bytes: 7 }, uptime: 9 } })).toMatchObject({
      current_state: 'running',
      resources: { memory_bytes: 5, network_rx_bytes: 7, network_tx_bytes: 0, uptime: 9 },
    });
  });

  it('backups, databases with and without the password include, subusers', () => {
    expect(backupAttributes({ uuid: 'b', is_successful: 0, is_locked: 1, name: 'n', ignored_files: '[]', checksum: null, bytes: 0, created_at: '2026-01-02 03:04:05', completed_at: null }, 'UTC')).toEqual({
      uuid: 'b',
      is_successful: false,
      is_locked: true,
      name: 'n',
      ignored_files: [],
      checksum: null,
      bytes: 0,
      created_at: '2026-01-02T03:04:05+00:00',
      completed_at: null,
    });
    const database = { id: 4, database: 's1_db', username: 'u1_x', remote: '%', max_connections: 0 };
    const host = { host: '10.0.0.9', port: 3306 };
    expect(databaseAttributes(database, { host, hashid: 'Xy12Ab34' })).toEqual({ id: 'Xy12Ab34', host: { address: '10.0.0.9', port: 3306 }, name: 's1_db', username: 'u1_x', connections_from: '%', max_connections: 0 });
    expect(databaseAttributes(database, { host, hashid: 'h', password: 'pw' })['relationships']).toEqual({ password: { object: 'database_password', attributes: { password: 'pw' } } });
    expect(databaseAttributes(database, { host, hashid: 'h', password: null })['relationships']).toEqual({ password: { object: 'null_resource', attributes: null } });
    expect(subuserAttributes(other, ['a'], 'UTC')).toMatchObject({ username: 'sub', permissions: ['a'], '2fa_enabled': false });
  });

  it('schedules include their tasks', () => {
    const ts = '2026-01-02 03:04:05';
    const schedule = { id: 1, name: 's', cron_day_of_week: '*', cron_day_of_month: '*', cron_month: '*', cron_hour: '4', cron_minute: '0', is_active: 1, is_processing: 0, only_when_online: 0, last_run_at: null, next_run_at: ts, created_at: ts, updated_at: ts };
    const task = { id: 7, sequence_id: 1, action: 'command', payload: 'say hi', time_offset: 0, is_queued: 0, continue_on_failure: 1, created_at: ts, updated_at: ts };
    const attributes = scheduleAttributes(schedule, [task], 'UTC');
    expect(attributes).toMatchObject({ cron: { hour: '4', minute: '0' }, is_active: true, is_processing: false, last_run_at: null, next_run_at: '2026-01-02T03:04:05+00:00' });
    expect(attributes['relationships']).toEqual({
      tasks: { object: 'list', data: [{ object: 'schedule_task', attributes: { id: 7, sequence_id: 1, action: 'command', payload: 'say hi', time_offset: 0, is_queued: false, continue_on_failure: true, created_at: '2026-01-02T03:04:05+00:00', updated_at: '2026-01-02T03:04:05+00:00' } }] },
    });
  });

  it('file objects from Wings stats, with defaults', () => {
    expect(fileObjectAttributes({ name: 'a', mode: '-rw-r--r--', mode_bits: '644', size: 1, file: true, symlink: false, mime: 'text/plain', created: '2026-01-02T03:04:05Z', modified: '2026-01-02T03:04:05+02:00' })).toEqual({
      name: 'a',
      mode: '-rw-r--r--',
      mode_bits: '644',
      size: 1,
      is_file: true,
      is_symlink: false,
      mimetype: 'text/plain',
      created_at: '2026-01-02T03:04:05+00:00',
      modified_at: '2026-01-02T03:04:05+02:00',
    });
    expect(fileObjectAttributes({ name: 'x', created: '2026-01-02T03:04:05Z', modified: '2026-01-02T03:04:05Z' })).toMatchObject({ is_file: true, is_symlink: false, mimetype: 'application/octet-stream', size: null });
  });
});
