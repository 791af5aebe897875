import type { ControlJournalEntry } from '../../harness/control-routes.ts';
import { Clock } from '../clock.ts';
import type { IncomingRequest, OutgoingResponse } from '../http/messages.ts';
import { parseClockOption } from '../../harness/mock-options.ts';
import { FixedWindowLimiter } from '../throttle/fixed-window-limiter.ts';
import { STOCK_OPTIONS_V111, type MockOptionsV111 } from './options.ts';
import { runPipelineV111 } from './pipeline/run-pipeline.ts';
import type { ServicesV111 } from './services.ts';
import { loadSeedV111 } from './store/seed-loader.ts';
import type { SeedV111 } from './store/rows.ts';
import { StoreV111, type StoreSnapshotV111 } from './store/table-store.ts';

const JOURNAL_LIMIT = 10_000;

/**
 * The mock v1.11.8 panel, independent of any transport: `handle` answers a request as the panel
 * would. It shares the 0.7 twin's transport, clock, limiter, input parsing and validation engine.
 */
export class MockPanelV111 implements ServicesV111 {
  readonly profile = 'v1.11';
  readonly clock: Clock;
  readonly limiter: FixedWindowLimiter;
  readonly store: StoreV111;
  readonly journal: ControlJournalEntry[] = [];
  private readonly pristine: StoreSnapshotV111;

  private constructor(
    readonly options: MockOptionsV111,
    readonly seed: SeedV111,
  ) {
    this.clock = new Clock(frozenAt(options));
    this.limiter = new FixedWindowLimiter(this.clock);
    this.store = new StoreV111(seed.tables, seed.wings);
    this.pristine = this.store.snapshot();
  }

  static async create(options: Partial<MockOptionsV111> = {}): Promise<MockPanelV111> {
    const merged: MockOptionsV111 = { ...STOCK_OPTIONS_V111, ...options, limits: { ...STOCK_OPTIONS_V111.limits, ...options.limits } };
    frozenAt(merged);
    return new MockPanelV111(merged, loadSeedV111(merged.seedPath));
  }

  get appTimezone(): string {
    return this.seed.app_timezone;
  }

  get twoFactorRequired(): 0 | 1 | 2 {
    return this.options.twoFactorRequired ?? this.seed.two_factor_required;
  }

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    const { response, operationId, clientIp } = await runPipelineV111(this, request);
    response.headers['Date'] = this.clock.httpDate();
    this.journal.push({
      at: this.clock.isoTimestamp(),
      method: request.method.toUpperCase(),
      path: request.url.split('?')[0] ?? '',
      operationId,
      status: response.status,
      ip: clientIp,
    });
    while (this.journal.length > JOURNAL_LIMIT) this.journal.shift();
    return response;
  }

  /** Back to the start: store, rate-limit windows, journal and clock. */
  reset(): void {
    this.store.restore(this.pristine);
    const at = frozenAt(this.options);
    if (at === undefined) this.clock.real();
    else this.clock.set(at, true);
    this.limiter.reset();
    this.journal.length = 0;
  }
}

function frozenAt(options: MockOptionsV111): number | undefined {
  if (options.clock === undefined) return undefined;
  const parsed = parseClockOption(options.clock);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}
