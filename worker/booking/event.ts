import { createCalendars, type CalendarDeps, type Calendars } from "../calendars";
import { CalendarError, type CalendarEventInput, type CalendarProvider } from "../calendars/provider";
import { repAnswers } from "../core/forms/answers";
import type { RoutingConfig } from "../core/config-doc";
import { getBooking, setCalendarState, type BookingRow } from "./booking-queries";
import type { Database } from "../db/client";
import { getLead, type LeadRow } from "../leads/lead-queries";
import { CATALOGUES, formatMessage } from "../core/i18n";
import { longDateTime } from "../core/i18n/dates";
import { DEFAULT_MEETING } from "./context";

const PLACEHOLDER = /\{\{\s*(lead|rep|team|org)\.([a-zA-Z0-9_.]+)\s*\}\}/g;

/** Fills a `{{lead.company}} <> {{rep.name}}` template; unknown values become empty. */
export function renderTemplate(template: string, values: Record<string, Record<string, unknown>>): string {
  const text = template.replace(PLACEHOLDER, (_, root: string, path: string) => {
    const value = values[root]?.[path];
    return typeof value === "string" || typeof value === "number" ? String(value) : "";
  });
  // A template whose lead fields were all missing would read " <> Rep"; trim the seams.
  return text.replace(/^[\s<>|-]+|[\s<>|-]+$/g, "").trim() || "Meeting";
}

function leadName(lead: LeadRow): string | null {
  const f = lead.fields;
  const parts = [f.first_name, f.last_name].filter((p): p is string => typeof p === "string" && p !== "");
  if (parts.length) return parts.join(" ");
  return typeof f.name === "string" ? f.name : null;
}

/**
 * The invite's description: who it is with, when in the visitor's zone and in UTC (an invite
 * shows its own zone, a forwarded email may not), and the manage link, in the language of
 * the lead's form ("browser" has no browser here: English).
 */
function describe(
  config: RoutingConfig,
  lead: LeadRow,
  booking: BookingRow,
  teamName: string | undefined,
  manageUrl: string | undefined,
): string {
  const chosen = config.forms.find((f) => f.id === lead.formId)?.language ?? "en";
  const lang = chosen === "browser" ? "en" : chosen;
  const m = CATALOGUES[lang];
  const zone = booking.timezone ?? config.org.timezone;
  const utc = new Date(booking.startAt).toISOString().slice(0, 16).replace("T", " ");
  const lines = [
    `Booked through ${config.org.name}${teamName ? ` with ${teamName}` : ""}.`,
    formatMessage(m.inviteWhen, { local: longDateTime(booking.startAt, zone, lang), zone, utc }),
  ];
  if (manageUrl) lines.push(formatMessage(m.inviteManage, { url: manageUrl }));
  // The answers the form shows reps (`repAnswers`); the visitor sees only their own words.
  const form = config.forms.find((f) => f.id === lead.formId);
  const answers = repAnswers(form, lead.fields).map((a) => `${a.label}: ${a.value}`);
  if (answers.length) lines.push("", ...answers);
  return lines.join("\n");
}

/**
 * The calendar event of a booking, as every provider receives it. Null when a side is gone.
 * `manageUrl` (a confirmed booking's link to its hosted page) goes into the description.
 */
export function eventInput(
  config: RoutingConfig,
  lead: LeadRow,
  booking: BookingRow,
  manageUrl?: string,
): CalendarEventInput | null {
  const rep = config.reps.find((r) => r.id === booking.repId);
  if (!rep || !lead.email) return null;
  const team = booking.teamId ? config.teams.find((t) => t.id === booking.teamId) : undefined;
  const meeting = team?.meetingType ?? DEFAULT_MEETING;
  const values = {
    lead: { ...lead.fields, email: lead.email },
    rep: { name: rep.name, email: rep.email, title: rep.title },
    team: { name: team?.name, id: team?.id },
    org: { name: config.org.name },
  };
  return {
    bookingId: booking.id,
    leadId: booking.leadId,
    repId: rep.id,
    repEmail: rep.email,
    repName: rep.name,
    leadEmail: lead.email,
    leadName: leadName(lead),
    start: booking.startAt,
    end: booking.endAt,
    title: renderTemplate(meeting.titleTemplate, values),
    description: describe(config, lead, booking, team?.name, manageUrl),
    timezone: rep.timezone,
    location: meeting.location,
  };
}

/** The request's calendars, with the config's team buffers and booking lookups wired in. */
export function requestCalendars(
  env: Env,
  db: Database,
  config: RoutingConfig,
  now: number,
  google?: CalendarDeps["google"],
): Calendars {
  return createCalendars({
    env,
    google,
    db,
    reps: config.reps,
    now,
    buffers: (teamId) => {
      const mt = config.teams.find((t) => t.id === teamId)?.meetingType ?? DEFAULT_MEETING;
      return { before: mt.bufferBeforeMinutes, after: mt.bufferAfterMinutes };
    },
    bookingEvent: async (bookingId) => {
      const booking = await getBooking(db, bookingId);
      const lead = booking && (await getLead(db, booking.leadId));
      const input = booking && lead && eventInput(config, lead, booking);
      return input ? { input, live: booking.status === "confirmed" } : null;
    },
    repContact: (repId) => {
      const rep = config.reps.find((r) => r.id === repId);
      return rep ? { email: rep.email, name: rep.name } : null;
    },
  });
}

/**
 * Creates the event, or moves the one a reschedule handed over (`calendarEventId` already set,
 * on a provider that updates in place); one the rep deleted meanwhile is created anew.
 */
async function writeEvent(provider: CalendarProvider, eventId: string | null, input: CalendarEventInput) {
  if (!eventId || !provider.updateEvent) return provider.createEvent(input);
  try {
    return await provider.updateEvent(eventId, input);
  } catch (err) {
    if (err instanceof CalendarError && err.kind === "not_found") return provider.createEvent(input);
    throw err;
  }
}

/**
 * Creates (or, for a cancelled booking, cancels) the calendar side of a booking. Never
 * throws: a failure leaves the booking `pending` for the retry job, so the visitor's
 * confirmation never depends on Google being up. Returns the state it recorded.
 */
export async function syncCalendar(
  db: Database,
  calendars: Calendars,
  config: RoutingConfig,
  lead: LeadRow,
  booking: BookingRow,
  manageUrl?: string,
): Promise<"synced" | "pending" | "failed"> {
  const attempts = booking.calendarAttempts + 1;
  const rep = config.reps.find((r) => r.id === booking.repId);
  const input = eventInput(config, lead, booking, manageUrl);
  if (!rep || !input) {
    await setCalendarState(db, booking.id, { calendarSyncStatus: "failed", calendarAttempts: attempts });
    return "failed";
  }
  try {
    const provider = await calendars.forRep(rep);
    if (booking.status === "confirmed") {
      const { eventId } = await writeEvent(provider, booking.calendarEventId, input);
      await setCalendarState(db, booking.id, {
        calendarSyncStatus: "synced",
        calendarEventId: eventId,
        calendarAttempts: attempts,
      });
    } else {
      if (booking.calendarEventId) await provider.cancelEvent(rep.id, booking.calendarEventId);
      await setCalendarState(db, booking.id, { calendarSyncStatus: "synced", calendarAttempts: attempts });
    }
    return "synced";
  } catch (err) {
    const reason = err instanceof Error ? err.message : "calendar error";
    console.warn(
      JSON.stringify({ level: "warn", msg: "calendar side pending", bookingId: booking.id, reason }),
    );
    await setCalendarState(db, booking.id, { calendarSyncStatus: "pending", calendarAttempts: attempts });
    return "pending";
  }
}

/**
 * Hands a rescheduled booking's Outlook event to its successor when the same rep keeps the
 * meeting: the successor's sync then PATCHes the event (one meeting, moved, with an update to
 * the attendees) and the old booking has nothing left to cancel. Other moves (another rep,
 * another provider) cancel the old event and create a new one. Returns both rows as stored.
 */
export async function handOverEvent(
  db: Database,
  old: BookingRow,
  successor: BookingRow,
): Promise<{ old: BookingRow; successor: BookingRow }> {
  const eventId = old.calendarEventId;
  const inPlace =
    eventId &&
    old.repId === successor.repId &&
    old.calendarProvider === "microsoft" &&
    successor.calendarProvider === "microsoft";
  if (!inPlace) return { old, successor };
  await db.batch([
    setCalendarState(db, old.id, { calendarSyncStatus: old.calendarSyncStatus, calendarEventId: null }),
    setCalendarState(db, successor.id, { calendarSyncStatus: "pending", calendarEventId: eventId }),
  ]);
  return { old: { ...old, calendarEventId: null }, successor: { ...successor, calendarEventId: eventId } };
}
