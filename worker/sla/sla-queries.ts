/**
 * SLA sweep queries. The writes are conditional on `status = 'active' AND attempt = ?`, so a
 * sweep acting on a row another sweep (or an accept) already moved changes nothing: that
 * condition is the D1 guard that makes overlapping sweeps safe.
 */
import { IN_CHUNK } from "../db/in-chunks";
export type OverdueRow = {
  id: string;
  leadId: string;
  repId: string;
  teamId: string | null;
  assignedAt: number;
  acceptDeadline: number;
  attempt: number;
};

/** Active assignments whose deadline passed, oldest first (uses `assignments_sla_sweep`). */
export async function listOverdue(d1: D1Database, now: number, limit: number): Promise<OverdueRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, lead_id AS leadId, rep_id AS repId, team_id AS teamId, assigned_at AS assignedAt,
              accept_deadline AS acceptDeadline, attempt
       FROM assignments WHERE status = 'active' AND accept_deadline <= ?
       ORDER BY accept_deadline LIMIT ?`,
    )
    .bind(now, limit)
    .all<OverdueRow>();
  return results;
}

/** For each lead: the reps it was ever assigned to, and whether it has a confirmed booking. */
export async function leadHistory(
  d1: D1Database,
  leadIds: readonly string[],
): Promise<Map<string, { triedRepIds: string[]; booked: boolean }>> {
  const out = new Map(leadIds.map((id) => [id, { triedRepIds: [] as string[], booked: false }]));
  for (let i = 0; i < leadIds.length; i += IN_CHUNK) {
    const part = leadIds.slice(i, i + IN_CHUNK);
    const marks = part.map(() => "?").join(",");
    const [tried, booked] = await d1.batch<{ leadId: string; repId?: string }>([
      d1
        .prepare(
          `SELECT DISTINCT lead_id AS leadId, rep_id AS repId FROM assignments WHERE lead_id IN (${marks})`,
        )
        .bind(...part),
      d1
        .prepare(
          `SELECT DISTINCT lead_id AS leadId FROM bookings WHERE status = 'confirmed' AND lead_id IN (${marks})`,
        )
        .bind(...part),
    ]);
    for (const r of tried!.results) out.get(r.leadId)?.triedRepIds.push(r.repId!);
    for (const r of booked!.results) out.get(r.leadId)!.booked = true;
  }
  return out;
}

/** Moves the row's deadline (working-time recompute, or null to stop the clock); false if it moved on. */
export async function setDeadline(
  d1: D1Database,
  row: Pick<OverdueRow, "id" | "attempt">,
  deadline: number | null,
  reason: string | null,
): Promise<boolean> {
  const result = await d1
    .prepare(
      `UPDATE assignments SET accept_deadline = ?, reason = coalesce(?, reason)
       WHERE id = ? AND status = 'active' AND attempt = ?`,
    )
    .bind(deadline, reason, row.id, row.attempt)
    .run();
  return result.meta.changes === 1;
}

/** The row that takes over a lead after a reassignment or an escalation. */
export type NextAssignment = {
  repId: string;
  teamId: string | null;
  acceptDeadline: number | null;
  reason: string;
};

/**
 * Closes the breached row and inserts the next one, in one batch (one transaction). The new
 * row's id is derived from the lead and attempt, and it is inserted only if the old row is
 * closed with this status, so a losing sweep inserts nothing. Returns true for the winner.
 */
export async function handOver(
  d1: D1Database,
  row: OverdueRow,
  closeAs: "reassigned" | "escalated",
  next: NextAssignment,
  now: number,
  /** Written only if this call inserted the next row (see reassignmentEntry). */
  announce: D1PreparedStatement,
): Promise<boolean> {
  const attempt = row.attempt + 1;
  const [closed] = await d1.batch([
    d1
      .prepare(
        `UPDATE assignments SET status = ?, reason = ? WHERE id = ? AND status = 'active' AND attempt = ?`,
      )
      .bind(closeAs, next.reason, row.id, row.attempt),
    d1
      .prepare(
        `INSERT OR IGNORE INTO assignments (id, lead_id, rep_id, team_id, rule_id, assigned_at, accept_deadline, status, attempt, reason)
         SELECT ?, lead_id, ?, ?, rule_id, ?, ?, 'active', ?, ? FROM assignments WHERE id = ? AND status = ?`,
      )
      .bind(
        `${row.leadId}:${attempt}`,
        next.repId,
        next.teamId,
        now,
        next.acceptDeadline,
        attempt,
        next.reason,
        row.id,
        closeAs,
      ),
    announce,
  ]);
  return closed!.meta.changes === 1;
}
