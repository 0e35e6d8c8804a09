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

const COMMON_ZONES = [
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

/** The switcher's choices: the detected zone first, then a few common ones. */
export function zoneChoices(detected: string): string[] {
  return [detected, ...COMMON_ZONES.filter((z) => z !== detected)];
}

export type SlotDay = { key: string; label: string; slots: { slot: Slot; time: string }[] };

/** Slots grouped by calendar day in `timeZone`, in start order; the input is not changed. */
export function groupByDay(slots: Slot[], timeZone: string, locale?: string): SlotDay[] {
  const keyFmt = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  const dayFmt = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
  });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" });
  const days: SlotDay[] = [];
  // A sorted copy, not toSorted(): the embed targets es2020 browsers (Safari < 16 lacks it).
  // oxlint-disable-next-line unicorn/no-array-sort
  for (const slot of [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const at = new Date(slot.start);
    const key = keyFmt.format(at);
    let day = days[days.length - 1];
    if (day?.key !== key) days.push((day = { key, label: dayFmt.format(at), slots: [] }));
    day.slots.push({ slot, time: timeFmt.format(at) });
  }
  return days;
}

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
