import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { activeConfig, configVersions } from "../db/schema";

export type VersionSummary = {
  version: number;
  checksum: string;
  note: string | null;
  createdAt: number;
  createdBy: string;
  firstPublishedAt: number | null;
};

const summaryColumns = {
  version: configVersions.version,
  checksum: configVersions.checksum,
  note: configVersions.note,
  createdAt: configVersions.createdAt,
  createdBy: configVersions.createdBy,
  firstPublishedAt: configVersions.firstPublishedAt,
};

export async function listVersions(db: Database): Promise<VersionSummary[]> {
  return db.select(summaryColumns).from(configVersions).orderBy(desc(configVersions.version));
}

export async function latestVersion(db: Database): Promise<VersionSummary | null> {
  const [row] = await db
    .select(summaryColumns)
    .from(configVersions)
    .orderBy(desc(configVersions.version))
    .limit(1);
  return row ?? null;
}

export async function getVersion(db: Database, version: number) {
  const [row] = await db.select().from(configVersions).where(eq(configVersions.version, version)).limit(1);
  return row ?? null;
}

/** The live version and its document, or null before anything was ever published. */
export async function getActive(db: Database) {
  const [row] = await db
    .select({
      version: activeConfig.version,
      publishedAt: activeConfig.publishedAt,
      publishedBy: activeConfig.publishedBy,
      config: configVersions.config,
      checksum: configVersions.checksum,
    })
    .from(activeConfig)
    .innerJoin(configVersions, eq(configVersions.version, activeConfig.version))
    .where(eq(activeConfig.id, 1))
    .limit(1);
  return row ?? null;
}

/**
 * The caller picks the number (latest + 1) so that the audit entry in the same batch can name
 * it; the primary key turns a concurrent save of the same number into a conflict.
 */
/** Just the live version number and checksum: the cheap query run on every request. */
export async function getActivePointer(db: Database) {
  const [row] = await db
    .select({ version: activeConfig.version, checksum: configVersions.checksum })
    .from(activeConfig)
    .innerJoin(configVersions, eq(configVersions.version, activeConfig.version))
    .where(eq(activeConfig.id, 1))
    .limit(1);
  return row ?? null;
}

export function insertVersion(db: Database, row: typeof configVersions.$inferInsert & { version: number }) {
  return db.insert(configVersions).values(row);
}

/** Moves the live pointer; used by publish and rollback alike. */
export function setActive(db: Database, version: number, now: number, by: string) {
  return db
    .insert(activeConfig)
    .values({ id: 1, version, publishedAt: now, publishedBy: by })
    .onConflictDoUpdate({ target: activeConfig.id, set: { version, publishedAt: now, publishedBy: by } });
}

export function markFirstPublished(db: Database, version: number, now: number) {
  return db
    .update(configVersions)
    .set({ firstPublishedAt: now })
    .where(and(eq(configVersions.version, version), isNull(configVersions.firstPublishedAt)));
}
