// Application API, locations (legacy docs page application/locations). Statements say what a stock v0.7.19 panel
// MUST do, and a stock v1.11.8 panel too (SHARED_PROFILES), with the values that differ by profile (perProfile).
import { unavailable, violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { perProfile, SHARED_PROFILES } from '../support/per-profile.ts';
import { createRecorded, runName } from '../support/created-resources.ts';
import { discover } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';

const app = ['application' as const];
/**
 * The fields a location requires: 0.7 both (v0.7.19:app/Models/Location.php#L40-L53); 1.x the short code only,
 * `long` became nullable (v1.11.8:app/Models/Location.php#L38-L41).
 */
const REQUIRED = perProfile({
  'v0.7.19': [
    { code: 'required', field: 'short', detail: 'The Location Identifier field is required.' },
    { code: 'required', field: 'long', detail: 'The Location Description field is required.' },
  ],
  'v1.11': [{ code: 'required', field: 'short', detail: 'The Location Identifier field is required.' }],
});

async function createLocation(s: Session, label: string) {
  const short = runName(s, label).slice(0, 60);
  return createRecorded(s, 'createLocation', { body: { short, long: `Conformance ${label}` } }, (body) => ({
    kind: 'location',
    deleteOperation: 'deleteLocation',
    params: { location: Number(body.attributes['id']) },
    name: short,
  }));
}

describe('GET /api/application/locations', () => {
  conformance(
    'GET /api/application/locations MUST accept and ignore search (locations have no searchable columns)',
    { operation: 'listLocations', behaviour: 'locations.list.search-ignored', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const all = (await call(s, 'listLocations')).status(200);
      const searched = (await call(s, 'listLocations', { query: { search: 'ptero-conformance-no-such-location' } })).status(200);
      if (searched.json.meta.pagination.total !== all.json.meta.pagination.total) {
        violate(`search changed the result: ${searched.json.meta.pagination.total} rows instead of ${all.json.meta.pagination.total}`, { kind: 'listing' });
      }
    },
  );

  conformance(
    'GET /api/application/locations?include=nodes,servers MUST render both includes for a key that may read nodes and servers',
    { operation: 'listLocations', behaviour: 'locations.list.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      (await call(s, 'listLocations', { query: { include: 'nodes,servers' } })).status(200).include('nodes', 'rendered').include('servers', 'rendered');
    },
  );
});

describe('GET /api/application/locations/{location}', () => {
  conformance(
    'GET /api/application/locations/{location} MUST answer the location object',
    { operation: 'getLocation', behaviour: 'locations.view', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { locationId } = await discover(s);
      const answer = (await call(s, 'getLocation', { params: { location: locationId } })).status(200).include('nodes', 'absent');
      if (answer.json.attributes.id !== locationId) violate(`asked for location ${locationId}, got ${answer.json.attributes.id}`, { kind: 'value' });
    },
  );
});

describe('POST, PATCH and DELETE /api/application/locations', () => {
  conformance(
    'POST /api/application/locations MUST answer 201 with the location and meta.resource pointing at it',
    { operation: 'createLocation', behaviour: 'locations.create', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const created = (await createLocation(s, 'create')).status(201);
      const id = created.json.attributes.id as number;
      if (!String(created.json.meta.resource).endsWith(`/api/application/locations/${id}`)) {
        violate(`meta.resource ${created.json.meta.resource} does not point at location ${id}`, { kind: 'value' });
      }
    },
  );

  conformance(
    `POST /api/application/locations MUST answer 422 required for each missing required field (${REQUIRED.map((e) => e.field).join(', ')}) and unique for a taken short code`,
    { operation: 'createLocation', behaviour: 'locations.create.validation', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      (await call(s, 'createLocation', { body: {} })).validation(...REQUIRED);
      (await call(s, 'createLocation', { body: { short: 'x'.repeat(61), long: 'y' } })).validation({ code: 'between', field: 'short' });
      const created = (await createLocation(s, 'unique')).status(201);
      (await call(s, 'createLocation', { body: { short: created.json.attributes.short, long: 'again' } })).validation({
        code: 'unique',
        field: 'short',
        detail: 'The Location Identifier has already been taken.',
      });
    },
  );

  conformance(
    'PATCH /api/application/locations/{location} MUST require every required field again (full replacement)',
    { operation: 'updateLocation', behaviour: 'locations.update.full-replacement', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const created = (await createLocation(s, 'patch')).status(201);
      const id = created.json.attributes.id as number;
      (await call(s, 'updateLocation', { params: { location: id }, body: { long: 'only long' } })).validation({ code: 'required', field: 'short' });
      const updated = (await call(s, 'updateLocation', { params: { location: id }, body: { short: created.json.attributes.short, long: 'renamed' } })).status(200).freshTimestamps('updated_at');
      if (updated.json.attributes.long !== 'renamed') violate(`long is ${JSON.stringify(updated.json.attributes.long)} after the update`, { kind: 'state' });
    },
  );

  conformance(
    'DELETE /api/application/locations/{location} MUST answer 204 with an empty body',
    { operation: 'deleteLocation', behaviour: 'locations.delete', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const created = (await createLocation(s, 'delete')).status(201);
      const id = created.json.attributes.id as number;
      (await call(s, 'deleteLocation', { params: { location: id } })).status(204);
      s.ledger.forget('deleteLocation', { location: id });
      (await call(s, 'getLocation', { params: { location: id } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'DELETE /api/application/locations/{location} MUST answer 400 HasActiveNodesException while nodes are attached',
    { operation: 'deleteLocation', behaviour: 'locations.delete.has-nodes', effect: 'destructive', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { locationId } = await discover(s);
      const withNodes = (await call(s, 'getLocation', { params: { location: locationId }, query: { include: 'nodes' } })).status(200);
      if (withNodes.json.attributes.relationships.nodes.data.length === 0) unavailable(`location ${locationId} has no node; pin one that has (PTERO_PIN_LOCATION)`);
      (await call(s, 'deleteLocation', { params: { location: locationId } })).error({
        code: 'HasActiveNodesException',
        status: 400,
        detail: 'Cannot delete a location that has active nodes attached to it.',
      });
    },
  );
});
