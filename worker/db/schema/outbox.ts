/** The transactional outbox and the cron's run log. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The transactional outbox (worker/outbox): a side effect of a state change (a notification,
 * webhook fan-out, team-object release, CRM write-back), written in the same D1 batch as the
 * change, handed off after the answer and swept by the cron until it is done.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    /** Which handler runs it (worker/outbox/handlers.ts). */
    kind: text("kind").notNull(),
    leadId: text("lead_id"),
    bookingId: text("booking_id"),
    payload: text("payload", { mode: "json" }).notNull().$type<unknown>(),
    createdAt: integer("created_at").notNull(),
    /** A dispatcher holds the row until then; a crashed one's claim simply runs out. */
    claimedUntil: integer("claimed_until"),
    attempts: integer("attempts").notNull().default(0),
    doneAt: integer("done_at"),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_pending").on(t.doneAt, t.createdAt), index("outbox_lead").on(t.leadId)],
);

export const cronRuns = sqliteTable(
  "cron_runs",
  {
    id: text("id").primaryKey(),
    job: text("job").notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    /** ok | failed */
    status: text("status").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("cron_runs_job_started").on(t.job, t.startedAt)],
);
