import { and, desc, eq, isNull } from "drizzle-orm";
import { database, type Database } from "../db/client";
import { apiTokens } from "../db/schema";

export async function findActiveApiTokenByHash(d1: D1Database, tokenHash: string) {
  const [row] = await database(d1)
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      tokenHash: apiTokens.tokenHash,
      role: apiTokens.role,
      repId: apiTokens.repId,
      scopes: apiTokens.scopes,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row ?? null;
}

export async function touchApiToken(d1: D1Database, id: string, now: number) {
  await database(d1).update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

/** Lists tokens without their hashes: a hash is not a secret, but nobody needs to see it. */
export async function listApiTokens(db: Database) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      displayPrefix: apiTokens.displayPrefix,
      role: apiTokens.role,
      repId: apiTokens.repId,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      createdBy: apiTokens.createdBy,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

export function insertApiToken(db: Database, row: typeof apiTokens.$inferInsert) {
  return db.insert(apiTokens).values(row);
}

export function revokeApiToken(db: Database, id: string, now: number) {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

export async function findApiToken(db: Database, id: string) {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return row ?? null;
}
