/** Routing config versions and the pointer to the live one, and the audit log of admin changes. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
