/**
 * The contract between the notification queue and its channels: the message, what a channel
 * returns, and the errors that ask for a retry or give up. Its own module so the channels
 * (and crm/write-back) depend on it, not on the queue that dispatches to them.
 */

/** One outbound notification. `id` is stable across retries so the log groups attempts. */
export type NotificationMessage = {
  id: string;
  channel: string;
  eventType: string;
  /** Where it goes, already redacted for the log (no webhook secrets or tokens). */
  target?: string;
  payload: unknown;
  /**
   * The lead (and booking) the message is about, written on every attempt row so the lead page
   * and erasure find deliveries by column. Left off only by messages about no lead (a rep's
   * sign-in link, an admin alert).
   */
  leadId?: string;
  bookingId?: string;
  /**
   * Sent by an outbox entry, which may run twice (a crash after queueing, then the sweep):
   * a copy whose id the log already shows delivered is dropped instead of sent again.
   * Redelivery from the dashboard leaves this off on purpose.
   */
  once?: boolean;
};

export type DeliveryResult = { responseStatus?: number };
/** Throws to ask for a retry; returns when the far side accepted the notification. */
export type Channel = (message: NotificationMessage, env: Env) => Promise<DeliveryResult>;

/** A failed attempt that may succeed later; carries the far side's HTTP status for the log. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly responseStatus?: number,
    /** The far side's Retry-After, in seconds, when it sent one (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * A failure no retry can fix (a refused target, a deleted endpoint): logged as dead at once
 * instead of burning the retry budget against it.
 */
export class PermanentDeliveryError extends DeliveryError {}
