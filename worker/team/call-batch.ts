/**
 * The calls that reach an object within one turn of the event loop, run together in one
 * synchronous pass, in arrival order.
 *
 * Why: workerd commits an object's SQLite writes as one implicit transaction on the turn after
 * they were made. A call that runs as soon as it arrives commits alone, so under load every
 * assignment paid a commit and wrote its own copy of each page it touched (the counters, the
 * sequence, each index's leaf): about nine page frames a decision. Run together, the calls of
 * one turn share that commit and those pages (docs/predictive.md, "Session 8").
 *
 * Each call still runs whole before the next starts, and a call that throws fails alone (the
 * caller's `run` wraps each in its own transactionSync, a savepoint). A method that does not
 * go through the batch calls `flush()` first, so the object still acts in arrival order.
 */
export class CallBatch<In, Out> {
  private queue: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];

  /**
   * @param nextTurn settles on a later turn of the event loop, after the calls already waiting
   *   for the object have been delivered (see `ioTurn`).
   * @param max the most calls one pass runs: it bounds how long the pass holds the object and how
   *   long the first caller of a burst waits for its answer.
   */
  constructor(
    private readonly run: (input: In) => Out,
    private readonly nextTurn: () => Promise<unknown> = ioTurn,
    private readonly max = 64,
  ) {}

  /** Queues a call; it runs on the next turn, or now when the queue is full. */
  add(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      // A later turn, not a microtask: the calls already waiting must be delivered to join first.
      // A turn left over from an earlier, flushed queue only runs this one sooner.
      if (this.queue.length === 1) void this.nextTurn().then(this.flushLater, this.flushLater);
      else if (this.queue.length >= this.max) this.flush();
    });
  }

  private readonly flushLater = () => this.flush();

  /** Runs every queued call now, oldest first. */
  flush(): void {
    const queue = this.queue;
    if (!queue.length) return;
    this.queue = [];
    for (const { input, resolve, reject } of queue) {
      try {
        resolve(this.run(input));
      } catch (err) {
        reject(err);
      }
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}

/**
 * One turn of workerd's event loop through I/O: reading a body resumes the object's code through
 * the event loop, queued for the isolate behind the calls already waiting for it. A timer
 * (setTimeout 0, scheduler.wait) would do too, but costs about a millisecond per turn in workerd:
 * a lone assignment took five times as long on the bench (docs/predictive.md, "Session 8").
 */
export function ioTurn(): Promise<unknown> {
  return new Response("x").arrayBuffer();
}
