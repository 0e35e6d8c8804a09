/**
 * Calendar buckets for reports: local days and ISO weeks (Monday first) in one zone.
 *
 * A report groups rows in SQL, where there is no time-zone data. So the zone is reduced here
 * to what SQL can use: the UTC offsets in force across the range, as pieces that change only
 * at DST transitions (two a year at most in current tzdb rules). A row's local day number is
 * then `floor((instant + offset) / DAY_MS)`, exact on 23- and 25-hour days and in half-hour
 * zones, where fixed 24-hour buckets from `from` would drift a day or an hour.
 */
import { DAY_MS, formatDate, offsetAt } from "./zoned";

export type BucketUnit = "day" | "week";

/** The offset (ms) in force for instants before `until` (the last piece runs to +∞). */
export type OffsetPiece = { until: number; offset: number };

export type CalendarBuckets = {
  unit: BucketUnit;
  /** Offsets across [from, to), in order. */
  offsets: OffsetPiece[];
  /** Unit number (local epoch day, or ISO week since 1969-12-29) of the first bucket. */
  first: number;
  /** One label per bucket: the local date of the day, or the Monday of the week. */
  dates: string[];
};

/** Transitions are found to the second; tzdb has none finer. */
const SECOND = 1000;
/** Probing once a day finds every transition (a zone changes offset at most once a day). */
const PROBE = DAY_MS;

/** The instant in (lo, hi] where the offset stops being `offsetAt(lo)`. */
function transitionBetween(lo: number, hi: number, timeZone: string): number {
  const before = offsetAt(lo, timeZone);
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The offsets of `timeZone` across [from, to), as pieces (see {@link OffsetPiece}). */
export function offsetPieces(from: number, to: number, timeZone: string): OffsetPiece[] {
  const pieces: OffsetPiece[] = [];
  let at = from;
  let current = offsetAt(from, timeZone);
  while (at < to) {
    const next = Math.min(at + PROBE, to);
    const offset = offsetAt(next, timeZone);
    if (offset !== current) {
      pieces.push({ until: transitionBetween(at, next, timeZone), offset: current });
      current = offset;
    }
    at = next;
  }
  pieces.push({ until: Number.POSITIVE_INFINITY, offset: current });
  return pieces;
}

function pieceOffset(instant: number, offsets: OffsetPiece[]): number {
  for (const p of offsets) if (instant < p.until) return p.offset;
  return offsets[offsets.length - 1]!.offset;
}

/** Days since 1970-01-01 of the local date (the ISO week of day 0 starts on day -3). */
export function unitNumber(instant: number, offsets: OffsetPiece[], unit: BucketUnit): number {
  const day = Math.floor((instant + pieceOffset(instant, offsets)) / DAY_MS);
  return unit === "day" ? day : Math.floor((day + 3) / 7);
}

/**
 * The local days or ISO weeks that [from, to) touches in `timeZone`. The first and last
 * buckets may be partial (a range ending now ends inside today's bucket).
 */
export function calendarBuckets(
  from: number,
  to: number,
  timeZone: string,
  unit: BucketUnit,
): CalendarBuckets {
  const offsets = offsetPieces(from, to, timeZone);
  const first = unitNumber(from, offsets, unit);
  const last = unitNumber(to - 1, offsets, unit);
  const dates = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => {
    const day = unit === "day" ? first + i : (first + i) * 7 - 3;
    const d = new Date(day * DAY_MS);
    return formatDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  });
  return { unit, offsets, first, dates };
}

/** Index into `buckets.dates` of the bucket holding `instant`. */
export function bucketIndex(instant: number, buckets: CalendarBuckets): number {
  return unitNumber(instant, buckets.offsets, buckets.unit) - buckets.first;
}
