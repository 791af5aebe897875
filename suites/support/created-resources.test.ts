import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResourceLedger } from '../../harness/resource-ledger.ts';
import { removeRecorded, undoNow } from './created-resources.ts';
import type { Session } from './session.ts';

const dir = mkdtempSync(join(tmpdir(), 'ptero-created-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A session whose panel answers each delete with `statusOf(operation)`, recording the calls. */
function fakeSession(name: string, statusOf: (operation: string) => number) {
  const ledger = new ResourceLedger(join(dir, `${name}.json`));
  ledger.record({ kind: 'user', deleteOperation: 'deleteUser', params: { user: 3 }, name: 'u' });
  ledger.record({ kind: 'server', deleteOperation: 'deleteServer', params: { server: 1 }, name: 's' });
  ledger.record({ kind: 'database', deleteOperation: 'deleteServerDatabase', params: { server: 1, database: 7 }, name: 'd7' });
  ledger.record({ kind: 'database', deleteOperation: 'deleteServerDatabase', params: { server: 2, database: 8 }, name: 'd8' });
  const calls: string[] = [];
  const client = {
    call: async (operation: string, options: { params: Record<string, number> }) => {
      calls.push(`${operation} ${JSON.stringify(options.params)}`);
      return { response: { status: statusOf(operation) } };
    },
  };
  return { s: { ledger, client } as unknown as Session, ledger, calls };
}

describe('removing what a run created', () => {
  it('leaves a database to its server when the server is removed too (one request fewer each), newest first otherwise', async () => {
    const { s, ledger, calls } = fakeSession('together', () => 204);
    expect(await removeRecorded(s)).toEqual([]);
    expect(calls).toEqual(['deleteServerDatabase {"server":2,"database":8}', 'deleteServer {"server":1}', 'deleteUser {"user":3}']);
    expect(ledger.pending()).toEqual([]);
  });

  it('removes the database on its own when its server could not be removed, and reports the server', async () => {
    const { s, ledger, calls } = fakeSession('refused', (operation) => (operation === 'deleteServer' ? 500 : 204));
    const left = await removeRecorded(s);
    expect(left).toEqual(['server s (deleteServer {"server":1} answered 500)']);
    expect(calls).toEqual(['deleteServerDatabase {"server":2,"database":8}', 'deleteServer {"server":1}', 'deleteUser {"user":3}', 'deleteServerDatabase {"server":1,"database":7}']);
    expect(ledger.pending().map((e) => e.deleteOperation)).toEqual(['deleteServer']);
  });

  it('sends a delete its body (1.x files) and forgets only the entry of that body', async () => {
    const ledger = new ResourceLedger(join(dir, 'files.json'));
    ledger.record({ kind: 'file', deleteOperation: 'deleteFiles', params: { server: 'abcd1234' }, body: { root: '/', files: ['run-a'] }, name: '/run-a' });
    ledger.record({ kind: 'file', deleteOperation: 'deleteFiles', params: { server: 'abcd1234' }, body: { root: '/', files: ['run-b'] }, name: '/run-b' });
    const sent: unknown[] = [];
    const client = {
      call: async (operation: string, options: { params: Record<string, string>; body?: { files: string[] } }) => {
        sent.push([operation, options.params, options.body]);
        return { response: { status: options.body?.files[0] === 'run-b' ? 500 : 204 } };
      },
    };
    const left = await removeRecorded({ ledger, client } as unknown as Session);
    expect(sent).toEqual([
      ['deleteFiles', { server: 'abcd1234' }, { root: '/', files: ['run-b'] }],
      ['deleteFiles', { server: 'abcd1234' }, { root: '/', files: ['run-a'] }],
    ]);
    expect(left).toHaveLength(1);
    expect(ledger.pending().map((e) => e.name)).toEqual(['/run-b']);
  });

  it('sends the body an entry carries (an SSH key by its fingerprint, a restore by the original values), counts a restore done on 2xx, and tells two such entries apart', async () => {
    const ledger = new ResourceLedger(join(dir, 'bodies.json'));
    ledger.record({ kind: 'ssh-key', deleteOperation: 'deleteSshKey', params: {}, body: { fingerprint: 'SHA256:a' }, name: 'k-a' });
    ledger.record({ kind: 'ssh-key', deleteOperation: 'deleteSshKey', params: {}, body: { fingerprint: 'SHA256:b' }, name: 'k-b' });
    ledger.record({ kind: 'server-setting', deleteOperation: 'updateStartupVariable', params: { server: 'abc' }, body: { key: 'V', value: 'old' }, name: 'v' });
    ledger.record({ kind: 'server-setting', deleteOperation: 'renameServer', params: { server: 'abc' }, body: { name: 'n', description: '' }, name: 'r' });
    const calls: string[] = [];
    const statusOf: Record<string, number> = { deleteSshKey: 204, updateStartupVariable: 200, renameServer: 422 };
    const client = {
      call: async (operation: string, options: { params: Record<string, unknown>; body?: unknown }) => {
        calls.push(`${operation} ${JSON.stringify(options.body)}`);
        return { response: { status: statusOf[operation] } };
      },
    };
    const left = await removeRecorded({ ledger, client } as unknown as Session);
    expect(calls).toEqual(['renameServer {"name":"n","description":""}', 'updateStartupVariable {"key":"V","value":"old"}', 'deleteSshKey {"fingerprint":"SHA256:b"}', 'deleteSshKey {"fingerprint":"SHA256:a"}']);
    // A restore refused (422) stays; one answered 200 is done; each SSH key goes by its own fingerprint.
    expect(left).toEqual(['server-setting r (renameServer {"server":"abc"} answered 422)']);
    expect(ledger.pending().map((e) => e.name)).toEqual(['r']);
  });

  it('undoes one entry now when the ledger still holds it, and sends nothing when the behaviour already did', async () => {
    const ledger = new ResourceLedger(join(dir, 'undo.json'));
    ledger.record({ kind: 'subuser', deleteOperation: 'deleteSubuser', params: { server: 'abc', user: 'u-1' }, name: 's1' });
    ledger.record({ kind: 'subuser', deleteOperation: 'deleteSubuser', params: { server: 'abc', user: 'u-2' }, name: 's2' });
    const calls: string[] = [];
    const client = { call: async (operation: string, options: { params: Record<string, unknown> }) => (calls.push(`${operation} ${JSON.stringify(options.params)}`), { response: { status: 204 } }) };
    const s = { ledger, client } as unknown as Session;
    await undoNow(s, 'deleteSubuser', { server: 'abc', user: 'u-1' });
    await undoNow(s, 'deleteSubuser', { server: 'abc', user: 'u-1' });
    expect(calls).toEqual(['deleteSubuser {"server":"abc","user":"u-1"}']);
    expect(ledger.pending().map((e) => e.name)).toEqual(['s2']);
  });
});
