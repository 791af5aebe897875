import { refuseDeletionWhile } from '../../../errors/panel-error.ts';
import { randomUUID } from 'node:crypto';
import { addressesOf, endsAtTopAddress, gethostbyname, iteratorOverflow, networkSize, parseNetwork } from '../../../handlers/write/allocation-ip.ts';
import { checkCidrMask, checkPorts, portsOf, spanCount } from '../../../handlers/write/allocation-ports.ts';
import { PanelError } from '../../../errors/panel-error.ts';
import { displayExceptionV111, internalErrorV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import { callWings } from '../../wings/panel-calls.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { AllocationRow, NodeRow } from '../../store/rows.ts';
import { applyQuery } from '../../transform/query.ts';
import { itemBody, listBody, pageBody } from '../../transform/serialize.ts';
import { allocationTransformer, nodeTransformer } from '../../transform/transformers.ts';
import { noContentV111, type HandlerTableV111 } from '../handler.ts';
import { asV111, resourceUrl, strRandom } from './common.ts';
import { booleanOf } from './users.ts';

/** exceptions.node.daemon_off_config_updated (v1.11.8:resources/lang/en/exceptions.php#L7). */
const CONFIGURATION_NOT_PERSISTED =
  'The daemon configuration <strong>has been updated</strong>, however there was an error encountered while attempting to automatically update the configuration file on the Daemon. You will need to manually update the configuration file (config.yml) for the daemon to apply these changes.';

/** Nodes\NodeController, NodeConfigurationController, NodeDeploymentController and AllocationController. */
export const nodeHandlersV111: HandlerTableV111 = {
  listNodes: (ctx) => {
    const rows = applyQuery(ctx.panel.store.all('nodes'), ctx.query, {
      filters: { uuid: 'partial', name: 'partial', fqdn: 'partial', daemon_token_id: 'partial' },
      sorts: ['id', 'uuid', 'memory', 'disk'],
    });
    return { status: 200, body: pageBody(ctx, nodeTransformer, rows) };
  },
  listDeployableNodes,
  getNode: (ctx) => ({ status: 200, body: itemBody(ctx, nodeTransformer, ctx.model<NodeRow>('node')) }),
  getNodeConfiguration: (ctx) => ({ status: 200, body: nodeConfiguration(ctx, ctx.model<NodeRow>('node')) }),
  createNode: (ctx) => {
    const now = ctx.panel.clock.dbTimestamp();
    const node = ctx.panel.store.insert('nodes', {
      uuid: randomUUID(),
      public: ctx.has('public') ? booleanOf(ctx.inputValue('public')) : true,
      name: String(ctx.inputValue('name')),
      description: null,
      location_id: Number(ctx.inputValue('location_id')),
      fqdn: String(ctx.inputValue('fqdn')),
      scheme: String(ctx.inputValue('scheme')),
      behind_proxy: ctx.has('behind_proxy') ? booleanOf(ctx.inputValue('behind_proxy')) : false,
      maintenance_mode: ctx.has('maintenance_mode') ? booleanOf(ctx.inputValue('maintenance_mode')) : false,
      memory: Math.trunc(Number(ctx.inputValue('memory'))),
      memory_overallocate: Math.trunc(Number(ctx.inputValue('memory_overallocate'))),
      disk: Math.trunc(Number(ctx.inputValue('disk'))),
      disk_overallocate: Math.trunc(Number(ctx.inputValue('disk_overallocate'))),
      upload_size: ctx.has('upload_size') ? Math.trunc(Number(ctx.inputValue('upload_size'))) : 100,
      daemon_token_id: strRandom(16),
      daemon_token: strRandom(64),
      daemonListen: Math.trunc(Number(ctx.inputValue('daemon_listen'))),
      daemonSFTP: Math.trunc(Number(ctx.inputValue('daemon_sftp'))),
      daemonBase: (ctx.inputValue('daemon_base') as string | null | undefined) ?? '/var/lib/pterodactyl/volumes',
      created_at: now,
      updated_at: now,
    });
    // A node made through the API has no Wings behind it yet (the suite's fqdn never resolves): it
    // refuses connections until the control surface marks it reachable, as on the 0.7 twin.
    ctx.panel.store.daemon.nodes[String(node.id)] = { reachable: false };
    return { status: 201, body: itemBody(ctx, nodeTransformer, node, { resource: resourceUrl(ctx, `/nodes/${node.id}`) }) };
  },
  updateNode: (ctx) => {
    const node = ctx.model<NodeRow>('node');
    const set = <K extends keyof NodeRow>(column: K, input: string, map: (v: unknown) => NodeRow[K]) => {
      if (ctx.has(input)) node[column] = map(ctx.inputValue(input));
    };
    set('public', 'public', booleanOf);
    set('name', 'name', String);
    set('location_id', 'location_id', Number);
    set('fqdn', 'fqdn', String);
    set('scheme', 'scheme', String);
    set('behind_proxy', 'behind_proxy', booleanOf);
    set('maintenance_mode', 'maintenance_mode', booleanOf);
    set('memory', 'memory', (v) => Math.trunc(Number(v)));
    set('memory_overallocate', 'memory_overallocate', (v) => Math.trunc(Number(v)));
    set('disk', 'disk', (v) => Math.trunc(Number(v)));
    set('disk_overallocate', 'disk_overallocate', (v) => Math.trunc(Number(v)));
    set('upload_size', 'upload_size', (v) => Math.trunc(Number(v)));
    set('daemonListen', 'daemon_listen', (v) => Math.trunc(Number(v)));
    set('daemonSFTP', 'daemon_sftp', (v) => Math.trunc(Number(v)));
    set('daemonBase', 'daemon_base', (v) => (v === null ? '/var/lib/pterodactyl/volumes' : String(v)));
    // NodeUpdateService: `reset_secret === true` (a JSON true only) issues a new token.
    if (ctx.inputValue('reset_secret') === true) {
      node.daemon_token_id = strRandom(16);
      node.daemon_token = strRandom(64);
    }
    node.updated_at = ctx.panel.clock.dbTimestamp();
    // NodeUpdateService commits the change, then pushes the configuration to Wings; any
    // DaemonConnectionException (no answer or an HTTP error) becomes a 400 with the change kept
    // (v1.11.8:app/Services/Nodes/NodeUpdateService.php#L40-L75).
    try {
      callWings(ctx.panel, node.id);
    } catch (error) {
      if (!(error instanceof PanelErrorV111) || error.code !== 'DaemonConnectionException') throw error;
      throw displayExceptionV111(CONFIGURATION_NOT_PERSISTED, 'ConfigurationNotPersistedException', 400, '/app/Services/Nodes/NodeUpdateService.php');
    }
    return { status: 200, body: itemBody(ctx, nodeTransformer, node) };
  },
  deleteNode: (ctx) => {
    const node = ctx.model<NodeRow>('node');
    refuseDeletionWhile(ctx.panel.store.first('servers', (s) => s.node_id === node.id), 'HasActiveServersException', 'A node must have no servers linked to it in order to be deleted.', '/app/Services/Nodes/NodeDeletionService.php');
    ctx.panel.store.remove('nodes', (n) => n.id === node.id);
    ctx.panel.store.remove('allocations', (a) => a.node_id === node.id);
    for (const host of ctx.panel.store.where('database_hosts', (h) => h.node_id === node.id)) host.node_id = null;
    delete ctx.panel.store.daemon.nodes[String(node.id)];
    return noContentV111();
  },
  listNodeAllocations: (ctx) => {
    const node = ctx.model<NodeRow>('node');
    const rows = applyQuery(ctx.panel.store.where('allocations', (a) => a.node_id === node.id), ctx.query, {
      filters: { ip: 'exact', port: 'exact', ip_alias: 'partial', server_id: serverIdFilter },
      sorts: [],
    });
    return { status: 200, body: pageBody(ctx, allocationTransformer, rows) };
  },
  createNodeAllocations: (ctx) => {
    const node = ctx.model<NodeRow>('node');
    createAllocations(ctx, node);
    return noContentV111();
  },
  deleteNodeAllocation: (ctx) => {
    const allocation = ctx.model<AllocationRow>('allocation');
    if (allocation.server_id !== null) {
      throw displayExceptionV111(
        'A server is currently assigned to this allocation. An allocation can only be deleted if no server is currently assigned.',
        'ServerUsingAllocationException',
        400,
        '/app/Services/Allocations/AllocationDeletionService.php',
      );
    }
    ctx.panel.store.remove('allocations', (a) => a.id === allocation.id);
    return noContentV111();
  },
};

/**
 * The `server_id` callback filter: an empty, boolean or non-digit value lists the unassigned
 * allocations, digits those of that server (AllocationController.php#L40-L47).
 */
function serverIdFilter(rows: Record<string, unknown>[], value: unknown): Record<string, unknown>[] {
  if (value === '' || value === null || typeof value === 'boolean' || Array.isArray(value) || !/^\d+$/.test(String(value))) {
    return rows.filter((row) => row['server_id'] === null);
  }
  return rows.filter((row) => row['server_id'] === Number(value));
}

/** Node::getConfiguration (v1.11.8:app/Models/Node.php#L141-L168); allowed_mounts from the node's mounts (none seeded). */
function nodeConfiguration(ctx: ContextV111, node: NodeRow): Record<string, unknown> {
  return {
    debug: false,
    uuid: node.uuid,
    token_id: node.daemon_token_id,
    token: node.daemon_token,
    api: {
      host: '0.0.0.0',
      port: node.daemonListen,
      ssl: {
        enabled: !node.behind_proxy && node.scheme === 'https',
        cert: `/etc/letsencrypt/live/${node.fqdn.toLowerCase()}/fullchain.pem`,
        key: `/etc/letsencrypt/live/${node.fqdn.toLowerCase()}/privkey.pem`,
      },
      upload_limit: node.upload_size,
    },
    system: { data: node.daemonBase, sftp: { bind_port: node.daemonSFTP } },
    allowed_mounts: [],
    remote: `${ctx.origin}`,
  };
}

/**
 * NodeDeploymentController + FindViableNodesService (v1.11.8:app/Services/Deployment/FindViableNodesService.php#L60-L103):
 * public nodes (in the given locations) with room for the memory and disk after overallocation.
 * Without `page` the result is a plain collection (no pagination meta); with it, a page. Each node
 * carries the query's extra `sum_memory` / `sum_disk` columns (MySQL SUM: decimal strings). None: 400.
 */
function listDeployableNodes(ctx: ContextV111) {
  const store = ctx.panel.store;
  // handle(?int $perPage, ?int $page) takes both query values: anything PHP cannot coerce to int is a TypeError.
  for (const [name, position] of [['per_page', 1], ['page', 2]] as const) {
    const value = ctx.query[name];
    if (value !== undefined && value !== null && (typeof value !== 'string' || !/^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value))) {
      throw internalErrorV111('TypeError', `FindViableNodesService::handle(): Argument #${position} ($${name === 'page' ? 'page' : 'perPage'}) must be of type ?int, ${typeof value === 'string' ? 'string' : 'array'} given`, '/app/Services/Deployment/FindViableNodesService.php');
    }
  }
  const memory = Math.trunc(Number(ctx.inputValue('memory')));
  const disk = Math.trunc(Number(ctx.inputValue('disk')));
  const raw = ctx.inputValue('location_ids');
  const locations = raw && typeof raw === 'object' ? Object.values(raw as object).map(Number) : [];
  const viable = store
    .where('nodes', (n) => n.public && (locations.length === 0 || locations.includes(n.location_id)))
    .map((node) => {
      const servers = store.where('servers', (s) => s.node_id === node.id);
      const sumMemory = servers.reduce((sum, s) => sum + s.memory, 0);
      const sumDisk = servers.reduce((sum, s) => sum + s.disk, 0);
      return { node, sumMemory, sumDisk };
    })
    .filter(({ node, sumMemory, sumDisk }) => sumMemory + memory <= node.memory * (1 + node.memory_overallocate / 100) && sumDisk + disk <= node.disk * (1 + node.disk_overallocate / 100));
  if (viable.length === 0) {
    throw displayExceptionV111('No nodes satisfying the requirements specified for automatic deployment could be found.', 'NoViableNodeException', 400, '/app/Services/Deployment/FindViableNodesService.php');
  }
  const withSums = viable.map(({ node, sumMemory, sumDisk }) => ({ ...node, sum_memory: String(sumMemory), sum_disk: String(sumDisk) }));
  const deployable = { ...nodeTransformer, transform: (rctx: Parameters<typeof nodeTransformer.transform>[0], row: NodeRow & { sum_memory: string; sum_disk: string }) => {
    const { allocated_resources: allocated, created_at: created, updated_at: updated, ...rest } = nodeTransformer.transform(rctx, row);
    return { ...rest, sum_memory: row.sum_memory, sum_disk: row.sum_disk, created_at: created, updated_at: updated, allocated_resources: allocated };
  } };
  const page = ctx.query['page'];
  if (page === undefined || page === null) return { status: 200, body: listBody(ctx, deployable, withSums) };
  return { status: 200, body: pageBody(ctx, deployable, withSums) };
}

/** A validated `ports` value (a JSON list, or an object whose values count). */
function portEntries(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

/**
 * AllocationController@store + AssignmentService (v1.11.8:app/Services/Allocations/AssignmentService.php#L41-L104),
 * whose checks and messages are 0.7's: the CIDR mask, the address, each port entry; existing
 * (node, ip, port) rows are skipped; any failure leaves nothing created. 204.
 */
/**
 * 1.x catches what gethostbyname and the IP library throw and shows it as a DisplayException (400),
 * where 0.7 let it through as a 500 (v1.11.8:app/Services/Allocations/AssignmentService.php#L49-L59).
 */
function parseAllocationIp(ip: string): ReturnType<typeof parseNetwork> {
  const underlying = gethostbyname(ip);
  try {
    return parseNetwork(underlying);
  } catch (error) {
    if (!(error instanceof PanelError)) throw error;
    throw displayExceptionV111(`Could not parse provided allocation IP address (${underlying}): ${error.message}`, 'DisplayException', 400, '/app/Services/Allocations/AssignmentService.php');
  }
}

function createAllocations(ctx: ContextV111, node: NodeRow): void {
  const ip = String(ctx.inputValue('ip') ?? '');
  const alias = (ctx.inputValue('alias') as string | null | undefined) ?? null;
  const store = ctx.panel.store;
  asV111(() => {
    checkCidrMask(ip);
    const network = parseAllocationIp(ip);
    const spans = checkPorts(portEntries(ctx.inputValue('ports')));
    if (networkSize(network) * BigInt(Math.max(spanCount(spans), 1)) > 100_000n) {
      throw internalErrorV111('FatalError', 'Maximum execution time of 30 seconds exceeded', '/vendor/s1lentium/iptools/src/IP.php');
    }
    if (endsAtTopAddress(network)) throw iteratorOverflow();
    store.transaction(() => {
      const key = (address: string, port: number) => `${address.toLowerCase()}|${port}`;
      const taken = new Set(store.where('allocations', (a) => a.node_id === node.id).map((a) => key(a.ip, a.port)));
      const now = ctx.panel.clock.dbTimestamp();
      for (const address of addressesOf(network)) {
        for (const port of portsOf(spans)) {
          if (taken.has(key(address, port))) continue;
          taken.add(key(address, port));
          store.insert('allocations', { node_id: node.id, ip: address, ip_alias: alias, port, server_id: null, notes: null, created_at: now, updated_at: now });
        }
      }
    });
  });
}
