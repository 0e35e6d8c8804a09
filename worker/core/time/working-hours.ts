import type { Rep } from "../config-doc";
import { minutesOfDay } from "../config-doc/primitives";
import {
  addDays,
  formatDate,
  startOfDate,
  toInstant,
  toPlainDate,
  toZoned,
  wallMinutes,
  weekdayOf,
  type PlainDate,
} from "./zoned";

/** The parts of a rep that decide when it works. */
export type RepSchedule = Pick<Rep, "timezone" | "workingHours" | "dateOverrides" | "ooo">;

/** A half-open UTC interval [start, end) in epoch ms. */
export type Interval = { start: number; end: number };

type DayHours = { start: string; end: string }[];

const DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The local hours a rep works on one calendar date: its override if any, else its week. */
export function hoursOn(rep: RepSchedule, date: PlainDate): DayHours {
  const iso = formatDate(date);
  const override = rep.dateOverrides.find((o) => o.date === iso);
  if (override) return override.hours;
  return rep.workingHours[DAY_KEYS[weekdayOf(date) - 1]!] ?? [];
}

/** True when `instant` falls in one of the rep's OOO ranges (start inclusive, end exclusive). */
export function isOutOfOffice(rep: Pick<Rep, "ooo">, instant: number): boolean {
  return rep.ooo.some((r) => Date.parse(r.start) <= instant && instant < Date.parse(r.end));
}

/**
 * True when the rep's wall clock at `instant` is inside its hours for that local date.
 * Reading the wall clock (rather than converting the hours to instants) is what keeps this
 * right on DST days: 09:00-17:00 is "when the clock shows 09:00-16:59", whatever the offset.
 */
export function isWithinWorkingHours(rep: RepSchedule, instant: number): boolean {
  const z = toZoned(instant, rep.timezone);
  const minute = wallMinutes(z);
  return hoursOn(rep, z).some((h) => minutesOfDay(h.start) <= minute && minute < minutesOfDay(h.end));
}

/** The instant at which a local "HH:MM" (or "24:00") on `date` occurs in `timeZone`. */
export function wallTimeToInstant(date: PlainDate, hhmm: string, timeZone: string): number {
  if (hhmm === "24:00") return startOfDate(addDays(date, 1), timeZone);
  const minutes = minutesOfDay(hhmm);
  return toInstant({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
}

/**
 * The rep's working time within [from, to) as sorted UTC intervals, OOO removed. A local
 * interval crossing a DST change keeps its wall-clock ends, so it is an hour shorter or
 * longer in real time; one lying wholly in a skipped hour vanishes.
 */
export function workingIntervals(rep: RepSchedule, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  // One day of slack either side: a local date can start up to ~14 h before its UTC date.
  const last = addDays(toPlainDate(to, rep.timezone), 1);
  for (
    let d = addDays(toPlainDate(from, rep.timezone), -1);
    formatDate(d) <= formatDate(last);
    d = addDays(d, 1)
  ) {
    for (const h of hoursOn(rep, d)) {
      const start = Math.max(from, wallTimeToInstant(d, h.start, rep.timezone));
      const end = Math.min(to, wallTimeToInstant(d, h.end, rep.timezone));
      if (start < end) out.push({ start, end });
    }
  }
  out.sort((a, b) => a.start - b.start);
  const ooo = rep.ooo.map((r) => ({ start: Date.parse(r.start), end: Date.parse(r.end) }));
  return subtractIntervals(out, ooo);
}

/** `base` minus every interval of `remove`; `base` must be sorted and non-overlapping. */
export function subtractIntervals(base: readonly Interval[], remove: readonly Interval[]): Interval[] {
  let result = base.map((i) => ({ ...i }));
  for (const r of remove) {
    const next: Interval[] = [];
    for (const i of result) {
      if (r.end <= i.start || i.end <= r.start) {
        next.push(i);
        continue;
      }
      if (i.start < r.start) next.push({ start: i.start, end: r.start });
      if (r.end < i.end) next.push({ start: r.end, end: i.end });
    }
    result = next;
  }
  return result;
}
