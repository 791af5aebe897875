import type { MockPanel } from '../panel.ts';

/** The bearer value (identifier + token) of the seed key whose memo starts with `name:`. */
export function fixtureKey(panel: MockPanel, name: string): string {
  const key = panel.store.all('api_keys').find((k) => k.memo?.startsWith(`${name}:`));
  if (!key) throw new Error(`no fixture key "${name}" in the seed`);
  return key.identifier + key.token;
}
