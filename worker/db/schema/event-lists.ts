/** Event lists (badge scans, webinar exports) and each row's state (worker/event-lists). */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One uploaded list. `identityHash` names the event across uploads (its normalised name): a
 * lead made from a row carries hash(identity, email) as its idempotency key, so uploading the
 * same list again routes nobody twice. The per-row state below is what lets a run resume
 * after the browser closes.
 */
export const eventLists = sqliteTable(
  "event_lists",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    identityHash: text("identity_hash").notNull(),
    fileName: text("file_name"),
    /** The rule set that routes the list's leads (as `email.ruleSetId` does for email). */
    ruleSetId: text("rule_set_id").notNull(),
    totalRows: integer("total_rows").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** Set when the last pending row was processed. */
    finishedAt: integer("finished_at"),
  },
  (t) => [index("event_lists_created").on(t.createdAt)],
);

/**
 * One data row of a list, numbered as the spreadsheet shows it (header = row 1). outcome:
 * pending → routed (a new lead) | merged (an existing lead with this email) | duplicate (this
 * list's lead from an earlier upload) | unrouted (stored, routing failed: the repair cron
 * retries the lead) | refused (bad row, never a lead; `reason` says why).
 */
export const eventListRows = sqliteTable(
  "event_list_rows",
  {
    listId: text("list_id").notNull(),
    row: integer("row").notNull(),
    emailNormalized: text("email_normalized"),
    fields: text("fields", { mode: "json" }).notNull().$type<Record<string, string>>(),
    outcome: text("outcome")
      .notNull()
      .$type<"pending" | "routed" | "merged" | "duplicate" | "unrouted" | "refused">(),
    reason: text("reason"),
    leadId: text("lead_id"),
    repId: text("rep_id"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.row] }),
    index("event_list_rows_outcome").on(t.listId, t.outcome, t.row),
    index("event_list_rows_lead").on(t.leadId),
  ],
);
