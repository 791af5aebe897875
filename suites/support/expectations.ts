import { ConfigError } from '../../harness/run-config.ts';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** A known deviation of a panel profile: the behaviour fails, and why. */
export interface Expectation {
  behaviour: string;
  status: 'fail';
  reason: string;
  link?: string;
}

const STOCK_FILE = fileURLToPath(new URL('../../expectations/stock-v0.7.19.yaml', import.meta.url));

let loaded: Map<string, Expectation> | undefined;

/** The expectations of the stock profile, or of the file PTERO_EXPECTATIONS names. */
export function expectationFor(behaviour: string, path: string | undefined): Expectation | undefined {
  loaded ??= load(path ?? STOCK_FILE);
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
