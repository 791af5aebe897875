import { refuseDeletionWhile } from '../../../errors/panel-error.ts';
import type { LocationRow } from '../../store/rows.ts';
import { applyQuery } from '../../transform/query.ts';
import { itemBody, pageBody } from '../../transform/serialize.ts';
import { locationTransformer } from '../../transform/transformers.ts';
import { noContentV111, type HandlerTableV111 } from '../handler.ts';
import { resourceUrl } from './common.ts';

/** Locations\LocationController (v1.11.8:app/Http/Controllers/Api/Application/Locations/LocationController.php). */
export const locationHandlersV111: HandlerTableV111 = {
  listLocations: (ctx) => {
    const rows = applyQuery(ctx.panel.store.all('locations'), ctx.query, { filters: { short: 'partial', long: 'partial' }, sorts: ['id'] });
    return { status: 200, body: pageBody(ctx, locationTransformer, rows) };
  },
  getLocation: (ctx) => ({ status: 200, body: itemBody(ctx, locationTransformer, ctx.model<LocationRow>('location')) }),
  createLocation: (ctx) => {
    const now = ctx.panel.clock.dbTimestamp();
    const location = ctx.panel.store.insert('locations', {
      short: String(ctx.inputValue('short')),
      long: (ctx.inputValue('long') as string | null | undefined) ?? null,
      created_at: now,
      updated_at: now,
    });
    return { status: 201, body: itemBody(ctx, locationTransformer, location, { resource: resourceUrl(ctx, `/locations/${location.id}`) }) };
  },
  updateLocation: (ctx) => {
    const location = ctx.model<LocationRow>('location');
    if (ctx.has('short')) location.short = String(ctx.inputValue('short'));
    if (ctx.has('long')) location.long = (ctx.inputValue('long') as string | null) ?? null;
    location.updated_at = ctx.panel.clock.dbTimestamp();
    return { status: 200, body: itemBody(ctx, locationTransformer, location) };
  },
  deleteLocation: (ctx) => {
    const location = ctx.model<LocationRow>('location');
    refuseDeletionWhile(ctx.panel.store.first('nodes', (n) => n.location_id === location.id), 'HasActiveNodesException', 'Cannot delete a location that has active nodes attached to it.', '/app/Services/Locations/LocationDeletionService.php');
    ctx.panel.store.remove('locations', (l) => l.id === location.id);
    return noContentV111();
  },
};
