import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { assignments, bookings, leads, routingDecisions } from "../db/schema";

export type LeadRow = typeof leads.$inferSelect;

export function insertLead(db: Database, row: typeof leads.$inferInsert) {
  return db.insert(leads).values(row);
}

/**
 * Inserts a lead unless its (form, idempotency key) exists; answers whether it was new. For
 * sources whose key is the message's own id (email, signal tasks): the unique index decides.
 */
export async function insertLeadOnce(db: Database, row: typeof leads.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(leads).values(row).onConflictDoNothing().returning({ id: leads.id });
  return inserted.length > 0;
}

/** What a source decides about a new lead; everything else starts the same for every source. */
export type NewLead = Pick<
  LeadRow,
  "formId" | "email" | "emailNormalized" | "fields" | "context" | "configVersion" | "idempotencyKey"
> &
  Partial<Pick<LeadRow, "status" | "payloadHash">>;

/** A lead row as every source (form, email, event list, signal) first stores it: received, unrouted. */
export function newLeadRow(lead: NewLead, now: number): LeadRow {
  return {
    id: crypto.randomUUID(),
    createdAt: now,
    status: "received",
    score: null,
    tier: null,
    payloadHash: null,
    routingAttempts: 0,
    lastRoutingError: null,
    updatedAt: now,
    slotsShownAt: null,
    erasedAt: null,
    followUpAt: null,
    archivedAt: null,
    factsZ: null,
    ...lead,
  };
}

export async function getLead(db: Database, id: string): Promise<LeadRow | null> {
  const [row] = await db.select().from(leads).where(eq(leads.id, id)).limit(1);
  return row ?? null;
}

function leadByIdempotencyKeyQuery(db: Database, formId: string, key: string) {
  return db
    .select()
    .from(leads)
    .where(and(eq(leads.formId, formId), eq(leads.idempotencyKey, key)))
    .limit(1);
}

function recentLeadByPayloadQuery(db: Database, formId: string, payloadHash: string, since: number) {
  return db
    .select()
    .from(leads)
    .where(and(eq(leads.formId, formId), eq(leads.payloadHash, payloadHash), gte(leads.createdAt, since)))
    .orderBy(desc(leads.createdAt))
    .limit(1);
}

export async function findLeadByIdempotencyKey(db: Database, formId: string, key: string) {
  const [row] = await leadByIdempotencyKeyQuery(db, formId, key);
  return row ?? null;
}

/** The newest lead of this form with the same payload created at or after `since`. */
export async function findRecentLeadByPayload(
  db: Database,
  formId: string,
  payloadHash: string,
  since: number,
) {
  const [row] = await recentLeadByPayloadQuery(db, formId, payloadHash, since);
  return row ?? null;
}

/**
 * The earlier lead a submission repeats: the one with its Idempotency-Key, else the newest
 * with the same payload since `since`. One D1 round trip either way.
 */
export async function findDuplicateLead(
  db: Database,
  formId: string,
  idempotencyKey: string | undefined,
  payloadHash: string,
  since: number,
): Promise<LeadRow | null> {
  if (!idempotencyKey) return findRecentLeadByPayload(db, formId, payloadHash, since);
  const [byKey, byPayload] = await db.batch([
    leadByIdempotencyKeyQuery(db, formId, idempotencyKey),
    recentLeadByPayloadQuery(db, formId, payloadHash, since),
  ]);
  return byKey[0] ?? byPayload[0] ?? null;
}

export function setLeadStatus(
  db: Database,
  id: string,
  now: number,
  patch: Partial<
    Pick<LeadRow, "status" | "score" | "tier" | "configVersion" | "routingAttempts" | "lastRoutingError">
  >,
) {
  return db
    .update(leads)
    .set({ ...patch, updatedAt: now })
    .where(eq(leads.id, id));
}

/**
 * Leads due for another routing attempt, oldest first: `unrouted` ones, and `received` ones
 * old enough that the request that stored them must have died before routing.
 */
export async function listUnroutedLeads(
  db: Database,
  createdBefore: number,
  limit: number,
  maxAttempts: number,
  now: number,
) {
  return db
    .select()
    .from(leads)
    .where(
      and(
        inArray(leads.status, ["unrouted", "received"]),
        lt(leads.createdAt, createdBefore),
        lt(leads.routingAttempts, maxAttempts),
        // Back off: 1, 2, 4 … minutes after the last attempt, at most an hour, so a lead that
        // nobody can take overnight is retried until reps come online without busy-looping.
        sql`${leads.updatedAt} <= ${now} - min(60000 * (1 << max(${leads.routingAttempts} - 1, 0)), 3600000)`,
      ),
    )
    .orderBy(asc(leads.createdAt))
    .limit(limit);
}

export function insertDecision(db: Database, row: typeof routingDecisions.$inferInsert) {
  return db.insert(routingDecisions).values(row);
}

export function insertAssignment(db: Database, row: typeof assignments.$inferInsert) {
  return db.insert(assignments).values(row);
}

/** The current (latest) assignment of a lead, if any. */
export async function currentAssignment(db: Database, leadId: string) {
  const [row] = await db
    .select()
    .from(assignments)
    .where(eq(assignments.leadId, leadId))
    .orderBy(desc(assignments.attempt))
    .limit(1);
  return row ?? null;
}

export async function latestDecision(db: Database, leadId: string) {
  const [row] = await db
    .select()
    .from(routingDecisions)
    .where(eq(routingDecisions.leadId, leadId))
    .orderBy(desc(routingDecisions.decidedAt))
    .limit(1);
  return row ?? null;
}

/**
 * A lead, its current assignment and its confirmed booking, in one round trip: by the lead's
 * id, or by one of its bookings' id (a manage link knows only that).
 */
export async function leadWithSchedule(db: Database, by: { leadId: string } | { bookingId: string }) {
  const leadId =
    "leadId" in by
      ? sql`${by.leadId}`
      : sql`(SELECT ${bookings.leadId} FROM ${bookings} WHERE ${bookings.id} = ${by.bookingId})`;
  const [leadRows, assignmentRows, bookingRows] = await db.batch([
    db.select().from(leads).where(eq(leads.id, leadId)).limit(1),
    db
      .select()
      .from(assignments)
      .where(eq(assignments.leadId, leadId))
      .orderBy(desc(assignments.attempt))
      .limit(1),
    db
      .select()
      .from(bookings)
      .where(and(eq(bookings.leadId, leadId), eq(bookings.status, "confirmed")))
      .limit(1),
  ]);
  return {
    lead: leadRows[0] ?? null,
    assignment: assignmentRows[0] ?? null,
    confirmed: bookingRows[0] ?? null,
  };
}
