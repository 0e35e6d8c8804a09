import type { CalendarEventInput } from "../../worker/calendars/provider";

/**
 * The builder of the 30-minute booking both vendors' event tests send to the rep `email`, at
 * `start`, with `location`; `extra` overrides any field.
 */
export function eventInput(
  repId: string,
  email: string,
  start: number,
  location: CalendarEventInput["location"],
) {
  return (extra: Partial<CalendarEventInput> = {}): CalendarEventInput => ({
    bookingId: crypto.randomUUID(),
    leadId: "lead-1",
    repId,
    repEmail: email,
    repName: "Ana Rep",
    leadEmail: "lead@globex.test",
    leadName: "Lou Lead",
    start,
    end: start + 30 * 60_000,
    title: "Intro call: Globex",
    description: "Booked through Baton.",
    timezone: "America/New_York",
    location,
    ...extra,
  });
}
