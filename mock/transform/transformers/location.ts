import type { LocationRow } from '../../store/rows.ts';
import { collection, guarded, hasMany, type Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/** LocationTransformer (v0.7.19:app/Transformers/Api/Application/LocationTransformer.php#L33-L42): updated_at before created_at. */
export const locationTransformer: Transformer<LocationRow> = {
  resourceName: 'location',
  className: 'LocationTransformer',
  modelClass: 'Location',
  readsRowOnly: true,
  transform: (_ctx, location) => ({
    id: location.id,
    short: location.short,
    long: location.long,
    updated_at: atomUtc(location.updated_at),
    created_at: atomUtc(location.created_at),
  }),
  includes: [
    ['nodes', guarded('r_nodes', hasMany('node', 'nodes', 'location_id'))],
    ['servers', guarded('r_servers', (ctx, location) => {
      // hasManyThrough servers via nodes.
      const nodeIds = new Set(ctx.store.where('nodes', (n) => n.location_id === location.id).map((n) => n.id));
      return collection('server', ctx.store.where('servers', (s) => nodeIds.has(s.node_id)), 'server');
    })],
  ],
};
