import { minutesOfDay } from "../config-doc/primitives";
import {
  addDays,
  startOfDate,
  toInstant,
  toZoned,
  wallMinutes,
  type Interval,
  type PlainDate,
  type RepSchedule,
} from "../time";
import { DAY_MS, MINUTE_MS } from "../time/zoned";
import { zoneOffset } from "./offsets";

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
 * per date: on a date with one UTC offset throughout (all but about two a year), the next
 * midnight and every wall time follow by arithmetic, checked with two memoised offset
 * reads; only DST-change dates go through ICU per time.
 */
export function localDays(rep: RepSchedule, from: number, to: number): LocalDay[] {
  const tz = rep.timezone;
  const blocks = blockCache();
  const hoursOf = hoursLookup(rep);
  // One date of slack before: zones that fall back across midnight repeat a date.
  let date = addDays(toPlainDateOf(from, tz), -1);
  let dayStart = startOfDate(date, tz);
  const out: LocalDay[] = [];
  while (dayStart < to) {
    const next = addDays(date, 1);
    const nextMidnight = Date.UTC(next.year, next.month - 1, next.day);
    const offset = zoneOffset(dayStart, tz);
    const guess = nextMidnight - offset;
    // Steady also needs this date's own midnight to exist: where DST starts at midnight
    // (America/Santiago) the date begins at 01:00 and its early wall times are skipped.
    const steady =
      Date.UTC(date.year, date.month - 1, date.day) - offset === dayStart &&
      zoneOffset(guess - 1, tz) === offset &&
      zoneOffset(guess, tz) === offset;
    const nextStart = steady ? guess : startOfDate(next, tz);
    if (nextStart > from) {
      const hours = blocks(hoursOf(nextMidnight - DAY_MS));
      out.push(
        steady
          ? steadyDay(date, dayStart, nextStart, hours, offset)
          : changeDay(date, dayStart, nextStart, hours, tz),
      );
    }
    date = next;
    dayStart = nextStart;
  }
  return out;
}

type Block = { start: number; end: number };
type DayHours = readonly { start: string; end: string }[];
const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/**
 * `hoursOn` (worker/core/time) keyed by the date's UTC midnight: an override if there is one,
 * else the weekday's hours. Same rule, minus formatting a date string per day; the property
 * test checks the engine against `hoursOn` itself.
 */
function hoursLookup(rep: RepSchedule): (midnightUtc: number) => DayHours {
  const overrides = new Map(rep.dateOverrides.map((o) => [Date.parse(`${o.date}T00:00:00Z`), o.hours]));
  return (midnightUtc) => {
    const override = overrides.get(midnightUtc);
    if (override) return override;
    // 1 January 1970 was a Thursday: day 0 → index 3.
    return rep.workingHours[WEEK[(Math.floor(midnightUtc / DAY_MS) + 3) % 7]!] ?? [];
  };
}

/** Parsed, sorted blocks per weekly-hours array: every Monday shares one array. */
function blockCache(): (hours: DayHours) => Block[] {
  const cache = new Map<object, Block[]>();
  return (hours) => {
    let parsed = cache.get(hours);
    if (!parsed) {
      parsed = hours
        .map((h) => ({ start: minutesOfDay(h.start), end: minutesOfDay(h.end) }))
        .toSorted((a, b) => a.start - b.start);
      cache.set(hours, parsed);
    }
    return parsed;
  };
}

function toPlainDateOf(instant: number, tz: string): PlainDate {
  const { year, month, day } = toZoned(instant, tz);
  return { year, month, day };
}

function steadyDay(date: PlainDate, start: number, end: number, blocks: Block[], offset: number): LocalDay {
  const base = Date.UTC(date.year, date.month - 1, date.day) - offset;
  const at = (minute: number) => base + minute * MINUTE_MS;
  return { date, bounds: { start, end }, blocks, instantAt: at, boundAt: at };
}

function changeDay(date: PlainDate, start: number, end: number, blocks: Block[], tz: string): LocalDay {
  return {
    date,
    bounds: { start, end },
    blocks,
    instantAt: (minute) => exactInstant(date, minute, tz, end),
    boundAt: (minute) => (minute >= 1440 ? end : toInstant(wall(date, minute), tz)),
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
