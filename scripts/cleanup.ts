// npm run cleanup: removes what earlier conformance runs left on a live panel — the entries of
// ledger files under reports/ (interrupted runs), then anything whose name carries the run-id
// prefix — and nothing else. Needs PTERO_URL and PTERO_APPLICATION_KEY.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OperationIndex } from '../harness/operation-index.ts';
import { Pacer } from '../harness/pacer.ts';
import { PanelClient } from '../harness/panel-client.ts';
import { ResourceLedger } from '../harness/resource-ledger.ts';
import { ConfigError, readRunConfig, RUN_ID_PREFIX } from '../harness/run-config.ts';
import { loadSpec } from '../harness/spec-source.ts';
import { reportsDir } from '../reporters/exchange-log.ts';

interface Leftover {
  label: string;
  deleteOperation: string;
  params: Record<string, number>;
}

// Dependents first: servers hold allocations and users; nodes hold allocations; locations hold nodes.
const SCANS = [
  { list: 'listServers', field: 'name', deleteOperation: 'deleteServer', param: 'server' },
  { list: 'listNodes', field: 'name', deleteOperation: 'deleteNode', param: 'node' },
  { list: 'listLocations', field: 'short', deleteOperation: 'deleteLocation', param: 'location' },
  { list: 'listUsers', field: 'username', deleteOperation: 'deleteUser', param: 'user' },
] as const;

async function main(): Promise<number> {
  const config = readRunConfig({ ...process.env, PTERO_ALLOW_WRITES: '1' });
  if (config.target.kind !== 'live') {
    console.log('No PTERO_URL: the embedded mock is thrown away after every run, so there is nothing to clean up.');
    return 0;
  }
  if (!config.keys.application) throw new ConfigError('npm run cleanup needs PTERO_APPLICATION_KEY (it deletes through the application API)');
  const client = new PanelClient(config.target.url, config, new OperationIndex(await loadSpec()), new Pacer(undefined));
  const failures: string[] = [];
  let removed = 0;
  const remove = async (leftover: Leftover, final = true) => {
    const answer = await client.call(leftover.deleteOperation, { params: leftover.params });
    const ok = answer.response.status === 204 || answer.response.status === 404;
    if (ok) removed++;
    console.log(`${ok ? 'removed' : final ? 'could not remove' : 'not yet removed'} ${leftover.label} (${answer.response.status})${ok || final ? '' : '; trying again after the rest'}`);
    if (!ok && final) failures.push(leftover.label);
    return ok;
  };

  // A ledger entry the panel refuses to delete yet (a location still holding a node the killed run
  // had no time to record) is tried again after the name scan has removed its dependents.
  const later: { ledger: ResourceLedger; entry: ReturnType<ResourceLedger['pending']>[number] }[] = [];
  const leftoverOf = (entry: (typeof later)[number]['entry']): Leftover => ({ label: `${entry.kind} ${entry.name}`, deleteOperation: entry.deleteOperation, params: entry.params as Record<string, number> });
  for (const file of ledgerFiles()) {
    const ledger = new ResourceLedger(file);
    for (const entry of ledger.pending()) {
      if (await remove(leftoverOf(entry), false)) ledger.forget(entry.deleteOperation, entry.params);
      else later.push({ ledger, entry });
    }
  }
  for (const scan of SCANS) {
    for (const item of await listAll(client, scan.list)) {
      const name = String(item[scan.field] ?? '');
      if (!name.startsWith(RUN_ID_PREFIX)) continue;
      await remove({ label: `${scan.param} ${name}`, deleteOperation: scan.deleteOperation, params: { [scan.param]: Number(item['id']) } });
    }
  }
  for (const { ledger, entry } of later) {
    if (await remove(leftoverOf(entry))) ledger.forget(entry.deleteOperation, entry.params);
  }
  await client.close();
  if (failures.length > 0) {
    console.error(`${failures.length} leftover(s) could not be removed; see above.`);
    return 1;
  }
  // Say so either way: silence would leave the operator guessing whether it ran at all.
  console.log(
    removed > 0
      ? `Removed ${removed} leftover(s) of earlier runs from ${config.target.url}.`
      : `Found nothing to remove on ${config.target.url}: no pending ledger entry under ${reportsDir()} and nothing named ${RUN_ID_PREFIX}….`,
  );
  return 0;
}

function ledgerFiles(): string[] {
  try {
    return readdirSync(reportsDir()).filter((f) => /^ledger-.+\.json$/.test(f)).map((f) => join(reportsDir(), f));
  } catch {
    return [];
  }
}

async function listAll(client: PanelClient, operationId: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const answer = await client.call(operationId, { query: { page } });
    const body = answer.json as { data?: { attributes: Record<string, unknown> }[]; meta?: { pagination?: { total_pages?: number } } };
    if (answer.response.status !== 200 || !body.data) throw new Error(`${operationId} page ${page} answered ${answer.response.status}`);
    out.push(...body.data.map((d) => d.attributes));
    if (page >= (body.meta?.pagination?.total_pages ?? 1)) return out;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
