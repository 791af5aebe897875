import type { MockPanel } from '../panel.ts';
import type { RowIn, StoreSeed } from '../store/panel-store.ts';
import type { Seed } from '../store/rows.ts';

/** A seed whose `api_keys` rows carry a memo and the two halves of the bearer token: every profile's. */
export type KeyedSeed = StoreSeed & { tables: { api_keys: { id: number; identifier: string; token: string; memo: string | null }[] } };

/**
 * The seed key named `name` (e.g. app-full, client-owner): the 0.7 seed's memo starts with `name:`,
 * the v1.11 seed's is the name, or the name and a remark in parentheses.
 */
export function fixtureKeyRow<S extends KeyedSeed = Seed>(panel: MockPanel<S>, name: string): RowIn<S, 'api_keys'> {
  const named = (memo: string | null | undefined) => memo === name || memo?.startsWith(`${name}:`) === true || memo?.startsWith(`${name} (`) === true;
  const key = panel.store.all('api_keys').find((k) => named(k.memo));
  if (!key) throw new Error(`no fixture key "${name}" in the seed`);
  return key;
}

/** The bearer value (identifier + token) of that key. */
export function fixtureKey<S extends KeyedSeed = Seed>(panel: MockPanel<S>, name: string): string {
  const key = fixtureKeyRow(panel, name);
  return key.identifier + key.token;
}
