import { describe, expect, it } from 'vitest';
import { SimulatedWings, type WingsTarget } from './simulated-wings.ts';
import { daemonConnectionException, WingsError, type WingsFailure } from './wings-failure.ts';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const A: WingsTarget = { nodeId: 1, uuid: 'aaaaaaaa-0000-4000-8000-000000000001' };

function setUp(files: Record<string, string> = {}) {
  let now = T0;
  const wings = new SimulatedWings(() => now, { bootMs: 1000, stopMs: 2000, backupMs: 3000, restoreMs: 3000, installMs: 4000, pullMs: 5000 });
  wings.addServer({ uuid: A.uuid, nodeId: 1, memoryMb: 1024, diskMb: 0, suspended: false }, { files });
  return { wings, advance: (ms: number) => (now += ms) };
}

function failureOf(call: () => unknown): WingsFailure | 'ok' {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof WingsError) return error.failure;
    throw error;
  }
}

describe('simulated Wings: process state and power', () => {
  it('starts through `starting` to `running` on the clock, stops through `stopping`, kills at once', () => {
    const { wings, advance } = setUp();
    expect(wings.details(A).state).toBe('offline');
    expect(wings.power(A, 'start')).toBe(202);
    expect(wings.details(A).state).toBe('starting');
    advance(999);
    expect(wings.details(A).state).toBe('starting');
    advance(1);
    expect(wings.details(A).state).toBe('running');
    wings.power(A, 'stop');
    expect(wings.details(A).state).toBe('stopping');
    advance(2000);
    expect(wings.details(A).state).toBe('offline');
    wings.power(A, 'restart');
    expect(wings.details(A).state).toBe('starting');
    wings.power(A, 'kill');
    expect(wings.details(A).state).toBe('offline');
  });

  it('reports usage only while the process is up; disk always', () => {
    const { wings, advance } = setUp({ '/server.properties': 'motd=hi\n' });
    const offline = wings.details(A).utilization;
    expect(offline).toMatchObject({ memory_bytes: 0, cpu_absolute: 0, uptime: 0, disk_bytes: 8, network: { rx_bytes: 0, tx_bytes: 0 } });
    wings.power(A, 'start');
    advance(5000);
    const running = wings.details(A).utilization;
    expect(running.uptime).toBe(5000);
    expect(running.memory_limit_bytes).toBe(Math.round(1024 * 1.15 * 1_000_000));
    expect(running.memory_bytes).toBeGreaterThan(0);
    expect(running.network.rx_bytes).toBe(2048 * 5);
    expect(running.state).toBe('running');
  });

  it('refuses to start a suspended server (400) but stops it; rejects unknown actions (422)', () => {
    const { wings } = setUp();
    wings.sync(A, { suspended: true });
    expect(failureOf(() => wings.power(A, 'start'))).toMatchObject({ status: 400, error: 'Cannot start or restart a server that is suspended.' });
    expect(failureOf(() => wings.power(A, 'restart'))).toMatchObject({ status: 400 });
    expect(wings.power(A, 'kill')).toBe(202);
    expect(failureOf(() => wings.power(A, 'explode'))).toMatchObject({ status: 422 });
    expect(wings.details(A).is_suspended).toBe(true);
  });

  it('accepts commands only while the process is up (502 offline)', () => {
    const { wings } = setUp();
    expect(failureOf(() => wings.commands(A, ['say hi']))).toMatchObject({ status: 502, error: 'Cannot send commands to a stopped server instance.' });
    wings.power(A, 'start');
    expect(wings.commands(A, ['say hi'])).toBe(204);
    expect(wings.consoleOf(A.uuid)).toEqual(['say hi']);
  });

  it('does not start while installing; the install ends on the clock and is reported', () => {
    const { wings, advance } = setUp();
    wings.reinstall(A);
    wings.power(A, 'start');
    expect(wings.details(A).state).toBe('offline');
    advance(4000);
    expect(wings.settle()).toEqual([{ kind: 'install-completed', serverUuid: A.uuid, successful: true, at: T0 + 4000 }]);
    wings.power(A, 'start');
    expect(wings.details(A).state).toBe('starting');
  });
});

describe('simulated Wings: nodes', () => {
  it('an unreachable node gives no response; an http-error node its status; an unknown server 404', () => {
    const { wings } = setUp();
    wings.setNodeMode(1, { mode: 'down' });
    expect(failureOf(() => wings.details(A))).toEqual({ kind: 'unreachable' });
    wings.setNodeMode(1, { mode: 'http-error', status: 500 });
    expect(failureOf(() => wings.power(A, 'start'))).toMatchObject({ kind: 'http', status: 500 });
    wings.setNodeMode(1, { mode: 'up' });
    expect(failureOf(() => wings.details({ nodeId: 1, uuid: 'nope' }))).toMatchObject({ status: 404 });
    expect(failureOf(() => wings.details({ nodeId: 2, uuid: A.uuid }))).toMatchObject({ status: 404 });
  });

  it('the panel turns failures into DaemonConnectionException statuses and messages', () => {
    expect(daemonConnectionException({ kind: 'unreachable' })).toEqual({
      status: 504,
      message: 'Could not establish a connection to the machine running this server. Please try again.',
    });
    const conflict = { kind: 'http' as const, status: 409, error: 'busy', requestId: 'r1' };
    expect(daemonConnectionException(conflict)).toEqual({ status: 409, message: 'An error occurred on the remote host: busy. (request id: r1)' });
    expect(daemonConnectionException(conflict, false).status).toBe(504);
    const crash = { kind: 'http' as const, status: 500, error: 'x', requestId: 'r2' };
    expect(daemonConnectionException(crash).message).toContain('(code: 500) (request_id: r2)');
    expect(daemonConnectionException({ ...crash, status: 200 }).status).toBe(502);
  });
});

describe('simulated Wings: backups', () => {
  it('reports a backup later with a sha1 checksum, restores it and deletes it; unknown archives 404 on delete', () => {
    const { wings, advance } = setUp({ '/a.txt': 'one', '/logs/latest.log': 'noise' });
    expect(wings.backup(A, { adapter: 'wings', uuid: 'b1', ignore: 'logs' })).toBe(202);
    expect(wings.settle()).toEqual([]);
    advance(3000);
    const [event] = wings.settle();
    expect(event).toMatchObject({ kind: 'backup-completed', backupUuid: 'b1', successful: true, checksumType: 'sha1' });
    expect(event && 'checksum' in event ? event.checksum : '').toMatch(/^[0-9a-f]{40}$/);
    wings.writeFile(A, '/a.txt', 'changed');
    wings.restoreBackup(A, 'b1', { adapter: 'wings', truncate_directory: true, download_url: '' });
    expect(wings.fileContents(A, '/a.txt').content).toBe('one');
    expect(failureOf(() => wings.fileContents(A, '/logs/latest.log'))).toMatchObject({ status: 404 });
    advance(3000);
    expect(wings.settle()).toEqual([{ kind: 'restore-completed', serverUuid: A.uuid, backupUuid: 'b1', successful: true, at: T0 + 6000 }]);
    expect(wings.deleteBackup(A, 'b1')).toBe(204);
    expect(failureOf(() => wings.deleteBackup(A, 'b1'))).toMatchObject({ status: 404, error: 'The requested backup was not found on this server.' });
    expect(failureOf(() => wings.restoreBackup(A, 'b1', { adapter: 'wings', truncate_directory: false, download_url: '' }))).toMatchObject({ status: 500 });
    expect(failureOf(() => wings.backup(A, { adapter: 'ftp', uuid: 'b2', ignore: '' }))).toMatchObject({ status: 500 });
  });
});

describe('simulated Wings: files through the facade', () => {
  it('adds a request id to each failure and lists what was written', () => {
    const { wings } = setUp();
    wings.writeFile(A, 'config/a.yml', 'a: 1');
    expect(wings.listDirectory(A, '/config').map((stat) => stat.name)).toEqual(['a.yml']);
    const first = failureOf(() => wings.fileContents(A, '/nope'));
    const second = failureOf(() => wings.fileContents(A, '/nope'));
    expect(first).toMatchObject({ status: 404, error: 'The requested resources was not found on the system.' });
    expect(first !== 'ok' && second !== 'ok' && first.kind === 'http' && second.kind === 'http' && first.requestId !== second.requestId).toBe(true);
  });

  it('records a pull without fetching; the file appears when the download ends', () => {
    const { wings, advance } = setUp();
    expect(wings.pullFile(A, { url: 'https://example.com/mods/pack.jar', root: '/mods' })).toEqual({ identifier: expect.any(String) });
    expect(wings.pullsOf(A.uuid)).toMatchObject([{ url: 'https://example.com/mods/pack.jar', root: '/mods', foreground: false }]);
    expect(failureOf(() => wings.fileContents(A, '/mods/pack.jar'))).toMatchObject({ status: 404 });
    advance(5000);
    wings.settle();
    expect(wings.fileContents(A, '/mods/pack.jar').content).toBe('');
    const stat = wings.pullFile(A, { url: 'https://example.com/x.zip', root: '/', file_name: 'y.zip', foreground: true });
    expect(stat).toMatchObject({ name: 'y.zip', mime: 'application/zip' });
  });
});

describe('simulated Wings: seeded usage', () => {
  it('reports the seed figures while the process keeps its state, its own after a change', () => {
    let now = T0;
    const wings = new SimulatedWings(() => now);
    wings.addServer({ uuid: A.uuid, nodeId: 1, memoryMb: 1024, diskMb: 0, suspended: false }, { state: 'running', usage: { memory_bytes: 42, cpu_absolute: 3.5, uptime_ms: 1000, disk_bytes: 7 } });
    now += 2000;
    expect(wings.details(A).utilization).toMatchObject({ memory_bytes: 42, cpu_absolute: 3.5, uptime: 3000, disk_bytes: 7 });
    wings.power(A, 'kill');
    expect(wings.details(A).utilization).toMatchObject({ memory_bytes: 0, cpu_absolute: 0, uptime: 0 });
  });
});
