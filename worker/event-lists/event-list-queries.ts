/** D1 reads and writes for event lists and their rows; no business rules here. */
import { and, asc, desc, eq, gte, inArray, isNull, ne, sql } from "drizzle-orm";
import { EVENT_FORM_ID } from "../core/event-lists/rows";
import type { Database } from "../db/client";
import { chunked, IN_CHUNK } from "../db/in-chunks";
import { eventListRows, eventLists, leads } from "../db/schema";
import type { EventList, EventListCounts } from "./contract";

export type ListRow = typeof eventLists.$inferSelect;
export type StoredRow = typeof eventListRows.$inferSelect;
export type NewRow = {
  row: number;
  email: string | null;
  fields: Record<string, string>;
  outcome: "pending" | "refused";
  reason: string | null;
};

/** Rows per insert statement: they travel as one JSON parameter, well under D1's 2 MB value limit. */
const INSERT_CHUNK = 1_000;

/**
 * Stores a list and all its rows in one batch (all or nothing). The rows go as a JSON array
 * read by `json_each`, so 5,000 rows are five statements, not thousands. Raw D1: drizzle's
 * batch does not take a raw `sql` statement.
 */
export async function insertList(
  d1: D1Database,
  list: typeof eventLists.$inferInsert,
  rows: readonly NewRow[],
) {
  const inserts = chunked(rows, INSERT_CHUNK).map((part) =>
    d1
      .prepare(
        `INSERT INTO event_list_rows (list_id, row, email_normalized, fields, outcome, reason, updated_at)
         SELECT ?1, json_extract(value, '$.row'), json_extract(value, '$.email'), json_extract(value, '$.fields'),
                json_extract(value, '$.outcome'), json_extract(value, '$.reason'), ?2
         FROM json_each(?3)`,
      )
      .bind(list.id, list.createdAt, JSON.stringify(part)),
  );
  const head = d1
    .prepare(
      `INSERT INTO event_lists (id, name, identity_hash, file_name, rule_set_id, total_rows, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)`,
    )
    .bind(
      list.id,
      list.name,
      list.identityHash,
      list.fileName ?? null,
      list.ruleSetId,
      list.totalRows,
      list.createdAt,
    );
  await d1.batch([head, ...inserts]);
}

const ZERO: EventListCounts = { pending: 0, routed: 0, merged: 0, duplicate: 0, unrouted: 0, refused: 0 };

async function countsFor(db: Database, ids: string[]): Promise<Map<string, EventListCounts>> {
  const out = new Map<string, EventListCounts>(ids.map((id) => [id, { ...ZERO }]));
  for (const part of chunked(ids, IN_CHUNK)) {
    const rows = await db
      .select({ listId: eventListRows.listId, outcome: eventListRows.outcome, n: sql<number>`count(*)` })
      .from(eventListRows)
      .where(inArray(eventListRows.listId, part))
      .groupBy(eventListRows.listId, eventListRows.outcome);
    for (const r of rows) out.get(r.listId)![r.outcome] = r.n;
  }
  return out;
}

const toWire = (l: ListRow, counts: EventListCounts): EventList => ({
  id: l.id,
  name: l.name,
  fileName: l.fileName,
  ruleSetId: l.ruleSetId,
  totalRows: l.totalRows,
  createdAt: l.createdAt,
  finishedAt: l.finishedAt,
  counts,
});

export async function getList(db: Database, id: string): Promise<{ row: ListRow; wire: EventList } | null> {
  const [row] = await db.select().from(eventLists).where(eq(eventLists.id, id)).limit(1);
  if (!row) return null;
  const counts = await countsFor(db, [id]);
  return { row, wire: toWire(row, counts.get(id)!) };
}

/** The newest lists first, with their counts: where an admin finds a run to resume. */
export async function listLists(db: Database, limit: number): Promise<EventList[]> {
  const rows = await db.select().from(eventLists).orderBy(desc(eventLists.createdAt)).limit(limit);
  const counts = await countsFor(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toWire(r, counts.get(r.id)!));
}

export function rowsWith(db: Database, listId: string, outcome: StoredRow["outcome"], limit?: number) {
  const q = db
    .select()
    .from(eventListRows)
    .where(and(eq(eventListRows.listId, listId), eq(eventListRows.outcome, outcome)))
    .orderBy(asc(eventListRows.row));
  return limit === undefined ? q : q.limit(limit);
}

export function routedPerRep(db: Database, listId: string) {
  return db
    .select({ repId: sql<string>`${eventListRows.repId}`, count: sql<number>`count(*)` })
    .from(eventListRows)
    .where(and(eq(eventListRows.listId, listId), eq(eventListRows.outcome, "routed")))
    .groupBy(eventListRows.repId)
    .orderBy(desc(sql`count(*)`), asc(eventListRows.repId));
}

/**
 * The lead's current rep: its active assignment, if any. Spelled out: drizzle writes a
 * single-table select's columns unqualified, so `leads.id` inside the subquery would read
 * as the assignment's own id.
 */
const activeRep = sql<string | null>`(SELECT a.rep_id FROM assignments a
  WHERE a.lead_id = leads.id AND a.status = 'active' ORDER BY a.assigned_at DESC LIMIT 1)`;

export type KnownLead = {
  id: string;
  status: string;
  repId: string | null;
  context: Record<string, unknown> | null;
};

/** Event leads already made under these idempotency keys (an earlier upload of the same list). */
export async function leadsByKeys(db: Database, keys: readonly string[]): Promise<Map<string, KnownLead>> {
  const out = new Map<string, KnownLead>();
  for (const part of chunked(keys, IN_CHUNK)) {
    const rows = await db
      .select({
        key: leads.idempotencyKey,
        id: leads.id,
        status: leads.status,
        repId: activeRep,
        context: leads.context,
      })
      .from(leads)
      .where(and(eq(leads.formId, EVENT_FORM_ID), inArray(leads.idempotencyKey, part)));
    for (const { key, ...lead } of rows) out.set(key!, lead);
  }
  return out;
}

/**
 * The newest lead per email created at or after `since`, not erased and not spam: the people
 * the list already knows, whose rows are merged into their lead rather than counted again.
 */
export async function recentLeadsByEmail(
  db: Database,
  emails: readonly string[],
  since: number,
): Promise<Map<string, KnownLead>> {
  const out = new Map<string, KnownLead & { createdAt: number }>();
  for (const part of chunked(emails, IN_CHUNK)) {
    const rows = await db
      .select({
        email: leads.emailNormalized,
        id: leads.id,
        status: leads.status,
        repId: activeRep,
        context: leads.context,
        createdAt: leads.createdAt,
      })
      .from(leads)
      .where(
        and(
          inArray(leads.emailNormalized, part),
          gte(leads.createdAt, since),
          isNull(leads.erasedAt),
          ne(leads.status, "spam"),
        ),
      );
    for (const { email, ...lead } of rows) {
      const seen = out.get(email!);
      if (!seen || lead.createdAt > seen.createdAt) out.set(email!, lead);
    }
  }
  return out;
}

export type RowUpdate = Pick<StoredRow, "row" | "outcome" | "reason" | "leadId" | "repId">;

/** Records a batch's outcomes in one round trip, and the list's finish when nothing is left pending. */
export async function recordRows(db: Database, listId: string, updates: readonly RowUpdate[], now: number) {
  const writes = updates.map((u) =>
    db
      .update(eventListRows)
      .set({ outcome: u.outcome, reason: u.reason, leadId: u.leadId, repId: u.repId, updatedAt: now })
      .where(and(eq(eventListRows.listId, listId), eq(eventListRows.row, u.row))),
  );
  const finish = db
    .update(eventLists)
    .set({
      updatedAt: now,
      finishedAt: sql`CASE WHEN EXISTS (SELECT 1 FROM ${eventListRows} WHERE ${eventListRows.listId} = ${listId}
        AND ${eventListRows.outcome} = 'pending') THEN NULL ELSE coalesce(${eventLists.finishedAt}, ${now}) END`,
    })
    .where(eq(eventLists.id, listId));
  const [first, ...rest] = [...writes, finish];
  // drizzle types a batch as a non-empty tuple; `finish` alone is one when the batch is empty.
  await db.batch([first!, ...rest]);
}
