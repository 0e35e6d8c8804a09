/** The CRM connection and its write-backs. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
