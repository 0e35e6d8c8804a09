/** Weekly hours as the rep types them: one line per day, "09:00-12:00, 13:00-17:00". Pure. */
import type { RepHours } from "../../../worker/reps/contract";

type Week = RepHours["workingHours"];
export const DAYS = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
] as const;
export type Day = (typeof DAYS)[number][0];

/** A day's intervals as text; a day off is empty. */
export function dayText(week: Week, day: Day): string {
  return (week[day] ?? []).map((i) => `${i.start}-${i.end}`).join(", ");
}

const INTERVAL = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/;
const pad = (t: string) => t.padStart(5, "0");

/**
 * The week from each day's text, or the first line that does not read as intervals. Only the
 * shape is checked here; the server validates the times (order, overlap, range) and says why.
 */
export function parseWeek(texts: Record<Day, string>): { week: Week } | { error: string } {
  const week: Week = {};
  for (const [day, label] of DAYS) {
    const text = texts[day].trim();
    if (!text) continue;
    const intervals = [];
    for (const part of text.split(",")) {
      const m = INTERVAL.exec(part.trim());
      if (!m) return { error: `${label}: write hours like 09:00-17:00, separated by commas.` };
      intervals.push({ start: pad(m[1]!), end: pad(m[2]!) });
    }
    week[day] = intervals;
  }
  return { week };
}
