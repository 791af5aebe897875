import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { errorOf, send, storeState, type TestResponse } from '../client/test-requests.ts';

let contract: ResponseContract;
let panel: MockPanel;

beforeAll(async () => {
  contract = await ResponseContract.load();
});
beforeEach(async () => {
  panel = await MockPanel.create();
});

function conforms(operationId: string, response: TestResponse): void {
  expect(contract.check(operationId, { status: response.status, headers: response.headers, rawBody: response.rawBody })).toEqual([]);
}

const app = (method: string, url: string, body?: unknown) => send(panel, 'app-full', method, `/api/application${url}`, body);

describe('POST /servers/{server}/databases', () => {
  it('creates s<id>_<name> with a random user and password, with meta.resource', async () => {
    const response = await app('POST', '/servers/2/databases', { database: 'stats', remote: '%', host: 1 });
    expect(response.status).toBe(201);
    conforms('createServerDatabase', response);
    const { attributes, meta } = response.json;
    expect(attributes).toMatchObject({ server: 2, host: 1, database: 's2_stats', remote: '%' });
    expect(attributes.username).toMatch(/^u2_[A-Za-z0-9]{10}$/);
    expect(meta).toEqual({ resource: `http://panel.test/api/application/servers/2/databases/${attributes.id}` });
    const row = panel.store.find('databases', attributes.id);
    expect(row?.password).toMatch(/^[A-Za-z0-9]{24}$/);
    // The database limit (0 for server 2) is not enforced: a second one is fine too.
    expect((await app('POST', '/servers/2/databases', { database: 'logs', remote: '%', host: 2 })).status).toBe(201);
  });

  it('answers 400 DuplicateDatabaseNameException for the same server, host and name (any case)', async () => {
    const before = storeState(panel);
    for (const database of ['survival', 'SURVIVAL']) {
      const response = await app('POST', '/servers/1/databases', { database, remote: '%', host: 1 });
      expect(response.status).toBe(400);
      conforms('createServerDatabase', response);
      expect(errorOf(response)).toEqual({
        code: 'DuplicateDatabaseNameException',
        status: '400',
        detail: 'A database with those details already exists for the specified server.',
      });
    }
    expect(storeState(panel)).toEqual(before);
    expect((await app('POST', '/servers/1/databases', { database: 'survival', remote: '%', host: 2 })).status).toBe(201);
  });

  it('answers 500 HttpException for a name the model rejects (not alpha_dash)', async () => {
    const before = storeState(panel);
    const response = await app('POST', '/servers/2/databases', { database: 'my.db', remote: '%', host: 1 });
    expect(response.status).toBe(500);
    conforms('createServerDatabase', response);
    expect(errorOf(response).code).toBe('HttpException');
    expect(storeState(panel)).toEqual(before);
  });
});

describe('reset-password and delete (no ownership check)', () => {
  it('resets the password of a database through another server’s URL', async () => {
    const old = panel.store.find('databases', 1)?.password;
    const response = await app('POST', '/servers/2/databases/1/reset-password');
    expect(response.status).toBe(204);
    expect(response.rawBody).toBe('');
    conforms('resetServerDatabasePassword', response);
    const password = panel.store.find('databases', 1)?.password;
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(password).not.toBe(old);
  });

  it('deletes a database through another server’s URL', async () => {
    const response = await app('DELETE', '/servers/2/databases/3');
    expect(response.status).toBe(204);
    conforms('deleteServerDatabase', response);
    expect(panel.store.find('databases', 3)).toBeUndefined();
    expect(panel.store.all('databases')).toHaveLength(3);
  });
});
