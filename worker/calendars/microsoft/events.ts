/**
 * Outlook events through Graph: create (https://learn.microsoft.com/graph/api/user-post-events),
 * update in place (PATCH, https://learn.microsoft.com/graph/api/event-update) and cancel
 * (https://learn.microsoft.com/graph/api/event-cancel). The rep's mailbox is the organizer,
 * so Exchange sends the invitation, the update and the cancellation to the attendees.
 */
import { z } from "zod";
import type { RetryContext } from "../google/retry";
import { CalendarError, type CalendarEventInput, type CalendarEventResult } from "../provider";
import type { TokenSource } from "./credentials";
import { graphRequest } from "./graph-http";

/** The mailbox an event lives in: `me` (rep's own connection) or `users/{mailbox}` (app-only). */
export type EventTarget = { via: string; source: TokenSource };

// Only the fields Baton reads back.
const eventSchema = z.object({
  id: z.string().min(1),
  onlineMeeting: z.object({ joinUrl: z.string().optional() }).nullish(),
});

/**
 * The event's `transactionId`: Graph uses it "to avoid redundant POST operations in case of
 * client retries to create the same event", so a retry whose first answer was lost cannot
 * create a second event. Derived from the booking, hence stable across the cron's retries.
 */
export const transactionIdFor = (bookingId: string) => `baton-${bookingId}`;

const graphDateTime = (ms: number) => ({
  dateTime: new Date(ms).toISOString().slice(0, 19),
  timeZone: "UTC",
});

function locationName(input: CalendarEventInput): string | undefined {
  switch (input.location.kind) {
    case "url":
      return input.location.url;
    case "in_person":
      return input.location.address;
    case "phone":
      return "Phone call";
    case "teams":
      return "Microsoft Teams meeting";
    case "google_meet":
      // Only Google can mint a Meet link; an Outlook rep's invite says how to join.
      return "Google Meet (the link follows by email)";
  }
}

/** The fields a create and an update share: what, when, where and with whom. */
function eventFields(input: CalendarEventInput) {
  const where = locationName(input);
  return {
    subject: input.title,
    body: { contentType: "text", content: input.description },
    start: graphDateTime(input.start),
    end: graphDateTime(input.end),
    ...(where ? { location: { displayName: where } } : {}),
    // The rep's mailbox organizes the meeting, so only the lead is an attendee.
    attendees: [
      {
        emailAddress: { address: input.leadEmail, ...(input.leadName ? { name: input.leadName } : {}) },
        type: "required",
      },
    ],
  };
}

/** The create body: a Teams meeting when the meeting type asks for one (isOnlineMeeting + teamsForBusiness). */
export function eventBody(input: CalendarEventInput) {
  return {
    ...eventFields(input),
    // Moves go through Baton's manage link, which keeps the booking and the rep's load right.
    allowNewTimeProposals: false,
    transactionId: transactionIdFor(input.bookingId),
    ...(input.location.kind === "teams"
      ? { isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness" }
      : {}),
  };
}

const result = (data: z.infer<typeof eventSchema>): CalendarEventResult =>
  data.onlineMeeting?.joinUrl
    ? { eventId: data.id, meetUrl: data.onlineMeeting.joinUrl }
    : { eventId: data.id };

const eventPath = (target: EventTarget, eventId?: string) =>
  `${target.via}/events${eventId ? `/${encodeURIComponent(eventId)}` : ""}`;

/** Creates the event; Exchange sends the invitation. Idempotent through `transactionId`. */
export async function createGraphEvent(
  root: string,
  target: EventTarget,
  input: CalendarEventInput,
  retry: RetryContext,
): Promise<CalendarEventResult> {
  const data = await graphRequest(
    root,
    target.source,
    { method: "POST", path: eventPath(target), body: eventBody(input) },
    eventSchema,
    retry,
  );
  return result(data!);
}

/** Moves the event (PATCH start, end and details); attendees get an update, not a new invite. */
export async function updateGraphEvent(
  root: string,
  target: EventTarget,
  eventId: string,
  input: CalendarEventInput,
  retry: RetryContext,
): Promise<CalendarEventResult> {
  const data = await graphRequest(
    root,
    target.source,
    { method: "PATCH", path: eventPath(target, eventId), body: eventFields(input) },
    eventSchema,
    retry,
  );
  return result(data ?? { id: eventId });
}

/** Cancels as the organizer (attendees get the cancellation). Gone already (404/410) is success. */
export async function cancelGraphEvent(
  root: string,
  target: EventTarget,
  eventId: string,
  retry: RetryContext,
): Promise<void> {
  try {
    await graphRequest(
      root,
      target.source,
      {
        method: "POST",
        path: `${eventPath(target, eventId)}/cancel`,
        body: { comment: "This meeting was canceled." },
      },
      null,
      retry,
    );
  } catch (err) {
    if (err instanceof CalendarError && err.kind === "not_found") return;
    throw err;
  }
}
