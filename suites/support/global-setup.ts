import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { parse } from 'yaml';
import { stopWhenParentDies } from '../../harness/parent-liveness.ts';
import { OperationIndex } from '../../harness/operation-index.ts';
import { Pacer } from '../../harness/pacer.ts';
import { PanelClient } from '../../harness/panel-client.ts';
import { preflight, runProfile, type PreflightResult, type ProfileDecision } from '../../harness/preflight.ts';
import { adoptRunProfile } from '../../harness/selected-profile.ts';
import { panelProfile } from '../../harness/profiles.ts';
import { KEY_ROLES, readRunConfig, setting, type KeyRole, type RunConfig } from '../../harness/run-config.ts';
import { loadSpec } from '../../harness/spec-source.ts';
import { removeRunLeftovers } from '../../harness/run-leftovers.ts';
import { fixtureKey } from '../../mock/testing/fixture-keys.ts';
import { exchangeLogPath, reportsDir } from '../../harness/exchange-log.ts';
import { CONTROL_PREFIX } from '../../harness/control-routes.ts';
import { startMock } from '../../mock/server.ts';
import { mockOptionsFromEnv } from '../../harness/embedded-mock-options.ts';
import { mutationFront } from '../../mutation/front.ts';
import '../../harness/provided-target.ts';

/** A run that cannot test the panel (swapped keys, the panel down): no behaviour runs. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  constructor(result: PreflightResult) {
    super(result.paragraph ?? 'the preflight failed');
    // One paragraph, no stack: the cause is the panel's or the configuration's, not the code's.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Chooses the target before any test: a live panel when PTERO_URL is set (a partial or invalid
 * configuration stops the run here, before any request), else the embedded mock on a free
 * loopback port with its control surface on. Then the preflight (harness/preflight.ts) checks the
 * panel answers and every key is what its variable says; when it fails, the target is provided
 * with the failure (the reporters write a "could not test" run) and no behaviour runs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // npm run conformance collecting behaviours for --list or a selection: no target, nothing written.
  if (setting('PTERO_LIST_ONLY') === '1') return async () => {};
  // Started by scripts/conformance.ts: if it dies without cleaning up, this runner stops at once.
  stopWhenParentDies();
  const configured = readRunConfig();
  const exchangeLogPath = resetExchangeLog();
  if (configured.target.kind === 'live') {
    const url = configured.target.url;
    // The panel profile first: PTERO_PROFILE, or detected from the panel (one request, no key); a conflict ends the run here.
    const decision = await withClient(url, configured, undefined, (client) => runProfile(configured, client, url));
    const config = { ...configured, profile: decision.profile.id };
    if (decision.problem) {
      const failed: PreflightResult = { ok: false, cause: decision.problem.cause, paragraph: decision.problem.paragraph, requests: decision.requests, keys: [], profile: profileNote(decision) };
      project.provide('ptero', { profile: decision.profile.id, mode: 'live', url, controlUrl: undefined, config, exchangeLogPath, preflight: failed });
      throw new PreflightError(failed);
    }
    // Every process of the run works with it from now on: this one (the reporters) and the workers vitest starts after this setup.
    adoptRunProfile(decision.profile.id);
    const checked = withProfile(await runPreflight(url, config, undefined), decision);
    project.provide('ptero', { profile: decision.profile.id, mode: 'live', url, controlUrl: undefined, config, exchangeLogPath, preflight: checked });
    if (!checked.ok) throw new PreflightError(checked);
    // What a worker could not remove (it crashed, or a file's clean-up failed): one more try; the ledger keeps the rest for npm run cleanup.
    return async () => {
      const ledger = join(reportsDir(), `ledger-${config.runId}.json`);
      if (existsSync(ledger)) await removeRunLeftovers(config, ledger, { scan: false, log: (line) => console.log(`run clean-up: ${line}`) });
    };
  }
  // The embedded mock runs the configured profile (PTERO_PROFILE=v1.11 starts the v1.11 twin).
  const decision = await runProfile(configured);
  const profile = adoptRunProfile(decision.profile.id);
  const config = { ...configured, profile: profile.id };
  // PTERO_MOCK_OPTIONS='{"debug":true}' (or other limits …): one embedded-mock setting changed, e.g. to diff two runs.
  const mockOptions = mockOptionsFromEnv();
  const mock = await startMock({ ...mockOptions, control: true, profile: profile.id }, { host: '127.0.0.1', port: 0 });
  const roles = parse(readFileSync(profile.keyRoles, 'utf8')) as Record<KeyRole, string>;
  const keys: Partial<Record<KeyRole, string>> = {};
  for (const role of KEY_ROLES) keys[role] = fixtureKey(mock.panel, roles[role]);
  // PTERO_MUTATION=<id>: the target is a proxy applying one deviation of mutation/catalogue.yaml; control stays direct.
  const mockConfig = { ...config, keys, panelDebug: mockOptions?.debug === true };
  // The mock goes through the preflight too, straight (a mutation deviates what the suites check, not the setup).
  const checked = withProfile(await runPreflight(mock.url, mockConfig, `${mock.url}${CONTROL_PREFIX}`), decision);
  if (!checked.ok) {
    await mock.close();
    project.provide('ptero', { profile: profile.id, mode: 'mock', url: mock.url, controlUrl: undefined, config: mockConfig, exchangeLogPath, preflight: checked });
    throw new PreflightError(checked);
  }
  const front = await mutationFront(mock.url);
  project.provide('ptero', { profile: profile.id, mode: 'mock', url: front.url, controlUrl: `${mock.url}${CONTROL_PREFIX}`, config: mockConfig, exchangeLogPath, preflight: checked });
  return async () => {
    await front.close();
    await mock.close();
  };
}

async function runPreflight(url: string, config: RunConfig, controlUrl: string | undefined): Promise<PreflightResult> {
  return withClient(url, config, controlUrl, (client) => preflight(client, config, url));
}

/** A client and pacer of the preflight's own; its requests stay out of the exchange log (they exercise no behaviour). */
async function withClient<T>(url: string, config: RunConfig, controlUrl: string | undefined, use: (client: PanelClient) => Promise<T>): Promise<T> {
  const reset = controlUrl ? async () => void (await fetch(`${controlUrl}/rate-limits/reset`, { method: 'POST' })) : undefined;
  const client = new PanelClient(url, config, new OperationIndex(await loadSpec()), new Pacer(reset, undefined, undefined, panelProfile(config.profile).rateLimitWindows));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

function profileNote(decision: ProfileDecision): NonNullable<PreflightResult['profile']> {
  return { id: decision.profile.id, decided: decision.decided, note: decision.note };
}

/** The key preflight's result with the profile decision: its note, and its request counted. */
function withProfile(result: PreflightResult, decision: ProfileDecision): PreflightResult {
  return { ...result, requests: result.requests + decision.requests, profile: profileNote(decision) };
}

function resetExchangeLog(): string {
  mkdirSync(reportsDir(), { recursive: true });
  rmSync(exchangeLogPath(), { force: true });
  return exchangeLogPath();
}
