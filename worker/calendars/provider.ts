/**
 * One interface for every calendar behind a rep: `builtin` (Baton's own bookings and manual
 * blocks, no setup) and `google` (free/busy and events through googleapis). Scheduling and
 * booking code talks only to this.
 */

/** A busy span in UTC epoch milliseconds, half-open: [start, end). */
export type BusyInterval = { start: number; end: number };

/** Busy time per rep id. A rep whose calendar could not be read is in `unavailable`. */
export type BusyResult = {
  busy: Map<string, BusyInterval[]>;
  /** Reps whose provider failed (timeout, 5xx, broken connection), with a short reason. */
  unavailable: Map<string, string>;
};

export type CalendarEventInput = {
  bookingId: string;
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
    | { kind: "phone" }
    | { kind: "url"; url: string }
    | { kind: "in_person"; address: string };
};

export type CalendarEventResult = { eventId: string; meetUrl?: string };

export interface CalendarProvider {
  readonly kind: "builtin" | "google";
  /** Busy time for these reps within [from, to). Never throws: failures go to `unavailable`. */
  busy(repIds: readonly string[], from: number, to: number): Promise<BusyResult>;
  /** Creates the event and sends invites. Throws a CalendarError on failure (caller retries). */
  createEvent(input: CalendarEventInput): Promise<CalendarEventResult>;
  /** Cancels an event created by createEvent; sends cancellations. Idempotent. */
  cancelEvent(repId: string, eventId: string): Promise<void>;
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
