/**
 * One interface for every calendar behind a rep: `builtin` (Baton's own bookings and manual
 * blocks, no setup), `google` (free/busy and events through Google's REST API) and `microsoft`
 * (Outlook through Microsoft Graph). Scheduling and booking code talks only to this.
 */

/** A busy span in UTC epoch milliseconds, half-open: [start, end). */
export type BusyInterval = { start: number; end: number };

/** Busy time per rep id. A rep whose calendar could not be read is in `unavailable`. */
export type BusyResult = {
  busy: Map<string, BusyInterval[]>;
  /** Reps whose provider failed (timeout, 5xx, broken connection), with a short reason. */
  unavailable: Map<string, string>;
  /**
   * Reps whose calendar connection is dead (revoked token, consent withdrawn), with the reason:
   * they are offered on Baton's own busy time (the builtin view) until someone reconnects,
   * instead of offering nothing. Only providers that choose this fill it.
   */
  fallback?: Map<string, string>;
};

export type CalendarEventInput = {
  bookingId: string;
  /** The booking's lead: the invite's delivery rows carry it. */
  leadId: string;
  repId: string;
  repEmail: string;
  repName: string;
  leadEmail: string;
  leadName: string | null;
  start: number;
  end: number;
  title: string;
  description: string;
  /** Time zone to show the event in (the rep's). */
  timezone: string;
  location:
    | { kind: "google_meet" }
    | { kind: "teams" }
    | { kind: "phone" }
    | { kind: "url"; url: string }
    | { kind: "in_person"; address: string };
};

export type CalendarEventResult = { eventId: string; meetUrl?: string };

export interface CalendarProvider {
  readonly kind: "builtin" | "google" | "microsoft";
  /** Busy time for these reps within [from, to). Never throws: failures go to `unavailable`. */
  busy(repIds: readonly string[], from: number, to: number): Promise<BusyResult>;
  /** Creates the event and sends invites. Throws a CalendarError on failure (caller retries). */
  createEvent(input: CalendarEventInput): Promise<CalendarEventResult>;
  /** Cancels an event created by createEvent; sends cancellations. Idempotent. */
  cancelEvent(repId: string, eventId: string): Promise<void>;
  /**
   * Moves an existing event in place (a reschedule with the same rep) and sends updates, where
   * the provider can: the attendees keep one meeting. Throws `not_found` when the event is gone.
   */
  updateEvent?(eventId: string, input: CalendarEventInput): Promise<CalendarEventResult>;
}

/** A calendar failure, classified so callers can decide between retry and giving up. */
export class CalendarError extends Error {
  constructor(
    message: string,
    readonly kind: "rate_limited" | "unavailable" | "timeout" | "auth_broken" | "not_found" | "invalid",
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "CalendarError";
  }
}
