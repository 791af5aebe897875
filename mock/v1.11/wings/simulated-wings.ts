import { createHash } from 'node:crypto';
import { FilesystemFault, ServerFilesystem, type PullRecord, type WingsStat } from './wings-filesystem.ts';
import { WINGS_UNEXPECTED_ERROR, WingsError } from './wings-failure.ts';

/**
 * The Wings daemons (pterodactyl/wings v1.11.8) behind the v1.11 twin: what each node answers to the
 * calls the panel makes (v1.11.8:app/Repositories/Wings/*), per server its process state, resource
 * usage, files and backup archives. Every method is one Wings endpoint; it returns what Wings answers
 * on success and throws a WingsError (status, Wings' error text, request id) otherwise.
 *
 * Time is the mock clock's (`now`): a start passes through `starting`, a stop through `stopping`,
 * backups, restores, installs and pulls end later, and `settle()` reports what ended to the panel
 * side (the calls Wings makes back to /api/remote: backup status, restore status, install status).
 */

/** How a node answers: normally, not at all (connection refused / timeout), or always with one HTTP error. */
export type NodeMode = { readonly mode: 'up' } | { readonly mode: 'down' } | { readonly mode: 'http-error'; readonly status: number };

/** The environment states Wings reports (wings-v1.11.8:environment/environment.go#L15-L20). */
export type WingsProcessState = 'offline' | 'starting' | 'running' | 'stopping';

export type PowerAction = 'start' | 'stop' | 'restart' | 'kill';

/** What the panel tells Wings about a server (the parts the simulation uses of its configuration). */
export interface WingsServerConfig {
  readonly uuid: string;
  readonly nodeId: number;
  /** MiB; 0 = unlimited. */
  readonly memoryMb: number;
  /** MiB; 0 = unlimited. */
  readonly diskMb: number;
  readonly suspended: boolean;
  /** The egg's file_denylist. */
  readonly denylist?: readonly string[];
}

/** What Wings calls back on the panel when something it runs in the background ends (`at`: when, ms since the epoch). */
export type WingsEvent = (
  | {
      readonly kind: 'backup-completed';
      readonly serverUuid: string;
      readonly backupUuid: string;
      readonly successful: boolean;
      readonly checksumType: 'sha1';
      readonly checksum: string;
      readonly size: number;
    }
  | { readonly kind: 'restore-completed'; readonly serverUuid: string; readonly backupUuid: string; readonly successful: boolean }
  | { readonly kind: 'install-completed'; readonly serverUuid: string; readonly successful: boolean }
) & { readonly at: number };

/** GET /api/servers/{uuid} (Server.ToAPIResponse, wings-v1.11.8:server/server.go#L348-L364). */
export interface WingsServerDetails {
  state: WingsProcessState;
  is_suspended: boolean;
  utilization: {
    memory_bytes: number;
    memory_limit_bytes: number;
    cpu_absolute: number;
    network: { rx_bytes: number; tx_bytes: number };
    uptime: number;
    state: WingsProcessState;
    disk_bytes: number;
  };
  configuration: { uuid: string; suspended: boolean; build: { memory_limit: number; disk_space: number } };
}

export interface WingsTiming {
  /** starting → running. */
  bootMs: number;
  /** stopping → offline. */
  stopMs: number;
  /** A backup's archive is written and reported. */
  backupMs: number;
  /** A restore ends and is reported. */
  restoreMs: number;
  /** A reinstall's script ends and is reported. */
  installMs: number;
  /** A background remote download ends. */
  pullMs: number;
}

export const DEFAULT_WINGS_TIMING: WingsTiming = { bootMs: 1000, stopMs: 1000, backupMs: 2000, restoreMs: 2000, installMs: 5000, pullMs: 5000 };

interface BackupArchive {
  readonly uuid: string;
  readonly snapshot: ReadonlyArray<{ path: string; content: string | null }>;
  readonly endsAt: number;
  reported: boolean;
}

/** Fixed usage figures a running server reports (the seed's), instead of the simulation's own. */
export interface SeededUsage {
  readonly memory_bytes?: number;
  readonly cpu_absolute?: number;
  readonly disk_bytes?: number;
  readonly network_rx_bytes?: number;
  readonly network_tx_bytes?: number;
  readonly uptime_ms?: number;
}

interface SimulatedServer {
  config: WingsServerConfig;
  usage: SeededUsage | undefined;
  state: WingsProcessState;
  /** Scheduled state changes of the running power action, in order. */
  pending: Array<{ at: number; state: WingsProcessState }>;
  startedAt: number;
  installEndsAt: number | undefined;
  restore: { backupUuid: string; endsAt: number } | undefined;
  readonly fs: ServerFilesystem;
  readonly backups: Map<string, BackupArchive>;
  /** Commands that reached the process (the console). */
  readonly console: string[];
  /** Websocket token ids the panel revoked (POST /api/servers/{uuid}/ws/deny). */
  readonly deniedJtis: Set<string>;
}

/** Wings' texts for the statuses a node stuck in `http-error` answers. */
const ERROR_TEXTS: Record<number, string> = {
  401: 'The required authorization heads were not present in the request.',
  403: 'You are not authorized to access this endpoint.',
  404: 'The requested resource does not exist on this instance.',
};

/**
 * The container's memory limit: the server's times Wings' default overhead, in (decimal) bytes
 * (wings-v1.11.8:environment/settings.go#L81-L83, wings-v1.11.8:config/config_docker.go#L154-L163).
 */
function memoryLimitBytes(memoryMb: number): number {
  if (memoryMb <= 0) return 0;
  const overhead = memoryMb <= 2048 ? 1.15 : memoryMb <= 4096 ? 1.1 : 1.05;
  return Math.round(memoryMb * overhead * 1_000_000);
}

/** Where the panel sends a server-scoped call: the server's node (DaemonRepository::setServer) and its uuid. */
export interface WingsTarget {
  readonly nodeId: number;
  readonly uuid: string;
}

export class SimulatedWings {
  private readonly nodes = new Map<number, NodeMode>();
  private readonly servers = new Map<string, SimulatedServer>();
  private readonly events: WingsEvent[] = [];
  private requestCounter = 0;
  readonly timing: WingsTiming;

  constructor(private readonly now: () => number, timing: Partial<WingsTiming> = {}) {
    this.timing = { ...DEFAULT_WINGS_TIMING, ...timing };
  }

  // --- nodes ---

  setNodeMode(nodeId: number, mode: NodeMode): void {
    this.nodes.set(nodeId, mode);
  }

  /** A node nobody configured answers normally. */
  nodeMode(nodeId: number): NodeMode {
    return this.nodes.get(nodeId) ?? { mode: 'up' };
  }

  // --- servers the panel created ---

  /** POST /api/servers (and the seed): Wings knows the server, offline, with an empty data directory unless files are given. */
  addServer(config: WingsServerConfig, initial: { state?: WingsProcessState; installing?: boolean; files?: Record<string, string>; usage?: SeededUsage } = {}): void {
    const fs = new ServerFilesystem({ diskLimitMb: config.diskMb, now: this.now, root: `/var/lib/pterodactyl/volumes/${config.uuid}` });
    for (const [path, content] of Object.entries(initial.files ?? {})) fs.write(path, content);
    fs.denylist = config.denylist ?? [];
    const now = this.now();
    this.servers.set(config.uuid, {
      config,
      usage: initial.usage,
      state: initial.state ?? 'offline',
      pending: [],
      startedAt: now,
      installEndsAt: initial.installing ? now + this.timing.installMs : undefined,
      restore: undefined,
      fs,
      backups: new Map(),
      console: [],
      deniedJtis: new Set(),
    });
  }

  hasServer(uuid: string): boolean {
    return this.servers.has(uuid);
  }

  /** A backup archive Wings already has (the seed's completed backups), so it can be restored and deleted. */
  addBackupArchive(serverUuid: string, backupUuid: string): void {
    const server = this.servers.get(serverUuid);
    if (!server) return;
    server.backups.set(backupUuid, { uuid: backupUuid, snapshot: server.fs.snapshot(), endsAt: this.now(), reported: true });
  }

  /** The process state right now (for tests and the control surface). */
  processState(uuid: string): WingsProcessState | undefined {
    const server = this.servers.get(uuid);
    if (!server) return undefined;
    this.advance(server);
    return server.state;
  }

  /** The commands a server's console received. */
  consoleOf(uuid: string): readonly string[] {
    return this.servers.get(uuid)?.console ?? [];
  }

  /** The remote downloads a server was asked to make. */
  pullsOf(uuid: string): readonly PullRecord[] {
    return this.servers.get(uuid)?.fs.pulls ?? [];
  }

  deniedJtisOf(uuid: string): ReadonlySet<string> {
    return this.servers.get(uuid)?.deniedJtis ?? new Set();
  }

  /** Reports (and forgets) what ended since the last call: the calls Wings makes back to the panel. */
  settle(): WingsEvent[] {
    for (const server of this.servers.values()) this.advance(server);
    return this.events.splice(0, this.events.length);
  }

  // --- the endpoints ---

  /** GET /api/servers/{server}. */
  details(target: WingsTarget): WingsServerDetails {
    const server = this.server(target);
    const running = server.state !== 'offline';
    const now = this.now();
    const uptime = running ? Math.max(0, now - server.startedAt) : 0;
    const limit = memoryLimitBytes(server.config.memoryMb);
    // Deterministic usage of a running process: a third of its memory (256 MiB when unlimited), a steady CPU share, traffic growing with uptime.
    const memory = running ? (limit > 0 ? Math.floor(limit / 3) : 256 * 1024 * 1024) : 0;
    const cpu = running ? (server.state === 'starting' ? 87.5 : 12.25) : 0;
    const seconds = Math.floor(uptime / 1000);
    // The seed's figures hold until the process changes state.
    const seeded = running ? server.usage : undefined;
    if (seeded) {
      return {
        state: server.state,
        is_suspended: server.config.suspended,
        utilization: {
          memory_bytes: seeded.memory_bytes ?? memory,
          memory_limit_bytes: limit,
          cpu_absolute: seeded.cpu_absolute ?? cpu,
          network: { rx_bytes: seeded.network_rx_bytes ?? 0, tx_bytes: seeded.network_tx_bytes ?? 0 },
          uptime: (seeded.uptime_ms ?? 0) + uptime,
          state: server.state,
          disk_bytes: seeded.disk_bytes ?? server.fs.usedBytes(),
        },
        configuration: { uuid: server.config.uuid, suspended: server.config.suspended, build: { memory_limit: server.config.memoryMb, disk_space: server.config.diskMb } },
      };
    }
    return {
      state: server.state,
      is_suspended: server.config.suspended,
      utilization: {
        memory_bytes: memory,
        memory_limit_bytes: running ? limit : 0,
        cpu_absolute: cpu,
        network: { rx_bytes: running ? 2048 * seconds : 0, tx_bytes: running ? 1024 * seconds : 0 },
        uptime,
        state: server.state,
        disk_bytes: server.fs.usedBytes(),
      },
      configuration: {
        uuid: server.config.uuid,
        suspended: server.config.suspended,
        build: { memory_limit: server.config.memoryMb, disk_space: server.config.diskMb },
      },
    };
  }

  /**
   * POST /api/servers/{server}/power: 202 for any valid action; the effect follows on the clock
   * (wings-v1.11.8:router/router_server.go#L53-L108). Start and restart of a suspended server are
   * refused with 400. A start of a server that runs, installs or restores does nothing (the error is
   * only logged by Wings).
   */
  power(target: WingsTarget, action: string): 202 {
    const server = this.server(target);
    if (!['start', 'stop', 'restart', 'kill'].includes(action)) {
      this.fail(422, 'The power action provided was not valid, should be one of "stop", "start", "restart", "kill"');
    }
    if ((action === 'start' || action === 'restart') && server.config.suspended) {
      this.fail(400, 'Cannot start or restart a server that is suspended.');
    }
    const now = this.now();
    const busy = server.installEndsAt !== undefined || server.restore !== undefined;
    switch (action as PowerAction) {
      case 'start':
        if (busy || server.state !== 'offline') break;
        server.pending = [
          { at: now, state: 'starting' },
          { at: now + this.timing.bootMs, state: 'running' },
        ];
        break;
      case 'stop':
        if (server.state === 'offline') break;
        server.pending = [
          { at: now, state: 'stopping' },
          { at: now + this.timing.stopMs, state: 'offline' },
        ];
        break;
      case 'restart': {
        if (busy) break;
        const stopped = server.state === 'offline' ? now : now + this.timing.stopMs;
        server.pending = [
          ...(server.state === 'offline' ? [] : [{ at: now, state: 'stopping' as const }, { at: stopped, state: 'offline' as const }]),
          { at: stopped, state: 'starting' },
          { at: stopped + this.timing.bootMs, state: 'running' },
        ];
        break;
      }
      case 'kill':
        server.pending = [{ at: now, state: 'offline' }];
        break;
    }
    this.advance(server);
    return 202;
  }

  /** POST /api/servers/{server}/commands: 502 while the process is not up (router_server.go#L110-L140). */
  commands(target: WingsTarget, commands: readonly string[]): 204 {
    const server = this.server(target);
    if (server.state === 'offline') this.fail(502, 'Cannot send commands to a stopped server instance.');
    server.console.push(...commands);
    return 204;
  }

  /** POST /api/servers/{server}/sync and the panel's build/suspension changes. */
  sync(target: WingsTarget, config: Partial<Omit<WingsServerConfig, 'uuid'>>): void {
    const server = this.server(target);
    server.config = { ...server.config, ...config };
    server.fs.diskLimitMb = server.config.diskMb;
    server.fs.denylist = server.config.denylist ?? [];
    if (server.config.suspended && server.state !== 'offline') server.pending = [{ at: this.now(), state: 'offline' }];
    this.advance(server);
  }

  /** The panel's view of a server changed (no call is answered: the node may be down). */
  syncQuietly(uuid: string, config: Partial<Omit<WingsServerConfig, 'uuid'>>): void {
    const server = this.servers.get(uuid);
    if (!server) return;
    const changed = Object.entries(config).some(([key, value]) => JSON.stringify(server.config[key as keyof WingsServerConfig]) !== JSON.stringify(value));
    if (!changed) return;
    server.config = { ...server.config, ...config };
    server.fs.diskLimitMb = server.config.diskMb;
    server.fs.denylist = server.config.denylist ?? [];
    if (server.config.suspended && server.state !== 'offline') server.pending = [{ at: this.now(), state: 'offline' }];
  }

  /** POST /api/servers/{server}/reinstall: the process stops and the install script runs until `installMs` passed. */
  reinstall(target: WingsTarget): 202 {
    const server = this.server(target);
    server.pending = [{ at: this.now(), state: 'offline' }];
    server.installEndsAt = this.now() + this.timing.installMs;
    this.advance(server);
    return 202;
  }

  /** DELETE /api/servers/{server}. */
  deleteServer(target: WingsTarget): void {
    this.server(target);
    this.servers.delete(target.uuid);
  }

  /** POST /api/servers/{server}/ws/deny. */
  denyJtis(target: WingsTarget, jtis: readonly string[]): 204 {
    const server = this.server(target);
    for (const jti of jtis) server.deniedJtis.add(jti);
    return 204;
  }

  listDirectory(target: WingsTarget, directory: string): WingsStat[] {
    return this.files(target, (fs) => fs.listDirectory(directory));
  }

  /** The raw file and its Content-Length (the panel refuses more than its max_edit_size). */
  fileContents(target: WingsTarget, file: string): { content: string; size: number; mime: string } {
    return this.files(target, (fs) => fs.contents(file));
  }

  writeFile(target: WingsTarget, file: string, content: string): 204 {
    return this.files(target, (fs) => (fs.write(file, content), 204 as const));
  }

  createDirectory(target: WingsTarget, name: string, path: string): 204 {
    return this.files(target, (fs) => (fs.createDirectory(name, path), 204 as const));
  }

  renameFiles(target: WingsTarget, root: string, files: ReadonlyArray<{ from: string; to: string }>): 204 {
    return this.files(target, (fs) => (fs.rename(root, files), 204 as const));
  }

  copyFile(target: WingsTarget, location: string): 204 {
    return this.files(target, (fs) => (fs.copy(location), 204 as const));
  }

  deleteFiles(target: WingsTarget, root: string, files: readonly string[]): 204 {
    return this.files(target, (fs) => (fs.delete(root, files), 204 as const));
  }

  compressFiles(target: WingsTarget, root: string, files: readonly string[]): WingsStat {
    return this.files(target, (fs) => fs.compress(root, files));
  }

  decompressFile(target: WingsTarget, root: string, file: string): 204 {
    return this.files(target, (fs) => (fs.decompress(root, file), 204 as const));
  }

  chmodFiles(target: WingsTarget, root: string, files: ReadonlyArray<{ file: string; mode: string }>): 204 {
    return this.files(target, (fs) => (fs.chmod(root, files), 204 as const));
  }

  /** POST files/pull: 202 with the download's identifier (200 with the file's stat when `foreground`). */
  pullFile(
    target: WingsTarget,
    request: { url: string; root: string; file_name?: string; use_header?: boolean; foreground?: boolean },
  ): { identifier: string } | WingsStat {
    return this.files(target, (fs) => {
      const record = fs.pull(
        { url: request.url, root: request.root, fileName: request.file_name ?? null, useHeader: request.use_header ?? false, foreground: request.foreground ?? false },
        this.timing.pullMs,
      );
      if (!record.foreground) return { identifier: record.identifier };
      return fs.stat(`${record.root === '/' ? '' : record.root}/${record.fileName || new URL(record.url).pathname.split('/').pop() || 'download'}`);
    });
  }

  /**
   * POST /api/servers/{server}/backup: 202; the archive (the files as they are now, minus the
   * ignored paths) is reported `backupMs` later (wings-v1.11.8:router/router_server_backup.go#L17-L53).
   * An adapter other than wings/s3 is an unclassified error (500).
   */
  backup(target: WingsTarget, request: { adapter: string; uuid: string; ignore: string }): 202 {
    const server = this.server(target);
    if (request.adapter !== 'wings' && request.adapter !== 's3') this.fail(500, WINGS_UNEXPECTED_ERROR);
    const ignored = request.ignore.split('\n').map((line) => line.trim().replace(/^\/+|\/+$/g, '')).filter((line) => line !== '');
    const snapshot = server.fs
      .snapshot()
      .filter((member) => !ignored.some((pattern) => member.path === pattern || member.path.startsWith(`${pattern}/`)));
    server.backups.set(request.uuid, { uuid: request.uuid, snapshot, endsAt: this.now() + this.timing.backupMs, reported: false });
    this.advance(server);
    return 202;
  }

  /**
   * POST /api/servers/{server}/backup/{backup}/restore (router_server_backup.go#L55-L170): truncates
   * first when asked, then needs the local archive (an unknown one is an unclassified 500); the
   * files come back `restoreMs` later. S3 needs a download URL (400); the simulation never fetches it.
   */
  restoreBackup(target: WingsTarget, backupUuid: string, request: { adapter: string; truncate_directory: boolean; download_url: string }): 202 {
    const server = this.server(target);
    if (request.adapter !== 'wings' && request.adapter !== 's3') this.fail(400, WINGS_UNEXPECTED_ERROR);
    if (request.adapter === 's3' && request.download_url === '') {
      this.fail(400, 'The download_url field is required when the backup adapter is set to S3.');
    }
    if (request.truncate_directory) server.fs.restore([], true);
    const archive = server.backups.get(backupUuid);
    if (request.adapter === 'wings' && (!archive || archive.endsAt > this.now())) this.fail(500, WINGS_UNEXPECTED_ERROR);
    if (archive) server.fs.restore(archive.snapshot, false);
    server.restore = { backupUuid, endsAt: this.now() + this.timing.restoreMs };
    this.advance(server);
    return 202;
  }

  /** DELETE /api/servers/{server}/backup/{backup}: 404 for an archive Wings does not have. */
  deleteBackup(target: WingsTarget, backupUuid: string): 204 {
    const server = this.server(target);
    if (!server.backups.has(backupUuid)) this.fail(404, 'The requested backup was not found on this server.');
    server.backups.delete(backupUuid);
    return 204;
  }

  // --- internals ---

  private nextRequestId(): string {
    this.requestCounter += 1;
    return `00000000-0000-4000-8000-${String(this.requestCounter).padStart(12, '0')}`;
  }

  private fail(status: number, error: string): never {
    throw new WingsError({ kind: 'http', status, error, requestId: this.nextRequestId() });
  }

  /** Every call: the node must answer (RequireAuthorization passes: the panel signs with the node's token), then ServerExists. */
  private server(target: WingsTarget): SimulatedServer {
    this.reach(target.nodeId);
    const known = this.servers.get(target.uuid);
    // A server Wings keeps on another node is unknown to this one.
    if (!known || known.config.nodeId !== target.nodeId) this.fail(404, 'The requested resource does not exist on this instance.');
    this.advance(known);
    return known;
  }

  /** A call to a node: refused when down, its fixed error when stuck in `http-error`. */
  reach(nodeId: number): void {
    const mode = this.nodeMode(nodeId);
    if (mode.mode === 'down') throw new WingsError({ kind: 'unreachable' });
    if (mode.mode === 'http-error') this.fail(mode.status, ERROR_TEXTS[mode.status] ?? WINGS_UNEXPECTED_ERROR);
  }

  private files<T>(target: WingsTarget, operation: (fs: ServerFilesystem) => T): T {
    const server = this.server(target);
    try {
      return operation(server.fs);
    } catch (error) {
      if (error instanceof FilesystemFault) this.fail(error.status, error.error);
      throw error;
    }
  }

  /** Applies what the clock has reached: power transitions, installs, restores, backups, pulls. */
  private advance(server: SimulatedServer): void {
    const now = this.now();
    while (server.pending.length > 0 && (server.pending[0] as { at: number }).at <= now) {
      const next = server.pending.shift() as { at: number; state: WingsProcessState };
      if (next.state === 'starting') server.startedAt = next.at;
      if (next.state !== server.state) server.usage = undefined;
      server.state = next.state;
    }
    if (server.installEndsAt !== undefined && server.installEndsAt <= now) {
      this.events.push({ kind: 'install-completed', serverUuid: server.config.uuid, successful: true, at: server.installEndsAt });
      server.installEndsAt = undefined;
    }
    if (server.restore && server.restore.endsAt <= now) {
      this.events.push({ kind: 'restore-completed', serverUuid: server.config.uuid, backupUuid: server.restore.backupUuid, successful: true, at: server.restore.endsAt });
      server.restore = undefined;
    }
    for (const archive of server.backups.values()) {
      if (archive.reported || archive.endsAt > now) continue;
      archive.reported = true;
      const body = JSON.stringify(archive.snapshot);
      this.events.push({
        kind: 'backup-completed',
        serverUuid: server.config.uuid,
        backupUuid: archive.uuid,
        successful: true,
        checksumType: 'sha1',
        checksum: createHash('sha1').update(`${archive.uuid}\n${body}`).digest('hex'),
        size: Buffer.byteLength(body) + 512,
        at: archive.endsAt,
      });
    }
    server.fs.settlePulls();
  }
}
