/**
 * Pure helpers for the slot picker: grouping in a time zone (through Intl only, so no zone
 * data ships in the bundle). The add-to-calendar links come with the booking answer
 * (`icsUrl`, `googleCalendarUrl`): the server builds the calendar file, not widget.js.
 */
import type { Slot } from "./types";

/** The visitor's zone, or UTC when the browser will not say. */
export function detectedTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export { groupByDay, zoneChoices, type SlotDay } from "../../worker/core/i18n/dates";

/** Adds `more` to `slots`, once per start. */
export function mergeSlots(slots: Slot[], more: Slot[]): Slot[] {
  const seen = new Set(slots.map((s) => s.start));
  return [...slots, ...more.filter((s) => !seen.has(s.start))];
}
