import { ConfigError } from '../../harness/run-config.ts';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { selectedProfile } from '../../harness/selected-profile.ts';

/** A known deviation of a panel profile: the behaviour fails, and why. */
export interface Expectation {
  behaviour: string;
  status: 'fail';
  reason: string;
  link?: string;
}

let loaded: Map<string, Expectation> | undefined;

/** The expectations of the selected panel profile (harness/profiles.yaml), or of the file PTERO_EXPECTATIONS names. */
export function expectationFor(behaviour: string, path: string | undefined): Expectation | undefined {
  loaded ??= load(path ?? selectedProfile().expectations);
  return loaded.get(behaviour);
}

function load(path: string): Map<string, Expectation> {
  if (!existsSync(path)) return new Map();
  const data = parse(readFileSync(path, 'utf8')) as { expectations?: Expectation[] } | null;
  const map = new Map<string, Expectation>();
  for (const entry of data?.expectations ?? []) {
    if (!entry.behaviour || entry.status !== 'fail' || !entry.reason) {
      throw new ConfigError(`${path}: every expectation needs behaviour, status: fail and a reason (got ${JSON.stringify(entry)})`);
    }
    map.set(entry.behaviour, entry);
  }
  return map;
}
