import { describe, expect, it } from 'vitest';
import { defaultProfileId, panelProfile } from '../../harness/profiles.ts';
import { MockPanel } from '../panel.ts';

const FULL = 'Bearer ptla_08n68uFmzANZkOmSAJolQDA0yTryoZTU5XwFZcuRWRp';
const get = (panel: MockPanel, url: string) =>
  panel.handle({ method: 'GET', url, headers: { accept: 'application/json', authorization: FULL, host: 'panel.test' }, body: Buffer.alloc(0), remoteAddress: '127.0.0.1', scheme: 'http' });

describe('the v1.11 profile through the seam', () => {
  it('is registered beside the default v0.7.19 with its own files', () => {
    expect(defaultProfileId()).toBe('v0.7.19');
    const files = panelProfile('v1.11');
    expect(files.seed.endsWith('fixtures/v1.11/seed.yaml')).toBe(true);
    expect(files.spec.endsWith('spec/pterodactyl-v1.11.yaml')).toBe(true);
  });
  it('MockPanel.create({profile: "v1.11"}) serves the twin with 1.x stock limits; given limits win', async () => {
    const panel = await MockPanel.create({ profile: 'v1.11' });
    expect(panel.options.limits).toMatchObject({ application: 240, client: 720 });
    const response = await get(panel, '/api/application/servers/2');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).attributes.status).toBe('suspended');
    expect(response.headers['X-RateLimit-Limit']).toBe('240');
    const limited = await MockPanel.create({ profile: 'v1.11', limits: { application: 5, client: 5, utilization: 5 } });
    expect((await get(limited, '/api/application/servers/2')).headers['X-RateLimit-Limit']).toBe('5');
  });
  it('reset restores the 1.11 store and its Wings state', async () => {
    const panel = await MockPanel.create({ profile: 'v1.11' });
    const before = JSON.stringify(panel.store.tables);
    await panel.handle({ method: 'DELETE', url: '/api/application/locations/3', headers: { accept: 'application/json', authorization: FULL }, body: Buffer.alloc(0), remoteAddress: '127.0.0.1', scheme: 'http' });
    expect(JSON.stringify(panel.store.tables)).not.toBe(before);
    panel.reset();
    expect(JSON.stringify(panel.store.tables)).toBe(before);
  });
  it("keeps Wings' state from one request to the next (a file written is there to read)", async () => {
    const panel = await MockPanel.create({ profile: 'v1.11' });
    const owner = 'Bearer ptlc_vrJMMo2fWv5f1atlR3rNGVhKLEc4DwBqusJeRbrHOam';
    const send = (method: string, url: string, body = '') =>
      panel.handle({ method, url, headers: { accept: 'application/json', authorization: owner, host: 'panel.test', 'content-type': 'text/plain' }, body: Buffer.from(body), remoteAddress: '127.0.0.1', scheme: 'http' });
    expect((await send('POST', '/api/client/servers/74755444/files/write?file=%2Fnote.txt', 'kept\n')).status).toBe(204);
    const read = await send('GET', '/api/client/servers/74755444/files/contents?file=%2Fnote.txt');
    expect([read.status, read.body]).toEqual([200, 'kept\n']);
  });
  it('the 0.7.19 default is untouched: 120 a minute, 0.7 errors', async () => {
    const panel = await MockPanel.create();
    expect(panel.options.limits.application).toBe(120);
    expect((await get(panel, '/api/application/users/1')).status).toBe(403);
  });
});
