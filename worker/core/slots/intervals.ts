import type { Interval } from "../time";

/**
 * Sorted, non-overlapping copy of `intervals`; touching ones are joined. The input is never
 * reordered, so callers may pass provider results straight through.
 *
 * The union only depends on the sorted starts and the sorted ends taken separately (a sweep
 * that counts open intervals), so both go through the native numeric sort of a typed array
 * rather than a comparator sort of objects: about five times faster on busy calendars.
 */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const starts = new Float64Array(intervals.length);
  const ends = new Float64Array(intervals.length);
  let n = 0;
  for (const i of intervals) {
    if (i.end <= i.start) continue;
    starts[n] = i.start;
    ends[n++] = i.end;
  }
  // Scratch buffers of this call, so sorting them in place changes nothing the caller sees.
  // oxlint-disable-next-line unicorn/no-array-sort
  const s = starts.subarray(0, n).sort();
  // oxlint-disable-next-line unicorn/no-array-sort
  const e = ends.subarray(0, n).sort();
  const out: Interval[] = [];
  let open = 0;
  let from = 0;
  for (let i = 0, j = 0; j < n;) {
    // `<=`: a start at the instant another interval ends continues it (touching joins).
    if (i < n && s[i]! <= e[j]!) {
      if (open++ === 0) from = s[i]!;
      i++;
    } else {
      if (--open === 0) out.push({ start: from, end: e[j]! });
      j++;
    }
  }
  return out;
}

/**
 * True when [start, end) overlaps any interval of `merged` (sorted, non-overlapping). A
 * binary search on the ends, so a slot costs O(log n) whatever order slots are checked in.
 */
export function overlapsAny(merged: readonly Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (merged[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const first = merged[lo];
  return first !== undefined && first.start < end;
}

/** How many of `sorted` lie in [from, to). */
export function countInRange(sorted: readonly number[], from: number, to: number): number {
  return lowerBound(sorted, to) - lowerBound(sorted, from);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
