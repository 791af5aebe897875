// What differs per panel version in the mock: a MockProfile. The harness registry (harness/profiles.yaml)
// names each version's module (it exports `profile`); MockPanel.create({profile}) loads it.
// Shared by every profile: the transport (server.ts), the control surface, the clock, the rate
// limiter, the PHP query/JSON readers, the validation engine, pagination and the Fractal serializer.
import { pathToFileURL } from 'node:url';
import { defaultProfileId, panelProfile } from '../harness/profiles.ts';
import type { RenderedError } from './errors/render-error.ts';
import type { HandlerTable } from './handlers/handler.ts';
import type { IncomingRequest, OutgoingResponse } from './http/messages.ts';
import type { PanelServices } from './panel-services.ts';
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

export interface MockProfile {
  /** The profile id, as harness/profiles.yaml registers it (e.g. `v0.7.19`). */
  readonly id: string;
  /** The seed: its loader (parse + schema + integrity checks); the default file is the registry's `seed`. */
  readonly seed: { load(path: string): Seed; readonly schema: string };
  /** The controllers, by operationId. */
  readonly handlers: Readonly<HandlerTable>;
  /** The transformers by resource name; includes resolve through them (shared serializer, mock/transform). */
  readonly transformers: TransformerRegistry;
  /** The FormRequest rules by operationId, run by the shared validation engine. */
  readonly validationRules: () => ReadonlyMap<string, RuleSet>;
  /** The request handling in this version's own stage order. */
  readonly pipeline: (panel: PanelServices, request: IncomingRequest) => Promise<PipelineOutcome>;
  /** The exception handler's JSON rendering (debug on or off). */
  readonly renderError: (error: unknown, debug: boolean) => RenderedError;
  /** The simulated daemon: what happens between requests (installs ending on the mock clock). */
  readonly daemon: { settle(panel: PanelServices): void };
  /** The version's stock settings where they differ from v0.7.19's (e.g. 1.x's rate limits); given options win. */
  readonly stockOptions?: Partial<MockOptions>;
}

const loaded = new Map<string, Promise<MockProfile>>();

/**
 * The mock profile registered as `id` (default: the registry's default). An unknown id is an
 * UnknownProfileError listing the registered ones.
 */
export function loadMockProfile(id: string = defaultProfileId()): Promise<MockProfile> {
  const entry = panelProfile(id);
  let pending = loaded.get(id);
  if (!pending) {
    pending = import(pathToFileURL(entry.mock).href).then((module: { profile?: MockProfile }) => {
      if (module.profile?.id !== id) throw new Error(`${entry.mock} must export \`profile\`, the MockProfile of ${id}`);
      return module.profile;
    });
    loaded.set(id, pending);
  }
  return pending;
}
