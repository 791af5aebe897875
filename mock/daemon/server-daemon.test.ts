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
} from './server-daemon.ts';

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
    daemonReinstallServer(panel, s2);
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
});
