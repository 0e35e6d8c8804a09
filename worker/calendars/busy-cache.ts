/**
 * How both calendar vendors read busy time: from a short per-isolate cache where it covers the
 * window, else in batches over a window widened to whole hours, a few requests at a time.
 * What a batch request is (Google's freeBusy, Graph's getSchedule) stays with each vendor.
 */
import type { BusyInterval, BusyResult } from "./provider";

/** Workers allow six simultaneous outgoing connections per invocation; more just queue. */
const MAX_PARALLEL_REQUESTS = 6;
const HOUR = 3_600_000;

type Entry = { from: number; to: number; fetchedAt: number; busy: BusyInterval[] };

/**
 * Free/busy per calendar, per isolate, for a short time. A hit needs the cached window to
 * cover the requested one, and fetches are widened to whole hours so the next request a
 * minute later (whose window moved with `now`) still hits.
 */
export class FreeBusyCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly limit = 5_000,
  ) {}

  get(key: string, from: number, to: number, now: number): BusyInterval[] | undefined {
    const e = this.entries.get(key);
    if (!e || now - e.fetchedAt >= this.ttlMs || from < e.from || to > e.to) return undefined;
    return clip(e.busy, from, to);
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    // Map keeps insertion order, so the first key is the oldest write.
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }
}

function clip(busy: readonly BusyInterval[], from: number, to: number): BusyInterval[] {
  return busy
    .filter((b) => b.end > from && b.start < to)
    .map((b) => ({ start: Math.max(b.start, from), end: Math.min(b.end, to) }));
}

/**
 * Busy time of `targets` within [from, to): cache hits first; the misses in the batches `plan`
 * makes, each read by `query` over the widened window (it fills `out` and the cache), at most
 * six at a time; every answer clipped back to the window.
 */
export async function readBusy<T extends { repId: string }>(p: {
  out: BusyResult;
  targets: readonly T[];
  from: number;
  to: number;
  now: number;
  cache: FreeBusyCache;
  cacheKey: (target: T) => string;
  plan: (misses: readonly T[]) => T[][];
  query: (batch: T[], out: BusyResult, wideFrom: number, wideTo: number) => Promise<void>;
}): Promise<BusyResult> {
  const { out, from, to } = p;
  const misses = p.targets.filter((t) => {
    const hit = p.cache.get(p.cacheKey(t), from, to, p.now);
    if (hit) out.busy.set(t.repId, hit);
    return !hit;
  });
  const wideFrom = Math.floor(from / HOUR) * HOUR;
  // One extra hour at the end, so a window that slides forward with `now` stays covered.
  const wideTo = Math.ceil(to / HOUR) * HOUR + HOUR;
  const queue = p.plan(misses);
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) await p.query(batch, out, wideFrom, wideTo);
  };
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_REQUESTS, queue.length) }, worker));
  for (const [repId, busy] of out.busy) out.busy.set(repId, clip(busy, from, to));
  return out;
}
