import type { IcsInvite } from "./invite";

/**
 * One builtin calendar event across its life (RFC 5546 §2.1.4): the UID it was first sent
 * with, the booking it stands for now (a reschedule hands it to the successor booking), and
 * the SEQUENCE of its latest change. A change's SEQUENCE is fixed when the change is stored,
 * before anything is sent, so a retried send repeats it instead of counting it twice.
 */
export type IcsEvent = { uid: string; bookingId: string; sequence: number; canceled: boolean };

/** What a calendar shows of one meeting; the rest of an invite comes from the event. */
export type IcsMeeting = Omit<IcsInvite, "method" | "uid" | "sequence">;

/** The UID of the event a booking opens; it stays the same through every reschedule. */
export function icsUid(bookingId: string): string {
  return `${bookingId}@baton`;
}

/** The event a new booking opens: its own UID, SEQUENCE 0. */
export function openedEvent(bookingId: string): IcsEvent {
  return { uid: icsUid(bookingId), bookingId, sequence: 0, canceled: false };
}

/**
 * A reschedule: the same UID, one SEQUENCE more, now standing for the successor booking, so
 * calendars move the meeting. A canceled event cannot move (null).
 */
export function movedEvent(event: IcsEvent, successorBookingId: string): IcsEvent | null {
  if (event.canceled) return null;
  return { ...event, bookingId: successorBookingId, sequence: event.sequence + 1 };
}

/** A cancellation: one SEQUENCE more, once; cancelling a canceled event changes nothing. */
export function canceledEvent(event: IcsEvent): IcsEvent {
  return event.canceled ? event : { ...event, sequence: event.sequence + 1, canceled: true };
}

/** The iTIP message that announces the event's latest change: REQUEST while live, else CANCEL. */
export function itipMessage(event: IcsEvent, meeting: IcsMeeting): IcsInvite {
  return {
    ...meeting,
    method: event.canceled ? "CANCEL" : "REQUEST",
    uid: event.uid,
    sequence: event.sequence,
  };
}
