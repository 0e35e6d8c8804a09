/** Admin API tokens, rep sign-in links and workspace sessions (hashes only). */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
