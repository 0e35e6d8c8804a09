/**
 * The meeting of a manage link as the visitor adds it to a calendar: an .ics file
 * (`/b/:bookingId/meeting.ics?token=…`) and Google Calendar's add-event page
 * (`/b/:bookingId/google?token=…`, a redirect). Built here rather than in widget.js: the file
 * then carries the meeting's real title, location and the UID of the emailed invite (so
 * importing both does not make two events), and the widget ships none of this code.
 */
import type { Context } from "hono";
import { icsEventOfBooking, type BookingRow } from "../booking/booking-queries";
import { eventInput } from "../booking/event";
import { locationText } from "../calendars/builtin";
import type { RoutingConfig } from "../core/config-doc";
import { buildIcs, icsUid, utcDateTime } from "../core/ics";
import type { Database } from "../db/client";
import { getLead } from "../leads/lead-queries";
import type { AppEnv } from "../http/hono-env";

type Meeting = { config: RoutingConfig; db: Database; booking: BookingRow };

/** The event as a calendar shows it; null when its lead or rep is gone. */
async function input(m: Meeting, manageUrl: string) {
  const lead = await getLead(m.db, m.booking.leadId);
  return lead ? eventInput(m.config, lead, m.booking, manageUrl) : null;
}

/** The manage link itself, without the `/meeting.ics` or `/google` step. */
function pageUrl(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  url.pathname = url.pathname.replace(/\/(meeting\.ics|google)$/, "");
  return url.toString();
}

/** `text/calendar` with METHOD:PUBLISH: a copy for the visitor's calendar, not an invitation. */
export async function icsFile(c: Context<AppEnv>, m: Meeting): Promise<Response | null> {
  const event = await input(m, pageUrl(c));
  if (!event) return null;
  const stored = await icsEventOfBooking(m.db, m.booking.id);
  const ics = buildIcs({
    method: "PUBLISH",
    uid: stored?.uid ?? icsUid(m.booking.id),
    sequence: stored?.sequence ?? 0,
    stamp: c.get("now"),
    start: event.start,
    end: event.end,
    summary: event.title,
    description: event.description,
    location: locationText(event.location),
    organizer: { email: event.repEmail, name: event.repName },
    attendees: [],
  });
  return c.body(ics, 200, {
    "Content-Type": "text/calendar; charset=utf-8; method=PUBLISH",
    "Content-Disposition": 'attachment; filename="meeting.ics"',
    "Cache-Control": "private, no-store",
  });
}

/** Google Calendar's documented event template (`render?action=TEMPLATE`), filled in. */
export async function googleCalendarRedirect(c: Context<AppEnv>, m: Meeting): Promise<Response | null> {
  const event = await input(m, pageUrl(c));
  if (!event) return null;
  const q = new URLSearchParams({
    action: "TEMPLATE",
    text: event.title,
    dates: `${utcDateTime(event.start)}/${utcDateTime(event.end)}`,
    details: event.description,
  });
  c.header("Cache-Control", "private, no-store");
  return c.redirect(`https://calendar.google.com/calendar/render?${q}`, 302);
}
