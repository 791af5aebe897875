import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { parse } from 'yaml';
import { KEY_ROLES, readRunConfig, type KeyRole } from '../../harness/run-config.ts';
import { fixtureKey } from '../../mock/testing/fixture-keys.ts';
import { exchangeLogPath, reportsDir } from '../../reporters/exchange-log.ts';
import { CONTROL_PREFIX } from '../../mock/options.ts';
import { startMock } from '../../mock/server.ts';
import './provided-target.ts';

const ROLES_FILE = fileURLToPath(new URL('../../fixtures/key-roles.yaml', import.meta.url));

/**
 * Chooses the target before any test: a live panel when PTERO_URL is set (a partial or invalid
 * configuration stops the run here, before any request), else the embedded mock on a free
 * loopback port with its control surface on.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = readRunConfig();
  const exchangeLogPath = resetExchangeLog();
  if (config.target.kind === 'live') {
    project.provide('ptero', { mode: 'live', url: config.target.url, controlUrl: undefined, config, exchangeLogPath });
    return async () => {};
  }
  const mock = await startMock({ control: true }, { host: '127.0.0.1', port: 0 });
  const roles = parse(readFileSync(ROLES_FILE, 'utf8')) as Record<KeyRole, string>;
  const keys: Partial<Record<KeyRole, string>> = {};
  for (const role of KEY_ROLES) keys[role] = fixtureKey(mock.panel, roles[role]);
  project.provide('ptero', { mode: 'mock', url: mock.url, controlUrl: `${mock.url}${CONTROL_PREFIX}`, config: { ...config, keys }, exchangeLogPath });
  return () => mock.close();
}

function resetExchangeLog(): string {
  mkdirSync(reportsDir(), { recursive: true });
  rmSync(exchangeLogPath(), { force: true });
  return exchangeLogPath();
}
