import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { errorOf, send, storeState } from './account-test-requests.ts';

// The simulated daemons only refuse connections; this file makes the node's daemon answer the
// configuration push with an HTTP error instead, to reach NodeUpdateService's other branch.
const daemon = vi.hoisted(() => ({ status: undefined as number | undefined }));
vi.mock('../../daemon/node-link.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../daemon/node-link.ts')>();
  const { DaemonError } = await import('../../daemon/daemon-error.ts');
  return {
    ...original,
    callNode: (panel: MockPanel, nodeId: number) => {
      if (daemon.status !== undefined) throw new DaemonError(daemon.status);
      original.callNode(panel, nodeId);
    },
  };
});

let contract: ResponseContract;
let panel: MockPanel;

beforeAll(async () => {
  contract = await ResponseContract.load();
});
beforeEach(async () => {
  panel = await MockPanel.create();
  daemon.status = undefined;
});

describe('PATCH /nodes/{node} when the daemon answers the push with an HTTP error', () => {
  it('rolls the change back (new secret included) and answers 504 DaemonConnectionException', async () => {
    const row = panel.store.find('nodes', 1)!;
    const body = {
      name: 'Renamed',
      location_id: row.location_id,
      fqdn: row.fqdn,
      scheme: row.scheme,
      memory: row.memory,
      memory_overallocate: row.memory_overallocate,
      disk: row.disk,
      disk_overallocate: row.disk_overallocate,
      daemon_listen: row.daemonListen,
      daemon_sftp: row.daemonSFTP,
      reset_secret: true,
    };
    daemon.status = 403;
    const before = storeState(panel);
    const response = await send(panel, 'PATCH', '/api/application/nodes/1', body);
    expect(response.status).toBe(504);
    expect(contract.check('updateNode', { status: response.status, headers: response.headers, rawBody: response.rawBody })).toEqual([]);
    expect(errorOf(response)).toEqual({
      code: 'DaemonConnectionException',
      status: '504',
      detail: 'There was an exception while attempting to communicate with the daemon resulting in a HTTP/403 response code. This exception has been logged.',
    });
    expect(storeState(panel)).toEqual(before);
  });
});
