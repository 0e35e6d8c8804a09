/**
 * Per-stage durations of one submission, sent back as a `Server-Timing` header
 * (`config;dur=1.2, store;dur=3.4, …`) so that whoever integrates a form can see in their
 * browser's network panel where the time went. Workers advance the clock only across I/O,
 * so a stage shows its waiting (D1, Durable Objects, calendars), not its own CPU time.
 */
export class StageTimings {
  private readonly entries: { name: string; ms: number }[] = [];
  private readonly started: number;

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.started = clock();
  }

  /** Awaits `work`, recording how long it took under `name` (also when it throws). */
  async time<T>(name: string, work: Promise<T> | (() => Promise<T>)): Promise<T> {
    const started = this.clock();
    try {
      return await (typeof work === "function" ? work() : work);
    } finally {
      this.entries.push({ name, ms: this.clock() - started });
    }
  }

  /** The header value: stages in the order they finished, then `total` since construction. */
  header(): string {
    return [...this.entries, { name: "total", ms: this.clock() - this.started }]
      .map((e) => `${e.name};dur=${Math.max(0, e.ms).toFixed(1)}`)
      .join(", ");
  }
}
