import { describe, expect, it } from 'vitest';
import { FilesystemFault, resolvePath, ServerFilesystem } from './wings-filesystem.ts';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

function fs(diskLimitMb = 0) {
  return new ServerFilesystem({ diskLimitMb, now: () => T0 });
}

function fault(call: () => unknown): [number, string] | 'ok' {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof FilesystemFault) return [error.status, error.error];
    throw error;
  }
}

describe('in-memory server filesystem', () => {
  it('resolves paths inside the root and refuses to climb out (404)', () => {
    expect(resolvePath('/', 'a//b/./c')).toBe('/a/b/c');
    expect(resolvePath('/a', '../b')).toBe('/b');
    expect(fault(() => resolvePath('/', '../etc/passwd'))).toEqual([404, 'The requested resources was not found on the system.']);
  });

  it('lists like Wings: folders first (their order reversed by the insertion sort), files by name descending', () => {
    const f = fs();
    for (const name of ['a.txt', 'c.txt', 'b.txt']) f.write(`/${name}`, 'x');
    f.createDirectory('d1', '/');
    f.createDirectory('d2', '/');
    expect(f.listDirectory('/').map((stat) => stat.name)).toEqual(['d1', 'd2', 'c.txt', 'b.txt', 'a.txt']);
    const [dir, file] = [f.listDirectory('/')[0], f.listDirectory('/')[2]];
    expect(dir).toMatchObject({ mode: 'drwxr-xr-x', mode_bits: '755', directory: true, file: false, mime: 'inode/directory' });
    expect(file).toMatchObject({ mode: '-rw-r--r--', mode_bits: '644', size: 1, file: true, symlink: false, created: '2026-01-02T03:04:05Z' });
    expect(fault(() => f.listDirectory('/missing'))).toEqual([500, 'An unexpected error was encountered while processing this request']);
  });

  it('reads, writes and refuses folders', () => {
    const f = fs();
    f.write('/dir/file.json', '{"a":1}');
    expect(f.contents('/dir/file.json')).toEqual({ content: '{"a":1}', size: 7, mime: 'application/json' });
    expect(fault(() => f.contents('/dir'))).toEqual([400, 'Cannot perform that action: file is a directory.']);
    expect(fault(() => f.write('/dir', 'x'))).toEqual([400, 'Cannot write file, name conflicts with an existing directory by the same name.']);
  });

  it('enforces the disk limit on writes and copies', () => {
    const f = fs(1);
    f.write('/big', 'x'.repeat(600 * 1024));
    expect(fault(() => f.copy('/big'))).toEqual([400, 'There is not enough disk space available to perform that action.']);
    expect(fault(() => f.write('/other', 'y'.repeat(500 * 1024)))).toEqual([400, 'There is not enough disk space available to perform that action.']);
  });

  it('renames (skipping missing sources, refusing existing targets), copies with suffixes, deletes', () => {
    const f = fs();
    f.write('/a.txt', '1');
    f.write('/b.txt', '2');
    expect(fault(() => f.rename('/', [{ from: 'a.txt', to: 'b.txt' }]))).toEqual([400, 'Cannot move or rename file, destination already exists.']);
    f.rename('/', [{ from: 'a.txt', to: 'sub/a2.txt' }, { from: 'ghost', to: 'ghost2' }]);
    expect(f.contents('/sub/a2.txt').content).toBe('1');
    expect(f.copy('/b.txt')).toBe('/b copy.txt');
    expect(f.copy('/b.txt')).toBe('/b copy 1.txt');
    f.write('/x.tar.gz', 'z');
    expect(f.copy('/x.tar.gz')).toBe('/x copy.tar.gz');
    expect(fault(() => f.copy('/sub'))).toEqual([404, 'The requested resources was not found on the system.']);
    f.delete('/', ['sub', 'nothing']);
    expect(fault(() => f.contents('/sub/a2.txt'))[0]).toBe(404);
    expect(fault(() => f.delete('/', ['.']))[0]).toBe(500);
    expect(fault(() => f.delete('/', []))[0]).toBe(422);
  });

  it('compresses into a dated archive and decompresses it; other files are unknown archives', () => {
    const f = fs();
    f.write('/world/level.dat', 'L');
    const stat = f.compress('/', ['world']);
    expect(stat.name).toBe('archive-2026-01-02T030405Z.tar.gz');
    expect(stat.mime).toBe('application/gzip');
    f.delete('/', ['world']);
    f.decompress('/', stat.name);
    expect(f.contents('/world/level.dat').content).toBe('L');
    f.write('/notes.txt', 'n');
    expect(fault(() => f.decompress('/', 'notes.txt'))[0]).toBe(500);
    const limited = fs(100);
    limited.write('/notes.txt', 'n');
    expect(fault(() => limited.decompress('/', 'notes.txt'))).toEqual([400, 'The archive provided is in a format Wings does not understand.']);
  });

  it('changes modes from octal strings; a bad mode is 400', () => {
    const f = fs();
    f.write('/run.sh', 'echo');
    f.chmod('/', [{ file: 'run.sh', mode: '755' }, { file: 'missing', mode: '600' }]);
    expect(f.stat('/run.sh').mode).toBe('-rwxr-xr-x');
    expect(fault(() => f.chmod('/', [{ file: 'run.sh', mode: '9z' }]))).toEqual([400, 'Invalid file mode.']);
  });

  it('allows three running pulls at once', () => {
    const f = fs();
    for (let i = 0; i < 3; i += 1) f.pull({ url: `https://example.com/${i}`, root: '/' }, 10_000);
    expect(fault(() => f.pull({ url: 'https://example.com/4', root: '/' }, 10_000))[0]).toBe(400);
    expect(fault(() => f.pull({ url: 'not a url', root: '/' }, 10_000))[0]).toBe(400);
  });
});

describe('egg denylist', () => {
  it('refuses writes, copies and renames of denylisted paths (403); a leading slash anchors at the node root and so never matches', () => {
    const f = new ServerFilesystem({ diskLimitMb: 0, now: () => T0, root: '/var/lib/pterodactyl/volumes/uuid', denylist: ['*.jar', 'config/secret.yml', '/server.properties'] });
    expect(fault(() => f.write('/plugins/a.jar', 'x'))).toEqual([403, 'This file cannot be modified: present in egg denylist.']);
    expect(fault(() => f.write('/config/secret.yml', 'x'))[0]).toBe(403);
    f.write('/server.properties', 'motd=x');
    f.write('/notes.txt', 'n');
    expect(fault(() => f.rename('/', [{ from: 'notes.txt', to: 'notes.jar' }]))[0]).toBe(403);
    expect(fault(() => f.copy('/notes.txt'))).toBe('ok');
  });
});
