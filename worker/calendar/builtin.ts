import { buildIcs, type IcsInvite } from "../core/ics";
import { confirmedBookingsQuery, IN_CHUNK } from "../db/bookings";
import { blocksInRangeQuery } from "../db/calendar-blocks";
import type { Database } from "../db/client";
import type { NotificationMessage } from "../queue/notifications";
import { CalendarError, type BusyResult, type CalendarEventInput, type CalendarProvider } from "./provider";

/** Minutes kept free around a booking, by the team it was booked through. */
export type BufferLookup = (teamId: string | null) => { before: number; after: number };

export type BuiltinDeps = {
  db: Database;
  queue: Queue<NotificationMessage>;
  buffers: BufferLookup;
  /** The event as it was created, to build its cancellation; null when unknown. */
  eventFor: (eventId: string) => Promise<CalendarEventInput | null>;
  /** DTSTAMP of the messages; the request's `now`. */
  now: number;
};

const MINUTE_MS = 60_000;

/** "j***@example.com": enough for an operator to tell deliveries apart, no full address in logs. */
export function redactEmail(email: string): string {
  const at = email.indexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}

function locationText(location: CalendarEventInput["location"]): string {
  if (location.kind === "url") return location.url;
  if (location.kind === "in_person") return location.address;
  // Only Google can mint a Meet link; a builtin calendar says how the rep will reach out.
  return location.kind === "phone" ? "Phone call" : "Online (the link follows by email)";
}

function invite(
  input: CalendarEventInput,
  method: "REQUEST" | "CANCEL",
  sequence: number,
  now: number,
): IcsInvite {
  return {
    method,
    uid: eventIdFor(input.bookingId),
    sequence,
    stamp: now,
    start: input.start,
    end: input.end,
    summary: input.title,
    description: input.description,
    location: locationText(input.location),
    organizer: { email: input.repEmail, name: input.repName },
    attendees: [
      { email: input.leadEmail, name: input.leadName },
      { email: input.repEmail, name: input.repName },
    ],
  };
}

/** The plain-text body the email channel requires next to the attached invite. */
function mailText(input: CalendarEventInput, method: "REQUEST" | "CANCEL"): string {
  const when = `${new Date(input.start).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const what = method === "REQUEST" ? "is booked" : "was canceled";
  const minutes = Math.round((input.end - input.start) / 60_000);
  return `${input.title} ${what}: ${when}, ${minutes} minutes with ${input.repName}.\nThe attached invite adds it to your calendar.`;
}

/** The builtin event id is the invite's UID: stable for the booking's life. */
export function eventIdFor(bookingId: string): string {
  return `${bookingId}@baton`;
}

/**
 * The embedded calendar: busy time is Baton's own confirmed bookings (with their teams'
 * buffers) plus the admin's manual blocks, and an event is an RFC 5545 invite queued by email to the lead and the rep.
 * Where no email channel is registered, the notifications consumer logs these messages as an
 * unknown channel ("dead") and nothing is sent.
 */
export function createBuiltinProvider(deps: BuiltinDeps): CalendarProvider {
  const send = async (input: CalendarEventInput, method: "REQUEST" | "CANCEL", sequence: number) => {
    const ics = buildIcs(invite(input, method, sequence, deps.now));
    const text = mailText(input, method);
    const eventType = method === "REQUEST" ? "meeting.booked" : "meeting.canceled";
    const subject = method === "REQUEST" ? `Invitation: ${input.title}` : `Canceled: ${input.title}`;
    const messages = [input.leadEmail, input.repEmail].map((to, i) => ({
      body: {
        // Stable across retries of this very message, so the delivery log groups attempts.
        id: `${eventIdFor(input.bookingId)}:${sequence}:${i === 0 ? "lead" : "rep"}`,
        channel: "email",
        eventType,
        target: redactEmail(to),
        payload: { to, subject, text, ics },
      } satisfies NotificationMessage,
    }));
    try {
      await deps.queue.sendBatch(messages);
    } catch (err) {
      throw new CalendarError(`queueing the invite failed: ${String(err)}`, "unavailable", true);
    }
  };
  return {
    kind: "builtin",
    busy: (repIds, from, to) => builtinBusy(deps, repIds, from, to),
    async createEvent(input) {
      await send(input, "REQUEST", 0);
      return { eventId: eventIdFor(input.bookingId) };
    },
    async cancelEvent(_repId, eventId) {
      const input = await deps.eventFor(eventId);
      if (input) await send(input, "CANCEL", 1);
    },
  };
}

async function builtinBusy(
  deps: BuiltinDeps,
  repIds: readonly string[],
  from: number,
  to: number,
): Promise<BusyResult> {
  const busy = new Map(repIds.map((id) => [id, [] as { start: number; end: number }[]]));
  const unavailable = new Map<string, string>();
  try {
    for (let i = 0; i < repIds.length; i += IN_CHUNK) {
      const part = repIds.slice(i, i + IN_CHUNK);
      // One round trip for both reads. Bookings are widened by the largest buffer a team may
      // set (240 min) so a neighbour's buffer is seen; blocks carry no buffer.
      const [bookings, blocks] = await deps.db.batch([
        confirmedBookingsQuery(deps.db, part, from - 240 * MINUTE_MS, to + 240 * MINUTE_MS),
        blocksInRangeQuery(deps.db, part, from, to),
      ]);
      for (const row of bookings) {
        const { before, after } = deps.buffers(row.teamId);
        busy
          .get(row.repId)
          ?.push({ start: row.startAt - before * MINUTE_MS, end: row.endAt + after * MINUTE_MS });
      }
      for (const row of blocks) busy.get(row.repId)?.push({ start: row.startAt, end: row.endAt });
    }
  } catch (err) {
    for (const id of repIds)
      unavailable.set(id, `busy time unreadable: ${err instanceof Error ? err.message : "error"}`);
  }
  return { busy, unavailable };
}
