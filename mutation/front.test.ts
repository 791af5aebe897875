import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { startMock, type RunningMock } from '../mock/server.ts';
import { fixtureKey } from '../mock/testing/fixture-keys.ts';
import setup from '../suites/support/global-setup.ts';
import type { ProvidedTarget } from '../harness/provided-target.ts';
import { mutationFront } from './front.ts';

let mock: RunningMock;
let work: string;
beforeAll(async () => {
  mock = await startMock({ control: true }, { host: '127.0.0.1', port: 0 });
  work = mkdtempSync(join(tmpdir(), 'ptero-mutation-front-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(work, { recursive: true, force: true });
});

function get(base: string, path: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { accept: 'application/json', authorization: `Bearer ${fixtureKey(mock.panel, 'app-full')}` } });
}

describe('mutationFront', () => {
  it('is the mock itself without PTERO_MUTATION', async () => {
    const front = await mutationFront(mock.url, {});
    expect(front.url).toBe(mock.url);
    await front.close();
  });

  it("refuses a deviation of another profile's twin, naming the PTERO_PROFILE to run it with", async () => {
    // This process runs the default profile (v0.7.19); the entry deviates the v1.11 twin.
    await expect(mutationFront(mock.url, { PTERO_MUTATION: 'v111-account-admin-flipped' })).rejects.toThrow(/deviates the v1\.11 twin, but this run is of profile v0\.7\.19: run it with PTERO_PROFILE=v1\.11/);
  });

  it('puts the proxy in front for passthrough, answering what the mock answers, and writes its counters', async () => {
    const stats = join(work, 'stats.json');
    const front = await mutationFront(mock.url, { PTERO_MUTATION: 'passthrough', PTERO_MUTATION_STATS: stats });
    expect(front.url).not.toBe(mock.url);
    const direct = await get(mock.url, '/api/application/users/1');
    const proxied = await get(front.url, '/api/application/users/1');
    expect(proxied.status).toBe(direct.status);
    expect(await proxied.text()).toBe(await direct.text());
    await front.close();
    expect(JSON.parse(readFileSync(stats, 'utf8'))).toMatchObject({ id: 'passthrough', requests: 1, mutated: 0 });
  });

  it('applies the named deviation of the catalogue', async () => {
    const front = await mutationFront(mock.url, { PTERO_MUTATION: 'error-status-as-number' });
    const answer = await get(front.url, '/api/application/users/987654');
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { errors: { status: unknown }[] }).errors[0]?.status).toBe(404);
    await front.close();
    await expect(mutationFront(mock.url, { PTERO_MUTATION: 'no-such-deviation' })).rejects.toThrow(/unknown deviation/);
  });
});

describe('the global setup with PTERO_MUTATION', () => {
  it.skipIf(process.env['PTERO_URL'] !== undefined)('targets the proxy while the control surface stays on the mock', async () => {
    const saved = { mutation: process.env['PTERO_MUTATION'], reports: process.env['PTERO_REPORTS_DIR'] };
    process.env['PTERO_MUTATION'] = 'error-status-as-number';
    process.env['PTERO_REPORTS_DIR'] = join(work, 'reports');
    let provided: ProvidedTarget | undefined;
    const project = { provide: (_key: string, value: ProvidedTarget) => void (provided = value) } as unknown as TestProject;
    try {
      const teardown = await setup(project);
      try {
        if (!provided?.controlUrl) throw new Error('no control URL provided');
        const target = new URL(provided.url);
        const control = new URL(provided.controlUrl);
        expect(provided.mode).toBe('mock');
        expect(control.port).not.toBe(target.port);
        // The control surface answers on its own port; the deviation is in front of the API only.
        expect((await fetch(`${provided.controlUrl}/clock`)).status).toBe(200);
        const key = provided.config.keys.application as string;
        const answer = await fetch(`${provided.url}/api/application/users/987654`, { headers: { accept: 'application/json', authorization: `Bearer ${key}` } });
        expect(((await answer.json()) as { errors: { status: unknown }[] }).errors[0]?.status).toBe(404);
        const apiOnControlPort = await fetch(`${control.origin}/api/application/users/987654`, { headers: { accept: 'application/json', authorization: `Bearer ${key}` } });
        expect(((await apiOnControlPort.json()) as { errors: { status: unknown }[] }).errors[0]?.status).toBe('404');
      } finally {
        await teardown();
      }
    } finally {
      for (const [name, value] of [['PTERO_MUTATION', saved.mutation], ['PTERO_REPORTS_DIR', saved.reports]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
