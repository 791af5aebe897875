// What differs per panel version in the mock: a MockProfile. The harness registry (harness/profiles.yaml)
// names each version's module (it exports `profile`); MockPanel.create({profile}) loads it.
// Shared by every profile: the transport (server.ts), the control surface, the clock, the rate
// limiter, the PHP query/JSON readers, the validation engine, pagination and the Fractal serializer.
import { pathToFileURL } from 'node:url';
import { defaultProfileId, panelProfile } from '../harness/profiles.ts';
import type { RenderedError } from './errors/render-error.ts';
import type { IncomingRequest, OutgoingResponse } from './http/messages.ts';
import type { PanelServices } from './panel-services.ts';
import type { StoreSeed } from './store/panel-store.ts';
import type { Seed } from './store/rows.ts';
import type { MockOptions } from '../harness/mock-options.ts';
import type { TransformerRegistry } from './transform/fractal.ts';
import type { RuleSet } from './validation/rule-sets.ts';

/** What the pipeline made of one request: the answer, and what the journal records about it. */
export interface PipelineOutcome {
  response: OutgoingResponse;
  operationId: string | null;
  clientIp: string;
}

/**
 * One panel version's parts, typed by its seed (its tables and simulated daemon): the shared
 * MockPanel, PanelStore and PanelServices are instantiated with it (`MockProfile` is v0.7.19's).
 */
export interface MockProfile<S extends StoreSeed = Seed> {
  /** The profile id, as harness/profiles.yaml registers it (e.g. `v0.7.19`). */
  readonly id: string;
  /** The seed: its loader (parse + schema + integrity checks); the default file is the registry's `seed`. */
  readonly seed: { load(path: string): S; readonly schema: string };
  /** The operation ids its handlers implement (each profile dispatches to its own handlers). */
  readonly operations: () => readonly string[];
  /** The transformers by resource name; includes resolve through them (shared serializer, mock/transform). */
  readonly transformers: TransformerRegistry;
  /** The FormRequest rules by operationId, run by the shared validation engine. */
  readonly validationRules: () => ReadonlyMap<string, RuleSet>;
  /** The request handling in this version's own stage order. */
  /** Synchronous where it can be (the server then answers within the request event); a promise where a stage waits. */
  readonly pipeline: (panel: PanelServices<S>, request: IncomingRequest) => PipelineOutcome | Promise<PipelineOutcome>;
  /** The exception handler's JSON rendering (debug on or off). */
  readonly renderError: (error: unknown, debug: boolean) => RenderedError;
  /** The simulated daemon: what happens between requests (installs ending on the mock clock). */
  readonly daemon: { settle(panel: PanelServices<S>): void };
  /** The version's stock settings where they differ from v0.7.19's (e.g. 1.x's rate limits); given options win. */
  readonly stockOptions?: Partial<MockOptions>;
}

const loaded = new Map<string, Promise<MockProfile<StoreSeed>>>();

/**
 * The mock profile registered as `id` (default: the registry's default). An unknown id is an
 * UnknownProfileError listing the registered ones.
 */
export function loadMockProfile(id: string = defaultProfileId()): Promise<MockProfile<StoreSeed>> {
  const entry = panelProfile(id);
  let pending = loaded.get(id);
  if (!pending) {
    pending = import(pathToFileURL(entry.mock).href).then((module: { profile?: MockProfile<StoreSeed> }) => {
      if (module.profile?.id !== id) throw new Error(`${entry.mock} must export \`profile\`, the MockProfile of ${id}`);
      return module.profile;
    });
    loaded.set(id, pending);
  }
  return pending;
}
