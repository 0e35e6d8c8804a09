/** D1 queries of the CRM feature: the connection row and the write-back rows. No business rules. */
import { and, asc, desc, eq, inArray, lte, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { accounts, bookings, crmConnections, crmSync } from "../db/schema";

export type CrmConnectionRow = typeof crmConnections.$inferSelect;
export type CrmSyncRow = typeof crmSync.$inferSelect;
/** How long a fresh write-back is left to its queue hand-off before the cron sends it again. */
export const SWEEP_GRACE_MS = 2 * 60_000;

export type CrmAction = "upsert_lead" | "log_meeting" | "move_meeting" | "cancel_meeting" | "update_owner";

export const getConnection = (db: Database, provider: string) =>
  db.select().from(crmConnections).where(eq(crmConnections.id, provider)).get();

/** The deployment's CRM connection (there is at most one: worker/crm/providers.ts). */
export const getActiveConnection = (db: Database) =>
  db.select().from(crmConnections).orderBy(asc(crmConnections.createdAt)).limit(1).get();

export function upsertConnectionRow(
  db: Database,
  row: Omit<
    CrmConnectionRow,
    | "createdAt"
    | "ownersSyncedAt"
    | "syncCursor"
    | "lastSyncAt"
    | "lastSyncError"
    | "instanceUrl"
    | "username"
  > &
    Partial<Pick<CrmConnectionRow, "instanceUrl" | "username">>,
) {
  const { id: _id, ...rest } = row;
  // A (re)connection may be another portal or org: its account sync starts from the beginning
  // (upserts are idempotent), not from the cursor the previous connection reached.
  return db
    .insert(crmConnections)
    .values({ ...row, createdAt: row.updatedAt })
    .onConflictDoUpdate({ target: crmConnections.id, set: { ...rest, syncCursor: null } });
}

export const updateConnection = (
  db: Database,
  provider: string,
  set: Partial<Omit<CrmConnectionRow, "id" | "createdAt">>,
) => db.update(crmConnections).set(set).where(eq(crmConnections.id, provider));

export const deleteConnection = (db: Database, provider: string) =>
  db.delete(crmConnections).where(eq(crmConnections.id, provider));

/** A statement adding one write-back; the same id twice is one row (a replayed routing). */
export function insertSync(
  db: Database,
  row: { id: string; leadId: string; bookingId?: string | null; action: CrmAction; now: number },
) {
  return db
    .insert(crmSync)
    .values({
      id: row.id,
      leadId: row.leadId,
      bookingId: row.bookingId ?? null,
      action: row.action,
      status: "pending",
      attempts: 0,
      // The hand-off to the queue follows the commit; the cron only steps in if it never came.
      nextAttemptAt: row.now + SWEEP_GRACE_MS,
      createdAt: row.now,
      updatedAt: row.now,
    })
    .onConflictDoNothing();
}

export const getSync = (db: Database, id: string) =>
  db.select().from(crmSync).where(eq(crmSync.id, id)).get();

export const updateSync = (db: Database, id: string, set: Partial<Omit<CrmSyncRow, "id">>) =>
  db.update(crmSync).set(set).where(eq(crmSync.id, id));

/** Write-backs that should have landed by now: the cron hands them to the queue again. */
export const dueSyncs = (db: Database, now: number, limit: number) =>
  db
    .select()
    .from(crmSync)
    .where(and(inArray(crmSync.status, ["pending", "failed"]), lte(crmSync.nextAttemptAt, now)))
    .orderBy(asc(crmSync.nextAttemptAt))
    .limit(limit);

export const syncsOfLead = (db: Database, leadId: string) =>
  db.select().from(crmSync).where(eq(crmSync.leadId, leadId)).orderBy(desc(crmSync.createdAt));

/** The lead's contact in the CRM, once its upsert landed. */
export async function contactIdOf(db: Database, leadId: string): Promise<string | null> {
  const row = await db
    .select({ externalId: crmSync.externalId })
    .from(crmSync)
    .where(and(eq(crmSync.leadId, leadId), eq(crmSync.action, "upsert_lead"), eq(crmSync.status, "done")))
    .get();
  return row?.externalId ?? null;
}

/**
 * Accounts from the CRM, upserted by domain. Unlike the CSV import it keeps `created_at`, and
 * it leaves `parent_domain` alone unless the CRM said (Salesforce's ParentId): HubSpot's rows
 * carry no parentDomain key.
 */
export function upsertCrmAccounts(
  db: Database,
  rows: readonly {
    domain: string;
    name: string;
    normalizedName: string;
    ownerRepId: string | null;
    parentDomain?: string | null;
  }[],
  now: number,
) {
  const withParent = rows.filter((r) => r.parentDomain !== undefined);
  const without = rows.filter((r) => r.parentDomain === undefined);
  const set = {
    name: sql`excluded.name`,
    normalizedName: sql`excluded.normalized_name`,
    ownerRepId: sql`excluded.owner_rep_id`,
    updatedAt: sql`excluded.updated_at`,
  };
  // 7 columns a row: 14 rows stay under D1's 100 bound parameters per statement.
  const out = [];
  for (const [list, parent] of [
    [without, false],
    [withParent, true],
  ] as const)
    for (let i = 0; i < list.length; i += 14)
      out.push(
        db
          .insert(accounts)
          .values(
            list
              .slice(i, i + 14)
              .map((r) => ({ ...r, parentDomain: r.parentDomain ?? null, createdAt: now, updatedAt: now })),
          )
          .onConflictDoUpdate({
            target: accounts.domain,
            set: parent ? { ...set, parentDomain: sql`excluded.parent_domain` } : set,
          }),
      );
  return out;
}

/** The booking a reschedule replaced: the lead's latest `rescheduled` booking made before this one. */
export async function replacedBooking(
  db: Database,
  leadId: string,
  bookingId: string,
): Promise<string | null> {
  const self = await db
    .select({ createdAt: bookings.createdAt })
    .from(bookings)
    .where(eq(bookings.id, bookingId))
    .get();
  if (!self) return null;
  const row = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.leadId, leadId),
        eq(bookings.status, "rescheduled"),
        ne(bookings.id, bookingId),
        lte(bookings.createdAt, self.createdAt),
      ),
    )
    .orderBy(desc(bookings.createdAt))
    .limit(1)
    .get();
  return row?.id ?? null;
}
