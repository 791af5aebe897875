import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { errorOf, send, storeState, type TestResponse } from './account-test-requests.ts';
import { USER_HAS_SERVERS } from './users.ts';

let contract: ResponseContract;
let panel: MockPanel;

beforeAll(async () => {
  contract = await ResponseContract.load();
});
beforeEach(async () => {
  // A frozen clock: the created and changed rows' timestamps are known exactly.
  panel = await MockPanel.create({ clock: '2020-10-05T12:00:00Z' });
});

function conforms(operationId: string, response: TestResponse): void {
  expect(contract.check(operationId, { status: response.status, headers: response.headers, rawBody: response.rawBody })).toEqual([]);
}

const NOW = '2020-10-05 12:00:00';
const DAEMON_REFUSED =
  'There was an exception while attempting to communicate with the daemon resulting in a HTTP/E_CONN_REFUSED response code. This exception has been logged.';
const user = (id: number) => panel.store.find('users', id);
const daemonKeysOf = (userId: number) => panel.store.where('daemon_keys', (k) => k.user_id === userId).map((k) => k.id);

describe('POST /users', () => {
  it('creates the user with the defaults and answers 201 with meta.resource', async () => {
    const response = await send(panel, 'POST', '/api/application/users', {
      email: 'new.user@example.com',
      username: 'NewUser',
      first_name: 'New',
      last_name: 'User',
    });
    expect(response.status).toBe(201);
    conforms('createUser', response);
    expect(Object.keys(response.json)).toEqual(['object', 'attributes', 'meta']);
    expect(response.json.meta).toEqual({ resource: 'http://panel.test/api/application/users/66' });
    expect(response.json.attributes).toMatchObject({
      id: 66,
      external_id: null,
      username: 'newuser',
      email: 'new.user@example.com',
      first_name: 'New',
      last_name: 'User',
      language: 'en',
      root_admin: false,
      '2fa': false,
    });
    expect(response.json.attributes.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(user(66)).toMatchObject({ username: 'newuser', name_first: 'New', name_last: 'User', created_at: NOW, updated_at: NOW });
  });

  it('stores the optional fields when present and builds meta.resource from the Host header', async () => {
    const response = await send(
      panel,
      'POST',
      '/api/application/users',
      {
        external_id: 'crm-991',
        email: 'ops2@example.com',
        username: 'ops.two',
        password: 'correct horse battery staple',
        language: 'de',
        root_admin: true,
        first_name: 'Ops',
        last_name: 'Two',
      },
      { host: 'panel.example.com:8443', scheme: 'https' },
    );
    expect(response.status).toBe(201);
    conforms('createUser', response);
    expect(response.json.meta.resource).toBe('https://panel.example.com:8443/api/application/users/66');
    expect(user(66)).toMatchObject({ external_id: 'crm-991', language: 'de', root_admin: true, use_totp: false });
  });

  it('takes "1" / "0" as the root_admin boolean', async () => {
    const body = { email: 'x1@example.com', username: 'xone', first_name: 'X', last_name: 'One', root_admin: '1' };
    expect((await send(panel, 'POST', '/api/application/users', body)).status).toBe(201);
    expect(user(66)?.root_admin).toBe(true);
  });
});

describe('PATCH /users/{user}', () => {
  const alphaBody = { email: 'alan@example.com', username: 'Alpha', first_name: 'Alan', last_name: 'Renamed' };

  it('replaces the fields, ignores the password and keeps root_admin when absent', async () => {
    const response = await send(panel, 'PATCH', '/api/application/users/3', { ...alphaBody, password: 'new secret' });
    expect(response.status).toBe(200);
    conforms('updateUser', response);
    expect(Object.keys(response.json)).toEqual(['object', 'attributes']);
    expect(response.json.attributes).toMatchObject({
      id: 3,
      username: 'alpha',
      email: 'alan@example.com',
      last_name: 'Renamed',
      external_id: 'whmcs-client-3',
      root_admin: false,
      updated_at: '2020-10-05T12:00:00+00:00',
    });
    expect(user(3)).toMatchObject({ email: 'alan@example.com', name_last: 'Renamed', updated_at: NOW });
  });

  it('leaves updated_at alone when nothing changed, and moves it for a new password', async () => {
    const same = { email: 'alpha@example.com', username: 'alpha', first_name: 'Alan', last_name: 'Phillips' };
    expect((await send(panel, 'PATCH', '/api/application/users/3', same)).status).toBe(200);
    expect(user(3)?.updated_at).toBe('2019-02-18 05:30:27');
    expect((await send(panel, 'PATCH', '/api/application/users/3', { ...same, password: '' })).status).toBe(200);
    expect(user(3)?.updated_at).toBe('2019-02-18 05:30:27');
    expect((await send(panel, 'PATCH', '/api/application/users/3', { ...same, password: 'hunter22' })).status).toBe(200);
    expect(user(3)?.updated_at).toBe(NOW);
  });

  it('clears external_id when sent as null', async () => {
    expect((await send(panel, 'PATCH', '/api/application/users/3', { ...alphaBody, external_id: null })).status).toBe(200);
    expect(user(3)?.external_id).toBeNull();
  });

  const opsBody = { email: 'ops@example.com', username: 'panel.ops', first_name: 'Olivia', last_name: 'Parker' };

  it('revokes every daemon key of a root admin the request does not keep admin, without demoting when root_admin is absent', async () => {
    expect(daemonKeysOf(2)).toEqual([7]);
    const response = await send(panel, 'PATCH', '/api/application/users/2', opsBody);
    expect(response.status).toBe(200);
    conforms('updateUser', response);
    expect(response.json.attributes.root_admin).toBe(true);
    expect(daemonKeysOf(2)).toEqual([]);
  });

  it('demotes and revokes with root_admin false; keeps the keys with root_admin true', async () => {
    const kept = await send(panel, 'PATCH', '/api/application/users/2', { ...opsBody, root_admin: true });
    expect(kept.status).toBe(200);
    expect(daemonKeysOf(2)).toEqual([7]);

    const demoted = await send(panel, 'PATCH', '/api/application/users/2', { ...opsBody, root_admin: false });
    expect(demoted.status).toBe(200);
    expect(demoted.json.attributes.root_admin).toBe(false);
    expect(user(2)?.root_admin).toBe(false);
    expect(daemonKeysOf(2)).toEqual([]);
  });

  it('makes no daemon call for a root admin without daemon keys', async () => {
    for (const id of ['1', '2', '3']) panel.store.daemon.nodes[id] = { reachable: false };
    const response = await send(panel, 'PATCH', '/api/application/users/1', {
      email: 'admin@example.com',
      username: 'admin',
      first_name: 'Panel',
      last_name: 'Administrator',
      root_admin: false,
    });
    expect(response.status).toBe(200);
    expect(user(1)?.root_admin).toBe(false);
  });

  it('answers 504 when a node refuses the revocation, changing nothing', async () => {
    panel.store.daemon.nodes['1'] = { reachable: false };
    const before = storeState(panel);
    const response = await send(panel, 'PATCH', '/api/application/users/2', { ...opsBody, last_name: 'Changed', root_admin: false });
    expect(response.status).toBe(504);
    conforms('updateUser', response);
    expect(errorOf(response)).toEqual({ code: 'DaemonConnectionException', status: '504', detail: DAEMON_REFUSED });
    expect(storeState(panel)).toEqual(before);
  });

  it('keeps the revocations of the nodes handled before the failing one (no transaction, as in the panel)', async () => {
    // user 2 also holds a key for server 5 on node 2 (unreachable); node 1 comes first.
    panel.store.insert('daemon_keys', { server_id: 5, user_id: 2, secret: 'i_' + 'k'.repeat(40), created_at: NOW, updated_at: NOW });
    const response = await send(panel, 'PATCH', '/api/application/users/2', { ...opsBody, last_name: 'Changed', root_admin: false });
    expect(response.status).toBe(504);
    expect(daemonKeysOf(2)).toEqual([10]);
    expect(user(2)).toMatchObject({ root_admin: true, name_last: 'Parker' });
  });
});

describe('DELETE /users/{user}', () => {
  it('deletes a user without servers together with their api keys, subuser rows and daemon keys', async () => {
    // helper.limited: api key 9, subuser rows 1 and 4, daemon key 8.
    const response = await send(panel, 'DELETE', '/api/application/users/11');
    expect(response.status).toBe(204);
    expect(response.rawBody).toBe('');
    conforms('deleteUser', response);
    expect(user(11)).toBeUndefined();
    expect(panel.store.where('api_keys', (k) => k.user_id === 11)).toEqual([]);
    expect(panel.store.where('subusers', (s) => s.user_id === 11)).toEqual([]);
    expect(daemonKeysOf(11)).toEqual([]);
    expect(panel.store.find('subusers', 2)).toBeDefined();
    expect(panel.store.find('daemon_keys', 9)).toBeDefined();
  });

  it('refuses a user who owns servers with the DisplayException message, changing nothing', async () => {
    const before = storeState(panel);
    const response = await send(panel, 'DELETE', '/api/application/users/7');
    expect(response.status).toBe(400);
    conforms('deleteUser', response);
    expect(response.json).toEqual({ errors: [{ code: 'DisplayException', status: '400', detail: USER_HAS_SERVERS }] });
    expect(USER_HAS_SERVERS).toBe(
      'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.',
    );
    expect(storeState(panel)).toEqual(before);
  });

  it('adds source and trace in debug mode, with the same message', async () => {
    panel = await MockPanel.create({ debug: true });
    const response = await send(panel, 'DELETE', '/api/application/users/7');
    expect(response.status).toBe(400);
    conforms('deleteUser', response);
    expect(errorOf(response)).toMatchObject({ code: 'DisplayException', detail: USER_HAS_SERVERS, source: { file: '/app/Services/Users/UserDeletionService.php' } });
  });
});
