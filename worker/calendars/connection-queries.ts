import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { IN_CHUNK } from "../db/in-chunks";
import { calendarConnections } from "../db/schema";

export type CalendarConnection = typeof calendarConnections.$inferSelect;
export type ConnectionStatus = "connected" | "broken" | "revoked";

/** The connections of these reps (any status), in as few queries as D1 allows. */
export async function findConnections(
  db: Database,
  repIds: readonly string[],
): Promise<CalendarConnection[]> {
  const out: CalendarConnection[] = [];
  for (let i = 0; i < repIds.length; i += IN_CHUNK) {
    const part = repIds.slice(i, i + IN_CHUNK);
    out.push(
      ...(await db.select().from(calendarConnections).where(inArray(calendarConnections.repId, part))),
    );
  }
  return out;
}

/** A statement that stores a freshly connected account, replacing any earlier connection of the rep. */
export function upsertConnection(
  db: Database,
  row: Pick<
    CalendarConnection,
    "repId" | "provider" | "accountEmail" | "encryptedRefreshToken" | "keyId" | "scopes"
  > & {
    now: number;
  },
) {
  const { now, ...values } = row;
  const fresh = { ...values, status: "connected", lastError: null, updatedAt: now };
  return db
    .insert(calendarConnections)
    .values({ id: crypto.randomUUID(), ...fresh, createdAt: now })
    .onConflictDoUpdate({ target: calendarConnections.repId, set: fresh });
}

/**
 * Marks a connection broken. True only for the call that moved it out of `connected`, so
 * the admin is told once per breakage, however many requests hit it at the same time.
 */
export async function markConnectionBroken(
  db: Database,
  id: string,
  error: string,
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(calendarConnections)
    .set({ status: "broken", lastError: error.slice(0, 500), updatedAt: now })
    .where(and(eq(calendarConnections.id, id), eq(calendarConnections.status, "connected")))
    .returning({ id: calendarConnections.id });
  return rows.length > 0;
}

/** Stores a re-sealed refresh token (key rotation) or a rotated one from Google. */
export async function updateSealedRefreshToken(
  db: Database,
  id: string,
  sealed: { ciphertext: string; keyId: string },
  now: number,
) {
  await db
    .update(calendarConnections)
    .set({ encryptedRefreshToken: sealed.ciphertext, keyId: sealed.keyId, updatedAt: now })
    .where(eq(calendarConnections.id, id));
}

/** Every connection for the admin status page, without the sealed tokens. */
export async function listConnections(db: Database) {
  return db
    .select({
      repId: calendarConnections.repId,
      provider: calendarConnections.provider,
      accountEmail: calendarConnections.accountEmail,
      scopes: calendarConnections.scopes,
      status: calendarConnections.status,
      lastError: calendarConnections.lastError,
      createdAt: calendarConnections.createdAt,
      updatedAt: calendarConnections.updatedAt,
    })
    .from(calendarConnections)
    .orderBy(asc(calendarConnections.repId));
}
