/**
 * Times as a visitor reads them: through Intl only, in their zone and language, so no zone
 * or locale data ships in any bundle. Shared by the widget's slot picker and the hosted pages.
 */

/** A bookable time, UTC ISO-8601. */
export type SlotTimes = { start: string; end: string };
export type SlotDay<S extends SlotTimes = SlotTimes> = {
  key: string;
  label: string;
  slots: { slot: S; time: string }[];
};

/** Slots grouped by calendar day in `timeZone`, in start order; the input is not changed. */
export function groupByDay<S extends SlotTimes>(slots: S[], timeZone: string, locale?: string): SlotDay<S>[] {
  const dayFmt = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
  });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" });
  const days: SlotDay<S>[] = [];
  // A sorted copy, not toSorted(): the embed targets es2020 browsers (Safari < 16 lacks it).
  // oxlint-disable-next-line unicorn/no-array-sort
  for (const slot of [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const at = new Date(slot.start);
    // The day's label is its key: weekday, month and day cannot repeat within years, and the
    // slots are sorted, so a new label is always a new day (one formatter less in widget.js).
    const label = dayFmt.format(at);
    let day = days[days.length - 1];
    if (day?.key !== label) days.push((day = { key: label, label, slots: [] }));
    day.slots.push({ slot, time: timeFmt.format(at) });
  }
  return days;
}

/** "Tuesday, 3 March 2026 at 10:00" in `timeZone` and `locale`. */
export function longDateTime(at: number, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "full", timeStyle: "short" }).format(at);
}

/** A few common zones for the zone switcher, after the visitor's own. */
export const COMMON_ZONES = [
  "America/Los_Angeles",
  "America/Denver",
  "America/Chicago",
  "America/New_York",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "UTC",
];

/** The switcher's choices: `current` first, then the common ones. */
export function zoneChoices(current: string): string[] {
  return [current, ...COMMON_ZONES.filter((z) => z !== current)];
}
