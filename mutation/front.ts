import { writeFileSync } from 'node:fs';
import { OperationIndex } from '../harness/operation-index.ts';
import { selectedProfile } from '../harness/selected-profile.ts';
import { loadSpec } from '../harness/spec-source.ts';
import { loadCatalogue, PASSTHROUGH } from './catalogue.ts';
import { startMutationProxy } from './proxy.ts';

/** What the conformance target points at: the embedded mock itself, or the mutation proxy in front of it. */
export interface MutationFront {
  url: string;
  close(): Promise<void>;
}

/**
 * For the global setup in mock mode: without PTERO_MUTATION the mock's own URL; with
 * PTERO_MUTATION=<id> (or `passthrough`) a proxy on loopback in front of the mock that applies that
 * one deviation of mutation/catalogue.yaml (which must be of the run's profile: the spec it resolves
 * operations with is that profile's). The control surface keeps pointing at the mock. When
 * PTERO_MUTATION_STATS names a file, the proxy's counters are written there on close.
 */
export async function mutationFront(mockUrl: string, env: Record<string, string | undefined> = process.env): Promise<MutationFront> {
  const id = env['PTERO_MUTATION'];
  if (id === undefined || id === '') return { url: mockUrl, close: async () => {} };
  const deviation = id === PASSTHROUGH ? undefined : loadCatalogue().get(id);
  // A deviation of one twin judged against another's answers would say nothing (or not apply at all).
  const profile = selectedProfile().id;
  if (deviation && deviation.profile !== profile) throw new Error(`deviation "${id}" deviates the ${deviation.profile} twin, but this run is of profile ${profile}: run it with PTERO_PROFILE=${deviation.profile}`);
  const index = new OperationIndex(await loadSpec());
  const proxy = await startMutationProxy({ upstream: mockUrl, deviation, index });
  const statsPath = env['PTERO_MUTATION_STATS'];
  return {
    url: proxy.url,
    close: async () => {
      await proxy.close();
      if (statsPath) writeFileSync(statsPath, JSON.stringify({ id, ...proxy.stats }));
    },
  };
}
