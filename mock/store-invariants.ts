import type { PanelServices } from './panel-services.ts';
import type { Seed, TableName } from './store/rows.ts';
import { checkSeedIntegrity, checkSeedShape } from './store/seed-loader.ts';

/**
 * Invariants the mock's store must keep whatever requests it answered, for tests that drive the
 * mock with arbitrary traffic (mock/fuzz.test.ts):
 *
 * 1. Integrity: the seed loader's cross-row checks (foreign keys, uniqueness, allocation ownership,
 *    uuidShort, daemon simulation entries…) and the column types of the seed schema, run on a Seed
 *    built from the live store — minus the rules that only the hand-written seed keeps and a live
 *    v0.7 panel database does not (each listed below with the reason).
 * 2. "A request that fails changes nothing": the persistent state before and after a 4xx/5xx answer
 *    (or a 302 redirect back) is the same, apart from the side effects authentication has (api key
 *    `last_used_at`, daemon keys created by AuthenticateClientAccess) and the documented committed
 *    failures ({@link committedFailure}).
 */

/** A Seed of the store's current state; `now` is the mock clock, so "not after the seed clock" means "not in the future". */
export function seedOfStore(panel: PanelServices): Seed {
  const snapshot = panel.store.snapshot();
  return {
    now: new Date(panel.clock.nowMs()).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    app_timezone: panel.store.seed.app_timezone,
    tables: snapshot.tables,
    daemon: snapshot.daemon,
  };
}

/** Seed-loader findings that describe the hand-written seed's design, not a rule of a live panel database. */
export const SEED_ONLY_RULES: readonly { pattern: RegExp; reason: string }[] = [
  {
    pattern: /ids must be consecutive from 1/,
    reason: 'deletes leave gaps: MySQL never hands out an auto-increment id again',
  },
  {
    pattern: /daemon\.servers\.\d+\.state: .* does not match servers\.(suspended|installed)/,
    reason:
      'the seed pairs each daemon state with the panel flags, but the live pair drifts legitimately: installed stays 0 until the daemon reports the install (not simulated), a skip_scripts server is created "stopped" with installed 0, and reinstalling a suspended server keeps it suspended with installed 0',
  },
  {
    pattern: /: variable \d+ belongs to egg \d+, not to egg \d+ of server \d+/,
    reason: "a startup change of egg upserts the new egg's variables and keeps the old egg's server_variables rows (StartupModificationService deletes none)",
  },
  {
    pattern: /\.pack_id: pack \d+ belongs to egg \d+, not to the server's egg/,
    reason: 'the API validates `pack` only as numeric|min:0 (v0.7.19:app/Models/Server.php#L98-L98): a pack of another egg is stored as sent',
  },
  {
    pattern: /: assigned to server \d+ on node \d+, but the allocation is on node \d+/,
    reason: 'allocation.additional ids are assigned without a node check (v0.7.19:app/Http/Requests/Api/Application/Servers/StoreServerRequest.php#L113-L140)',
  },
  {
    pattern: /\.allocation_id: default allocation \d+ has server_id/,
    reason: "with deploy, allocation.additional ids are assigned even when another server holds them, taking that server's default allocation away (derived from v0.7.19:app/Services/Servers/ServerCreationService.php#L249-L257)",
  },
  {
    pattern: /: user \d+ owns server \d+ and cannot be its subuser/,
    reason: 'PATCH details may make a subuser the owner; the panel keeps the subuser row',
  },
];

/** Shape findings that are column types (a wrong JSON type, a missing or unknown column) rather than seed value conventions. */
function isTypeProblem(problem: string): boolean {
  return /: must be (integer|number|string|boolean|null|array|object)\b/.test(problem) || /: (missing|unknown) column "/.test(problem);
}

/** Every integrity problem of the live store (empty when it is sound). */
export function checkStoreIntegrity(panel: PanelServices): string[] {
  const seed = seedOfStore(panel);
  const types = checkSeedShape(seed).filter(isTypeProblem);
  if (types.length > 0) return types;
  return checkSeedIntegrity(seed).filter((problem) => !SEED_ONLY_RULES.some((rule) => rule.pattern.test(problem)));
}

/** The store as far as "a failed request changes nothing" is concerned. */
export interface PersistentState {
  tables: Record<string, unknown[]>;
  daemon: unknown;
  nextIds: Record<string, number>;
}

/**
 * A deep copy of the store without the side effects of authentication: `api_keys.last_used_at`
 * (every authenticated request) and the `daemon_keys` table with its id counter (created on the fly
 * by AuthenticateClientAccess, and revoked by a root admin's demotion before a failing daemon call).
 */
export function persistentState(panel: PanelServices): PersistentState {
  const snapshot = panel.store.snapshot();
  const tables: Record<string, unknown[]> = {};
  for (const [name, rows] of Object.entries(snapshot.tables)) {
    if (name === 'daemon_keys') continue;
    tables[name] = name === 'api_keys' ? snapshot.tables.api_keys.map(({ last_used_at: _ignored, ...rest }) => rest) : rows;
  }
  const nextIds: Record<string, number> = { ...snapshot.nextIds };
  delete nextIds['daemon_keys'];
  return { tables, daemon: snapshot.daemon, nextIds };
}

/** What differs between two persistent states, one line per changed row / entry (empty when equal). */
export function describeChanges(before: PersistentState, after: PersistentState): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    const was = byId(before.tables[name] ?? []);
    const now = byId(after.tables[name] ?? []);
    for (const [id, row] of now) {
      const old = was.get(id);
      if (old === undefined) out.push(`${name} #${id} inserted`);
      else if (JSON.stringify(old) !== JSON.stringify(row)) out.push(`${name} #${id} changed: ${changedColumns(old, row).join(', ')}`);
    }
    for (const id of was.keys()) if (!now.has(id)) out.push(`${name} #${id} deleted`);
  }
  if (JSON.stringify(before.daemon) !== JSON.stringify(after.daemon)) out.push('daemon simulation state changed');
  for (const [name, id] of Object.entries(after.nextIds)) {
    if (before.nextIds[name] !== id) out.push(`${name} auto-increment ${String(before.nextIds[name])} → ${id}`);
  }
  return out;
}

function byId(rows: unknown[]): Map<string, Record<string, unknown>> {
  return new Map(rows.map((row) => [String((row as { id: unknown }).id), row as Record<string, unknown>]));
}

function changedColumns(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k} ${JSON.stringify(a[k])} → ${JSON.stringify(b[k])}`);
}

/**
 * Failed answers the panel documents as committed: PATCH node whose daemon refuses the configuration
 * push keeps the change (400 ConfigurationNotPersistedException). (A root admin's
 * demotion that fails with 504 after revoking some daemon keys changes only daemon_keys, which
 * {@link persistentState} leaves out.)
 */
export function committedFailure(operationId: string | null, status: number, errorCode: string | undefined): boolean {
  if (operationId !== 'updateNode') return false;
  // Without a JSON Accept header the DisplayException is a 302 redirect back, indistinguishable from a validation failure.
  return (status === 400 && errorCode === 'ConfigurationNotPersistedException') || status === 302;
}
