import { and, eq, gte, sql } from "drizzle-orm";
import type { RepLoad } from "../core/routing/eligibility";
import type { Database } from "../db/client";
import { assignments } from "../db/schema";

/**
 * Leads assigned to `repId` since its local day start and since its ISO-week start, across
 * every team and named destination: the counts a named rep's caps are checked against.
 * One indexed read (`assignments_rep_window`).
 */
export async function readRepLoad(
  db: Database,
  repId: string,
  windows: { dayStart: number; weekStart: number },
): Promise<RepLoad> {
  const since = Math.min(windows.dayStart, windows.weekStart);
  const [row] = await db
    .select({
      dayCount: sql<number>`coalesce(sum(case when ${assignments.assignedAt} >= ${windows.dayStart} then 1 else 0 end), 0)`,
      weekCount: sql<number>`count(*)`,
    })
    .from(assignments)
    .where(and(eq(assignments.repId, repId), gte(assignments.assignedAt, since)));
  return { dayCount: Number(row?.dayCount ?? 0), weekCount: Number(row?.weekCount ?? 0) };
}
