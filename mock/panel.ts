import type { ControlJournalEntry } from '../harness/control-routes.ts';
import { OperationIndex } from '../harness/operation-index.ts';
import { defaultProfileId, panelProfile } from '../harness/profiles.ts';
import { loadSpec } from '../harness/spec-source.ts';
import { Clock } from './clock.ts';
import type { IncomingRequest, OutgoingResponse } from './http/messages.ts';
import { parseClockOption, STOCK_OPTIONS, type MockOptions } from '../harness/mock-options.ts';
import type { PanelServices } from './panel-services.ts';
import { loadMockProfile, type MockProfile } from './profile.ts';
import { PanelStore } from './store/panel-store.ts';
import { FixedWindowLimiter } from './throttle/fixed-window-limiter.ts';
import type { TransformerRegistry } from './transform/fractal.ts';

const JOURNAL_LIMIT = 10_000;

/**
 * The mock panel, independent of any transport: `handle` takes a request and answers it as the
 * panel version of its profile would (mock/profile.ts; v0.7.19 unless `options.profile` names
 * another). `mock/server.ts` puts it behind node:http.
 */
export class MockPanel implements PanelServices {
  readonly clock: Clock;
  readonly limiter: FixedWindowLimiter;
  /** The requests served, in order: what the control surface's journal route answers. */
  readonly journal: ControlJournalEntry[] = [];
  /** The profile's transformers, for the shared serializer (PanelServices). */
  readonly transformers: TransformerRegistry;
  private readonly pristine;

  private constructor(
    readonly options: MockOptions,
    readonly profile: MockProfile,
    readonly index: OperationIndex,
    readonly store: PanelStore,
  ) {
    this.transformers = profile.transformers;
    this.clock = new Clock(frozenAt(options));
    this.limiter = new FixedWindowLimiter(this.clock);
    this.pristine = store.snapshot();
  }

  static async create(options: Partial<MockOptions> = {}): Promise<MockPanel> {
    frozenAt({ ...STOCK_OPTIONS, ...options }); // an unusable clock option stops here, before anything is loaded
    // The version's files from the registry (harness/profiles.yaml), its code from its mock module.
    const files = panelProfile(options.profile ?? defaultProfileId());
    const profile = await loadMockProfile(files.id);
    // The version's stock settings, then the given ones.
    const stock: MockOptions = { ...STOCK_OPTIONS, ...profile.stockOptions, limits: { ...STOCK_OPTIONS.limits, ...profile.stockOptions?.limits } };
    const merged: MockOptions = { ...stock, ...options, limits: { ...stock.limits, ...options.limits } };
    const index = new OperationIndex(await loadSpec(files.spec));
    return new MockPanel({ ...merged, profile: files.id }, profile, index, new PanelStore(profile.seed.load(merged.seedPath ?? files.seed)));
  }

  get appTimezone(): string {
    return this.store.seed.app_timezone;
  }

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    // Installs whose time has come finished meanwhile, and reported to the panel, before it answers.
    this.profile.daemon.settle(this);
    const { response, operationId, clientIp } = await this.profile.pipeline(this, request);
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
