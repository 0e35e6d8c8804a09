/** Outbound messages: the delivery log, webhook endpoints and messages, the dev email outbox. */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const notificationDeliveries = sqliteTable(
  "notification_deliveries",
  {
    id: text("id").primaryKey(),
    /** The id carried by the queue message: every attempt of one notification shares it. */
    messageId: text("message_id").notNull(),
    /** The lead (and booking) the notification is about; null for a rep's sign-in link or an admin alert. */
    leadId: text("lead_id"),
    bookingId: text("booking_id"),
    channel: text("channel").notNull(),
    eventType: text("event_type").notNull(),
    /** Where it went, with secrets (webhook paths, tokens) redacted. */
    target: text("target"),
    /** delivered | failed (will retry) | dead (gave up) | skipped */
    status: text("status").notNull(),
    attempt: integer("attempt").notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
  },
  // Each index serves a query (test/integration/query-plans.test.ts checks them): attempts of a
  // message (consumer, log, redelivery), the log newest first, a lead's deliveries (lead page,
  // erasure). Nothing filters by status, event or booking alone, so those indexes are gone: at
  // three rows per lead they cost about 240 B per routed lead (docs/capacity.md).
  (t) => [
    index("notification_deliveries_message").on(t.messageId, t.attempt),
    index("notification_deliveries_created").on(t.createdAt),
    index("notification_deliveries_lead").on(t.leadId, t.createdAt),
  ],
);

/**
 * Generic webhook endpoints. Signing secrets are sealed with AES-GCM (security/crypto.ts):
 * unlike API tokens they cannot be hashed, because every delivery needs them to sign.
 */
export const webhookSubscriptions = sqliteTable("webhook_subscriptions", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  description: text("description"),
  /** Event types this endpoint receives, e.g. ["lead.routed", "sla.breached"]. */
  eventTypes: text("event_types", { mode: "json" }).notNull().$type<string[]>(),
  /**
   * Sealed `whsec_` secrets, newest first. During a rotation the old one stays until its
   * `expiresAt`, and each delivery carries one signature per live secret.
   */
  secrets: text("secrets", { mode: "json" })
    .notNull()
    .$type<{ ciphertext: string; keyId: string; createdAt: number; expiresAt: number | null }[]>(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  /** Set when an admin deletes the endpoint; kept so its delivery log still reads. */
  disabledAt: integer("disabled_at"),
});

/**
 * One event for one endpoint. The body is stored as sent, so a redelivery signs the same
 * bytes under the same `webhook-id`, which receivers use to deduplicate.
 */
export const webhookMessages = sqliteTable(
  "webhook_messages",
  {
    id: text("id").primaryKey(),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventType: text("event_type").notNull(),
    /** The event's lead (and booking): the lead page and erasure find its messages by them. */
    leadId: text("lead_id"),
    bookingId: text("booking_id"),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("webhook_messages_subscription").on(t.subscriptionId, t.createdAt),
    index("webhook_messages_created").on(t.createdAt),
    index("webhook_messages_lead").on(t.leadId, t.createdAt),
    // Only messages whose body is still stored: compact-history (capacity/compact.ts) finds the
    // bodies to expire without reading the rows it emptied on earlier runs.
    index("webhook_messages_body_live")
      .on(t.createdAt)
      .where(sql`body != ''`),
  ],
);

/** What the email channel would have sent, when no `send_email` binding is configured (dev). */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    /** The notification message id, shared with the delivery log. */
    messageId: text("message_id").notNull(),
    leadId: text("lead_id"),
    bookingId: text("booking_id"),
    to: text("to").notNull(),
    from: text("from").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    /** RFC 5545 invite attached to builtin-calendar bookings. */
    ics: text("ics"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("email_outbox_created").on(t.createdAt), index("email_outbox_lead").on(t.leadId)],
);
