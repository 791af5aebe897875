import type { MockPanel } from '../panel.ts';
import type { ApiKeyRow } from '../store/rows.ts';

/** The seed key whose memo starts with `name:` (e.g. app-full, client-owner). */
export function fixtureKeyRow(panel: MockPanel, name: string): ApiKeyRow {
  const key = panel.store.all('api_keys').find((k) => k.memo?.startsWith(`${name}:`));
  if (!key) throw new Error(`no fixture key "${name}" in the seed`);
  return key;
}

/** The bearer value (identifier + token) of that key. */
export function fixtureKey(panel: MockPanel, name: string): string {
  const key = fixtureKeyRow(panel, name);
  return key.identifier + key.token;
}
