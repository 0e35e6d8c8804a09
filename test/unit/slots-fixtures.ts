import type { SlotRep, SlotRules } from "../../worker/core/slots";
import { formatDate, toZoned } from "../../worker/core/time";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const at = (iso: string) => Date.parse(iso);
export const iso = (ms: number) => new Date(ms).toISOString();

type Hours = { start: string; end: string }[];
export const NINE_TO_FIVE: Hours = [{ start: "09:00", end: "17:00" }];
export const ALL_DAY: Hours = [{ start: "00:00", end: "24:00" }];

/** The same hours on all seven days, so transition Sundays are working days too. */
export function everyDay(hours: Hours) {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours };
}

export function slotRep(timezone: string, extra: Partial<SlotRep> = {}): SlotRep {
  return {
    id: "r1",
    timezone,
    workingHours: everyDay(NINE_TO_FIVE),
    dateOverrides: [],
    ooo: [],
    busy: [],
    ...extra,
  };
}

/** Rules with no notice, buffers or cap, so a test sees only what it sets. */
export function rules(extra: Partial<SlotRules> = {}): SlotRules {
  return {
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 0,
    horizonDays: 90,
    slotIntervalMinutes: 30,
    ...extra,
  };
}

/** "YYYY-MM-DD HH:MM" on the wall clock of `timeZone`. */
export function wall(instant: number, timeZone: string): string {
  const z = toZoned(instant, timeZone);
  return `${formatDate(z)} ${String(z.hour).padStart(2, "0")}:${String(z.minute).padStart(2, "0")}`;
}

/** Local start times grouped by local date: { "2026-03-08": ["09:00", …] }. */
export function byLocalDate(starts: number[], timeZone: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of starts) {
    const [date, time] = wall(s, timeZone).split(" ") as [string, string];
    (out[date] ??= []).push(time);
  }
  return out;
}

const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** "09:00", "09:30", … for starts in [from, to) minutes, every `step`. */
export function grid(from: string, to: string, step = 30): string[] {
  const out: string[] = [];
  for (let x = m(from); x < m(to); x += step) {
    out.push(`${String(Math.floor(x / 60)).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}`);
  }
  return out;
}
