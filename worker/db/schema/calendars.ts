/** A rep's time outside bookings: away overrides, admin blocks, connected calendars. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
