import { beforeEach, describe, expect, it } from 'vitest';
import { MockPanel } from '../panel.ts';
import { request } from '../testing/panel-request.ts';
import { storeSummary } from './control-routes.ts';

let panel: MockPanel;
beforeEach(async () => {
  panel = await MockPanel.create();
}, 60_000);

const serverBody = {
  name: 'ptero-conformance-digest',
  user: 7,
  egg: 5,
  docker_image: 'quay.io/pterodactyl/core:java',
  startup: 'java -jar {{SERVER_JARFILE}}',
  environment: { SERVER_JARFILE: 'server.jar', VANILLA_VERSION: 'latest' },
  limits: { memory: 512, swap: 0, disk: 1024, io: 500, cpu: 0 },
  feature_limits: { databases: 0, allocations: 0 },
  allocation: { default: 7, additional: [8] },
};

describe('GET /store digest', () => {
  it('is the same after a server is created on free allocations and deleted again', async () => {
    const before = storeSummary(panel);
    const allocationsBefore = structuredClone([panel.store.find('allocations', 7), panel.store.find('allocations', 8)]);
    expect(allocationsBefore.map((a) => a?.server_id)).toEqual([null, null]);
    panel.clock.advance(3600);

    const created = await request(panel, 'POST', '/api/application/servers', { key: 'app-full', body: serverBody });
    expect(created.status).toBe(201);
    const id = created.json.attributes.id as number;
    expect(panel.store.find('allocations', 7)?.server_id).toBe(id);
    expect(storeSummary(panel).digest).not.toBe(before.digest);
    panel.clock.advance(3600);
    expect((await request(panel, 'DELETE', `/api/application/servers/${id}`, { key: 'app-full' })).status).toBe(204);

    // As on the panel: the assignment gave the allocations a new updated_at, the release kept it.
    const after = [panel.store.find('allocations', 7), panel.store.find('allocations', 8)];
    expect(after.map((a) => a?.server_id)).toEqual([null, null]);
    expect(after.map((a) => a?.updated_at)).toEqual([created.json.attributes.updated_at, created.json.attributes.updated_at].map(dbTime));
    expect(after.map((a) => a?.updated_at)).not.toEqual(allocationsBefore.map((a) => a?.updated_at));
    expect(storeSummary(panel)).toEqual(before);
  });

  it('still sees any other change to an allocation', async () => {
    const before = storeSummary(panel).digest;
    const allocation = panel.store.find('allocations', 7);
    if (!allocation) throw new Error('seed allocation 7 missing');
    allocation.ip_alias = 'changed.example';
    expect(storeSummary(panel).digest).not.toBe(before);
  });
});

/** The transformer's ATOM UTC time back to the store's `Y-m-d H:i:s`. */
function dbTime(atom: string): string {
  return atom.replace('T', ' ').replace(/\+00:00$/, '');
}
