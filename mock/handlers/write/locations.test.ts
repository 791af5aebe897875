import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { send, storeState, type TestResponse } from './account-test-requests.ts';
import { LOCATION_HAS_NODES } from './locations.ts';

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
const location = (id: number) => panel.store.find('locations', id);

describe('POST /locations', () => {
  it('creates the location and answers 201 with meta.resource', async () => {
    const response = await send(panel, 'POST', '/api/application/locations', { short: 'gb.lon', long: 'London, United Kingdom' });
    expect(response.status).toBe(201);
    conforms('createLocation', response);
    expect(response.json).toEqual({
      object: 'location',
      attributes: {
        id: 5,
        short: 'gb.lon',
        long: 'London, United Kingdom',
        updated_at: '2020-10-05T12:00:00+00:00',
        created_at: '2020-10-05T12:00:00+00:00',
      },
      meta: { resource: 'http://panel.test/api/application/locations/5' },
    });
    expect(location(5)).toEqual({ id: 5, short: 'gb.lon', long: 'London, United Kingdom', created_at: NOW, updated_at: NOW });
  });

  it('builds meta.resource from the request host', async () => {
    const response = await send(panel, 'POST', '/api/application/locations', { short: 'fr.par', long: 'Paris' }, { host: 'admin.example.net' });
    expect(response.json.meta.resource).toBe('http://admin.example.net/api/application/locations/5');
  });
});

describe('PATCH /locations/{location}', () => {
  it('replaces both fields and answers 200 with the location', async () => {
    const response = await send(panel, 'PATCH', '/api/application/locations/2', { short: 'de.fra1', long: 'Frankfurt, Germany (FRA1)' });
    expect(response.status).toBe(200);
    conforms('updateLocation', response);
    expect(Object.keys(response.json)).toEqual(['object', 'attributes']);
    expect(response.json.attributes).toMatchObject({ id: 2, short: 'de.fra1', long: 'Frankfurt, Germany (FRA1)', updated_at: '2020-10-05T12:00:00+00:00' });
    expect(location(2)).toMatchObject({ short: 'de.fra1', long: 'Frankfurt, Germany (FRA1)', updated_at: NOW });
  });

  it('keeps updated_at when nothing changed', async () => {
    const before = structuredClone(location(2));
    const response = await send(panel, 'PATCH', '/api/application/locations/2', { short: before?.short, long: before?.long });
    expect(response.status).toBe(200);
    expect(location(2)).toEqual(before);
  });
});

describe('DELETE /locations/{location}', () => {
  it('deletes a location without nodes', async () => {
    const response = await send(panel, 'DELETE', '/api/application/locations/4');
    expect(response.status).toBe(204);
    expect(response.rawBody).toBe('');
    conforms('deleteLocation', response);
    expect(location(4)).toBeUndefined();
  });

  it('refuses a location with nodes: 400 HasActiveNodesException, nothing changed', async () => {
    const before = storeState(panel);
    const response = await send(panel, 'DELETE', '/api/application/locations/1');
    expect(response.status).toBe(400);
    conforms('deleteLocation', response);
    expect(response.json).toEqual({
      errors: [{ code: 'HasActiveNodesException', status: '400', detail: 'Cannot delete a location that has active nodes attached to it.' }],
    });
    expect(LOCATION_HAS_NODES).toBe('Cannot delete a location that has active nodes attached to it.');
    expect(storeState(panel)).toEqual(before);
  });
});
