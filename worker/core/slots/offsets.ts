import { offsetAt } from "../time";

/**
 * A numeric-keyed front for `offsetAt`, which memoises under string keys: the slot engine
 * reads two offsets per rep per date, and hashing a fresh "zone|bucket" string each time was
 * a third of a 50-rep pool's cost. Same buckets, same rule: a quarter hour is cached only when
 * its two ends agree, so an instant near a change is always read exactly.
 */
const BUCKET_MS = 15 * 60_000;
const MAX_PER_ZONE = 20_000;
const zones = new Map<string, Map<number, number | null>>();

/** UTC offset of `timeZone` at `instant`, in ms; equal to `offsetAt`. */
export function zoneOffset(instant: number, timeZone: string): number {
  let buckets = zones.get(timeZone);
  if (!buckets) zones.set(timeZone, (buckets = new Map()));
  const bucket = Math.floor(instant / BUCKET_MS);
  let cached = buckets.get(bucket);
  if (cached === undefined) {
    const first = offsetAt(bucket * BUCKET_MS, timeZone);
    cached = first === offsetAt((bucket + 1) * BUCKET_MS - 1, timeZone) ? first : null;
    if (buckets.size >= MAX_PER_ZONE) buckets.clear();
    buckets.set(bucket, cached);
  }
  return cached ?? offsetAt(instant, timeZone);
}
