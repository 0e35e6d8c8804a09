import { escapeText, foldLine, utcDateTime } from "./text";

/** A person on the invite. */
export type IcsPerson = { email: string; name?: string | null };

/**
 * One meeting as an iTIP message (RFC 5546): a REQUEST creates or updates, CANCEL removes;
 * PUBLISH (§3.2.1) is a copy for the holder's own calendar, as the visitor downloads it.
 */
export type IcsInvite = {
  method: "REQUEST" | "CANCEL" | "PUBLISH";
  /** Stable for the life of the booking, so calendars update the event instead of adding one. */
  uid: string;
  /** 0 when created, then one more for every update (reschedule, cancel). */
  sequence: number;
  /** When this message was made (DTSTAMP), UTC epoch ms. */
  stamp: number;
  start: number;
  end: number;
  summary: string;
  description?: string;
  location?: string;
  organizer: IcsPerson;
  attendees: IcsPerson[];
};

const PRODID = "-//Baton//Baton Scheduling//EN";

function person(p: IcsPerson): string {
  // CN is a parameter value: quoted, and quotes are not allowed inside (RFC 5545 §3.2).
  return p.name ? `;CN="${p.name.replaceAll('"', "'")}"` : "";
}

/**
 * The .ics text of an invite or cancellation, CRLF line endings and folded lines. Times are
 * UTC, so no VTIMEZONE is needed; every calendar shows them in its own zone. Pure: `stamp`
 * comes from the caller.
 */
export function buildIcs(invite: IcsInvite): string {
  const cancel = invite.method === "CANCEL";
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${invite.method}`,
    "BEGIN:VEVENT",
    `UID:${invite.uid}`,
    `SEQUENCE:${invite.sequence}`,
    `DTSTAMP:${utcDateTime(invite.stamp)}`,
    `DTSTART:${utcDateTime(invite.start)}`,
    `DTEND:${utcDateTime(invite.end)}`,
    `SUMMARY:${escapeText(invite.summary)}`,
    ...(invite.description ? [`DESCRIPTION:${escapeText(invite.description)}`] : []),
    ...(invite.location ? [`LOCATION:${escapeText(invite.location)}`] : []),
    `ORGANIZER${person(invite.organizer)}:mailto:${invite.organizer.email}`,
    ...invite.attendees.map(
      (a) => `ATTENDEE${person(a)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.email}`,
    ),
    `STATUS:${cancel ? "CANCELLED" : "CONFIRMED"}`,
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/**
 * The iTIP method of an .ics text (REQUEST, CANCEL, …), for the `method=` parameter of its
 * `text/calendar` MIME type, which RFC 6047 §2.4 requires to match the METHOD property.
 */
export function icsMethod(ics: string): string | null {
  return /^METHOD:([A-Z-]+)\r?$/m.exec(ics)?.[1] ?? null;
}
