// Client API, network (legacy docs page client/network): a server's allocations, 1.x routes only
// (v1.11.8:routes/api-client.php#L106-L112, v1.11.8:app/Http/Controllers/Api/Client/Servers/NetworkAllocationController.php).
// Statements say what a stock v1.11.8 panel MUST do, on the first server the client key owns. The list
// runs everywhere; everything else sends POST or DELETE and needs PTERO_ALLOW_WRITES=1 on a live panel.
// A change to an existing allocation (its notes, the primary) is in the ledger as a restore before it
// is sent, so a failure or an interruption still puts the original back; an allocation the panel
// assigns is in the ledger the moment it exists.
import { describe } from 'vitest';
import { unavailable } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { attributeFindings, expectNone, listedFindings, objectFindings, primaryAllocationFindings, validationFindings } from '../support/client-v111-findings.ts';
import { conformance } from '../support/conformance.ts';
import { runName, undoNow } from '../support/created-resources.ts';
import { discoverClient } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/network';

type Allocation = { id: number; is_default: boolean; notes: string | null };

async function allocationsOf(s: Session, server: string): Promise<{ list: Allocation[]; body: unknown }> {
  const answer = (await call(s, 'listClientServerAllocations', { as: 'client', params: { server } })).status(200);
  return { list: (answer.json.data as { attributes: Allocation }[]).map((d) => d.attributes), body: answer.json };
}

function primaryOf(list: Allocation[]): Allocation {
  const primary = list.find((a) => a.is_default);
  if (!primary) unavailable('the server has no primary allocation to work with');
  return primary;
}

describe('GET /api/client/servers/{server}/network/allocations', () => {
  conformance(
    "GET …/network/allocations MUST list the server's allocations as allocation objects, exactly one of them is_default (its primary)",
    { operation: 'listClientServerAllocations', behaviour: 'client.network.list.one-primary', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const answer = (await call(s, 'listClientServerAllocations', { as: 'client', params: { server } })).status(200);
      // v1.11.8:app/Http/Controllers/Api/Client/Servers/NetworkAllocationController.php#L36-L41, AllocationTransformer#L18-L27
      expectNone([...objectFindings(answer.json, 'allocation'), ...primaryAllocationFindings(answer.json)], answer.exchange);
    },
  );
});

describe('POST /api/client/servers/{server}/network/allocations/{allocation}', () => {
  conformance(
    "POST …/network/allocations/{allocation} MUST set the allocation's notes and answer it with them (200); the original notes are put back",
    { operation: 'updateClientServerAllocation', behaviour: 'client.network.notes.update', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const target = primaryOf((await allocationsOf(s, server)).list);
      const params = { server, allocation: target.id };
      // v1.11.8:app/Http/Controllers/Api/Client/Servers/NetworkAllocationController.php#L49-L65
      s.ledger.record({ kind: 'server-setting', name: `allocation ${target.id} notes`, deleteOperation: 'updateClientServerAllocation', params, body: { notes: target.notes } });
      try {
        const notes = runName(s, 'notes');
        const updated = (await call(s, 'updateClientServerAllocation', { as: 'client', params, body: { notes } })).status(200);
        expectNone(attributeFindings(updated.json, 'notes', notes), updated.exchange);
        const listed = await allocationsOf(s, server);
        expectNone(listed.list.some((a) => a.id === target.id && a.notes === notes) ? [] : listedFindings(listed.body, 'notes', notes, true));
        const restored = (await call(s, 'updateClientServerAllocation', { as: 'client', params, body: { notes: target.notes } })).status(200);
        s.ledger.forget('updateClientServerAllocation', params, { notes: target.notes });
        expectNone(attributeFindings(restored.json, 'notes', target.notes), restored.exchange);
      } finally {
        await undoNow(s, 'updateClientServerAllocation', params, { notes: target.notes });
      }
    },
  );

  conformance(
    'POST …/network/allocations/{allocation} without notes MUST answer 422 for notes (rule present: the field must be sent, null clears it)',
    { operation: 'updateClientServerAllocation', behaviour: 'client.network.notes.present', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const target = primaryOf((await allocationsOf(s, server)).list);
      // UpdateAllocationRequest adds `present` to the model's nullable|string|max:256
      // (v1.11.8:app/Http/Requests/Api/Client/Servers/Network/UpdateAllocationRequest.php#L16-L23, v1.11.8:app/Models/Allocation.php#L74).
      const answer = await call(s, 'updateClientServerAllocation', { as: 'client', params: { server, allocation: target.id }, body: {} });
      expectNone(validationFindings(answer.exchange.response.status, answer.json, 'notes', 'present'), answer.exchange);
    },
  );
});

conformance(
  'POST …/network/allocations/{allocation}/primary MUST make that allocation the primary (200, is_default true, the only one); the original primary is put back',
  { operation: 'setClientServerPrimaryAllocation', behaviour: 'client.network.primary.set', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    const { list } = await allocationsOf(s, server);
    const original = primaryOf(list);
    const other = list.find((a) => !a.is_default);
    if (!other) unavailable('the server has one allocation only: give the client key\'s first server a second one to check the primary switch');
    // Put back by setting the original primary again (v1.11.8:app/Http/Controllers/Api/Client/Servers/NetworkAllocationController.php#L73-L85).
    const restoreParams = { server, allocation: original.id };
    s.ledger.record({ kind: 'server-setting', name: `primary allocation ${original.id}`, deleteOperation: 'setClientServerPrimaryAllocation', params: restoreParams });
    try {
      const switched = (await call(s, 'setClientServerPrimaryAllocation', { as: 'client', params: { server, allocation: other.id } })).status(200);
      expectNone([...attributeFindings(switched.json, 'id', other.id), ...attributeFindings(switched.json, 'is_default', true)], switched.exchange);
      const after = await allocationsOf(s, server);
      expectNone(primaryAllocationFindings(after.body, other.id));
      (await call(s, 'setClientServerPrimaryAllocation', { as: 'client', params: restoreParams })).status(200);
      s.ledger.forget('setClientServerPrimaryAllocation', restoreParams);
      expectNone(primaryAllocationFindings((await allocationsOf(s, server)).body, original.id));
    } finally {
      await undoNow(s, 'setClientServerPrimaryAllocation', restoreParams);
    }
  },
);

conformance(
  'DELETE …/network/allocations/{primary} MUST be refused with 400 DisplayException (the primary, or no allocation limit set) and leave the allocation the primary',
  { operation: 'deleteClientServerAllocation', behaviour: 'client.network.delete.primary-refused', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    const primary = primaryOf((await allocationsOf(s, server)).list);
    const limit = (await call(s, 'getClientServer', { as: 'client', params: { server } })).status(200).json.attributes.feature_limits.allocations;
    // No limit set is checked first, then the primary (v1.11.8:app/Http/Controllers/Api/Client/Servers/NetworkAllocationController.php#L116-L126).
    const detail = limit ? 'You cannot delete the primary allocation for this server.' : 'You cannot delete allocations for this server: no allocation limit is set.';
    (await call(s, 'deleteClientServerAllocation', { as: 'client', params: { server, allocation: primary.id } })).error({ code: 'DisplayException', status: 400, detail });
    expectNone(primaryAllocationFindings((await allocationsOf(s, server)).body, primary.id));
  },
);

conformance(
  'POST …/network/allocations MUST refuse (400 DisplayException) a server at its allocation limit; below it, it assigns one allocation (200, listed, removed again by DELETE 204) or, with auto-allocation off (the stock default), answers 400 AutoAllocationNotEnabledException',
  { operation: 'createClientServerAllocation', behaviour: 'client.network.create.limit-or-assign', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    const count = (await allocationsOf(s, server)).list.length;
    const limit = Number((await call(s, 'getClientServer', { as: 'client', params: { server } })).status(200).json.attributes.feature_limits.allocations ?? 0);
    const answer = await call(s, 'createClientServerAllocation', { as: 'client', params: { server } });
    const created = answer.exchange.response.status === 200 ? (answer.json.attributes.id as number) : undefined;
    // In the ledger at once: the checks below may fail, the allocation must still go back.
    if (created !== undefined) s.ledger.record({ kind: 'allocation', name: `allocation ${created}`, deleteOperation: 'deleteClientServerAllocation', params: { server, allocation: created } });
    // v1.11.8:app/Http/Controllers/Api/Client/Servers/NetworkAllocationController.php#L93-L109
    if (count >= limit) {
      answer.error({ code: 'DisplayException', status: 400, detail: 'Cannot assign additional allocations to this server: limit has been reached.' });
      return;
    }
    if (created === undefined) {
      // config('pterodactyl.client_features.allocations.enabled') is false on a stock panel
      // (v1.11.8:app/Services/Allocations/FindAssignableAllocationService.php#L31-L35).
      answer.error({ code: 'AutoAllocationNotEnabledException', status: 400, detail: 'Server auto-allocation is not enabled for this instance.' });
      return;
    }
    answer.status(200);
    expectNone([...attributeFindings(answer.json, 'is_default', false), ...listedFindings((await allocationsOf(s, server)).body, 'id', created, true)], answer.exchange);
    const params = { server, allocation: created };
    (await call(s, 'deleteClientServerAllocation', { as: 'client', params })).status(204);
    s.ledger.forget('deleteClientServerAllocation', params);
    expectNone(listedFindings((await allocationsOf(s, server)).body, 'id', created, false));
  },
);
