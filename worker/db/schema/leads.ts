/** Leads and what routing did with them: decisions, assignments, outcomes. */
import { sql } from "drizzle-orm";
import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    createdAt: integer("created_at").notNull(),
    formId: text("form_id").notNull(),
    email: text("email"),
    emailNormalized: text("email_normalized"),
    fields: text("fields", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    context: text("context", { mode: "json" }).$type<Record<string, unknown>>(),
    /** received → routed | unrouted (retried by the repair cron) | spam; later booked, erased. */
    status: text("status").notNull(),
    score: integer("score"),
    tier: text("tier"),
    configVersion: integer("config_version"),
    idempotencyKey: text("idempotency_key"),
    /** SHA-256 of the canonical fields: the same payload re-sent within seconds is one lead. */
    payloadHash: text("payload_hash"),
    /** Routing attempts so far; the repair cron backs off and gives up on this count. */
    routingAttempts: integer("routing_attempts").notNull().default(0),
    lastRoutingError: text("last_routing_error"),
    updatedAt: integer("updated_at").notNull(),
    /** First time the visitor was offered at least one slot (the analytics funnel). */
    slotsShownAt: integer("slots_shown_at"),
    /**
     * When the not-booked follow-up claimed this lead (worker/followup): set once, by a
     * conditional write, so overlapping cron runs send one follow-up; the funnel's "recovered"
     * counts bookings made after it.
     */
    followUpAt: integer("follow_up_at"),
    /** When the person's data was erased (privacy request or retention); the row stays for counts. */
    erasedAt: integer("erased_at"),
    /**
     * The archive's marker (worker/archive/lead-archive.ts): null until the archive job claims
     * the lead; minus the claim's time while a run puts its R2 object (key leads/<id>: delivery
     * log, webhook messages, fields, context); the time it finished once the object is in R2 and
     * D1 holds only the stub. Non-null means R2 may hold the object, so erasure and the purge know
     * which key to delete; `archived_at < erased_at` (claimed or archived, then erased) holds the
     * row for the purge until the key is gone.
     */
    archivedAt: integer("archived_at"),
    /**
     * An archived lead's routing facts (its newest decision's, trace codec format 2), for the
     * readers that scan many leads (backtest enrichment, insights, the predictive rebuild, CRM
     * write-back): the archive moves the decision rows themselves into the lead's R2 object.
     * Null until archived, and after erasure.
     */
    factsZ: blob("facts_z", { mode: "buffer" }),
  },
  (t) => [
    // Partial: compact-history drops the hash of key-less leads after an hour (capacity/compact.ts),
    // and those leads then cost no entry here; a lookup by `payload_hash = ?` implies NOT NULL.
    index("leads_form_payload")
      .on(t.formId, t.payloadHash, t.createdAt)
      .where(sql`payload_hash IS NOT NULL`),
    // Exactly the hashes compact-history drops, so it reads the last hour, not every lead.
    index("leads_payload_live")
      .on(t.createdAt)
      .where(sql`payload_hash IS NOT NULL AND idempotency_key IS NULL`),
    index("leads_erased_created").on(t.erasedAt, t.createdAt),
    index("leads_email_created").on(t.emailNormalized, t.createdAt),
    index("leads_status_created").on(t.status, t.createdAt),
    index("leads_created").on(t.createdAt),
    // Partial: only leads the not-booked follow-up may still reach (worker/followup): routed, not
    // followed up, not archived. A follow-up comes hours after the offer, an archive months later,
    // so archived leads, almost all of them at scale, cost no bytes here.
    index("leads_follow_up_due")
      .on(t.formId, t.slotsShownAt)
      .where(sql`follow_up_at IS NULL AND status = 'routed' AND archived_at IS NULL`),
    // Most submissions carry no Idempotency-Key: the partial index holds only those that do
    // (a lookup by key, `idempotency_key = ?`, implies NOT NULL, so it still uses it).
    // Partial: only leads the archive has not finished (null: not yet; negative: claimed), the
    // recent ones, so archived leads, almost all of them at scale, cost no bytes here.
    index("leads_to_archive")
      .on(t.createdAt)
      .where(sql`coalesce(archived_at, -1) < 0`),
    // Partial: archived (or claimed) leads erased since, until the purge has made sure their R2
    // object is gone.
    index("leads_to_purge")
      .on(t.erasedAt)
      .where(sql`archived_at < erased_at`),
    uniqueIndex("leads_form_idempotency")
      .on(t.formId, t.idempotencyKey)
      .where(sql`idempotency_key IS NOT NULL`),
  ],
);

export const routingDecisions = sqliteTable(
  "routing_decisions",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id),
    decidedAt: integer("decided_at").notNull(),
    configVersion: integer("config_version").notNull(),
    ruleId: text("rule_id"),
    destination: text("destination", { mode: "json" }).$type<Record<string, unknown>>(),
    outcome: text("outcome").notNull(),
    /**
     * Every step that led to the decision, so anyone can see why a lead went where it went.
     * Rows written before the compact codec hold it here as JSON; newer rows leave it null and
     * hold it in `trace_z` (leads/trace-codec.ts reads either).
     */
    trace: text("trace", { mode: "json" }).$type<unknown>(),
    /**
     * The trace deflated (leads/trace-codec.ts): about a third of the JSON's bytes. Emptied
     * once the archive job has put the same bytes in R2 (worker/archive).
     */
    traceZ: blob("trace_z", { mode: "buffer" }),
    /**
     * Set by the archive job before it puts the trace in R2 (key traces/<lead_id>/<id>), and
     * kept afterwards: non-null means R2 may hold this decision's trace, so erasure and the
     * archive's purge know which keys to delete without listing the bucket.
     */
    archivedAt: integer("archived_at"),
    /**
     * What stays in D1 of an archived trace: `{ routing: { facts } }` in the trace codec, for the
     * readers that scan many leads at once (backtest enrichment, insights, the predictive
     * rebuild, CRM write-back) and cannot fetch one R2 object per lead. Null until archived.
     */
    factsZ: blob("facts_z", { mode: "buffer" }),
  },
  (t) => [
    index("routing_decisions_lead").on(t.leadId, t.decidedAt),
    // Partial: only rows still holding their trace, so archived rows cost no index bytes.
    index("routing_decisions_to_archive")
      .on(t.decidedAt)
      .where(sql`trace_z IS NOT NULL`),
    // Partial: archived rows whose lead was erased since, until the purge has deleted their R2 keys.
    index("routing_decisions_to_purge")
      .on(t.archivedAt)
      .where(sql`archived_at IS NOT NULL AND facts_z IS NULL`),
  ],
);

export const assignments = sqliteTable(
  "assignments",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id),
    repId: text("rep_id").notNull(),
    teamId: text("team_id"),
    ruleId: text("rule_id"),
    assignedAt: integer("assigned_at").notNull(),
    /** When the SLA sweep acts if the rep has not accepted; null when no SLA applies. */
    acceptDeadline: integer("accept_deadline"),
    acceptedAt: integer("accepted_at"),
    /** active → accepted | reassigned | released | escalated */
    status: text("status").notNull(),
    /** 0 for the first assignment of a lead, then 1, 2, … for each reassignment. */
    attempt: integer("attempt").notNull().default(0),
    reason: text("reason"),
    /** Who made this assignment by hand (audit actor label); null when routing or the SLA sweep did. */
    assignedBy: text("assigned_by"),
  },
  (t) => [
    index("assignments_sla_sweep").on(t.status, t.acceptDeadline),
    index("assignments_lead").on(t.leadId),
    index("assignments_team_window").on(t.teamId, t.assignedAt),
    index("assignments_rep_window").on(t.repId, t.assignedAt),
  ],
);

export const outcomes = sqliteTable(
  "outcomes",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id),
    repId: text("rep_id"),
    /** contacted | qualified | opportunity | won | lost | no_show */
    kind: text("kind").notNull(),
    at: integer("at").notNull(),
    recordedAt: integer("recorded_at").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("outcomes_rep_at").on(t.repId, t.at), index("outcomes_lead").on(t.leadId)],
);
