import type { ControlJournalEntry } from '../harness/control-routes.ts';
import { OperationIndex } from '../harness/operation-index.ts';
import { defaultProfileId, panelProfile } from '../harness/profiles.ts';
import { loadSpec } from '../harness/spec-source.ts';
import { Clock } from './clock.ts';
import type { IncomingRequest, OutgoingResponse } from './http/messages.ts';
import { parseClockOption, STOCK_OPTIONS, type MockOptions } from '../harness/mock-options.ts';
import type { PanelServices } from './panel-services.ts';
import { loadMockProfile, type MockProfile, type PipelineOutcome } from './profile.ts';
import { PanelStore, type StoreSeed, type StoreSnapshot } from './store/panel-store.ts';
import type { Seed } from './store/rows.ts';
import { FixedWindowLimiter } from './throttle/fixed-window-limiter.ts';
import type { TransformerRegistry } from './transform/fractal.ts';

const JOURNAL_LIMIT = 10_000;

/**
 * The mock panel, independent of any transport: `handle` takes a request and answers it as the
 * panel version of its profile would (mock/profile.ts; v0.7.19 unless `options.profile` names
 * another). One class for every profile, typed by the profile's seed (`MockPanel` is v0.7.19's).
 * `mock/server.ts` puts it behind node:http.
 */
export class MockPanel<S extends StoreSeed = Seed> implements PanelServices<S> {
  readonly clock: Clock;
  readonly limiter: FixedWindowLimiter;
  /** The requests served, in order: what the control surface's journal route answers. */
  readonly journal: ControlJournalEntry[] = [];
  /** The profile's transformers, for the shared serializer (PanelServices). */
  readonly transformers: TransformerRegistry;
  private readonly pristine: StoreSnapshot<S>;

  private constructor(
    readonly options: MockOptions,
    readonly profile: MockProfile<S>,
    readonly index: OperationIndex,
    readonly store: PanelStore<S>,
  ) {
    this.transformers = profile.transformers;
    this.clock = new Clock(frozenAt(options));
    this.limiter = new FixedWindowLimiter(this.clock);
    this.pristine = store.snapshot();
  }

  /**
   * The panel of the profile `options.profile` names (the registry's default when absent), chosen
   * at run time: typed as the default profile's, since the transport, the control surface and the
   * fixture keys, which take a profile by name, use only what every profile's store has. A profile's
   * own code and tests get their types from `MockPanel.of(profile)`.
   */
  static async create(options: Partial<MockOptions> = {}): Promise<MockPanel> {
    frozenAt({ ...STOCK_OPTIONS, ...options }); // an unusable clock option stops here, before anything is loaded
    // The version's code from its mock module (harness/profiles.yaml names it).
    const profile = await loadMockProfile(panelProfile(options.profile ?? defaultProfileId()).id);
    return (await MockPanel.of(profile, options)) as unknown as MockPanel;
  }

  /** The panel of `profile` (its MockProfile, as its mock module exports it), typed by its seed. */
  static async of<S extends StoreSeed>(profile: MockProfile<S>, options: Partial<MockOptions> = {}): Promise<MockPanel<S>> {
    frozenAt({ ...STOCK_OPTIONS, ...options });
    // The version's files from the registry (harness/profiles.yaml).
    const files = panelProfile(profile.id);
    // The version's stock settings, then the given ones.
    const stock: MockOptions = { ...STOCK_OPTIONS, ...profile.stockOptions, limits: { ...STOCK_OPTIONS.limits, ...profile.stockOptions?.limits } };
    const merged: MockOptions = { ...stock, ...options, limits: { ...stock.limits, ...options.limits } };
    const index = new OperationIndex(await loadSpec(files.spec));
    return new MockPanel<S>({ ...merged, profile: files.id }, profile, index, new PanelStore(profile.seed.load(merged.seedPath ?? files.seed)));
  }

  get appTimezone(): string {
    return this.store.seed.app_timezone;
  }

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    return this.respond(request);
  }

  /**
   * handle(), synchronously when the profile's pipeline is (v0.7.19's is): the server then answers
   * within the request event (an await there cost a third of the throughput). A pipeline that
   * returns a promise (v1.11's) is answered when it settles.
   */
  respond(request: IncomingRequest): OutgoingResponse | Promise<OutgoingResponse> {
    // Installs whose time has come finished meanwhile, and reported to the panel, before it answers.
    this.profile.daemon.settle(this);
    const outcome = this.profile.pipeline(this, request);
    return outcome instanceof Promise ? outcome.then((o) => this.record(request, o)) : this.record(request, outcome);
  }

  private record(request: IncomingRequest, { response, operationId, clientIp }: PipelineOutcome): OutgoingResponse {
    // The web server's Date, from the same clock as X-RateLimit-Reset and the rows' timestamps.
    response.headers['Date'] = this.clock.httpDate();
    this.journal.push({
      at: this.clock.isoTimestamp(),
      method: request.method.toUpperCase(),
      path: request.url.split('?')[0] ?? '',
      operationId,
      status: response.status,
      ip: clientIp,
    });
    // One in, one out: shift() trims the array's front in place, where splice() moved all 10,000.
    while (this.journal.length > JOURNAL_LIMIT) this.journal.shift();
    return response;
  }

  /** Back to the start: store (the seed), rate-limit windows, journal and clock (as the options set it). */
  reset(): void {
    this.store.restore(this.pristine);
    const at = frozenAt(this.options);
    if (at === undefined) this.clock.real();
    else this.clock.set(at, true);
    this.limiter.reset();
    this.journal.length = 0;
  }
}

/** The instant the `clock` option freezes the clock at; undefined for the wall clock. */
function frozenAt(options: MockOptions): number | undefined {
  if (options.clock === undefined) return undefined;
  const parsed = parseClockOption(options.clock);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}
