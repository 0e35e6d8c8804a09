import { and, asc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import type { IcsEvent } from "../core/ics";
import type { Database } from "../db/client";
import { IN_CHUNK } from "../db/in-chunks";
import { isUniqueViolation } from "../db/errors";
import { assignments, bookings, icsEvents } from "../db/schema";

export type BookingRow = typeof bookings.$inferSelect;

/**
 * Confirmed bookings of these reps (at most IN_CHUNK) that overlap [from, to), oldest first;
 * unawaited, so a caller can put it in a `db.batch()` with other reads.
 */
export function confirmedBookingsQuery(db: Database, repIds: readonly string[], from: number, to: number) {
  return db
    .select()
    .from(bookings)
    .where(
      and(
        inArray(bookings.repId, [...repIds]),
        eq(bookings.status, "confirmed"),
        lt(bookings.startAt, to),
        gt(bookings.endAt, from),
      ),
    )
    .orderBy(asc(bookings.startAt));
}

/** Confirmed bookings of these reps that overlap [from, to), oldest first. */
export async function confirmedBookingsInRange(
  db: Database,
  repIds: readonly string[],
  from: number,
  to: number,
): Promise<BookingRow[]> {
  const out: BookingRow[] = [];
  for (let i = 0; i < repIds.length; i += IN_CHUNK) {
    out.push(...(await confirmedBookingsQuery(db, repIds.slice(i, i + IN_CHUNK), from, to)));
  }
  return out;
}

/** What must still hold, inside the insert itself, for a booking to be written. */
export type BookingGuard = {
  /** No confirmed booking of the rep may overlap [blockStart, blockEnd) (the meeting plus buffers). */
  blockStart: number;
  blockEnd: number;
  /** At most `dailyMax - 1` confirmed bookings of the team may already start in [dayStart, dayEnd). */
  dailyMax?: { dayStart: number; dayEnd: number; max: number };
  /**
   * A reschedule: the booking being replaced does not count against its successor, and must
   * still be confirmed for the successor to be written.
   */
  exceptBookingId?: string;
};

/**
 * Writes a confirmed booking only when the rep is still free and the lead has no other
 * confirmed booking, in one statement. D1 runs each statement atomically against a single
 * writer, so check and write cannot interleave with another request's: this is the lock that
 * serialises bookings per rep across every team. The partial unique index on
 * (rep_id, start_at) stays as the last guard. Returns false when a guard refused the row.
 */
export async function insertBookingIfFree(
  d1: D1Database,
  row: BookingRow,
  guard: BookingGuard,
  /**
   * Statements committed in the same batch, each written to take effect only when the one
   * before it changed a row (`changes() = 1`): the outbox entries and the lead's status.
   */
  andThen: D1PreparedStatement[] = [],
): Promise<boolean> {
  const daily = guard.dailyMax;
  const statement = d1
    .prepare(
      `INSERT INTO bookings (id, lead_id, rep_id, team_id, start_at, end_at, status, timezone,
         calendar_provider, calendar_event_id, calendar_sync_status, calendar_attempts, created_at, canceled_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, 'confirmed', ?7, ?8, NULL, ?9, 0, ?10, NULL
       WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE rep_id = ?3 AND status = 'confirmed'
                           AND start_at < ?12 AND end_at > ?11 AND id IS NOT ?16)
         AND NOT EXISTS (SELECT 1 FROM bookings WHERE lead_id = ?2 AND status = 'confirmed' AND id IS NOT ?16)
         AND (?13 IS NULL OR (SELECT count(*) FROM bookings WHERE rep_id = ?3 AND team_id IS ?4
                                AND status = 'confirmed' AND start_at >= ?14 AND start_at < ?15
                                AND id IS NOT ?16) < ?13)
         AND (?16 IS NULL OR EXISTS (SELECT 1 FROM bookings WHERE id = ?16 AND status = 'confirmed'))`,
    )
    .bind(
      row.id,
      row.leadId,
      row.repId,
      row.teamId,
      row.startAt,
      row.endAt,
      row.timezone,
      row.calendarProvider,
      row.calendarSyncStatus,
      row.createdAt,
      guard.blockStart,
      guard.blockEnd,
      daily?.max ?? null,
      daily?.dayStart ?? 0,
      daily?.dayEnd ?? 0,
      guard.exceptBookingId ?? null,
    );
  try {
    if (andThen.length === 0) return (await statement.run()).meta.changes === 1;
    const [first] = await d1.batch([statement, ...andThen]);
    return first?.meta.changes === 1;
  } catch (err) {
    // Only reachable if two rows raced past NOT EXISTS, which D1's single writer rules out;
    // kept so the index's refusal reads as "taken", never as a 500.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function getBooking(db: Database, id: string): Promise<BookingRow | null> {
  const [row] = await db.select().from(bookings).where(eq(bookings.id, id)).limit(1);
  return row ?? null;
}

/** The lead's confirmed booking, if it has one. */
export async function confirmedBookingForLead(db: Database, leadId: string): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.leadId, leadId), eq(bookings.status, "confirmed")))
    .limit(1);
  return row ?? null;
}

function toIcsEvent(row: typeof icsEvents.$inferSelect): IcsEvent {
  return {
    uid: row.uid,
    bookingId: row.bookingId,
    sequence: row.sequence,
    canceled: row.canceledAt !== null,
  };
}

/** The builtin event a booking stands for, if one was opened or handed to it. */
export async function icsEventOfBooking(db: Database, bookingId: string): Promise<IcsEvent | null> {
  const [row] = await db.select().from(icsEvents).where(eq(icsEvents.bookingId, bookingId)).limit(1);
  return row ? toIcsEvent(row) : null;
}

/** The builtin event with this UID (the builtin provider's event id). */
export async function icsEventByUid(db: Database, uid: string): Promise<IcsEvent | null> {
  const [row] = await db.select().from(icsEvents).where(eq(icsEvents.uid, uid)).limit(1);
  return row ? toIcsEvent(row) : null;
}

/**
 * Stores an event's next state: a new event when `previous` is null (nothing happens when its
 * UID or booking already has one), otherwise only while the stored state is still `previous`.
 * That compare-and-set is what makes a change count once when a request and the retry job
 * race it. True when this call wrote.
 */
export async function saveIcsEvent(
  db: Database,
  next: IcsEvent,
  previous: IcsEvent | null,
  now: number,
): Promise<boolean> {
  const values = {
    bookingId: next.bookingId,
    sequence: next.sequence,
    canceledAt: next.canceled ? now : null,
    updatedAt: now,
  };
  const written = previous
    ? await db
        .update(icsEvents)
        .set(values)
        .where(
          and(
            eq(icsEvents.uid, previous.uid),
            eq(icsEvents.bookingId, previous.bookingId),
            eq(icsEvents.sequence, previous.sequence),
          ),
        )
        .returning({ uid: icsEvents.uid })
    : await db
        .insert(icsEvents)
        .values({ uid: next.uid, ...values })
        .onConflictDoNothing()
        .returning({ uid: icsEvents.uid });
  return written.length === 1;
}

/** Records how the calendar side went: synced with its event id, or pending for a retry. */
export function setCalendarState(
  db: Database,
  id: string,
  patch: Pick<BookingRow, "calendarSyncStatus"> &
    Partial<Pick<BookingRow, "calendarEventId" | "calendarAttempts">>,
) {
  return db.update(bookings).set(patch).where(eq(bookings.id, id));
}

/**
 * Cancels a confirmed booking; false when it was not confirmed any more (already cancelled
 * or rescheduled), so two clicks on one link cancel once.
 */
export async function cancelConfirmedBooking(
  db: Database,
  id: string,
  now: number,
  status: "canceled" | "rescheduled" = "canceled",
  reason?: string,
): Promise<boolean> {
  const result = await db
    .update(bookings)
    // The calendar side is owed again: the event must now be cancelled (worker/outbox).
    .set({
      status,
      canceledAt: now,
      calendarSyncStatus: "pending",
      ...(reason ? { cancelReason: reason } : {}),
    })
    .where(and(eq(bookings.id, id), eq(bookings.status, "confirmed")))
    .returning({ id: bookings.id });
  return result.length === 1;
}

/**
 * Bookings whose calendar side is still owed, oldest first, for the retry job: a confirmed
 * one needs its event created, a cancelled one its event cancelled.
 */
export function pendingCalendarBookings(db: Database, limit: number, changedBefore: number) {
  return db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.calendarSyncStatus, "pending"),
        // A change younger than this is its outbox entry's to sync (worker/outbox/handlers.ts).
        lte(sql`max(${bookings.createdAt}, coalesce(${bookings.canceledAt}, 0))`, changedBefore),
      ),
    )
    .orderBy(asc(bookings.createdAt))
    .limit(limit);
}

/** Marks an assignment reassigned or released (status only; history stays). */
export function setAssignmentStatus(db: Database, assignmentId: string, status: "reassigned" | "released") {
  return db.update(assignments).set({ status }).where(eq(assignments.id, assignmentId));
}

/** The lead's new status, set only when the statement before it in a batch changed one row. */
export function setLeadStatusIfChanged(d1: D1Database, leadId: string, status: string, now: number) {
  return d1
    .prepare("UPDATE leads SET status = ?1, updated_at = ?2 WHERE id = ?3 AND changes() = 1")
    .bind(status, now, leadId);
}

/**
 * The cancel of a confirmed booking as a raw statement, for a batch whose next statements
 * depend on it (`changes() = 1`). The calendar side is owed again: its event must go.
 */
export function cancelConfirmedStatement(
  d1: D1Database,
  id: string,
  now: number,
  status: "canceled" | "rescheduled" = "canceled",
  /** Only when the statement before it in the batch changed one row (a successor's insert). */
  ifChanged = false,
  /** The visitor's reason for cancelling, when given. */
  reason?: string,
) {
  return d1
    .prepare(
      `UPDATE bookings SET status = ?1, canceled_at = ?2, calendar_sync_status = 'pending',
         cancel_reason = coalesce(?5, cancel_reason)
       WHERE id = ?3 AND status = 'confirmed' AND (?4 = 0 OR changes() = 1)`,
    )
    .bind(status, now, id, ifChanged ? 1 : 0, reason ?? null);
}
