import { refuseDeletionWhile } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { LocationRow } from '../../store/rows.ts';
import { createdItem, serializeItem } from '../../transform/serialize.ts';
import { noContent, type HandlerResult, type HandlerTable } from '../handler.ts';
import { mysqlStringColumn } from '../../php-coercion.ts';
import { applyChanges, insertCreated, presentFields } from './account-model-fill.ts';

/** StoreLocationRequest / UpdateLocationRequest rule keys. */
const LOCATION_FIELDS = ['short', 'long'] as const;

export const LOCATION_HAS_NODES = 'Cannot delete a location that has active nodes attached to it.';

/** LocationController@store + LocationCreationService: 201 with meta.resource. */
function createLocation(ctx: RequestContext): HandlerResult {
  const fields = presentFields(ctx, LOCATION_FIELDS);
  const row = insertCreated(ctx, 'locations', { short: mysqlStringColumn(fields.get('short')), long: mysqlStringColumn(fields.get('long')) });
  return createdItem(ctx, 'location', row, 'locations');
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
  refuseDeletionWhile(store.first('nodes', (n) => n.location_id === location.id), 'HasActiveNodesException', LOCATION_HAS_NODES, '/app/Services/Locations/LocationDeletionService.php');
  store.remove('locations', (l) => l.id === location.id);
  return noContent();
}

export const locationWriteHandlers: HandlerTable = { createLocation, updateLocation, deleteLocation };
