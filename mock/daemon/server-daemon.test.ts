import { describe, expect, it } from 'vitest';
import { MockPanel } from '../panel.ts';
import type { ServerRow } from '../store/rows.ts';
import { DaemonError } from './daemon-error.ts';
import { daemonServerState, forgetDaemonServer, setNodeReachable, setServerDaemonState } from './daemon-state.ts';
import {
  daemonCreateServer,
  daemonDeleteServer,
  daemonReinstallServer,
  daemonSendCommand,
  daemonSendPower,
  daemonServerDetails,
  daemonSuspendServer,
  daemonUnsuspendServer,
  daemonUpdateServer,
  finishInstall,
} from './server-daemon.ts';
import { handleControl } from '../control/control-routes.ts';

function server(panel: MockPanel, id: number): ServerRow {
  const row = panel.store.find('servers', id);
  if (!row) throw new Error(`no server ${id}`);
  return row;
}

function statusOf(call: () => unknown): number | 'E_CONN_REFUSED' | 'ok' {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof DaemonError) return error.status;
    throw error;
  }
}

describe('simulated server daemon', () => {
  it('refuses every call to an unreachable node', async () => {
    const panel = await MockPanel.create();
    const s5 = server(panel, 5);
    expect(statusOf(() => daemonServerDetails(panel, s5))).toBe('E_CONN_REFUSED');
    expect(statusOf(() => daemonUpdateServer(panel, s5))).toBe('E_CONN_REFUSED');
    expect(statusOf(() => daemonSendPower(panel, s5, 'start'))).toBe('E_CONN_REFUSED');
    setNodeReachable(panel, 2, true);
    expect(statusOf(() => daemonServerDetails(panel, s5))).toBe('ok');
    expect(setNodeReachable(panel, 99, true)).toBeUndefined();
  });

  it('answers 403 to client-scoped calls for a suspended server, but not to panel calls', async () => {
    const panel = await MockPanel.create();
    const s4 = server(panel, 4);
    expect(statusOf(() => daemonServerDetails(panel, s4))).toBe(403);
    expect(statusOf(() => daemonSendCommand(panel, s4))).toBe(403);
    expect(statusOf(() => daemonSendPower(panel, s4, 'start'))).toBe(403);
    expect(statusOf(() => daemonUpdateServer(panel, s4))).toBe('ok');
  });

  it('answers 404 for a server it does not know', async () => {
    const panel = await MockPanel.create();
    const s1 = server(panel, 1);
    expect(forgetDaemonServer(panel, 1)).toBe(true);
    expect(statusOf(() => daemonServerDetails(panel, s1))).toBe(404);
    expect(statusOf(() => daemonDeleteServer(panel, s1))).toBe(404);
    expect(setServerDaemonState(panel, 1, 'stopped')?.state).toBe('stopped');
    expect(setServerDaemonState(panel, 999, 'stopped')).toBeUndefined();
  });

  it('accepts commands only while the process is up', async () => {
    const panel = await MockPanel.create();
    expect(statusOf(() => daemonSendCommand(panel, server(panel, 1)))).toBe('ok');
    expect(statusOf(() => daemonSendCommand(panel, server(panel, 2)))).toBe(412);
    expect(statusOf(() => daemonSendCommand(panel, server(panel, 3)))).toBe(412);
    setServerDaemonState(panel, 2, 'starting');
    expect(statusOf(() => daemonSendCommand(panel, server(panel, 2)))).toBe('ok');
  });

  it('moves the run state on power signals; an installing server cannot start', async () => {
    const panel = await MockPanel.create();
    const s2 = server(panel, 2);
    expect(daemonSendPower(panel, s2, 'start')).toBe(204);
    expect(daemonServerState(panel, 2)?.state).toBe('running');
    expect(daemonSendPower(panel, s2, 'start')).toBe(202);
    expect(daemonSendPower(panel, s2, 'kill')).toBe(204);
    expect(daemonServerState(panel, 2)?.state).toBe('stopped');
    expect(daemonSendPower(panel, s2, 'restart')).toBe(204);
    expect(daemonServerState(panel, 2)?.state).toBe('running');
    const s1 = server(panel, 1);
    daemonSendPower(panel, s1, 'stop');
    expect(daemonServerState(panel, 1)).toMatchObject({ state: 'stopped', memory_bytes: 0, cpu: 0, cpu_cores: [] });
    const s3 = server(panel, 3);
    expect(statusOf(() => daemonSendPower(panel, s3, 'start'))).toBe(500);
    expect(statusOf(() => daemonSendPower(panel, s3, 'restart'))).toBe(500);
    expect(daemonSendPower(panel, s3, 'stop')).toBe(202);
    expect(daemonServerState(panel, 3)?.state).toBe('installing');
  });

  it('tracks creation, suspension, reinstall and deletion', async () => {
    const panel = await MockPanel.create();
    const s2 = server(panel, 2);
    daemonSuspendServer(panel, s2);
    expect(daemonServerState(panel, 2)?.state).toBe('suspended');
    daemonUnsuspendServer(panel, s2);
    expect(daemonServerState(panel, 2)?.state).toBe('stopped');
    daemonReinstallServer(panel, s2);
    expect(daemonServerState(panel, 2)?.state).toBe('installing');
    daemonDeleteServer(panel, s2);
    expect(daemonServerState(panel, 2)).toBeUndefined();
    daemonCreateServer(panel, { ...s2, skip_scripts: true });
    expect(daemonServerState(panel, 2)?.state).toBe('stopped');
    daemonCreateServer(panel, { ...s2, id: 77, skip_scripts: false });
    expect(daemonServerState(panel, 77)?.state).toBe('installing');
  });

  it('keeps an installing server installing across suspension, as the daemon keeps booting blocked', async () => {
    const panel = await MockPanel.create();
    const s3 = server(panel, 3);
    expect(daemonServerState(panel, 3)?.state).toBe('installing');
    daemonSuspendServer(panel, s3);
    expect(daemonServerState(panel, 3)?.state).toBe('suspended');
    daemonUnsuspendServer(panel, s3);
    expect(daemonServerState(panel, 3)?.state).toBe('installing');
    expect(statusOf(() => daemonSendPower(panel, s3, 'start'))).toBe(500);
    // A reinstall of a suspended server: suspended while it runs, installing once unsuspended.
    const s2 = server(panel, 2);
    daemonSuspendServer(panel, s2);
    daemonReinstallServer(panel, s2);
    expect(daemonServerState(panel, 2)).toMatchObject({ state: 'suspended', boot_blocked: true });
    daemonUnsuspendServer(panel, s2);
    expect(daemonServerState(panel, 2)?.state).toBe('installing');
    expect(statusOf(() => daemonSendPower(panel, s2, 'start'))).toBe(500);
  });

  it('ends an install after installSeconds of the mock clock: stopped, bootable, installed in the panel', async () => {
    const panel = await MockPanel.create({ clock: '2020-10-05T12:00:00Z', installSeconds: 30 });
    const s2 = server(panel, 2);
    daemonReinstallServer(panel, s2);
    panel.store.find('servers', 2)!.installed = 0; // as the panel's reinstall service leaves it
    panel.clock.advance(29);
    expect(daemonServerState(panel, 2)?.state).toBe('installing');
    expect(statusOf(() => daemonSendPower(panel, s2, 'start'))).toBe(500);
    panel.clock.advance(1);
    expect(daemonSendPower(panel, s2, 'start')).toBe(204);
    expect(daemonServerState(panel, 2)?.state).toBe('running');
    expect(panel.store.find('servers', 2)).toMatchObject({ installed: 1, updated_at: '2020-10-05 12:00:30' });
    // Seeded installs have no start time: they end only when told.
    panel.clock.advance(3600);
    expect(daemonServerState(panel, 3)?.state).toBe('installing');
  });

  it('ends an install when the control surface says; the installer also lifts a suspension (option.js)', async () => {
    const panel = await MockPanel.create({ control: true });
    const put = (id: number, body: unknown) =>
      handleControl(panel, { method: 'PUT', url: `/__control/daemon/servers/${id}`, headers: {}, body: Buffer.from(JSON.stringify(body)), remoteAddress: '127.0.0.1', scheme: 'http' });
    expect(put(3, { install: 'finished' }).status).toBe(200);
    expect(daemonServerState(panel, 3)?.state).toBe('stopped');
    expect(panel.store.find('servers', 3)?.installed).toBe(1);
    expect(put(3, { install: 'finished' }).status).toBe(409);
    expect(put(3, { install: 'later' }).status).toBe(422);
    expect(put(3, {}).status).toBe(422);
    const s2 = server(panel, 2);
    daemonReinstallServer(panel, s2);
    daemonSuspendServer(panel, s2);
    finishInstall(panel, 2);
    expect(daemonServerState(panel, 2)).toEqual({ state: 'stopped', memory_bytes: 0, cpu: 0, cpu_cores: [], disk_used: expect.any(Number) });
  });
});
