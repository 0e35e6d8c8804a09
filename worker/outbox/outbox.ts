/**
 * The transactional outbox: how a side effect leaves the critical path without being lost.
 * A feature writes `outboxEntry(...)` in the same D1 batch as its state change, answers, and
 * hands the entry off with `handOff` (ctx.waitUntil). If the isolate dies before or during the
 * hand-off, the minute cron sweeps the entry (worker/outbox/dispatch.ts). See docs/outbox.md.
 */
import { and, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { outbox } from "../db/schema";

export type OutboxRow = typeof outbox.$inferSelect;

/** One side effect to run after the change commits. `kind` names its handler. */
export type OutboxEffect = {
  kind: string;
  leadId?: string | null;
  bookingId?: string | null;
  payload: unknown;
};

/** A dispatcher holds an entry this long; after it, another (the cron) may run it again. */
export const OUTBOX_LEASE_MS = 60_000;
/** Entries younger than this are left to their request's hand-off by the sweep. */
export const OUTBOX_SWEEP_GRACE_MS = 15_000;
/** Tries before an entry is given up and left for an operator (done, with its last error). */
export const OUTBOX_MAX_ATTEMPTS = 10;
/**
 * How long a finished entry stays before the cron deletes it. Its effect is recorded where it
 * landed (delivery log, webhook messages, CRM sync); the row itself only holds the payload,
 * about 0.7 KB per lead with its indexes (docs/capacity.md).
 */
export const OUTBOX_DONE_RETENTION_MS = 7 * 86_400_000;
/** Deleted per cron run, so a backlog drains over runs without one long statement. */
export const OUTBOX_PRUNE_BATCH = 500;

/**
 * The insert of a new entry, unawaited, to put in the state change's `db.batch()`, and the
 * entry's id (pass it to `handOff` after the batch commits).
 */
export function outboxEntry(db: Database, effect: OutboxEffect, now: number) {
  const id = crypto.randomUUID();
  const statement = db.insert(outbox).values({
    id,
    kind: effect.kind,
    leadId: effect.leadId ?? null,
    bookingId: effect.bookingId ?? null,
    payload: effect.payload,
    createdAt: now,
  });
  return { id, statement };
}

/**
 * A new entry as a raw statement that is written only when the statement before it in the
 * same `D1Database.batch()` changed exactly one row: for changes guarded in SQL (a booking
 * insert that may find the slot taken, a cancel that may find the booking already cancelled).
 */
export function outboxEntryIfChanged(d1: D1Database, effect: OutboxEffect, now: number) {
  const id = crypto.randomUUID();
  const statement = d1
    .prepare(
      `INSERT INTO outbox (id, kind, lead_id, booking_id, payload, created_at, attempts)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, 0 WHERE changes() = 1`,
    )
    .bind(
      id,
      effect.kind,
      effect.leadId ?? null,
      effect.bookingId ?? null,
      JSON.stringify(effect.payload),
      now,
    );
  return { id, statement };
}

/**
 * Takes the entries (of `ids`, or any due ones when `ids` is omitted) that nobody holds and
 * that are not done, for OUTBOX_LEASE_MS. One statement, so two dispatchers never take one
 * entry at the same time.
 */
export async function claimOutbox(
  db: Database,
  now: number,
  opts: { ids?: readonly string[]; createdBefore?: number; limit?: number },
): Promise<OutboxRow[]> {
  const free = or(isNull(outbox.claimedUntil), lte(outbox.claimedUntil, now));
  const which = opts.ids
    ? inArray(outbox.id, [...opts.ids])
    : inArray(
        outbox.id,
        db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(isNull(outbox.doneAt), free, lte(outbox.createdAt, opts.createdBefore ?? now)))
          .orderBy(outbox.createdAt)
          .limit(opts.limit ?? 50),
      );
  return db
    .update(outbox)
    .set({ claimedUntil: now + OUTBOX_LEASE_MS, attempts: sql`${outbox.attempts} + 1` })
    .where(and(which, isNull(outbox.doneAt), free))
    .returning();
}

/** Marks an entry done (its handler finished, or it was given up with `error`). */
export function finishOutbox(db: Database, id: string, now: number, error?: string) {
  return db
    .update(outbox)
    .set({ doneAt: now, lastError: error ?? null })
    .where(eq(outbox.id, id));
}

/** Records a failed try; the claim runs out and the sweep tries again. */
export function failOutbox(db: Database, id: string, error: string) {
  return db
    .update(outbox)
    .set({ lastError: error.slice(0, 500) })
    .where(eq(outbox.id, id));
}

/**
 * Deletes up to `limit` entries finished without error before `before`, oldest first. Given-up
 * entries (done with a last error) stay for an operator; pending ones are never touched.
 */
export async function pruneDoneOutbox(db: Database, before: number, limit: number): Promise<number> {
  const finished = and(isNotNull(outbox.doneAt), lt(outbox.doneAt, before), isNull(outbox.lastError));
  const result = await db
    .delete(outbox)
    .where(
      inArray(
        outbox.id,
        db.select({ id: outbox.id }).from(outbox).where(finished).orderBy(outbox.doneAt).limit(limit),
      ),
    );
  return result.meta.changes ?? 0;
}
