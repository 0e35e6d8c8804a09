/** Accounts (by domain) for account-based routing, and their buying signals. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const accounts = sqliteTable(
  "accounts",
  {
    domain: text("domain").primaryKey(),
    name: text("name").notNull(),
    /** Name with case, accents, punctuation and legal suffixes removed, for fallback matching. */
    normalizedName: text("normalized_name").notNull(),
    ownerRepId: text("owner_rep_id"),
    parentDomain: text("parent_domain"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("accounts_normalized_name").on(t.normalizedName),
    index("accounts_parent_domain").on(t.parentDomain),
  ],
);

/**
 * Buying signals per account domain (POST /v1/signals). One row per sender event: the unique
 * (source, event_id) index makes a re-sent event a no-op. Bounded per domain by the writer
 * (signals/signal-queries.ts) and by age in the retention cron.
 */
export const accountSignals = sqliteTable(
  "account_signals",
  {
    id: text("id").primaryKey(),
    domain: text("domain").notNull(),
    source: text("source").notNull(),
    eventId: text("event_id").notNull(),
    kind: text("kind").notNull(),
    strength: integer("strength").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    receivedAt: integer("received_at").notNull(),
    /** The task lead this signal created, if a signal task rule matched. */
    leadId: text("lead_id"),
  },
  (t) => [
    uniqueIndex("account_signals_event").on(t.source, t.eventId),
    index("account_signals_domain_at").on(t.domain, t.occurredAt),
    index("account_signals_received").on(t.receivedAt),
  ],
);
