// The one implementation of removing what conformance runs left on a live panel, used by the run's
// own clean-up after an interrupt (scripts/interruption.ts), by the runner's global teardown and by
// `npm run cleanup`. One failure (a refused delete, a panel that drops one answer) is reported and
// the rest is still removed; what could not be removed stays in its ledger file.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OperationIndex } from './operation-index.ts';
import { Pacer } from './pacer.ts';
import { panelProfile } from './profiles.ts';
import { PanelClient } from './panel-client.ts';
import { ResourceLedger, settled, type LedgerEntry } from './resource-ledger.ts';
import type { RunConfig } from './run-config.ts';
import { loadSpec } from './spec-source.ts';

// Dependents first: servers hold allocations, databases and users; nodes hold allocations; locations hold nodes.
const SCANS = [
  { list: 'listServers', field: 'name', deleteOperation: 'deleteServer', param: 'server', kind: 'server' },
  { list: 'listNodes', field: 'name', deleteOperation: 'deleteNode', param: 'node', kind: 'node' },
  { list: 'listLocations', field: 'short', deleteOperation: 'deleteLocation', param: 'location', kind: 'location' },
  { list: 'listUsers', field: 'username', deleteOperation: 'deleteUser', param: 'user', kind: 'user' },
] as const;

export interface LeftoverResult {
  /** What the ledgers held and what the name scan found (before removal). */
  found: string[];
  removed: string[];
  /** What could not be removed, with why (the ledger keeps its entries for `npm run cleanup`). */
  failed: string[];
}

export interface LeftoverOptions {
  /** Ledger files to consume (missing files are skipped). */
  ledgers: string[];
  /** Also remove anything whose name starts with this prefix (compared lower-cased: names are lower-cased when created); undefined = the ledgers alone. */
  namePrefix?: string | undefined;
  log?: (line: string) => void;
}

/** The ledger files under a reports directory (one per run that left something). */
export function ledgerFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => /^ledger-.+\.json$/.test(f)).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * Removes what ONE run left: the entries of its ledger file, newest first, then (unless `scan: false`)
 * anything whose name starts with its run id (created in the instant between the panel's answer and
 * the ledger write, when the run was killed). Nothing of any other run.
 */
export async function removeRunLeftovers(
  config: RunConfig,
  ledgerPath: string,
  options: { scan?: boolean; log?: (line: string) => void } = {},
): Promise<LeftoverResult> {
  return removeLeftovers(config, { ledgers: [ledgerPath], namePrefix: (options.scan ?? true) ? `${config.runId}-` : undefined, ...(options.log ? { log: options.log } : {}) });
}

/** Removes the ledgers' entries, then what the name scan finds; never stops at one failure. */
export async function removeLeftovers(config: RunConfig, options: LeftoverOptions): Promise<LeftoverResult> {
  const result: LeftoverResult = { found: [], removed: [], failed: [] };
  // The application key removes what the application suites made and runs the name scan; the client
  // key removes (and restores) what the 1.x client suites made: either is enough to start.
  if (config.target.kind !== 'live' || !config.allowWrites || (!config.keys.application && !config.keys.client)) return result;
  const log = options.log ?? (() => {});
  const client = new PanelClient(config.target.url, { ...config, allowWrites: true }, new OperationIndex(await loadSpec()), new Pacer(undefined, undefined, undefined, panelProfile(config.profile).rateLimitWindows));
  /** One delete; 204 and 404 (already gone) count as removed; any error is an outcome, never a throw. */
  const attempt = async (label: string, entry: Pick<LedgerEntry, 'kind' | 'deleteOperation' | 'params' | 'body'>, final: boolean): Promise<boolean> => {
    const { deleteOperation, params, body } = entry;
    let outcome: string;
    let ok = false;
    try {
      const answer = await client.call(deleteOperation, { params, ...(body ? { body } : {}) });
      ok = settled(entry, answer.response.status);
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
    await removeAll(options, attempt, result, client);
  } finally {
    await client.close();
  }
  return result;
}

type Attempt = (label: string, entry: Pick<LedgerEntry, 'kind' | 'deleteOperation' | 'params' | 'body'>, final: boolean) => Promise<boolean>;

async function removeAll(options: LeftoverOptions, attempt: Attempt, result: LeftoverResult, client: PanelClient): Promise<void> {
  // A ledger entry the panel refuses to delete yet (a location still holding a node the killed run
  // had no time to record) is tried again after the name scan has removed its dependents.
  const later: { ledger: ResourceLedger; entry: LedgerEntry }[] = [];
  for (const path of options.ledgers) {
    if (!existsSync(path)) continue;
    let ledger: ResourceLedger;
    try {
      ledger = new ResourceLedger(path);
    } catch (error) {
      result.failed.push(`the ledger ${path} (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    for (const entry of ledger.pending()) {
      result.found.push(`${entry.kind} ${entry.name}`);
      if (await attempt(`${entry.kind} ${entry.name}`, entry, false)) ledger.forget(entry.deleteOperation, entry.params, entry.body);
      else later.push({ ledger, entry });
    }
  }
  const scanned = new Set<string>();
  // The scan lists through the application API: a run with the client key alone has its ledger only.
  if (options.namePrefix !== undefined && client.hasKey('application')) {
    const prefix = options.namePrefix.toLowerCase();
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
        if (!name.toLowerCase().startsWith(prefix)) continue;
        const label = `${scan.param} ${name}`;
        if (!result.found.includes(label)) result.found.push(label);
        scanned.add(label);
        await attempt(label, { kind: scan.kind, deleteOperation: scan.deleteOperation, params: { [scan.param]: Number(item['id']) } }, true);
      }
    }
  }
  for (const { ledger, entry } of later) {
    // The name scan may have removed it already (same label): nothing more to send.
    const label = `${entry.kind} ${entry.name}`;
    if (result.removed.includes(label)) {
      ledger.forget(entry.deleteOperation, entry.params, entry.body);
      continue;
    }
    if (scanned.has(label)) continue; // tried again by the scan and reported there; the ledger keeps it
    if (await attempt(`${entry.kind} ${entry.name}`, entry, true)) ledger.forget(entry.deleteOperation, entry.params, entry.body);
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
