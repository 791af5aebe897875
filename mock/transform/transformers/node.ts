import type { NodeRow } from '../../store/rows.ts';
import { guarded, hasMany, item, type Attributes, type Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/**
 * NodeTransformer (v0.7.19:app/Transformers/Api/Application/NodeTransformer.php#L34-L48): the model's array in column order with `daemonSecret`
 * hidden and the keys snake_cased (`daemonSFTP` → `daemon_sftp`), timestamps re-formatted in place.
 */
export const nodeTransformer: Transformer<NodeRow> = {
  resourceName: 'node',
  className: 'NodeTransformer',
  modelClass: 'Node',
  readsRowOnly: true,
  transform: (_ctx, node) => nodeAttributes(node),
  includes: [
    ['allocations', guarded('r_allocations', hasMany('allocation', 'allocations', 'node_id'))],
    ['location', guarded('r_locations', (ctx, node) =>
      item('location', ctx.store.find('locations', node.location_id), 'location'))],
    ['servers', guarded('r_servers', hasMany('server', 'servers', 'node_id'))],
  ],
};

/**
 * The node's attributes. v1.11.8's NodeTransformer writes the same with `uuid` after `id` and
 * `allocated_resources` last (v1.11.8:app/Transformers/Api/Application/NodeTransformer.php#L30-L51;
 * 1.x's description is nullable).
 */
export function nodeAttributes(node: Omit<NodeRow, 'description' | 'daemonSecret'> & { description: string | null }): Attributes {
  return {
    id: node.id,
    public: Boolean(node.public),
    name: node.name,
    description: node.description,
    location_id: node.location_id,
    fqdn: node.fqdn,
    scheme: node.scheme,
    behind_proxy: Boolean(node.behind_proxy),
    maintenance_mode: Boolean(node.maintenance_mode),
    memory: node.memory,
    memory_overallocate: node.memory_overallocate,
    disk: node.disk,
    disk_overallocate: node.disk_overallocate,
    upload_size: node.upload_size,
    daemon_listen: node.daemonListen,
    daemon_sftp: node.daemonSFTP,
    daemon_base: node.daemonBase,
    created_at: atomUtc(node.created_at),
    updated_at: atomUtc(node.updated_at),
  };
}
