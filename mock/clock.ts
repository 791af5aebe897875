/**
 * The mock's notion of now. By default it is the wall clock, so `Date`, `X-RateLimit-Reset` and the
 * timestamps of rows written through the API agree with the world, as on a real panel. Tests may
 * freeze it at an instant or move it (the `clock` option, the control surface), e.g. to let a
 * rate-limit window pass without waiting; seed rows keep their own fixed dates either way.
 */
export class Clock {
  /** Added to the wall clock while ticking. */
  private offsetMs = 0;
  /** Set while frozen: the instant the clock stands at. */
  private frozenAtMs: number | undefined;

  /** No argument: the wall clock. An instant (ms since the epoch): frozen there. */
  constructor(frozenAtMs?: number) {
    this.frozenAtMs = frozenAtMs;
  }

  nowMs(): number {
    return this.frozenAtMs ?? Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get frozen(): boolean {
    return this.frozenAtMs !== undefined;
  }

  /** Moves the clock forward (or back, when negative), frozen or not. */
  advance(seconds: number): void {
    if (this.frozenAtMs !== undefined) this.frozenAtMs += seconds * 1000;
    else this.offsetMs += seconds * 1000;
  }

  /** Moves the clock to an instant (ms since the epoch); `freeze` stops it there, else it ticks on from it. */
  set(epochMs: number, freeze = false): void {
    if (freeze) this.frozenAtMs = epochMs;
    else {
      this.frozenAtMs = undefined;
      this.offsetMs = epochMs - Date.now();
    }
  }

  /** Back to the wall clock. */
  real(): void {
    this.frozenAtMs = undefined;
    this.offsetMs = 0;
  }

  /** `YYYY-MM-DD HH:MM:SS` in UTC, as the mock stores timestamps. */
  dbTimestamp(): string {
    // Whole seconds: formatted once per second (every authenticated request stamps its key).
    const second = Math.floor(this.nowMs() / 1000);
    if (second !== this.dbSecond) {
      this.dbSecond = second;
      this.dbText = new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');
    }
    return this.dbText;
  }

  private dbSecond = Number.NaN;
  private dbText = '';

  /** The HTTP `Date` header value (RFC 7231 IMF-fixdate). */
  httpDate(): string {
    // Whole seconds: formatted once per second, not once per request.
    const second = Math.floor(this.nowMs() / 1000);
    if (second !== this.httpDateSecond) {
      this.httpDateSecond = second;
      this.httpDateText = new Date(second * 1000).toUTCString();
    }
    return this.httpDateText;
  }

  /** ISO-8601 in UTC with milliseconds (the journal's `at`). */
  isoTimestamp(): string {
    const ms = this.nowMs();
    if (ms !== this.isoMs) {
      this.isoMs = ms;
      this.isoText = new Date(ms).toISOString();
    }
    return this.isoText;
  }

  private httpDateSecond = Number.NaN;
  private httpDateText = '';
  private isoMs = Number.NaN;
  private isoText = '';
}
