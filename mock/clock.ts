/**
 * The mock's notion of now. It starts at an origin (the seed's `now`, so created rows carry stable
 * dates) and ticks in real time; the control surface sets or advances it so rate-limit windows
 * pass without waiting.
 */
export class Clock {
  private originMs: number;
  private startedAt: number;
  private frozen = false;

  constructor(originMs: number = Date.now()) {
    this.originMs = originMs;
    this.startedAt = Date.now();
  }

  nowMs(): number {
    return this.frozen ? this.originMs : this.originMs + (Date.now() - this.startedAt);
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    this.originMs += seconds * 1000;
  }

  /** Moves the clock to an instant (ms since the epoch); `freeze` stops it ticking. */
  set(epochMs: number, freeze = false): void {
    this.originMs = epochMs;
    this.startedAt = Date.now();
    this.frozen = freeze;
  }

  /** `YYYY-MM-DD HH:MM:SS` in UTC, as the mock stores timestamps. */
  dbTimestamp(): string {
    return new Date(this.nowMs()).toISOString().slice(0, 19).replace('T', ' ');
  }
}
