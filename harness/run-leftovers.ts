import { existsSync } from 'node:fs';
import { OperationIndex } from './operation-index.ts';
import { Pacer } from './pacer.ts';
import { PanelClient } from './panel-client.ts';
import { ResourceLedger, type LedgerEntry } from './resource-ledger.ts';
import type { RunConfig } from './run-config.ts';
import { loadSpec } from './spec-source.ts';

// Dependents first: servers hold allocations, databases and users; nodes hold allocations; locations hold nodes.
const SCANS = [
  { list: 'listServers', field: 'name', deleteOperation: 'deleteServer', param: 'server' },
  { list: 'listNodes', field: 'name', deleteOperation: 'deleteNode', param: 'node' },
  { list: 'listLocations', field: 'short', deleteOperation: 'deleteLocation', param: 'location' },
  { list: 'listUsers', field: 'username', deleteOperation: 'deleteUser', param: 'user' },
] as const;

export interface LeftoverResult {
  removed: string[];
  /** What could not be removed (the ledger keeps it for `npm run cleanup`). */
  failed: string[];
}

/**
 * Removes what ONE run left on a live panel: the entries of its ledger file, newest first, then
 * anything whose name starts with its run id (a resource created in the instant between the
 * panel's answer and the ledger write, when the run was killed). Nothing of any other run.
 * `scan: false` skips the name scan (the ledger alone).
 */
export async function removeRunLeftovers(
  config: RunConfig,
  ledgerPath: string,
  options: { scan?: boolean; log?: (line: string) => void } = {},
): Promise<LeftoverResult> {
  const result: LeftoverResult = { removed: [], failed: [] };
  if (config.target.kind !== 'live' || !config.allowWrites || !config.keys.application) return result;
  const log = options.log ?? (() => {});
  const client = new PanelClient(config.target.url, { ...config, allowWrites: true }, new OperationIndex(await loadSpec()), new Pacer(undefined));
  /** One delete; 204 and 404 (already gone) count as removed. */
  const attempt = async (label: string, deleteOperation: string, params: Record<string, string | number>, final: boolean): Promise<boolean> => {
    let outcome: string;
    let ok = false;
    try {
      const answer = await client.call(deleteOperation, { params });
      ok = answer.response.status === 204 || answer.response.status === 404;
      outcome = `${deleteOperation} answered ${answer.response.status}`;
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error);
    }
    if (ok) {
      result.removed.push(label);
      log(`removed ${label} (${outcome})`);
    } else if (final) {
      result.failed.push(`${label} (${outcome})`);
      log(`could not remove ${label} (${outcome})`);
    } else {
      log(`not yet removed ${label} (${outcome}); trying again after the rest`);
    }
    return ok;
  };
  try {
    await removeAll(config, ledgerPath, options.scan ?? true, attempt, result, client);
  } finally {
    await client.close();
  }
  return result;
}

async function removeAll(
  config: RunConfig,
  ledgerPath: string,
  scanNames: boolean,
  attempt: (label: string, deleteOperation: string, params: Record<string, string | number>, final: boolean) => Promise<boolean>,
  result: LeftoverResult,
  client: PanelClient,
): Promise<void> {
  const ledger = existsSync(ledgerPath) ? new ResourceLedger(ledgerPath) : undefined;
  const later: LedgerEntry[] = [];
  if (ledger) {
    for (const entry of ledger.pending()) {
      if (await attempt(`${entry.kind} ${entry.name}`, entry.deleteOperation, entry.params, false)) ledger.forget(entry.deleteOperation, entry.params);
      else later.push(entry);
    }
  }
  if (scanNames) {
    // What the run created but had no time to record (e.g. a node in a recorded location, which then refused deletion).
    const prefix = `${config.runId}-`.toLowerCase();
    for (const scan of SCANS) {
      let items: Record<string, unknown>[];
      try {
        items = await listAll(client, scan.list);
      } catch (error) {
        result.failed.push(`the ${scan.list} scan (${error instanceof Error ? error.message : String(error)})`);
        continue;
      }
      for (const item of items) {
        const name = String(item[scan.field] ?? '');
        if (name.toLowerCase().startsWith(prefix)) await attempt(`${scan.param} ${name}`, scan.deleteOperation, { [scan.param]: Number(item['id']) }, true);
      }
    }
  }
  for (const entry of later) {
    // The name scan may have removed it already (same label): nothing more to send.
    if (result.removed.includes(`${entry.kind} ${entry.name}`)) {
      ledger?.forget(entry.deleteOperation, entry.params);
      continue;
    }
    if (await attempt(`${entry.kind} ${entry.name}`, entry.deleteOperation, entry.params, true)) ledger?.forget(entry.deleteOperation, entry.params);
  }
}

async function listAll(client: PanelClient, operationId: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let page = 1; page <= 1000; page++) {
    const answer = await client.call(operationId, { query: { page } });
    const body = answer.json as { data?: { attributes: Record<string, unknown> }[]; meta?: { pagination?: { total_pages?: number } } } | undefined;
    if (answer.response.status !== 200 || !body?.data) throw new Error(`${operationId} page ${page} answered ${answer.response.status}`);
    out.push(...body.data.map((d) => d.attributes));
    if (page >= (body.meta?.pagination?.total_pages ?? 1)) break;
  }
  return out;
}
