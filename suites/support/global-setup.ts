import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { parse } from 'yaml';
import { stopWhenParentDies } from '../../harness/parent-liveness.ts';
import { KEY_ROLES, readRunConfig, type KeyRole } from '../../harness/run-config.ts';
import { removeRunLeftovers } from '../../harness/run-leftovers.ts';
import { fixtureKey } from '../../mock/testing/fixture-keys.ts';
import { exchangeLogPath, reportsDir } from '../../reporters/exchange-log.ts';
import { CONTROL_PREFIX } from '../../harness/control-routes.ts';
import { startMock } from '../../mock/server.ts';
import { mockOptionsFromEnv } from '../../reporters/behaviour-mock-options.ts';
import { mutationFront } from '../../mutation/front.ts';
import './provided-target.ts';

const ROLES_FILE = fileURLToPath(new URL('../../fixtures/key-roles.yaml', import.meta.url));

/**
 * Chooses the target before any test: a live panel when PTERO_URL is set (a partial or invalid
 * configuration stops the run here, before any request), else the embedded mock on a free
 * loopback port with its control surface on.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // npm run conformance collecting behaviours for --list or a selection: no target, nothing written.
  if (process.env['PTERO_LIST_ONLY'] === '1') return async () => {};
  // Started by scripts/conformance.ts: if it dies without cleaning up, this runner stops at once.
  stopWhenParentDies();
  const config = readRunConfig();
  const exchangeLogPath = resetExchangeLog();
  if (config.target.kind === 'live') {
    project.provide('ptero', { mode: 'live', url: config.target.url, controlUrl: undefined, config, exchangeLogPath });
    // What a worker could not remove (it crashed, or a file's clean-up failed): one more try; the ledger keeps the rest for npm run cleanup.
    return async () => {
      const ledger = join(reportsDir(), `ledger-${config.runId}.json`);
      if (existsSync(ledger)) await removeRunLeftovers(config, ledger, { scan: false, log: (line) => console.log(`run clean-up: ${line}`) });
    };
  }
  // PTERO_MOCK_OPTIONS='{"debug":true}' (or other limits …): one embedded-mock setting changed, e.g. to diff two runs.
  const mockOptions = mockOptionsFromEnv();
  const mock = await startMock({ ...mockOptions, control: true }, { host: '127.0.0.1', port: 0 });
  const roles = parse(readFileSync(ROLES_FILE, 'utf8')) as Record<KeyRole, string>;
  const keys: Partial<Record<KeyRole, string>> = {};
  for (const role of KEY_ROLES) keys[role] = fixtureKey(mock.panel, roles[role]);
  // PTERO_MUTATION=<id>: the target is a proxy applying one deviation of mutation/catalogue.yaml; control stays direct.
  const front = await mutationFront(mock.url);
  project.provide('ptero', { mode: 'mock', url: front.url, controlUrl: `${mock.url}${CONTROL_PREFIX}`, config: { ...config, keys, panelDebug: mockOptions?.debug === true }, exchangeLogPath });
  return async () => {
    await front.close();
    await mock.close();
  };
}

function resetExchangeLog(): string {
  mkdirSync(reportsDir(), { recursive: true });
  rmSync(exchangeLogPath(), { force: true });
  return exchangeLogPath();
}
