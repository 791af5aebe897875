import { describe, expect, it } from 'vitest';
import { adoptRunProfile } from '../../harness/selected-profile.ts';
import { discoverClient } from './discovery.ts';
import type { Session } from './session.ts';

/** A session whose panel lists these client servers; `queries` collects the query of each call. */
function listing(servers: Array<Record<string, unknown>>, queries: unknown[] = []): Session {
  const exchange = { response: { status: 200 }, json: { data: servers.map((attributes) => ({ attributes })) }, request: { method: 'GET', url: 'http://panel.test/api/client' } };
  return { client: { call: async (_operation: string, options: { query?: unknown }) => (queries.push(options.query), exchange) } } as unknown as Session;
}

describe('the client server discovery', () => {
  it("takes a 1.x panel's first owned server without a status (the others answer 409 to most routes)", async () => {
    const s = listing([
      { server_owner: false, identifier: 'shared00', uuid: 'u0', status: null },
      { server_owner: true, identifier: 'suspend1', uuid: 'u1', status: 'suspended', is_suspended: true },
      { server_owner: true, identifier: 'install2', uuid: 'u2', status: 'installing', is_installing: true },
      { server_owner: true, identifier: 'usable03', uuid: 'u3', status: null, is_suspended: false, is_installing: false, is_transferring: false },
    ]);
    expect(await discoverClient(s)).toEqual({ ownedIdentifier: 'usable03', ownedServerUuid: 'u3' });
  });

  it("falls back to the first owned server, and takes a 0.7 panel's first owned one (its servers carry no status)", async () => {
    expect(await discoverClient(listing([{ server_owner: true, identifier: 'suspend1', uuid: 'u1', status: 'suspended' }]))).toEqual({ ownedIdentifier: 'suspend1', ownedServerUuid: 'u1' });
    expect(await discoverClient(listing([{ server_owner: false, identifier: 'a', uuid: 'ua' }, { server_owner: true, identifier: 'b', uuid: 'ub' }, { server_owner: true, identifier: 'c', uuid: 'uc' }]))).toEqual({ ownedIdentifier: 'b', ownedServerUuid: 'ub' });
  });

  it("asks for the key owner's servers the way each version reads it (0.7 ?filter=owner, 1.x ?type=owner)", async () => {
    const before = process.env['PTERO_PROFILE'];
    try {
      for (const [profile, query] of [['v0.7.19', { filter: 'owner' }], ['v1.11', { type: 'owner' }]] as const) {
        adoptRunProfile(profile);
        const queries: unknown[] = [];
        await discoverClient(listing([{ server_owner: true, identifier: 'b', uuid: 'ub' }], queries));
        expect(queries).toEqual([query]);
      }
    } finally {
      if (before === undefined) delete process.env['PTERO_PROFILE'];
      else adoptRunProfile(before);
    }
  });
});
