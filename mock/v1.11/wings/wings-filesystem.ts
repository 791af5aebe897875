/**
 * One server's data directory as the simulated Wings keeps it: an in-memory tree of text files and
 * folders, with the errors Wings answers for each file endpoint (wings-v1.11.8:router/router_server_files.go,
 * wings-v1.11.8:server/filesystem/filesystem.go). Nothing here touches the disk or the network: a pull
 * records the URL it would fetch.
 *
 * Failures are thrown as `FilesystemFault`s (status + Wings' error text); the Wings facade adds the
 * request id. Paths are absolute inside the server root ("/", "/world/level.dat").
 */

export class FilesystemFault extends Error {
  constructor(readonly status: number, readonly error: string) {
    super(error);
  }
}

const NOT_FOUND = 'The requested resources was not found on the system.';
const IS_DIRECTORY = 'Cannot perform that action: file is a directory.';
const NO_SPACE = 'There is not enough disk space available to perform that action.';
const UNEXPECTED = 'An unexpected error was encountered while processing this request';

interface FileEntry {
  readonly kind: 'file';
  content: string;
  mode: number;
  created: number;
  modified: number;
  /** Set on archives the simulation made (compress, pull of an archive name): the entries inside, relative to the archive's folder. */
  archive?: ReadonlyArray<{ readonly path: string; readonly content: string | null }>;
}

interface DirectoryEntry {
  readonly kind: 'directory';
  mode: number;
  created: number;
  modified: number;
}

type Entry = FileEntry | DirectoryEntry;

/** What Wings lists for a file (filesystem.Stat's MarshalJSON, wings-v1.11.8:server/filesystem/stat.go#L17-L41). */
export interface WingsStat {
  name: string;
  created: string;
  modified: string;
  mode: string;
  mode_bits: string;
  size: number;
  directory: boolean;
  file: boolean;
  symlink: boolean;
  mime: string;
}

/** A remote download Wings was asked to start (wings-v1.11.8:router/router_server_files.go#L252-L338). */
export interface PullRecord {
  readonly identifier: string;
  readonly url: string;
  readonly root: string;
  readonly fileName: string | null;
  readonly useHeader: boolean;
  readonly foreground: boolean;
  readonly requestedAt: number;
  /** When the simulated download ends (the file then appears, empty: nothing is fetched). */
  readonly endsAt: number;
}

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Resolves a client path against the root as Wings' SafePath does: `..` may not climb above the
 * root (a 404, E_BADPATH); empty and `.` segments vanish.
 */
export function resolvePath(...parts: string[]): string {
  const segments: string[] = [];
  for (const part of parts) {
    for (const segment of part.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (segments.length === 0) throw new FilesystemFault(404, NOT_FOUND);
        segments.pop();
      } else segments.push(segment);
    }
  }
  return `/${segments.join('/')}`;
}

function parentOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function gitignoreRegex(pattern: string): RegExp {
  const anchored = pattern.startsWith('/');
  const body = pattern
    .replace(/^\//, '')
    .replace(/\/$/, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '.*');
  return new RegExp(`${anchored ? '^' : '(^|/)'}${body}(/|$)`);
}

/** Go's os.FileMode.String() for a plain file or folder. */
function modeString(entry: Entry): string {
  const bits = 'rwxrwxrwx';
  let text = entry.kind === 'directory' ? 'd' : '-';
  for (let i = 0; i < 9; i += 1) text += entry.mode & (1 << (8 - i)) ? bits[i] : '-';
  return text;
}

/** Go's time.RFC3339 of a UTC instant (no fractional seconds, `Z`). */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A stand-in for gabriel-vasile/mimetype's sniffing, enough for the files the simulation holds. */
function mimeOf(name: string, entry: FileEntry): string {
  if (entry.archive || /\.(tar\.gz|tgz|gz)$/.test(name)) return 'application/gzip';
  if (/\.zip$/.test(name)) return 'application/zip';
  const trimmed = entry.content.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      JSON.parse(trimmed);
      return 'application/json';
    } catch {
      // not JSON: plain text below
    }
  }
  return 'text/plain; charset=utf-8';
}

export interface FilesystemOptions {
  /** The server's disk limit in MiB; 0 = unlimited (Filesystem.MaxDisk). */
  diskLimitMb: number;
  /** The egg's file_denylist (gitignore lines), matched against the path on the node's disk. */
  denylist?: readonly string[];
  /** Where the data directory lives on the node (the denylist sees full paths). */
  root?: string;
  now: () => number;
}

export class ServerFilesystem {
  private readonly entries = new Map<string, Entry>();
  readonly pulls: PullRecord[] = [];
  private pullCounter = 0;

  constructor(private readonly options: FilesystemOptions) {
    const now = options.now();
    this.entries.set('/', { kind: 'directory', mode: 0o755, created: now, modified: now });
  }

  set diskLimitMb(value: number) {
    this.options.diskLimitMb = value;
  }

  set denylist(value: readonly string[]) {
    this.options.denylist = value;
  }

  /**
   * Filesystem.IsIgnored (wings-v1.11.8:server/filesystem/path.go#L17-L28): the resolved path on the
   * node (data directory + path) against the egg's denylist as go-gitignore compiles it: a line without
   * a leading `/` matches anywhere, `*` within a segment, `**` across segments; a leading `/` anchors
   * at the start of the node's path, so it never matches inside a data directory. 403 when it matches.
   */
  checkDenylist(...paths: string[]): void {
    const root = this.options.root ?? '/var/lib/pterodactyl/volumes/server';
    for (const path of paths) {
      const full = `${root}${resolvePath(path)}`;
      for (const line of this.options.denylist ?? []) {
        const pattern = line.trim();
        if (pattern === '' || pattern.startsWith('#')) continue;
        if (gitignoreRegex(pattern).test(full)) throw new FilesystemFault(403, 'This file cannot be modified: present in egg denylist.');
      }
    }
  }

  /** Bytes used by every file (Wings' cached disk usage). */
  usedBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) if (entry.kind === 'file') total += byteLength(entry.content);
    return total;
  }

  /** Filesystem.HasSpaceFor: a write that would pass the disk limit is refused (400). */
  private ensureSpaceFor(bytes: number): void {
    const limit = this.options.diskLimitMb * 1024 * 1024;
    if (limit > 0 && bytes > 0 && this.usedBytes() + bytes > limit) throw new FilesystemFault(400, NO_SPACE);
  }

  private ensureDirectories(path: string): void {
    if (path === '/') return;
    const existing = this.entries.get(path);
    if (existing?.kind === 'directory') return;
    if (existing?.kind === 'file') throw new FilesystemFault(500, UNEXPECTED); // mkdir: not a directory
    this.ensureDirectories(parentOf(path));
    const now = this.options.now();
    this.entries.set(path, { kind: 'directory', mode: 0o755, created: now, modified: now });
  }

  private childrenOf(directory: string): string[] {
    const prefix = directory === '/' ? '/' : `${directory}/`;
    const result: string[] = [];
    for (const path of this.entries.keys()) {
      if (path !== '/' && path.startsWith(prefix) && !path.slice(prefix.length).includes('/')) result.push(path);
    }
    return result;
  }

  private descendantsOf(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...this.entries.keys()].filter((key) => key !== '/' && key.startsWith(prefix));
  }

  stat(path: string): WingsStat {
    const entry = this.entries.get(path);
    if (!entry) throw new FilesystemFault(404, NOT_FOUND);
    return this.statOf(path, entry);
  }

  private statOf(path: string, entry: Entry): WingsStat {
    const name = path === '/' ? '/' : baseName(path);
    const directory = entry.kind === 'directory';
    return {
      name,
      created: rfc3339(entry.created),
      modified: rfc3339(entry.modified),
      mode: modeString(entry),
      mode_bits: (entry.mode & 0o777).toString(8),
      size: entry.kind === 'file' ? byteLength(entry.content) : 4096,
      directory,
      file: !directory,
      symlink: false,
      mime: entry.kind === 'file' ? mimeOf(name, entry) : 'inode/directory',
    };
  }

  /**
   * GET files/list-directory. A missing folder is a raw read error Wings does not classify (500),
   * as is listing a file. Order as Wings sorts (filesystem.go#L547-L561): names descending, then
   * folders moved to the front by an insertion sort whose comparison is true for any two folders,
   * which reverses the folders' order among themselves.
   */
  listDirectory(directory: string): WingsStat[] {
    const path = resolvePath(directory);
    const entry = this.entries.get(path);
    if (!entry || entry.kind !== 'directory') throw new FilesystemFault(500, UNEXPECTED);
    const stats = this.childrenOf(path).map((child) => this.statOf(child, this.entries.get(child) as Entry));
    stats.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (let i = 1; i < stats.length; i += 1) {
      for (let j = i; j > 0 && (stats[j] as WingsStat).directory; j -= 1) {
        [stats[j - 1], stats[j]] = [stats[j] as WingsStat, stats[j - 1] as WingsStat];
      }
    }
    return stats;
  }

  /** GET files/contents: the raw text; a folder is 400, a missing file 404. */
  contents(file: string): { content: string; size: number; mime: string } {
    const path = resolvePath(file);
    const entry = this.entries.get(path);
    if (!entry) throw new FilesystemFault(404, NOT_FOUND);
    if (entry.kind === 'directory') throw new FilesystemFault(400, IS_DIRECTORY);
    return { content: entry.content, size: byteLength(entry.content), mime: mimeOf(baseName(path), entry) };
  }

  /** POST files/write: creates the folders on the way; a folder by that name is 400. */
  write(file: string, content: string): void {
    const path = resolvePath(file);
    this.checkDenylist(path);
    if (path === '/') throw new FilesystemFault(400, 'Cannot write file, name conflicts with an existing directory by the same name.');
    const existing = this.entries.get(path);
    if (existing?.kind === 'directory') {
      throw new FilesystemFault(400, 'Cannot write file, name conflicts with an existing directory by the same name.');
    }
    this.ensureSpaceFor(byteLength(content) - (existing ? byteLength(existing.content) : 0));
    this.ensureDirectories(parentOf(path));
    const now = this.options.now();
    if (existing) {
      existing.content = content;
      existing.modified = now;
      delete existing.archive;
    } else this.entries.set(path, { kind: 'file', content, mode: 0o644, created: now, modified: now });
  }

  /** POST files/create-directory: MkdirAll of root + name; a file in the way is an unclassified error (500). */
  createDirectory(name: string, root: string): void {
    this.ensureDirectories(resolvePath(root, name));
  }

  /**
   * PUT files/rename: each `from` → `to` under root. A missing source is skipped; an existing target
   * is 400 (router_server_files.go#L95-L145); the target's folders are created.
   */
  rename(root: string, files: ReadonlyArray<{ from: string; to: string }>): void {
    if (files.length === 0) throw new FilesystemFault(422, 'No files to move or rename were provided.');
    const moves = files.map((file) => ({ from: resolvePath(root, file.from), to: resolvePath(root, file.to) }));
    for (const move of moves) this.checkDenylist(move.from, move.to);
    for (const move of moves) {
      if (this.entries.has(move.to)) throw new FilesystemFault(400, 'Cannot move or rename file, destination already exists.');
      if (move.to === '/') throw new FilesystemFault(500, UNEXPECTED);
    }
    for (const move of moves) {
      const entry = this.entries.get(move.from);
      if (!entry || move.from === '/') continue;
      this.ensureDirectories(parentOf(move.to));
      const moved = [move.from, ...this.descendantsOf(move.from)];
      for (const old of moved) {
        const value = this.entries.get(old) as Entry;
        this.entries.delete(old);
        this.entries.set(move.to + old.slice(move.from.length), value);
      }
    }
  }

  /** POST files/copy: "name copy.ext", "name copy 1.ext", …; a folder or missing file is 404. */
  copy(location: string): string {
    const path = resolvePath(location);
    this.checkDenylist(path);
    const entry = this.entries.get(path);
    if (!entry || entry.kind !== 'file') throw new FilesystemFault(404, NOT_FOUND);
    this.ensureSpaceFor(byteLength(entry.content));
    const base = baseName(path);
    let extension = /\.[^.]*$/.exec(base)?.[0] ?? '';
    let name = base.slice(0, base.length - extension.length);
    if (name.endsWith('.tar')) {
      extension = `.tar${extension}`;
      name = name.slice(0, -4);
    }
    const folder = parentOf(path);
    let target = '';
    for (let i = 0; i < 51; i += 1) {
      const suffix = i === 0 ? ' copy' : ` copy ${i}`;
      target = resolvePath(folder, `${name}${suffix}${extension}`);
      if (!this.entries.has(target)) break;
    }
    const now = this.options.now();
    this.entries.set(target, { kind: 'file', content: entry.content, mode: entry.mode, created: now, modified: now, ...(entry.archive ? { archive: entry.archive } : {}) });
    return target;
  }

  /** POST files/delete: missing files are ignored; the root itself cannot go (500). */
  delete(root: string, files: readonly string[]): void {
    if (files.length === 0) throw new FilesystemFault(422, 'No files were specified for deletion.');
    const paths = files.map((file) => resolvePath(root, file));
    if (paths.includes('/')) throw new FilesystemFault(500, UNEXPECTED);
    for (const path of paths) {
      for (const child of this.descendantsOf(path)) this.entries.delete(child);
      this.entries.delete(path);
    }
  }

  /**
   * POST files/compress: `archive-<RFC3339 without colons>.tar.gz` in root, holding the named files
   * and folders (wings-v1.11.8:server/filesystem/compress.go#L34-L75). Missing names are skipped.
   */
  compress(root: string, files: readonly string[]): WingsStat {
    if (files.length === 0) throw new FilesystemFault(422, 'No files were passed through to be compressed.');
    const folder = resolvePath(root);
    const members: Array<{ path: string; content: string | null }> = [];
    for (const file of files) {
      const path = resolvePath(folder, file);
      for (const member of [path, ...this.descendantsOf(path)]) {
        const entry = this.entries.get(member);
        if (!entry) continue;
        members.push({ path: member.slice(folder === '/' ? 1 : folder.length + 1), content: entry.kind === 'file' ? entry.content : null });
      }
    }
    const now = this.options.now();
    const name = `archive-${rfc3339(now).replace(/:/g, '')}.tar.gz`;
    // The archive's size: a fixed header plus what it holds (a gzip of text would be smaller; any positive size does).
    const content = `\u001f\u008b${members.map((member) => member.path).join('\n')}`;
    this.ensureSpaceFor(byteLength(content));
    const path = resolvePath(folder, name);
    this.ensureDirectories(folder);
    this.entries.set(path, { kind: 'file', content, mode: 0o644, created: now, modified: now, archive: members });
    return this.statOf(path, this.entries.get(path) as Entry);
  }

  /**
   * POST files/decompress: restores an archive the simulation made into root. A file that is no
   * archive is "unknown format": 400 when the server has a disk limit (the space check identifies it
   * first), otherwise Wings does not classify the error (500); a missing file is 500 either way.
   */
  decompress(root: string, file: string): void {
    const folder = resolvePath(root);
    const path = resolvePath(folder, file);
    const entry = this.entries.get(path);
    if (!entry) throw new FilesystemFault(500, UNEXPECTED);
    if (entry.kind !== 'file' || !entry.archive) {
      if (this.options.diskLimitMb > 0 && entry.kind === 'file') {
        throw new FilesystemFault(400, 'The archive provided is in a format Wings does not understand.');
      }
      throw new FilesystemFault(500, UNEXPECTED);
    }
    const now = this.options.now();
    for (const member of entry.archive) {
      const target = resolvePath(folder, member.path);
      if (member.content === null) this.ensureDirectories(target);
      else {
        this.ensureDirectories(parentOf(target));
        this.entries.set(target, { kind: 'file', content: member.content, mode: 0o644, created: now, modified: now });
      }
    }
  }

  /** POST files/chmod: octal modes; a bad one is 400, a missing file skipped. */
  chmod(root: string, files: ReadonlyArray<{ file: string; mode: string }>): void {
    if (files.length === 0) throw new FilesystemFault(422, 'No files to chmod were provided.');
    const changes = files.map((file) => {
      if (!/^[0-7]+$/.test(file.mode) || Number.parseInt(file.mode, 8) > 0xffffffff) throw new FilesystemFault(400, 'Invalid file mode.');
      return { path: resolvePath(root, file.file), mode: Number.parseInt(file.mode, 8) };
    });
    for (const change of changes) {
      const entry = this.entries.get(change.path);
      if (entry) entry.mode = change.mode & 0o777;
    }
  }

  /**
   * POST files/pull: records the download and answers its identifier. At most 3 at once per server
   * (400). The file appears, empty, when the simulated download ends (`settlePulls`).
   */
  pull(request: { url: string; root: string; fileName?: string | null; useHeader?: boolean; foreground?: boolean }, durationMs: number): PullRecord {
    let parsed: URL;
    try {
      parsed = new URL(request.url);
    } catch {
      throw new FilesystemFault(400, `An error occurred while parsing that URL: invalid URI for request`);
    }
    this.settlePulls();
    if (this.pulls.filter((pull) => pull.endsAt > this.options.now()).length >= 3) {
      throw new FilesystemFault(
        400,
        'This server has reached its limit of 3 simultaneous remote file downloads at once. Please wait for one to complete before trying again.',
      );
    }
    this.pullCounter += 1;
    const now = this.options.now();
    const record: PullRecord = {
      identifier: `00000000-0000-4000-9000-${String(this.pullCounter).padStart(12, '0')}`,
      url: parsed.toString(),
      root: resolvePath(request.root),
      fileName: request.fileName ?? null,
      useHeader: request.useHeader ?? false,
      foreground: request.foreground ?? false,
      requestedAt: now,
      endsAt: request.foreground ? now : now + durationMs,
    };
    this.pulls.push(record);
    this.settlePulls();
    return record;
  }

  private readonly settled = new Set<string>();

  /** Downloads whose time has come leave an empty file named as Wings would (file_name, else the URL's last segment). */
  settlePulls(): void {
    const now = this.options.now();
    for (const pull of this.pulls) {
      if (pull.endsAt > now || this.settled.has(pull.identifier)) continue;
      this.settled.add(pull.identifier);
      const name = pull.fileName || baseName(new URL(pull.url).pathname) || 'download';
      const path = resolvePath(pull.root, name);
      if (this.entries.get(path)?.kind === 'directory') continue;
      this.ensureDirectories(pull.root);
      this.entries.set(path, { kind: 'file', content: '', mode: 0o644, created: now, modified: now });
    }
  }

  /** Everything, for a backup: path → content (null for folders). */
  snapshot(): Array<{ path: string; content: string | null }> {
    return [...this.entries.entries()]
      .filter(([path]) => path !== '/')
      .map(([path, entry]) => ({ path: path.slice(1), content: entry.kind === 'file' ? entry.content : null }));
  }

  /** Restores a snapshot; `truncate` empties the root first (TruncateRootDirectory). */
  restore(snapshot: ReadonlyArray<{ path: string; content: string | null }>, truncate: boolean): void {
    if (truncate) for (const path of [...this.entries.keys()]) if (path !== '/') this.entries.delete(path);
    const now = this.options.now();
    for (const member of snapshot) {
      const path = resolvePath(member.path);
      if (member.content === null) this.ensureDirectories(path);
      else {
        this.ensureDirectories(parentOf(path));
        this.entries.set(path, { kind: 'file', content: member.content, mode: 0o644, created: now, modified: now });
      }
    }
  }
}
