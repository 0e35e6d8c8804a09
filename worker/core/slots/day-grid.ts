import { minutesOfDay } from "../config/primitives";
import {
  addDays,
  formatDate,
  hoursOn,
  offsetAt,
  startOfDate,
  toInstant,
  toZoned,
  wallMinutes,
  type Interval,
  type PlainDate,
  type RepSchedule,
} from "../time";
import { MINUTE_MS } from "../time/zoned";

/** One local calendar date of a rep, with what the slot engine needs to place times on it. */
export type LocalDay = {
  date: PlainDate;
  /** [first instant of the date, first instant of the next date). */
  bounds: Interval;
  /** Working blocks in local minutes since midnight, sorted; [] on a day off. */
  blocks: { start: number; end: number }[];
  /**
   * The instant at which the wall clock shows `minute` (0-1440) on this date, or null when
   * that wall time does not exist (skipped by a DST change). A repeated wall time gives its
   * first occurrence, so a slot is never offered twice.
   */
  instantAt: (minute: number) => number | null;
  /**
   * Like `instantAt` for the ends of working blocks, which always exist: a skipped wall time
   * moves forward by the gap (a block ending at 02:30 on a spring-forward night ends at 03:30).
   */
  boundAt: (minute: number) => number;
};

/**
 * The rep's local dates overlapping [from, to), in order. Time-zone work happens here once
 * per date: on a date with one UTC offset throughout (all but about two a year), wall time
 * maps to an instant by arithmetic; only DST-change dates go through ICU per time.
 */
export function localDays(rep: RepSchedule, from: number, to: number): LocalDay[] {
  const tz = rep.timezone;
  // One date of slack each side: zones that fall back across midnight repeat a date.
  let date = addDays(toPlainDateOf(from, tz), -1);
  const lastIso = formatDate(addDays(toPlainDateOf(to, tz), 1));
  let dayStart = startOfDate(date, tz);
  const out: LocalDay[] = [];
  while (formatDate(date) <= lastIso) {
    const next = addDays(date, 1);
    const nextStart = startOfDate(next, tz);
    if (nextStart > from && dayStart < to) out.push(makeDay(rep, date, dayStart, nextStart));
    date = next;
    dayStart = nextStart;
  }
  return out;
}

function toPlainDateOf(instant: number, tz: string): PlainDate {
  const { year, month, day } = toZoned(instant, tz);
  return { year, month, day };
}

function makeDay(rep: RepSchedule, date: PlainDate, dayStart: number, nextStart: number): LocalDay {
  const blocks = hoursOn(rep, date)
    .map((h) => ({ start: minutesOfDay(h.start), end: minutesOfDay(h.end) }))
    .sort((a, b) => a.start - b.start);
  const offset = offsetAt(dayStart, rep.timezone);
  const steady = offset === offsetAt(nextStart - 1, rep.timezone);
  const midnightUtc = Date.UTC(date.year, date.month - 1, date.day);
  const bounds = { start: dayStart, end: nextStart };
  if (steady) {
    const at = (minute: number) => midnightUtc + minute * MINUTE_MS - offset;
    return { date, bounds, blocks, instantAt: at, boundAt: at };
  }
  return {
    date,
    bounds,
    blocks,
    instantAt: (minute) => exactInstant(date, minute, rep.timezone, nextStart),
    boundAt: (minute) => (minute >= 1440 ? nextStart : toInstant(wall(date, minute), rep.timezone)),
  };
}

function wall(date: PlainDate, minute: number) {
  return { ...date, hour: Math.floor(minute / 60), minute: minute % 60 };
}

/** The slow path for a DST-change date: resolve through ICU and reject skipped wall times. */
function exactInstant(date: PlainDate, minute: number, tz: string, nextStart: number): number | null {
  if (minute >= 1440) return nextStart;
  const instant = toInstant(wall(date, minute), tz, "earlier");
  const z = toZoned(instant, tz);
  const sameDate = z.year === date.year && z.month === date.month && z.day === date.day;
  return sameDate && wallMinutes(z) === minute ? instant : null;
}
