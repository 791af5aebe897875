import type { AllocationRow } from '../../store/rows.ts';
import { guarded, item, type Transformer } from '../fractal.ts';

/** AllocationTransformer (v0.7.19:app/Transformers/Api/Application/AllocationTransformer.php#L33-L42); no timestamps. */
export const allocationTransformer: Transformer<AllocationRow> = {
  resourceName: 'allocation',
  className: 'AllocationTransformer',
  modelClass: 'Allocation',
  readsRowOnly: true,
  transform: (_ctx, allocation) => ({
    id: allocation.id,
    ip: allocation.ip,
    alias: allocation.ip_alias,
    port: allocation.port,
    assigned: allocation.server_id !== null,
  }),
  includes: [
    ['node', guarded('r_nodes', (ctx, allocation) =>
      item('node', ctx.store.find('nodes', allocation.node_id), 'node'))],
    // An unassigned allocation hands null to ServerTransformer::transform(): a TypeError, HTTP 500.
    ['server', guarded('r_servers', (ctx, allocation) =>
      item('server', allocation.server_id === null ? null : ctx.store.find('servers', allocation.server_id), 'server'))],
  ],
};
