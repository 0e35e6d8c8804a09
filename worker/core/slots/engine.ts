import { addDays, startOfDate, startOfDay, toPlainDate, type Interval } from "../time";
import { DAY_MS, MINUTE_MS } from "../time/zoned";
import { localDays, type LocalDay } from "./day-grid";
import { countInRange, mergeIntervals, overlapsAny } from "./intervals";
import type { PooledSlot, Slot, SlotQuery, SlotRep, SlotRules } from "./types";

/**
 * Where slot starts may fall: from the later of `from` and now + minimum notice, up to the
 * earlier of `to` and now + horizon. The horizon counts real days from now, not local dates,
 * so it means the same for every rep of a pool.
 */
export function slotWindow(query: SlotQuery): Interval {
  const { rules, now } = query;
  const start = Math.max(query.from ?? now, now + rules.minimumNoticeMinutes * MINUTE_MS);
  const end = Math.min(query.to ?? Number.POSITIVE_INFINITY, now + rules.horizonDays * DAY_MS);
  return { start, end };
}

/**
 * The span whose bookings `dailyMaxPerRep` counts for slots starting in `window`: every local
 * date the window touches, whole, in each rep's zone. A local date is not 24 hours around
 * the window: a fall-back date is 25 hours long, so its first booking can lie more than a
 * day before a late slot on it.
 */
export function bookedSpan(reps: readonly { timezone: string }[], window: Interval): Interval {
  let start = window.start;
  let end = window.end;
  for (const { timezone } of reps) {
    start = Math.min(start, startOfDay(window.start, timezone));
    end = Math.max(end, startOfDate(addDays(toPlainDate(window.end - 1, timezone), 1), timezone));
  }
  return { start, end };
}

/** What every block of one rep is checked against, prepared once per call. */
type Prepared = {
  rules: SlotRules;
  window: Interval;
  busy: Interval[];
  ooo: Interval[];
  booked: number[];
};

/**
 * The rep's bookable slots starting in the query's window, sorted, in UTC epoch ms.
 *
 * Starts sit on a grid of `slotIntervalMinutes` from the start of each working block, in
 * the rep's wall-clock time, so 09:00-17:00 gives 09:00, 09:30, … local on both sides of a
 * DST change, a skipped wall time gives no slot and a repeated one gives one. A slot lies
 * wholly inside its block; its buffers must be free of busy time but may reach outside
 * working hours (a 09:00 meeting needs no working time before nine). OOO blocks the meeting
 * itself. A day that already holds `dailyMaxPerRep` bookings offers nothing.
 */
export function repSlots(rep: SlotRep, query: SlotQuery): Slot[] {
  const window = slotWindow(query);
  if (window.start >= window.end) return [];
  const prepared: Prepared = {
    rules: query.rules,
    window,
    busy: mergeIntervals(rep.busy),
    ooo: mergeIntervals(rep.ooo.map((r) => ({ start: Date.parse(r.start), end: Date.parse(r.end) }))),
    booked: rep.booked ? rep.booked.toSorted((a, b) => a - b) : [],
  };
  const max = query.rules.dailyMaxPerRep;
  const out: Slot[] = [];
  for (const day of localDays(rep, window.start, window.end)) {
    if (max !== undefined && countInRange(prepared.booked, day.bounds.start, day.bounds.end) >= max) continue;
    for (const block of day.blocks) addBlockSlots(out, day, block, prepared);
  }
  return sortUnique(out);
}

function addBlockSlots(out: Slot[], day: LocalDay, block: { start: number; end: number }, p: Prepared): void {
  const duration = p.rules.durationMinutes * MINUTE_MS;
  const before = p.rules.bufferBeforeMinutes * MINUTE_MS;
  const after = p.rules.bufferAfterMinutes * MINUTE_MS;
  const blockEnd = day.boundAt(block.end);
  if (blockEnd <= p.window.start) return;
  // A block starting in a DST gap starts when the gap ends, shifted by it (02:15 on a night
  // that jumps 02:00→02:30 starts at 02:45), the same rule as its end.
  const blockStart = day.boundAt(block.start);
  for (let minute = block.start; minute < block.end; minute += p.rules.slotIntervalMinutes) {
    const start = day.instantAt(minute);
    if (start === null || start < p.window.start || start < blockStart) continue;
    const end = start + duration;
    if (start >= p.window.end || end > blockEnd) break;
    if (overlapsAny(p.busy, start - before, end + after)) continue;
    if (overlapsAny(p.ooo, start, end)) continue;
    out.push({ start, end });
  }
}

/** Sorted by start with repeats dropped (a zone that repeats a date could place one twice). */
function sortUnique(slots: Slot[]): Slot[] {
  const sorted = slots.toSorted((a, b) => a.start - b.start);
  return sorted.filter((s, i) => i === 0 || s.start !== sorted[i - 1]!.start);
}

/**
 * The slots of an availability team: the union of its reps' slots, each with the reps free
 * for it. Callers pass only eligible reps (active, in the team).
 */
export function pooledSlots(reps: readonly SlotRep[], query: SlotQuery): PooledSlot[] {
  const byStart = new Map<number, PooledSlot>();
  for (const rep of reps) {
    for (const slot of repSlots(rep, query)) {
      const pooled = byStart.get(slot.start);
      if (pooled) pooled.repIds.push(rep.id);
      else byStart.set(slot.start, { ...slot, repIds: [rep.id] });
    }
  }
  return [...byStart.values()].toSorted((a, b) => a.start - b.start);
}

/** The reps (in the order given) for whom a slot starting exactly at `start` is bookable. */
export function repsFreeAt(reps: readonly SlotRep[], query: SlotQuery, start: number): string[] {
  const at = { ...query, from: start, to: start + 1 };
  return reps.filter((rep) => repSlots(rep, at).some((s) => s.start === start)).map((r) => r.id);
}
