import { DaemonError } from '../../daemon/daemon-error.ts';
import { daemonDisplayException } from '../../daemon/daemon-failures.ts';
import {
  daemonDeleteServer,
  daemonRebuildServer,
  daemonReinstallServer,
  daemonSuspendServer,
  daemonUnsuspendServer,
} from '../../daemon/server-daemon.ts';
import { daemonConnectionFailed, PanelError } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { ServerRow } from '../../store/rows.ts';
import { noContent, type HandlerResult, type HandlerTable } from '../handler.ts';
import { updateRow } from './servers.ts';

/*
 * Application API server actions: suspend, unsuspend, reinstall, rebuild, delete
 * and forced delete. All answer 204 with an empty body.
 */

function boundServer(ctx: RequestContext): ServerRow {
  const bound = ctx.models.server;
  const server = bound ? ctx.panel.store.find('servers', bound.id) : undefined;
  if (!server) throw new PanelError(500, 'ErrorException', 'Trying to get property of non-object');
  return server;
}

/** Runs a daemon call, turning its failure into the given panel error. */
function onDaemon(call: () => void, failure: (error: DaemonError) => PanelError): void {
  try {
    call();
  } catch (error) {
    if (error instanceof DaemonError) throw failure(error);
    throw error;
  }
}

/**
 * SuspensionService: nothing to do when the server already is in the requested state; otherwise the
 * flag changes and the daemon is told. A daemon failure is a 400 DisplayException and the flag change
 * is rolled back.
 */
function toggleSuspension(ctx: RequestContext, suspend: boolean): HandlerResult {
  ctx.panel.store.transaction(() => {
    const server = boundServer(ctx);
    if (server.suspended === suspend) return;
    updateRow(server, { suspended: suspend }, ctx.panel.clock.dbTimestamp());
    onDaemon(
      () => (suspend ? daemonSuspendServer(ctx.panel, server) : daemonUnsuspendServer(ctx.panel, server)),
      (error) => daemonDisplayException(error, '/app/Services/Servers/SuspensionService.php'),
    );
  });
  return noContent();
}

/** ReinstallServerService: installed = 0 (a forced fill, unlike startup), then the daemon reinstalls; failure → 504. */
function reinstallServer(ctx: RequestContext): HandlerResult {
  ctx.panel.store.transaction(() => {
    const server = boundServer(ctx);
    updateRow(server, { installed: 0 }, ctx.panel.clock.dbTimestamp());
    onDaemon(() => daemonReinstallServer(ctx.panel, server), (error) => daemonConnectionFailed(error.status));
  });
  return noContent();
}

/** ContainerRebuildService: only a daemon call; failure → 504. */
function rebuildServer(ctx: RequestContext): HandlerResult {
  const server = boundServer(ctx);
  onDaemon(() => daemonRebuildServer(ctx.panel, server), (error) => daemonConnectionFailed(error.status));
  return noContent();
}

/**
 * ServerDeletionService: the daemon deletes the server first. A daemon 404 counts as already gone;
 * any other failure is a 504 (nothing deleted) unless forced, when it is only logged. Then the
 * server's databases are dropped, its allocations freed, and the server with its variables,
 * subusers and daemon keys deleted.
 */
export function deleteServerRow(ctx: RequestContext, force: boolean): HandlerResult {
  const panel = ctx.panel;
  const store = panel.store;
  const server = boundServer(ctx);
  try {
    daemonDeleteServer(panel, server);
  } catch (error) {
    if (!(error instanceof DaemonError)) throw error;
    if (!force && error.status !== 404) throw daemonConnectionFailed(error.status);
  }
  store.transaction(() => {
    store.remove('databases', (d) => d.server_id === server.id);
    // The panel deletes only the server row (v0.7.19:app/Services/Servers/ServerDeletionService.php#L127);
    // the foreign key frees its allocations (ON DELETE SET NULL,
    // v0.7.19:database/migrations/2017_07_08_154416_SetAllocationToReferenceNullOnServerDelete.php#L17).
    // MySQL writes server_id only: the nullable timestamps (laravel/framework
    // v5.7.14:src/Illuminate/Database/Schema/Blueprint.php#L957-L962) have no ON UPDATE, so
    // updated_at keeps the value the assignment gave it.
    for (const allocation of store.where('allocations', (a) => a.server_id === server.id)) allocation.server_id = null;
    store.remove('server_variables', (v) => v.server_id === server.id);
    store.remove('subusers', (s) => s.server_id === server.id);
    store.remove('daemon_keys', (k) => k.server_id === server.id);
    store.remove('servers', (s) => s.id === server.id);
    delete store.daemon.servers[String(server.id)];
  });
  return noContent();
}

export const serverActionHandlers: HandlerTable = {
  suspendServer: (ctx) => toggleSuspension(ctx, true),
  unsuspendServer: (ctx) => toggleSuspension(ctx, false),
  reinstallServer,
  rebuildServer,
  deleteServer: (ctx) => deleteServerRow(ctx, false),
  // DELETE /servers/{server}/{force}: forced only when the segment is exactly `force`.
  forceDeleteServer: (ctx) => deleteServerRow(ctx, ctx.params['force'] === 'force'),
};
