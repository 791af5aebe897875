import type { ControlJournalEntry } from '../harness/control-routes.ts';
import { OperationIndex } from '../harness/operation-index.ts';
import { loadSpec } from '../harness/spec-source.ts';
import { Clock } from './clock.ts';
import { settleInstalls } from './daemon/server-daemon.ts';
import type { IncomingRequest, OutgoingResponse } from './http/messages.ts';
import { parseClockOption, STOCK_OPTIONS, type MockOptions } from './options.ts';
import type { PanelServices } from './panel-services.ts';
import { runPipeline } from './pipeline/run-pipeline.ts';
import { PanelStore } from './store/panel-store.ts';
import { loadSeed } from './store/seed-loader.ts';
import { FixedWindowLimiter } from './throttle/fixed-window-limiter.ts';


const JOURNAL_LIMIT = 10_000;

/**
 * The mock v0.7.19 panel, independent of any transport: `handle` takes a request and answers it as
 * the panel would. `mock/server.ts` puts it behind node:http.
 */
export class MockPanel implements PanelServices {
  readonly clock: Clock;
  readonly limiter: FixedWindowLimiter;
  /** The requests served, in order: what the control surface's journal route answers. */
  readonly journal: ControlJournalEntry[] = [];
  private readonly pristine;

  private constructor(
    readonly options: MockOptions,
    readonly index: OperationIndex,
    readonly store: PanelStore,
  ) {
    this.clock = new Clock(frozenAt(options));
    this.limiter = new FixedWindowLimiter(this.clock);
    this.pristine = store.snapshot();
  }

  static async create(options: Partial<MockOptions> = {}): Promise<MockPanel> {
    const merged: MockOptions = { ...STOCK_OPTIONS, ...options, limits: { ...STOCK_OPTIONS.limits, ...options.limits } };
    frozenAt(merged); // an unusable clock option stops here, before anything is loaded
    const index = new OperationIndex(await loadSpec());
    return new MockPanel(merged, index, new PanelStore(loadSeed(merged.seedPath)));
  }

  get appTimezone(): string {
    return this.store.seed.app_timezone;
  }

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    return this.respond(request);
  }

  /** handle(), synchronously: the server answers within the request event (an await there cost a third of the throughput). */
  respond(request: IncomingRequest): OutgoingResponse {
    // Installs whose time has come finished meanwhile, and reported to the panel, before it answers.
    settleInstalls(this);
    const { response, operationId, clientIp } = runPipeline(this, request);
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
