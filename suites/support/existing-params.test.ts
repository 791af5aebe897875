import { describe, expect, it } from 'vitest';
import { DiscoveryError } from '../../harness/failure.ts';
import type { OperationInfo } from '../../harness/operation-index.ts';
import { existingParams, fillsWithExisting } from './existing-params.ts';
import type { Session } from './session.ts';

const op = (operationId: string, api: 'application' | 'client', path: string): OperationInfo =>
  ({ operationId, api, path, method: 'get', parameters: [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true })) }) as unknown as OperationInfo;

/** A session whose panel lists one of everything (or no allocation and database), for discovery. */
function session(withChildren = true): Session {
  const lists: Record<string, Record<string, unknown>[]> = {
    listUsers: [{ id: 3, external_id: 'ext-user' }],
    listServers: [{ id: 5, external_id: null }],
    listNodes: [{ id: 7 }],
    listLocations: [{ id: 11 }],
    listNests: [{ id: 13 }],
    listNestEggs: [{ id: 17 }],
    listNodeAllocations: withChildren ? [{ id: 19 }] : [],
    listServerDatabases: withChildren ? [{ id: 23 }] : [],
    listClientServers: [{ identifier: 'abcd1234', uuid: 'abcd1234-0000-4000-8000-000000000000', server_owner: true }],
  };
  const call = async (operationId: string) => ({
    request: { method: 'GET', url: `http://127.0.0.1:1/${operationId}` },
    response: { status: 200 },
    json: { data: (lists[operationId] ?? []).map((attributes) => ({ attributes })) },
  });
  return { client: { call }, config: { pins: {} } } as unknown as Session;
}

describe('path parameters naming existing resources (1.x binds the model before the key and permission checks)', () => {
  it('fills every application parameter from discovery, nested ones with a child of the discovered parent', async () => {
    expect(await existingParams(session(), op('deleteNodeAllocation', 'application', '/api/application/nodes/{node}/allocations/{allocation}'))).toEqual({ node: 7, allocation: 19 });
    expect(await existingParams(session(), op('forceDeleteServer', 'application', '/api/application/servers/{server}/{force}'))).toEqual({ server: 5, force: 'force' });
    expect(await existingParams(session(), op('getUserByExternalId', 'application', '/api/application/users/external/{external_id}'))).toEqual({ external_id: 'ext-user' });
    expect(await existingParams(session(), op('getClientServer', 'client', '/api/client/servers/{server}'))).toEqual({ server: 'abcd1234' });
  });

  it('says why it cannot, rather than fall back to an absent id', async () => {
    await expect(existingParams(session(false), op('getServerDatabase', 'application', '/api/application/servers/{server}/databases/{database}'))).rejects.toBeInstanceOf(DiscoveryError);
    await expect(existingParams(session(), op('getServerByExternalId', 'application', '/api/application/servers/external/{external_id}'))).rejects.toThrow(/no server on the first page has an external_id/);
  });

  it('fills client routes of one server only', () => {
    expect(fillsWithExisting(op('getClientServer', 'client', '/api/client/servers/{server}'))).toBe(true);
    expect(fillsWithExisting(op('getSchedule', 'client', '/api/client/servers/{server}/schedules/{schedule}'))).toBe(false);
    expect(fillsWithExisting(op('getServerDatabase', 'application', '/api/application/servers/{server}/databases/{database}'))).toBe(true);
  });
});
