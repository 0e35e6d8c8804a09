import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { assignments, outcomes } from "../db/schema";

export type AssignmentRow = typeof assignments.$inferSelect;

export async function getAssignment(db: Database, id: string): Promise<AssignmentRow | null> {
  const [row] = await db.select().from(assignments).where(eq(assignments.id, id)).limit(1);
  return row ?? null;
}

/**
 * Accepts an assignment if it is still active: conditional, so an accept racing the SLA
 * sweep either lands before the sweep's hand-over (which then changes nothing) or finds the
 * row already reassigned. Returns whether this call accepted it.
 */
export async function markAccepted(db: Database, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(assignments)
    .set({ status: "accepted", acceptedAt: now })
    .where(and(eq(assignments.id, id), eq(assignments.status, "active")))
    .returning({ id: assignments.id });
  return rows.length === 1;
}

export function insertOutcome(db: Database, row: typeof outcomes.$inferInsert) {
  return db.insert(outcomes).values(row);
}

export function listOutcomes(db: Database, leadId: string) {
  return db.select().from(outcomes).where(eq(outcomes.leadId, leadId)).orderBy(outcomes.at);
}
