/** The email handler's record of what it received (worker/inbound-email). */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every message the email handler received and what became of it: a lead, a duplicate of
 * one, or dropped with the reason (auto-reply, bounce, list, loop, size...). No addresses or
 * text: the sender's domain and a hash of the Message-ID are enough to explain a drop.
 */
export const inboundEmails = sqliteTable(
  "inbound_emails",
  {
    id: text("id").primaryKey(),
    receivedAt: integer("received_at").notNull(),
    envelopeTo: text("envelope_to").notNull(),
    fromDomain: text("from_domain"),
    messageIdHash: text("message_id_hash"),
    size: integer("size").notNull(),
    /** lead | duplicate | dropped */
    outcome: text("outcome").notNull().$type<"lead" | "duplicate" | "dropped">(),
    reason: text("reason"),
    detail: text("detail"),
    leadId: text("lead_id"),
    /** Whether the sender was sent the reply with the rep and the booking link. */
    replied: integer("replied", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("inbound_emails_received").on(t.receivedAt), index("inbound_emails_lead").on(t.leadId)],
);
