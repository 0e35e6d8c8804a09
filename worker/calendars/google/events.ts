import type { calendar_v3 } from "@googleapis/calendar";
import { z } from "zod";
import { CalendarError, type CalendarEventInput, type CalendarEventResult } from "../provider";
import type { TokenSource } from "./credentials";
import { withRetry, type RetryContext } from "./retry";

/** Where an event lives and who may write it: the rep's calendar, as the rep. */
export type EventTarget = { calendarId: string; source: TokenSource };

// Only the fields Baton reads back.
const eventSchema = z.object({ id: z.string(), hangoutLink: z.string().optional() });

/**
 * The event id Google stores, derived from the booking so that retrying an insert whose
 * answer was lost cannot create a second event. Google accepts ids of 5–1024 characters
 * from base32hex (a–v, 0–9), which hex digits satisfy.
 */
export async function eventIdFor(bookingId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(bookingId)));
  return `baton${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function location(input: CalendarEventInput): string | undefined {
  switch (input.location.kind) {
    case "url":
      return input.location.url;
    case "in_person":
      return input.location.address;
    case "phone":
      return "Phone call";
    case "google_meet":
      return undefined;
    case "teams":
      // Only Microsoft can mint a Teams link; a Google rep's invite says how to join.
      return "Microsoft Teams (the link follows by email)";
  }
}

/** The events.insert body: the rep and the lead as attendees, and a Meet link on request. */
export function eventBody(input: CalendarEventInput, id: string): calendar_v3.Schema$Event {
  return {
    id,
    summary: input.title,
    description: input.description,
    location: location(input),
    start: { dateTime: new Date(input.start).toISOString(), timeZone: input.timezone },
    end: { dateTime: new Date(input.end).toISOString(), timeZone: input.timezone },
    attendees: [
      { email: input.repEmail, displayName: input.repName, responseStatus: "accepted" },
      { email: input.leadEmail, ...(input.leadName ? { displayName: input.leadName } : {}) },
    ],
    ...(input.location.kind === "google_meet"
      ? {
          // requestId makes Meet creation idempotent across retries of the same booking.
          conferenceData: {
            createRequest: { requestId: id, conferenceSolutionKey: { type: "hangoutsMeet" } },
          },
        }
      : {}),
  };
}

const authHeader = async (target: EventTarget, signal: AbortSignal) => ({
  Authorization: `Bearer ${await target.source.token(signal)}`,
});

/**
 * Inserts the event with `sendUpdates=all`, so Google emails the invites. A 409 means an
 * earlier attempt of this booking already landed; that event is returned instead.
 */
export async function insertEvent(
  client: calendar_v3.Calendar,
  target: EventTarget,
  input: CalendarEventInput,
  retry: RetryContext,
): Promise<CalendarEventResult> {
  const id = await eventIdFor(input.bookingId);
  const ctx = {
    ...retry,
    onError: (e: CalendarError) => e.kind === "auth_broken" && target.source.invalidate(),
  };
  const data = await withRetry(async (signal) => {
    const headers = await authHeader(target, signal);
    try {
      const res = await client.events.insert(
        // conferenceDataVersion=1 is required, or Google ignores conferenceData.
        {
          calendarId: target.calendarId,
          sendUpdates: "all",
          conferenceDataVersion: 1,
          requestBody: eventBody(input, id),
        },
        { headers, signal },
      );
      return eventSchema.parse(res.data);
    } catch (err) {
      if ((err as { status?: number }).status !== 409) throw err;
      const res = await client.events.get(
        { calendarId: target.calendarId, eventId: id },
        { headers, signal },
      );
      return eventSchema.parse(res.data);
    }
  }, ctx);
  return data.hangoutLink ? { eventId: data.id, meetUrl: data.hangoutLink } : { eventId: data.id };
}

/** Deletes with `sendUpdates=all` (cancellations go out). Gone already (404/410) is success. */
export async function deleteEvent(
  client: calendar_v3.Calendar,
  target: EventTarget,
  eventId: string,
  retry: RetryContext,
): Promise<void> {
  const ctx = {
    ...retry,
    onError: (e: CalendarError) => e.kind === "auth_broken" && target.source.invalidate(),
  };
  try {
    await withRetry(async (signal) => {
      await client.events.delete(
        { calendarId: target.calendarId, eventId, sendUpdates: "all" },
        { headers: await authHeader(target, signal), signal },
      );
    }, ctx);
  } catch (err) {
    if (err instanceof CalendarError && err.kind === "not_found") return;
    throw err;
  }
}
