import { displayException, PanelError } from '../../errors/panel-error.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import type { AllocationRow, NodeRow } from '../../store/rows.ts';
import { noContent, type HandlerResult, type HandlerTable } from '../handler.ts';
import { addressesOf, endsAtTopAddress, gethostbyname, iteratorOverflow, networkSize, parseNetwork } from './allocation-ip.ts';
import { checkCidrMask, checkPorts, portsOf, spanCount } from './allocation-ports.ts';

export const SERVER_USING_ALLOCATION =
  'A server is currently assigned to this allocation. An allocation can only be deleted if no server is currently assigned.';

/**
 * Mock limits, not panel behaviour: the panel walks a network with an iterator whose every step
 * recounts from the first address (quadratic), so a very large block (an IPv6 /27–/32, or a wide
 * `ip netmask` pair) never finishes within PHP's max_execution_time; the mock answers such a request,
 * and one that would create more rows than it is willing to hold, with the fatal error PHP raises.
 */
const MAX_ADDRESSES = 65_536n;
// Beyond this the panel's insert loop would outlive PHP's 30 s max_execution_time (an estimate).
const MAX_NEW_ROWS = 100_000n;

const executionTimeExceeded = () =>
  new PanelError(500, 'FatalErrorException', 'Maximum execution time of 30 seconds exceeded', {
    sourceFile: '/vendor/s1lentium/iptools/src/IP.php',
  });

/** A validated `ports` array (a PHP array: a JSON list, or an object whose values count). */
function portEntries(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

/** The unique key (node_id, ip, port) under the utf8mb4_unicode_ci collation. */
const uniqueKey = (nodeId: number, ip: string, port: number) => `${nodeId}|${ip.toLowerCase()}|${port}`;

/**
 * AllocationController@store + AssignmentService: the CIDR mask check, then (in a transaction)
 * gethostbyname + Network::parse, and one insert-ignore per address and `ports` entry. The checks
 * are made up front in the panel's order (mask, address, then each port entry as for the first
 * address); any 400 or 500 leaves nothing created, as the panel's rollback does. Existing
 * (node, ip, port) rows are skipped silently. 204, empty body.
 */
function createNodeAllocations(ctx: RequestContext): HandlerResult {
  const node = ctx.models.node as NodeRow;
  const ip = String(ctx.inputValue('ip') ?? '');
  const alias = (ctx.inputValue('alias') as string | null | undefined) ?? null;
  const store = ctx.panel.store;

  checkCidrMask(ip);
  const network = parseNetwork(gethostbyname(ip));
  const spans = checkPorts(portEntries(ctx.inputValue('ports')));
  const size = networkSize(network);
  if (size > MAX_ADDRESSES || size * BigInt(spanCount(spans)) > MAX_NEW_ROWS) throw executionTimeExceeded();
  // The panel inserts every row first and then fails; the rollback leaves the same nothing.
  if (endsAtTopAddress(network)) throw iteratorOverflow();

  store.transaction(() => {
    const taken = new Set(store.where('allocations', (a) => a.node_id === node.id).map((a) => uniqueKey(a.node_id, a.ip, a.port)));
    const now = ctx.panel.clock.dbTimestamp();
    for (const address of addressesOf(network)) {
      for (const port of portsOf(spans)) {
        const key = uniqueKey(node.id, address, port);
        if (taken.has(key)) continue;
        taken.add(key);
        // The panel's raw insert leaves the timestamps NULL; the API never shows them, and the
        // mock's rows keep the creation time instead.
        store.insert('allocations', { node_id: node.id, ip: address, ip_alias: alias, port, server_id: null, created_at: now, updated_at: now });
      }
    }
  });
  return noContent();
}

/**
 * AllocationController@delete + AllocationDeletionService. The pipeline already answered 404 for an
 * allocation of another node (DeleteAllocationRequest::resourceExists).
 */
function deleteNodeAllocation(ctx: RequestContext): HandlerResult {
  const allocation = ctx.models.allocation as AllocationRow;
  if (allocation.server_id !== null) {
    throw displayException(400, 'ServerUsingAllocationException', SERVER_USING_ALLOCATION, '/app/Services/Allocations/AllocationDeletionService.php');
  }
  ctx.panel.store.remove('allocations', (a) => a.id === allocation.id);
  return noContent();
}

export const allocationWriteHandlers: HandlerTable = { createNodeAllocations, deleteNodeAllocation };
