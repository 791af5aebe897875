import type { MockPanel } from '../panel.ts';
import type { ApiKeyRow } from '../store/rows.ts';

/**
 * The seed key named `name` (e.g. app-full, client-owner): the 0.7 seed's memo starts with `name:`,
 * the v1.11 seed's is the name, or the name and a remark in parentheses.
 */
export function fixtureKeyRow(panel: MockPanel, name: string): ApiKeyRow {
  const named = (memo: string | null | undefined) => memo === name || memo?.startsWith(`${name}:`) === true || memo?.startsWith(`${name} (`) === true;
  const key = panel.store.all('api_keys').find((k) => named(k.memo));
  if (!key) throw new Error(`no fixture key "${name}" in the seed`);
  return key;
}

/** The bearer value (identifier + token) of that key. */
export function fixtureKey(panel: MockPanel, name: string): string {
  const key = fixtureKeyRow(panel, name);
  return key.identifier + key.token;
}
