import type { LocationRow } from '../../store/rows.ts';
import { collection, guarded, hasMany, type Attributes, type Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/** LocationTransformer (v0.7.19:app/Transformers/Api/Application/LocationTransformer.php#L33-L42): updated_at before created_at. */
export const locationTransformer: Transformer<LocationRow> = {
  resourceName: 'location',
  className: 'LocationTransformer',
  modelClass: 'Location',
  readsRowOnly: true,
  transform: (_ctx, location) => locationAttributes(location),
  includes: [
    ['nodes', guarded('r_nodes', hasMany('node', 'nodes', 'location_id'))],
    ['servers', guarded('r_servers', (ctx, location) => {
      // hasManyThrough servers via nodes.
      const nodeIds = new Set(ctx.store.where('nodes', (n) => n.location_id === location.id).map((n) => n.id));
      return collection('server', ctx.store.where('servers', (s) => nodeIds.has(s.node_id)), 'server');
    })],
  ],
};

/** The location's attributes; v1.11.8's LocationTransformer writes the same (v1.11.8:app/Transformers/Api/Application/LocationTransformer.php#L28-L37; 1.x's `long` is nullable). */
export function locationAttributes(location: Omit<LocationRow, 'long'> & { long: string | null }): Attributes {
  return {
    id: location.id,
    short: location.short,
    long: location.long,
    updated_at: atomUtc(location.updated_at),
    created_at: atomUtc(location.created_at),
  };
}
