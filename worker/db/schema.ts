/**
 * The D1 schema. drizzle-kit generates `migrations/` from this file; never edit those by
 * hand. Times are UTC epoch milliseconds everywhere (integers), converted only at the edges.
 */
import { sql } from "drizzle-orm";
import { blob, check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const configVersions = sqliteTable(
  "config_versions",
  {
    version: integer("version").primaryKey({ autoIncrement: true }),
    config: text("config", { mode: "json" }).notNull().$type<unknown>(),
    /** SHA-256 of the canonical JSON, so that re-posting an identical document is a no-op. */
    checksum: text("checksum").notNull(),
    note: text("note"),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    /** First time this version went live; null while it is only a draft. */
    firstPublishedAt: integer("first_published_at"),
  },
  (t) => [index("config_versions_checksum").on(t.checksum)],
);

/** A single row pointing at the live version; publish and rollback move the pointer. */
export const activeConfig = sqliteTable(
  "active_config",
  {
    id: integer("id").primaryKey(),
    version: integer("version")
      .notNull()
      .references(() => configVersions.version),
    publishedAt: integer("published_at").notNull(),
    publishedBy: text("published_by").notNull(),
  },
  (t) => [check("active_config_singleton", sql`${t.id} = 1`)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_log_at").on(t.at)],
);

export const apiTokens = sqliteTable("api_tokens", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  /** The first characters, shown in lists so that admins can tell tokens apart. */
  displayPrefix: text("display_prefix").notNull(),
  createdAt: integer("created_at").notNull(),
  createdBy: text("created_by").notNull(),
  lastUsedAt: integer("last_used_at"),
  revokedAt: integer("revoked_at"),
  /** admin | analyst (read-only) | rep (its own leads, through /v1/rep); see auth/roles.ts. */
  role: text("role").notNull().default("admin").$type<"admin" | "analyst" | "rep">(),
  /** The rep a `rep` token acts as; null for the other roles. */
  repId: text("rep_id"),
  /**
   * Null: the role's whole admin API. A JSON list (e.g. ["signals"]): only those endpoints,
   * never the admin API, so a token handed to an intent-data vendor can do nothing else.
   */
  scopes: text("scopes", { mode: "json" }).$type<string[]>(),
});

/**
 * One-time sign-in links for the rep workspace. Only the hash is stored; the link lives
 * minutes and is used once (`used_at` set by a conditional update).
 */
export const magicLinks = sqliteTable(
  "magic_links",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    repId: text("rep_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  // The rate limit counts a rep's recent links.
  (t) => [index("magic_links_rep_created").on(t.repId, t.createdAt)],
);

/** Signed-in workspace sessions; the cookie holds a random id whose hash is stored here. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    role: text("role").notNull(),
    repId: text("rep_id"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("sessions_rep").on(t.repId)],
);

/**
 * A rep's own "I'm out" override, kept outside the versioned config so a sick day needs no
 * publish. One row per rep; the team objects hold a copy (see team/rep-away.ts).
 */
export const repAway = sqliteTable("rep_away", {
  repId: text("rep_id").primaryKey(),
  startAt: integer("start_at").notNull(),
  endAt: integer("end_at").notNull(),
  reason: text("reason"),
  setBy: text("set_by").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

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
  },
  (t) => [
    index("leads_form_payload").on(t.formId, t.payloadHash, t.createdAt),
    index("leads_erased_created").on(t.erasedAt, t.createdAt),
    index("leads_email_created").on(t.emailNormalized, t.createdAt),
    index("leads_status_created").on(t.status, t.createdAt),
    index("leads_created").on(t.createdAt),
    index("leads_follow_up_due").on(t.formId, t.followUpAt, t.slotsShownAt),
    uniqueIndex("leads_form_idempotency").on(t.formId, t.idempotencyKey),
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
    /** The trace deflated (leads/trace-codec.ts): about a third of the JSON's bytes. */
    traceZ: blob("trace_z", { mode: "buffer" }),
  },
  (t) => [index("routing_decisions_lead").on(t.leadId, t.decidedAt)],
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

export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id),
    repId: text("rep_id").notNull(),
    teamId: text("team_id"),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    /** confirmed | canceled | rescheduled */
    status: text("status").notNull(),
    timezone: text("timezone"),
    calendarProvider: text("calendar_provider").notNull(),
    calendarEventId: text("calendar_event_id"),
    /** pending | synced | failed: the calendar side is retried without losing the booking. */
    calendarSyncStatus: text("calendar_sync_status").notNull(),
    calendarAttempts: integer("calendar_attempts").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    canceledAt: integer("canceled_at"),
    /** What the visitor wrote when cancelling on the booking page (optional, shown to the rep). */
    cancelReason: text("cancel_reason"),
  },
  (t) => [
    // The last guard against double booking, whatever the locks upstream did.
    uniqueIndex("bookings_rep_start_confirmed")
      .on(t.repId, t.startAt)
      .where(sql`status = 'confirmed'`),
    index("bookings_lead").on(t.leadId),
    index("bookings_rep_range").on(t.repId, t.startAt, t.endAt),
    index("bookings_calendar_sync").on(t.calendarSyncStatus, t.createdAt),
  ],
);

/**
 * The builtin calendar's events: the UID each was first sent with, the booking it stands for
 * now (a reschedule hands it to the successor booking) and the SEQUENCE of its latest change,
 * stored before the invite is queued so a retried send repeats it (RFC 5546 §2.1.4).
 */
export const icsEvents = sqliteTable(
  "ics_events",
  {
    uid: text("uid").primaryKey(),
    bookingId: text("booking_id").notNull(),
    sequence: integer("sequence").notNull(),
    canceledAt: integer("canceled_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  // One event per booking; also how a booking finds its event.
  (t) => [uniqueIndex("ics_events_booking").on(t.bookingId)],
);

/**
 * Time a rep is away outside Baton's bookings (holidays, offsites), entered by an admin. The
 * builtin calendar counts it as busy, like a confirmed booking without buffers.
 */
export const calendarBlocks = sqliteTable(
  "calendar_blocks",
  {
    id: text("id").primaryKey(),
    repId: text("rep_id").notNull(),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    reason: text("reason"),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("calendar_blocks_rep_range").on(t.repId, t.startAt, t.endAt)],
);

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
  (t) => [
    index("notification_deliveries_message").on(t.messageId, t.attempt),
    index("notification_deliveries_status").on(t.status, t.createdAt),
    index("notification_deliveries_event").on(t.eventType, t.createdAt),
    index("notification_deliveries_created").on(t.createdAt),
    index("notification_deliveries_lead").on(t.leadId, t.createdAt),
    index("notification_deliveries_booking").on(t.bookingId),
  ],
);

export const calendarConnections = sqliteTable("calendar_connections", {
  id: text("id").primaryKey(),
  repId: text("rep_id").notNull().unique(),
  provider: text("provider").notNull(),
  accountEmail: text("account_email"),
  /** AES-GCM ciphertext (iv + data, base64); the key is a Worker secret named by keyId. */
  encryptedRefreshToken: text("encrypted_refresh_token"),
  keyId: text("key_id"),
  scopes: text("scopes"),
  /** connected | broken (e.g. invalid_grant) | revoked */
  status: text("status").notNull(),
  lastError: text("last_error"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

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
    index("webhook_messages_booking").on(t.bookingId),
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

/**
 * The deployment's CRM connection (one per provider). Secrets are sealed like calendar
 * refresh tokens; owners and settings ride on the row so the submit path needs one read.
 */
export const crmConnections = sqliteTable("crm_connections", {
  /** The provider ("hubspot" | "salesforce"); one CRM per deployment (worker/crm/providers.ts). */
  id: text("id").primaryKey(),
  /** oauth | private_app (HubSpot) | jwt (Salesforce JWT bearer) */
  authKind: text("auth_kind").notNull(),
  /** AES-GCM ciphertext of the refresh token (oauth) or the private-app token; keyId names the key. */
  encryptedSecret: text("encrypted_secret"),
  keyId: text("key_id"),
  /** HubSpot's portal id; Salesforce's org id (from the token's identity URL). */
  portalId: text("portal_id"),
  scopes: text("scopes"),
  /** Salesforce: the org's instance URL (API host and record links), from the token response. */
  instanceUrl: text("instance_url"),
  /** Salesforce JWT bearer: the integration user the assertion names (`sub`). */
  username: text("username"),
  /** connected | broken (refused grant, missing scopes) */
  status: text("status").notNull(),
  lastError: text("last_error"),
  /** { fieldMapping, ownerOverrides, lookupProperties } */
  settings: text("settings", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  /** CrmOwner[] as last listed */
  owners: text("owners", { mode: "json" }).notNull().$type<unknown[]>(),
  ownersSyncedAt: integer("owners_synced_at"),
  /** Account sync: companies modified at or after `since`, page `after` within it. */
  syncCursor: text("sync_cursor", { mode: "json" }).$type<{ since: number; after: string | null }>(),
  lastSyncAt: integer("last_sync_at"),
  lastSyncError: text("last_sync_error"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * One CRM write-back (upsert a lead, log or cancel a meeting, move an owner): written in the
 * same batch as the change it follows, handed to the queue after, swept by the cron until it
 * lands. Its id is the queue message id, so every attempt shows in the delivery log.
 */
export const crmSync = sqliteTable(
  "crm_sync",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id").notNull(),
    bookingId: text("booking_id"),
    /** upsert_lead | log_meeting | cancel_meeting | update_owner */
    action: text("action").notNull(),
    /** pending | done | failed (retrying) | dead (needs the admin) */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** The CRM record it made or touched (contact id, meeting id). */
    externalId: text("external_id"),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("crm_sync_lead").on(t.leadId, t.createdAt),
    index("crm_sync_due").on(t.status, t.nextAttemptAt),
  ],
);
