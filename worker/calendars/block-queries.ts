import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { calendarBlocks } from "../db/schema";

export type CalendarBlockRow = typeof calendarBlocks.$inferSelect;

/**
 * Blocks of these reps (at most 90: D1's 100 bound parameters) that overlap [from, to),
 * oldest first; unawaited, so the builtin calendar batches it with its bookings read.
 */
export function blocksInRangeQuery(db: Database, repIds: readonly string[], from: number, to: number) {
  return db
    .select()
    .from(calendarBlocks)
    .where(
      and(
        inArray(calendarBlocks.repId, [...repIds]),
        lt(calendarBlocks.startAt, to),
        gt(calendarBlocks.endAt, from),
      ),
    )
    .orderBy(asc(calendarBlocks.startAt));
}

export function insertBlock(db: Database, row: CalendarBlockRow) {
  return db.insert(calendarBlocks).values(row);
}

export async function getBlock(db: Database, id: string): Promise<CalendarBlockRow | null> {
  const [row] = await db.select().from(calendarBlocks).where(eq(calendarBlocks.id, id)).limit(1);
  return row ?? null;
}

export function deleteBlock(db: Database, id: string) {
  return db.delete(calendarBlocks).where(eq(calendarBlocks.id, id));
}

/** Blocks overlapping [from, to) when given, of one rep when given, oldest first. */
export function listBlocks(
  db: Database,
  filter: { repId?: string; from?: number; to?: number },
  limit: number,
) {
  return db
    .select()
    .from(calendarBlocks)
    .where(
      and(
        filter.repId === undefined ? undefined : eq(calendarBlocks.repId, filter.repId),
        filter.to === undefined ? undefined : lt(calendarBlocks.startAt, filter.to),
        filter.from === undefined ? undefined : gt(calendarBlocks.endAt, filter.from),
      ),
    )
    .orderBy(asc(calendarBlocks.startAt), asc(calendarBlocks.id))
    .limit(limit);
}
