import { DaemonError } from '../../daemon/daemon-error.ts';
import { callNode } from '../../daemon/node-link.ts';
import { daemonConnectionFailed, displayException, refuseDeletionWhile } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { NodeRow } from '../../store/rows.ts';
import { createdItem, serializeItem } from '../../transform/serialize.ts';
import { noContent, type HandlerResult, type HandlerTable } from '../handler.ts';
import { INT_RANGE, mysqlIntegerColumn, mysqlStringColumn, phpBoolCast, UINT_RANGE, USMALLINT_RANGE } from '../../php-coercion.ts';
import { applyChanges, presentFields } from './account-model-fill.ts';
import { newDaemonSecret } from './node-secret.ts';

/** StoreNodeRequest / UpdateNodeRequest rule keys (v0.7.19:app/Http/Requests/Api/Application/Nodes/StoreNodeRequest.php#L27-L49), API names. */
const NODE_FIELDS = [
  'public',
  'name',
  'location_id',
  'fqdn',
  'scheme',
  'behind_proxy',
  'memory',
  'memory_overallocate',
  'disk',
  'disk_overallocate',
  'upload_size',
  'daemon_listen',
  'daemon_sftp',
  'daemon_base',
] as const;

/** The Node model's default daemonBase, which StoreNodeRequest::validated() fills in when absent. */
export const DEFAULT_DAEMON_BASE = '/srv/daemon-data';

export const NODE_HAS_SERVERS = 'A node must have no servers linked to it in order to be deleted.';

/** exceptions.node.daemon_off_config_updated (resources/lang/en/exceptions.php), HTML included. */
export const CONFIGURATION_NOT_PERSISTED =
  'The daemon configuration <strong>has been updated</strong>, however there was an error encountered while attempting to automatically update the configuration file on the Daemon. You will need to manually update the configuration file (core.json) for the daemon to apply these changes.';

type NodeColumns = Omit<NodeRow, 'id' | 'description' | 'maintenance_mode' | 'daemonSecret' | 'created_at' | 'updated_at'>;

/**
 * The validated node fields as the model stores them. `daemon_base` is always set: StoreNodeRequest's
 * validated() falls back to the model default, so a PATCH without it resets the path (spec x-quirk).
 * Conversions are computed before anything is written, so a failing one changes nothing.
 */
function nodeColumns(fields: Map<string, unknown>): Partial<NodeColumns> {
  const out: Partial<NodeColumns> = {};
  if (fields.has('public')) out.public = phpBoolCast(fields.get('public'));
  if (fields.has('name')) out.name = mysqlStringColumn(fields.get('name'));
  if (fields.has('location_id')) out.location_id = mysqlIntegerColumn(fields.get('location_id'), UINT_RANGE);
  if (fields.has('fqdn')) out.fqdn = mysqlStringColumn(fields.get('fqdn'));
  if (fields.has('scheme')) out.scheme = mysqlStringColumn(fields.get('scheme'));
  if (fields.has('behind_proxy')) out.behind_proxy = phpBoolCast(fields.get('behind_proxy'));
  if (fields.has('memory')) out.memory = mysqlIntegerColumn(fields.get('memory'), UINT_RANGE);
  if (fields.has('memory_overallocate')) out.memory_overallocate = mysqlIntegerColumn(fields.get('memory_overallocate'), INT_RANGE);
  if (fields.has('disk')) out.disk = mysqlIntegerColumn(fields.get('disk'), UINT_RANGE);
  if (fields.has('disk_overallocate')) out.disk_overallocate = mysqlIntegerColumn(fields.get('disk_overallocate'), INT_RANGE);
  if (fields.has('upload_size')) out.upload_size = mysqlIntegerColumn(fields.get('upload_size'), UINT_RANGE);
  if (fields.has('daemon_listen')) out.daemonListen = mysqlIntegerColumn(fields.get('daemon_listen'), USMALLINT_RANGE);
  if (fields.has('daemon_sftp')) out.daemonSFTP = mysqlIntegerColumn(fields.get('daemon_sftp'), USMALLINT_RANGE);
  out.daemonBase = fields.has('daemon_base') ? mysqlStringColumn(fields.get('daemon_base')) : DEFAULT_DAEMON_BASE;
  return out;
}

/**
 * NodeController@store + NodeCreationService: a random 36-character secret, no daemon call.
 * Columns the request cannot set take the model / table defaults (description "" under the stock
 * non-strict sql_mode, maintenance_mode false, upload_size 100, public true, behind_proxy false).
 */
function createNode(ctx: RequestContext): HandlerResult {
  const columns = nodeColumns(presentFields(ctx, NODE_FIELDS));
  const now = ctx.panel.clock.dbTimestamp();
  const store = ctx.panel.store;
  const row = store.transaction(() => {
    const created = store.insert('nodes', {
      public: columns.public ?? true,
      name: columns.name ?? '',
      description: '',
      location_id: columns.location_id ?? 0,
      fqdn: columns.fqdn ?? '',
      scheme: columns.scheme ?? '',
      behind_proxy: columns.behind_proxy ?? false,
      maintenance_mode: false,
      memory: columns.memory ?? 0,
      memory_overallocate: columns.memory_overallocate ?? 0,
      disk: columns.disk ?? 0,
      disk_overallocate: columns.disk_overallocate ?? 0,
      upload_size: columns.upload_size ?? 100,
      daemonSecret: newDaemonSecret(),
      daemonListen: columns.daemonListen ?? 8080,
      daemonSFTP: columns.daemonSFTP ?? 2022,
      daemonBase: columns.daemonBase ?? DEFAULT_DAEMON_BASE,
      created_at: now,
      updated_at: now,
    });
    // No daemon is configured with the secret just generated: the simulated daemon of a new node
    // refuses connections until the control surface marks it reachable.
    store.daemon.nodes[String(created.id)] = { reachable: false };
    return created;
  });
  return createdItem(ctx, 'node', row, 'nodes');
}

/**
 * NodeController@update + NodeUpdateService: the change is saved in a transaction, then the new
 * configuration is pushed to the node's daemon. A refused connection commits the change and answers
 * 400 ConfigurationNotPersistedException; any other daemon failure rolls back and answers 504.
 * `reset_secret` counts only as the JSON boolean true.
 */
function updateNode(ctx: RequestContext): HandlerResult {
  const node = ctx.models.node as NodeRow;
  const changes: Partial<NodeRow> = nodeColumns(presentFields(ctx, NODE_FIELDS));
  const resetSecret = ctx.inputValue('reset_secret') === true;
  if (resetSecret) changes.daemonSecret = newDaemonSecret();
  const store = ctx.panel.store;
  const notPersisted = store.transaction(() => {
    applyChanges(node, changes, ctx.panel.clock.dbTimestamp());
    try {
      callNode(ctx.panel, node.id);
      return false;
    } catch (error) {
      if (!(error instanceof DaemonError)) throw error;
      if (error.connectionRefused) return true;
      throw daemonConnectionFailed(error.status);
    }
  });
  if (notPersisted) {
    throw displayException(400, 'ConfigurationNotPersistedException', CONFIGURATION_NOT_PERSISTED, '/app/Services/Nodes/NodeUpdateService.php');
  }
  return { status: 200, body: serializeItem(ctx, 'node', node) };
}

/**
 * NodeController@delete + NodeDeletionService: refused while any server is on the node; otherwise
 * the foreign keys drop its allocations and detach its database hosts (node_id set null). No daemon
 * call is made.
 */
function deleteNode(ctx: RequestContext): HandlerResult {
  const node = ctx.models.node as NodeRow;
  const store = ctx.panel.store;
  refuseDeletionWhile(store.first('servers', (s) => s.node_id === node.id), 'HasActiveServersException', NODE_HAS_SERVERS, '/app/Services/Nodes/NodeDeletionService.php');
  store.transaction(() => {
    store.remove('nodes', (n) => n.id === node.id);
    store.remove('allocations', (a) => a.node_id === node.id);
    for (const host of store.where('database_hosts', (h) => h.node_id === node.id)) host.node_id = null;
    delete store.daemon.nodes[String(node.id)];
  });
  return noContent();
}

export const nodeWriteHandlers: HandlerTable = { createNode, updateNode, deleteNode };
