/**
 * Conversions between UTC instants (epoch ms) and wall-clock time in IANA zones, using only
 * `Intl`. Everything else in Baton computes in UTC milliseconds and comes here at the edges.
 *
 * Offsets are read from the runtime's ICU data, so DST rules, half-hour zones
 * (Asia/Kolkata) and half-hour DST shifts (Australia/Lord_Howe) need no tables of our own.
 */

/** A calendar date with no zone: month 1-12, day 1-31. */
export type PlainDate = { year: number; month: number; day: number };

/** A wall-clock date and time with no zone. */
export type WallClock = PlainDate & { hour: number; minute: number; second?: number };

/** Wall-clock reading of an instant in a zone; `weekday` is ISO (1 = Monday … 7 = Sunday). */
export type ZonedDateTime = Required<WallClock> & { weekday: number };

/**
 * How to resolve a wall-clock time that a DST change skips (gap) or repeats (overlap).
 * "compatible" (the Temporal default): the earlier instant in an overlap, and in a gap the
 * time shifted forward by the gap's length (02:30 on a spring-forward day → 03:30).
 */
export type Disambiguation = "compatible" | "earlier" | "later";

/** One minute in ms. */
export const MINUTE_MS = 60_000;
/** 24 hours in ms: a UTC day, not a local one (see {@link dayLength}). */
export const DAY_MS = 86_400_000;
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Building a DateTimeFormat costs far more than using one, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Reads the wall clock of `instant` in `timeZone` through ICU (the slow, exact path). */
function formatZoned(instant: number, timeZone: string): ZonedDateTime {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === "weekday") out.weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  // Some ICU versions print midnight as "24" even with h23.
  if (out.hour === 24) out.hour = 0;
  return out;
}

function exactOffset(instant: number, timeZone: string): number {
  const z = formatZoned(instant, timeZone);
  const asUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second);
  // The formatter drops milliseconds, so compare against the instant floored to the second.
  return asUtc - Math.floor(instant / 1000) * 1000;
}

// formatToParts costs microseconds and a team decision needs dozens of offsets, so offsets
// are memoised per zone and quarter hour. A bucket is cached only when both its ends agree,
// i.e. no transition falls inside it (no zone changes offset twice in 15 minutes); buckets
// holding a transition are computed exactly every time.
const BUCKET_MS = 15 * MINUTE_MS;
const MAX_CACHED = 50_000;
const offsets = new Map<string, number | null>();

/** UTC offset of `timeZone` at `instant`, in ms (Berlin in summer: +7,200,000). */
export function offsetAt(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / BUCKET_MS);
  const key = `${timeZone}|${bucket}`;
  let cached = offsets.get(key);
  if (cached === undefined) {
    const first = exactOffset(bucket * BUCKET_MS, timeZone);
    const last = exactOffset((bucket + 1) * BUCKET_MS - 1000, timeZone);
    cached = first === last ? first : null;
    if (offsets.size >= MAX_CACHED) offsets.clear();
    offsets.set(key, cached);
  }
  return cached ?? exactOffset(instant, timeZone);
}

/** Reads the wall clock of `instant` in `timeZone`. Throws a RangeError for an unknown zone. */
export function toZoned(instant: number, timeZone: string): ZonedDateTime {
  const d = new Date(instant + offsetAt(instant, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
  };
}

/**
 * The instant at which `timeZone`'s clocks show `wall`. A skipped or repeated wall time is
 * resolved by `disambiguation` (see {@link Disambiguation}).
 */
export function toInstant(
  wall: WallClock,
  timeZone: string,
  disambiguation: Disambiguation = "compatible",
): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  // Zones change offset at most once within a day either side of any wall time (true of all
  // current tzdb rules), so the offsets a day before and after are the only candidates.
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const early = local - before;
  const late = local - after;
  const earlyValid = offsetAt(early, timeZone) === before;
  const lateValid = offsetAt(late, timeZone) === after;
  if (earlyValid && lateValid) {
    // Equal when no transition is near; different in an overlap (the wall time occurs twice).
    return disambiguation === "later" ? Math.max(early, late) : Math.min(early, late);
  }
  if (earlyValid) return early;
  if (lateValid) return late;
  // A gap: `early` reads the wall time with the pre-transition offset, which lands after the
  // jump (the forward shift); `late` lands before it.
  return disambiguation === "earlier" ? late : early;
}

/** The calendar date of `instant` in `timeZone`. */
export function toPlainDate(instant: number, timeZone: string): PlainDate {
  const { year, month, day } = toZoned(instant, timeZone);
  return { year, month, day };
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: PlainDate, days: number): PlainDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of a calendar date (1 = Monday … 7 = Sunday). */
export function weekdayOf(date: PlainDate): number {
  return ((new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7) + 1;
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** "YYYY-MM-DD" for a calendar date. */
export function formatDate(date: PlainDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses "YYYY-MM-DD" (already validated by the config schema). */
export function parseDate(iso: string): PlainDate {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/**
 * The first instant of a local calendar date. Where a DST change skips midnight (e.g.
 * America/Havana), the day starts at the first wall time that exists.
 */
export function startOfDate(date: PlainDate, timeZone: string): number {
  return toInstant({ ...date, hour: 0, minute: 0 }, timeZone, "compatible");
}

/** Start of the local day containing `instant`. */
export function startOfDay(instant: number, timeZone: string): number {
  return startOfDate(toPlainDate(instant, timeZone), timeZone);
}

/** Start of the local ISO week (Monday 00:00) containing `instant`. */
export function startOfWeek(instant: number, timeZone: string): number {
  const z = toZoned(instant, timeZone);
  return startOfDate(addDays(z, 1 - z.weekday), timeZone);
}

/** Start of the local calendar month containing `instant`. */
export function startOfMonth(instant: number, timeZone: string): number {
  const { year, month } = toPlainDate(instant, timeZone);
  return startOfDate({ year, month, day: 1 }, timeZone);
}

/** Start of the local day, week or month containing `instant`. */
export function startOfPeriod(instant: number, timeZone: string, period: "day" | "week" | "month"): number {
  if (period === "day") return startOfDay(instant, timeZone);
  if (period === "week") return startOfWeek(instant, timeZone);
  return startOfMonth(instant, timeZone);
}

/** Minutes since local midnight shown by the wall clock (ignores seconds). */
export function wallMinutes(z: WallClock): number {
  return z.hour * 60 + z.minute;
}

/** Length of a local day in ms: 23 h or 25 h on DST days, 23.5 h on Lord Howe's. */
export function dayLength(date: PlainDate, timeZone: string): number {
  return startOfDate(addDays(date, 1), timeZone) - startOfDate(date, timeZone);
}
