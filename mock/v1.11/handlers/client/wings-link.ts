import { displayExceptionV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ServicesV111 } from '../../services.ts';
import type { NodeRow, ServerRow } from '../../store/rows.ts';
import { SimulatedWings, type NodeMode, type WingsTarget } from '../../wings/simulated-wings.ts';
import { daemonConnectionException, WingsError } from '../../wings/wings-failure.ts';

/**
 * The panel's side of the simulated Wings: one SimulatedWings per twin, built from the seed's Wings
 * state on first use; node modes follow `store.daemon.nodes` (the control surface's switch) on every
 * call; what Wings reports back (backup done, restore done, install done) is applied to the rows as
 * the panel's /api/remote controllers would.
 */

// Keyed by the store, not the services object: the shared MockPanel hands the twin a new services
// object per request (mock/profiles/v1.11.ts) around the one store view, and Wings' state (files,
// backups, power) must outlive a request.
const instances = new WeakMap<object, SimulatedWings>();

export function wingsOf(panel: ServicesV111): SimulatedWings {
  let wings = instances.get(panel.store);
  if (!wings) {
    wings = new SimulatedWings(() => panel.clock.nowMs());
    for (const server of panel.store.all('servers')) {
      const seeded = panel.store.daemon.servers[String(server.id)];
      wings.addServer(
        { uuid: server.uuid, nodeId: server.node_id, memoryMb: server.memory, diskMb: server.disk, suspended: server.status === 'suspended' },
        {
          state: seeded?.state ?? 'offline',
          files: starterFiles(server),
          ...(seeded ? { usage: seeded } : {}),
        },
      );
    }
    for (const backup of panel.store.all('backups')) {
      const server = panel.store.find('servers', backup.server_id);
      if (server && backup.is_successful && backup.deleted_at === null) wings.addBackupArchive(server.uuid, backup.uuid);
    }
    instances.set(panel.store, wings);
  }
  syncNodeModes(panel, wings);
  syncServers(panel, wings);
  settleWings(panel, wings);
  return wings;
}

/**
 * What the panel told Wings about its servers since (application API creations, suspensions, build
 * changes): a server Wings does not know yet is created offline with an empty data directory.
 */
function syncServers(panel: ServicesV111, wings: SimulatedWings): void {
  for (const server of panel.store.all('servers')) {
    const denylist = panel.store.find('eggs', server.egg_id)?.file_denylist ?? [];
    const config = { nodeId: server.node_id, memoryMb: server.memory, diskMb: server.disk, suspended: server.status === 'suspended', denylist };
    if (!wings.hasServer(server.uuid)) wings.addServer({ uuid: server.uuid, ...config });
    else wings.syncQuietly(server.uuid, config);
  }
}

/** A few files so that listing, reading and archiving have something to show. */
function starterFiles(server: ServerRow): Record<string, string> {
  return {
    '/server.properties': `motd=${server.name}\nmax-players=20\n`,
    '/eula.txt': 'eula=true\n',
    '/logs/latest.log': '[00:00:00] [Server thread/INFO]: Done\n',
    '/config/settings.json': '{"difficulty":"normal"}\n',
  };
}

function syncNodeModes(panel: ServicesV111, wings: SimulatedWings): void {
  for (const node of panel.store.all('nodes')) {
    const state = panel.store.daemon.nodes[String(node.id)];
    let mode: NodeMode = { mode: 'up' };
    if (state && !state.reachable) mode = { mode: 'down' };
    else if (state?.http_error !== undefined) mode = { mode: 'http-error', status: state.http_error };
    wings.setNodeMode(node.id, mode);
  }
}

/** Applies what Wings reported since the last request (v1.11.8:app/Http/Controllers/Api/Remote/Backups/BackupStatusController.php#L30-L120). */
function settleWings(panel: ServicesV111, wings: SimulatedWings): void {
  for (const event of wings.settle()) {
    const server = panel.store.first('servers', (row) => row.uuid === event.serverUuid);
    if (!server) continue;
    const now = new Date(Math.floor(event.at / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    if (event.kind === 'backup-completed') {
      const backup = panel.store.first('backups', (row) => row.uuid === event.backupUuid);
      if (!backup || backup.is_successful) continue;
      backup.is_successful = event.successful;
      backup.is_locked = event.successful ? backup.is_locked : false;
      backup.checksum = event.successful ? `${event.checksumType}:${event.checksum}` : null;
      backup.bytes = event.successful ? event.size : 0;
      backup.completed_at = now;
      backup.updated_at = now;
    } else if (event.kind === 'restore-completed') {
      server.status = null;
      server.updated_at = now;
    } else if (server.status === 'installing') {
      server.status = event.successful ? null : 'install_failed';
      server.installed_at = now;
      server.updated_at = now;
    }
  }
}

export function targetOf(server: ServerRow): WingsTarget {
  return { nodeId: server.node_id, uuid: server.uuid };
}

export function nodeOf(panel: ServicesV111, server: ServerRow): NodeRow {
  const node = panel.store.find('nodes', server.node_id);
  if (!node) throw new Error(`server ${server.id} has no node`);
  return node;
}

/**
 * Runs a Wings call; a failure becomes the panel's DaemonConnectionException (a DisplayException
 * with Wings' status, 504 without an answer). `useStatusCode` false: always 504 (getDetails).
 */
export function callWings<T>(call: () => T, useStatusCode = true): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof WingsError) throw daemonFailure(error, useStatusCode);
    throw error;
  }
}

export function daemonFailure(error: WingsError, useStatusCode = true): PanelErrorV111 {
  const { status, message } = daemonConnectionException(error.failure, useStatusCode);
  return displayExceptionV111(message, 'DaemonConnectionException', status, '/app/Exceptions/Http/Connection/DaemonConnectionException.php');
}
