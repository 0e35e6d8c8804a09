import { webhookBody, type BatonEvent } from "../core/webhooks";
import type { Database } from "../db/client";
import { insertWebhookMessages, listActiveSubscriptions } from "./webhook-queries";
import type { NotificationMessage } from "./channel";
import { sha256Hex } from "../security/tokens";

/** The queue message that delivers one stored webhook message (also used for redelivery). */
export function webhookQueueMessage(m: {
  id: string;
  subscriptionId: string;
  eventType: string;
  url: string;
  leadId: string | null;
  bookingId: string | null;
}) {
  return {
    id: m.id,
    ...(m.leadId ? { leadId: m.leadId } : {}),
    ...(m.bookingId ? { bookingId: m.bookingId } : {}),
    channel: "webhook",
    eventType: m.eventType,
    target: `${m.subscriptionId} ${new URL(m.url).origin}`,
    payload: { subscriptionId: m.subscriptionId },
  } satisfies NotificationMessage;
}

/**
 * Addresses events to every endpoint subscribed to their type, stores each message (so it
 * can be redelivered byte for byte) and returns the queue messages that deliver them.
 */
export async function webhookMessagesFor(
  db: Database,
  events: readonly BatonEvent[],
  now: number,
  /**
   * An outbox entry's id: message ids derive from it, so running the entry again (after a
   * crash) stores and queues the same messages instead of new ones.
   */
  seed?: string,
): Promise<NotificationMessage[]> {
  if (events.length === 0) return [];
  const subscriptions = await listActiveSubscriptions(db);
  const rows = [];
  const out: NotificationMessage[] = [];
  for (const [n, event] of events.entries()) {
    for (const sub of subscriptions) {
      if (!sub.eventTypes.includes(event.type)) continue;
      const id = seed
        ? `msg_${(await sha256Hex(`${seed}:${n}:${sub.id}`)).slice(0, 32)}`
        : `msg_${crypto.randomUUID().replaceAll("-", "")}`;
      const links = { leadId: event.leadId, bookingId: event.bookingId ?? null };
      rows.push({
        id,
        subscriptionId: sub.id,
        eventType: event.type,
        ...links,
        body: webhookBody(event),
        createdAt: now,
      });
      const message = webhookQueueMessage({
        id,
        subscriptionId: sub.id,
        eventType: event.type,
        url: sub.url,
        ...links,
      });
      out.push(seed ? { ...message, once: true } : message);
    }
  }
  // Stay under D1's 100 bound parameters per statement (7 columns a row).
  for (let i = 0; i < rows.length; i += 14)
    await insertWebhookMessages(db, rows.slice(i, i + 14)).onConflictDoNothing();
  return out;
}
