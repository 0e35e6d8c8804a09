import type { AssignmentRow } from "../sla/accept-queries";

/** The row that takes over a lead after an admin's move. */
export type ManualNext = {
  repId: string;
  teamId: string | null;
  acceptDeadline: number | null;
  reason: string;
  /** The audit actor label; shown on the timeline. */
  by: string;
};

/**
 * Closes the lead's current row (active or already accepted) and inserts the next one, with
 * its audit entry, in one batch (one transaction). Every statement is conditional on the
 * close having happened here: the close matches only `status IN ('active','accepted') AND
 * attempt = ?`, the same guard the SLA sweep's hand-over writes against, so of an admin and
 * a sweep acting at once exactly one closes the row, and the next row's id (lead and
 * attempt) lets only one be inserted; `announce` (the move's outbox entry) follows that
 * insert. Returns whether this call won.
 */
export async function handOverByHand(
  d1: D1Database,
  current: Pick<AssignmentRow, "id" | "leadId" | "attempt">,
  next: ManualNext,
  now: number,
  audit: { id: string; details: Record<string, unknown> },
  /** Written only if this call inserted the next row (see reassignmentEntry). */
  announce: D1PreparedStatement,
): Promise<boolean> {
  const attempt = current.attempt + 1;
  const nextId = `${current.leadId}:${attempt}`;
  const [closed] = await d1.batch([
    d1
      .prepare(
        `UPDATE assignments SET status = 'reassigned', reason = ?
         WHERE id = ? AND status IN ('active', 'accepted') AND attempt = ?`,
      )
      .bind(next.reason, current.id, current.attempt),
    d1
      .prepare(
        `INSERT OR IGNORE INTO assignments (id, lead_id, rep_id, team_id, rule_id, assigned_at, accept_deadline, status, attempt, reason, assigned_by)
         SELECT ?, lead_id, ?, ?, rule_id, ?, ?, 'active', ?, ?, ? FROM assignments
         WHERE id = ? AND status = 'reassigned' AND reason = ?`,
      )
      .bind(
        nextId,
        next.repId,
        next.teamId,
        now,
        next.acceptDeadline,
        attempt,
        next.reason,
        next.by,
        current.id,
        next.reason,
      ),
    announce,
    // Only when the row just inserted is this call's (a sweep's row has no assigned_by).
    d1
      .prepare(
        `INSERT INTO audit_log (id, at, actor, action, target, details)
         SELECT ?, ?, ?, 'lead.reassigned', ?, ? FROM assignments
         WHERE id = ? AND assigned_by = ? AND assigned_at = ?`,
      )
      .bind(
        audit.id,
        now,
        next.by,
        `lead:${current.leadId}`,
        JSON.stringify(audit.details),
        nextId,
        next.by,
        now,
      ),
  ]);
  return closed!.meta.changes === 1;
}
