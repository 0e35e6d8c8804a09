import {
  buildIcs,
  canceledEvent,
  itipMessage,
  movedEvent,
  openedEvent,
  type IcsEvent,
  type IcsMeeting,
  type IcsPerson,
} from "../core/ics";
import {
  confirmedBookingsQuery,
  icsEventByUid,
  icsEventOfBooking,
  saveIcsEvent,
} from "../booking/booking-queries";
import { blocksInRangeQuery } from "./block-queries";
import { IN_CHUNK } from "../db/in-chunks";
import type { Database } from "../db/client";
import type { NotificationMessage } from "../notify/channel";
import { CalendarError, type BusyResult, type CalendarEventInput, type CalendarProvider } from "./provider";

/** Minutes kept free around a booking, by the team it was booked through. */
export type BufferLookup = (teamId: string | null) => { before: number; after: number };

export type BuiltinDeps = {
  db: Database;
  queue: Queue<NotificationMessage>;
  buffers: BufferLookup;
  /** A booking's event as it stands now, and whether the booking is still confirmed; null when unknown. */
  bookingEvent: (bookingId: string) => Promise<{ input: CalendarEventInput; live: boolean } | null>;
  /** A rep's address, for the cancellation a rep gets when a reschedule gives the meeting to another rep. */
  repContact: (repId: string) => { email: string; name: string } | null;
  /** DTSTAMP of the messages; the request's `now`. */
  now: number;
};

const MINUTE_MS = 60_000;
const UID_SUFFIX = "@baton";

/** "j***@example.com": enough for an operator to tell deliveries apart, no full address in logs. */
export function redactEmail(email: string): string {
  const at = email.indexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}

/** The LOCATION text of a builtin invite (and of the visitor's downloadable calendar file). */
export function locationText(location: CalendarEventInput["location"]): string {
  if (location.kind === "url") return location.url;
  if (location.kind === "in_person") return location.address;
  // Only Google can mint a Meet link; a builtin calendar says how the rep will reach out.
  return location.kind === "phone" ? "Phone call" : "Online (the link follows by email)";
}

function meeting(input: CalendarEventInput, now: number, attendees: IcsPerson[]): IcsMeeting {
  return {
    stamp: now,
    start: input.start,
    end: input.end,
    summary: input.title,
    description: input.description,
    location: locationText(input.location),
    organizer: { email: input.repEmail, name: input.repName },
    attendees,
  };
}

/** Who a message goes to: the lead, the booking's rep, or a rep a reschedule took off the meeting. */
type Recipient = IcsPerson & { role: "lead" | "rep" | "rep-removed" };

/** Subject, plain-text body (the email channel requires one next to the invite) and log label. */
function mail(input: CalendarEventInput, event: IcsEvent, role: Recipient["role"]) {
  const when = `${new Date(input.start).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const minutes = Math.round((input.end - input.start) / 60_000);
  const meetingLine = `${when}, ${minutes} minutes with ${input.repName}`;
  if (role === "rep-removed")
    return {
      subject: `Canceled: ${input.title}`,
      text: `${input.title} moved to ${input.repName} (${when}).\nThe attached cancellation removes it from your calendar.`,
      eventType: "meeting.canceled",
    };
  if (event.canceled)
    return {
      subject: `Canceled: ${input.title}`,
      text: `${input.title} was canceled: ${meetingLine}.\nThe attached cancellation removes it from your calendar.`,
      eventType: "meeting.canceled",
    };
  if (event.sequence > 0)
    return {
      subject: `Updated invitation: ${input.title}`,
      text: `${input.title} was moved: ${meetingLine}.\nThe attached invite updates it in your calendar.\n\n${input.description}`,
      eventType: "meeting.booked",
    };
  return {
    subject: `Invitation: ${input.title}`,
    text: `${input.title} is booked: ${meetingLine}.\nThe attached invite adds it to your calendar.\n\n${input.description}`,
    eventType: "meeting.booked",
  };
}

/**
 * Queues the message announcing the event's latest change. Message ids are
 * `<uid>:<sequence>:<role>`: stable across retries of one change, so the delivery log groups
 * its attempts, and new for every change. A removed rep gets a CANCEL of the live event (RFC
 * 5546 §3.2.5, uninviting an attendee) that names only that rep.
 */
async function send(deps: BuiltinDeps, input: CalendarEventInput, event: IcsEvent, to: Recipient[]) {
  const attendees = to.map((r) => ({ email: r.email, name: r.name }));
  const message = itipMessage(event, meeting(input, deps.now, attendees));
  const removal = to.some((r) => r.role === "rep-removed");
  const ics = buildIcs(removal ? { ...message, method: "CANCEL" } : message);
  const messages = to.map((r) => {
    const { subject, text, eventType } = mail(input, event, r.role);
    return {
      body: {
        id: `${event.uid}:${event.sequence}:${r.role}`,
        leadId: input.leadId,
        bookingId: input.bookingId,
        channel: "email",
        eventType,
        target: redactEmail(r.email),
        payload: { to: r.email, subject, text, ics },
      } satisfies NotificationMessage,
    };
  });
  try {
    await deps.queue.sendBatch(messages);
  } catch (err) {
    throw new CalendarError(`queueing the invite failed: ${String(err)}`, "unavailable", true);
  }
}

const invitees = (input: CalendarEventInput): Recipient[] => [
  { email: input.leadEmail, name: input.leadName, role: "lead" },
  { email: input.repEmail, name: input.repName, role: "rep" },
];

/**
 * The event a booking stands for, opened (UID from the booking, SEQUENCE 0) on its first
 * invite. Null when the booking's own UID already belongs to a successor: a stale retry of a
 * booking that was rescheduled meanwhile, which must not send.
 */
async function eventOf(deps: BuiltinDeps, bookingId: string): Promise<IcsEvent | null> {
  // Insert first: a new booking (the common case) costs one statement; a successor or a
  // retry already has its row, which the insert leaves alone.
  const opened = openedEvent(bookingId);
  if (await saveIcsEvent(deps.db, opened, null, deps.now)) return opened;
  return icsEventOfBooking(deps.db, bookingId);
}

/**
 * The event with this UID. Events sent before migration 0005 have no row: their UID is their
 * booking's id with "@baton", and they were sent with SEQUENCE 0 and never moved.
 */
async function eventByUid(deps: BuiltinDeps, uid: string): Promise<IcsEvent | null> {
  const found = await icsEventByUid(deps.db, uid);
  if (found || !uid.endsWith(UID_SUFFIX)) return found;
  const opened = openedEvent(uid.slice(0, -UID_SUFFIX.length));
  await saveIcsEvent(deps.db, opened, null, deps.now);
  return icsEventByUid(deps.db, uid);
}

/** Stores the cancellation once; a retry, or a race lost to another attempt, reuses what is stored. */
async function cancelStored(deps: BuiltinDeps, event: IcsEvent): Promise<IcsEvent> {
  const next = canceledEvent(event);
  if (next === event || (await saveIcsEvent(deps.db, next, event, deps.now))) return next;
  return (await icsEventByUid(deps.db, event.uid)) ?? next;
}

/**
 * Hands the builtin event of a rescheduled booking to its successor: same UID, SEQUENCE + 1,
 * so the successor's invite moves the meeting in the attendees' calendars instead of adding a
 * second one. Call it once the old booking left `confirmed` and before either side syncs;
 * running it again changes nothing (the event no longer stands for the old booking). Never
 * throws: without the move, the old event is cancelled and the successor opens its own.
 */
export async function moveBuiltinEvent(
  db: Database,
  oldBookingId: string,
  successorBookingId: string,
  now: number,
): Promise<void> {
  try {
    const found = await icsEventOfBooking(db, oldBookingId);
    // No row: an event from before migration 0005, or one never sent; it keeps the old UID.
    const next = movedEvent(found ?? openedEvent(oldBookingId), successorBookingId);
    if (next) await saveIcsEvent(db, next, found, now);
  } catch (err) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "builtin event not moved",
        bookingId: oldBookingId,
        error: String(err),
      }),
    );
  }
}

/**
 * The embedded calendar: busy time is Baton's own confirmed bookings (with their teams'
 * buffers) plus the admin's manual blocks, and an event is an RFC 5545 invite queued by email
 * to the lead and the rep. Every change of one meeting (book, reschedule, cancel) is an iTIP
 * message about one UID with a higher SEQUENCE. Where no email channel is registered, the
 * notifications consumer logs these messages as an unknown channel ("dead") and nothing is sent.
 */
export function createBuiltinProvider(deps: BuiltinDeps): CalendarProvider {
  return {
    kind: "builtin",
    busy: (repIds, from, to) => builtinBusy(deps, repIds, from, to),
    async createEvent(input) {
      const event = await eventOf(deps, input.bookingId);
      if (event && !event.canceled) await send(deps, input, event, invitees(input));
      return { eventId: event?.uid ?? openedEvent(input.bookingId).uid };
    },
    async cancelEvent(repId, eventId) {
      const event = await eventByUid(deps, eventId);
      const current = event && (await deps.bookingEvent(event.bookingId));
      if (!event || !current) return;
      if (current.live) {
        // The meeting lives on in a successor booking: only a rep it no longer has hears of it.
        const removed = current.input.repId === repId ? null : deps.repContact(repId);
        if (removed) await send(deps, current.input, event, [{ ...removed, role: "rep-removed" }]);
        return;
      }
      const canceled = await cancelStored(deps, event);
      await send(deps, current.input, canceled, invitees(current.input));
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
