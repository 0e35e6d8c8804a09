/** The event types a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  "lead.routed",
  "lead.reassigned",
  "lead.escalated",
  "lead.not_booked",
  "meeting.booked",
  "meeting.canceled",
  "sla.breached",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * A domain event, before it is addressed to any endpoint. `at` is UTC epoch ms. Every event is
 * about a lead (meeting events about one of its bookings too): the stored message carries them
 * as columns, the body only what `data` says.
 */
export type BatonEvent = {
  type: WebhookEventType;
  at: number;
  leadId: string;
  bookingId?: string;
  data: Record<string, unknown>;
};

/**
 * The delivered JSON body, in the Standard Webhooks payload shape (`type`, `timestamp`,
 * `data`), so receivers' generic tooling reads it without a Baton-specific adapter.
 */
export function webhookBody(event: Pick<BatonEvent, "type" | "at" | "data">): string {
  return JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data: event.data });
}
