import { displayException } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { LocationRow } from '../../store/rows.ts';
import { resourceUrl, serializeItem } from '../../transform/serialize.ts';
import { noContent, type HandlerResult, type HandlerTable } from '../handler.ts';
import { mysqlStringColumn } from '../../php-coercion.ts';
import { applyChanges, presentFields } from './account-model-fill.ts';

/** StoreLocationRequest / UpdateLocationRequest rule keys. */
const LOCATION_FIELDS = ['short', 'long'] as const;

export const LOCATION_HAS_NODES = 'Cannot delete a location that has active nodes attached to it.';

/** LocationController@store + LocationCreationService: 201 with meta.resource. */
function createLocation(ctx: RequestContext): HandlerResult {
  const fields = presentFields(ctx, LOCATION_FIELDS);
  const now = ctx.panel.clock.dbTimestamp();
  const row = ctx.panel.store.insert('locations', {
    short: mysqlStringColumn(fields.get('short')),
    long: mysqlStringColumn(fields.get('long')),
    created_at: now,
    updated_at: now,
  });
  return {
    status: 201,
    body: serializeItem(ctx, 'location', row, { meta: { resource: resourceUrl(ctx, `/api/application/locations/${row.id}`) } }),
  };
}

/** LocationController@update + LocationUpdateService: both fields again (full replacement). */
function updateLocation(ctx: RequestContext): HandlerResult {
  const location = ctx.models.location as LocationRow;
  const fields = presentFields(ctx, LOCATION_FIELDS);
  const changes: Partial<LocationRow> = {};
  if (fields.has('short')) changes.short = mysqlStringColumn(fields.get('short'));
  if (fields.has('long')) changes.long = mysqlStringColumn(fields.get('long'));
  applyChanges(location, changes, ctx.panel.clock.dbTimestamp());
  return { status: 200, body: serializeItem(ctx, 'location', location) };
}

/** LocationController@delete + LocationDeletionService: refused while any node is in it. */
function deleteLocation(ctx: RequestContext): HandlerResult {
  const location = ctx.models.location as LocationRow;
  const store = ctx.panel.store;
  if (store.first('nodes', (n) => n.location_id === location.id)) {
    throw displayException(400, 'HasActiveNodesException', LOCATION_HAS_NODES, '/app/Services/Locations/LocationDeletionService.php');
  }
  store.remove('locations', (l) => l.id === location.id);
  return noContent();
}

export const locationWriteHandlers: HandlerTable = { createLocation, updateLocation, deleteLocation };
