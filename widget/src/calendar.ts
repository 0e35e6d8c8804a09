/**
 * Pure helpers for the slot picker and the confirmation: grouping in a time zone (through
 * Intl only, so no zone data ships in the bundle) and add-to-calendar payloads.
 */
import type { BookingCreated, Slot } from "./types";

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

/** `20250101T090000Z`: the UTC form both ICS and Google Calendar take. */
export function compactUtc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.
const icsText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");

/** A minimal one-event calendar; the booking id is the UID so a re-import updates, not duplicates. */
export function icsFile(booking: BookingCreated, title: string, now: Date = new Date()): string {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Baton//Widget//EN",
    "BEGIN:VEVENT",
    `UID:${booking.bookingId}`,
    `DTSTAMP:${compactUtc(now.toISOString())}`,
    `DTSTART:${compactUtc(booking.start)}`,
    `DTEND:${compactUtc(booking.end)}`,
    `SUMMARY:${icsText(title)}`,
    `DESCRIPTION:${icsText(`Manage this booking: ${booking.manageUrl}`)}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

/** A data URL rather than a Blob URL: nothing to revoke, and it survives re-renders. */
export function icsHref(booking: BookingCreated, title: string): string {
  return `data:text/calendar;charset=utf-8,${encodeURIComponent(icsFile(booking, title))}`;
}

/** Google Calendar's event template link (the documented `render?action=TEMPLATE` form). */
export function googleCalendarHref(booking: BookingCreated, title: string): string {
  const q = new URLSearchParams({
    action: "TEMPLATE",
    text: title,
    dates: `${compactUtc(booking.start)}/${compactUtc(booking.end)}`,
    details: `Manage this booking: ${booking.manageUrl}`,
  });
  return `https://calendar.google.com/calendar/render?${q}`;
}
