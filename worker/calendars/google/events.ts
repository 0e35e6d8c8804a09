import { z } from "zod";
import { CalendarError, type CalendarEventInput, type CalendarEventResult } from "../provider";
import type { TokenSource } from "./credentials";
import { eventsPath, googleFetch } from "./google-http";
import { GoogleCallError, withRetry, type RetryContext } from "./retry";

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

/**
 * The events.insert body (Google's Event resource, only the fields Baton sets): the rep and
 * the lead as attendees, and a Meet link on request.
 */
export function eventBody(input: CalendarEventInput, id: string) {
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

/**
 * Inserts the event with `sendUpdates=all`, so Google emails the invites. A 409 means an
 * earlier attempt of this booking already landed; that event is returned instead.
 */
export async function insertEvent(
  apiRoot: string,
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
    const token = await target.source.token(signal);
    try {
      const created = await googleFetch(
        apiRoot,
        token,
        {
          method: "POST",
          path: eventsPath(target.calendarId),
          // conferenceDataVersion=1 is required, or Google ignores conferenceData.
          query: { sendUpdates: "all", conferenceDataVersion: "1" },
          body: eventBody(input, id),
        },
        signal,
      );
      return eventSchema.parse(created);
    } catch (err) {
      if (!(err instanceof GoogleCallError && err.status === 409)) throw err;
      const existing = await googleFetch(
        apiRoot,
        token,
        { method: "GET", path: eventsPath(target.calendarId, id) },
        signal,
      );
      return eventSchema.parse(existing);
    }
  }, ctx);
  return data.hangoutLink ? { eventId: data.id, meetUrl: data.hangoutLink } : { eventId: data.id };
}

/** Deletes with `sendUpdates=all` (cancellations go out). Gone already (404/410) is success. */
export async function deleteEvent(
  apiRoot: string,
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
      await googleFetch(
        apiRoot,
        await target.source.token(signal),
        { method: "DELETE", path: eventsPath(target.calendarId, eventId), query: { sendUpdates: "all" } },
        signal,
      );
    }, ctx);
  } catch (err) {
    if (err instanceof CalendarError && err.kind === "not_found") return;
    throw err;
  }
}
