import { and, count, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { magicLinks, sessions } from "../db/schema";

/**
 * Emailed links a rep asked for since `since`: the rate limit's count. A notice link's row
 * (written when it is used) lives longer than `emailTtlMs` and is not counted.
 */
export async function countRecentLinks(
  db: Database,
  repId: string,
  since: number,
  emailTtlMs: number,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(magicLinks)
    .where(
      and(
        eq(magicLinks.repId, repId),
        gt(magicLinks.createdAt, since),
        lte(magicLinks.expiresAt, sql`${magicLinks.createdAt} + ${emailTtlMs}`),
      ),
    );
  return row?.n ?? 0;
}

export function insertLink(db: Database, row: typeof magicLinks.$inferInsert) {
  return db.insert(magicLinks).values(row);
}

/**
 * Marks a link used, once. An emailed link has its row already; a notice link gets one now
 * (notices are not worth a row each until someone clicks). The conflict update only fires
 * on an unused row, so a second use of either kind returns nothing.
 */
export async function useLink(
  db: Database,
  row: typeof magicLinks.$inferInsert,
  now: number,
): Promise<boolean> {
  const used = await db
    .insert(magicLinks)
    .values({ ...row, usedAt: now })
    .onConflictDoUpdate({
      target: magicLinks.tokenHash,
      set: { usedAt: now },
      setWhere: and(isNull(magicLinks.usedAt), eq(magicLinks.repId, row.repId)),
    })
    .returning({ id: magicLinks.id });
  return used.length === 1;
}

export function insertSession(db: Database, row: typeof sessions.$inferInsert) {
  return db.insert(sessions).values(row);
}

export async function findLiveSession(db: Database, tokenHash: string, now: number) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

export function revokeSession(db: Database, id: string, now: number) {
  return db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Every live session of a rep; returns how many were revoked. */
export async function revokeRepSessions(db: Database, repId: string, now: number): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.repId, repId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Sessions are touched at most once a minute, so reads stay reads. */
export function touchSession(db: Database, id: string, now: number) {
  return db
    .update(sessions)
    .set({ lastUsedAt: now })
    .where(and(eq(sessions.id, id), sql`coalesce(${sessions.lastUsedAt}, 0) < ${now - 60_000}`));
}
