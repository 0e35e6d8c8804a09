/**
 * The not-booked follow-up's reads and its claim. "Not booked" means the lead has no booking
 * row at all: a visitor who booked and then cancelled chose to, and is not chased.
 */
import type { FollowUpWindow } from "../core/forms/follow-up";

/** A due lead with what the messages need: its notice fields and its current assignment. */
export type DueFollowUp = {
  id: string;
  formId: string;
  email: string | null;
  fields: Record<string, unknown>;
  score: number | null;
  tier: string | null;
  slotsShownAt: number;
  assignmentId: string;
  repId: string;
  teamId: string | null;
  ruleId: string | null;
};

/**
 * Still due, for the leads row called `l`: not claimed, not erased, routed, never booked and not
 * archived (its first three terms are the partial index leads_follow_up_due's).
 */
const notBooked = (
  l: string,
) => `${l}.follow_up_at IS NULL AND ${l}.status = 'routed' AND ${l}.archived_at IS NULL AND ${l}.erased_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.lead_id = ${l}.id)`;

/** Up to `limit` leads of the window's form that are due, oldest offer first. */
export async function dueFollowUps(d1: D1Database, w: FollowUpWindow, limit: number): Promise<DueFollowUp[]> {
  const { results } = await d1
    .prepare(
      `SELECT l.id, l.form_id AS formId, l.email, l.fields, l.score, l.tier, l.slots_shown_at AS slotsShownAt,
         a.id AS assignmentId, a.rep_id AS repId, a.team_id AS teamId, a.rule_id AS ruleId
       FROM leads l JOIN assignments a ON a.lead_id = l.id
         AND a.attempt = (SELECT max(attempt) FROM assignments x WHERE x.lead_id = l.id)
       WHERE l.form_id = ?1 AND l.slots_shown_at >= ?2 AND l.slots_shown_at <= ?3 AND ${notBooked("l")}
       ORDER BY l.slots_shown_at LIMIT ?4`,
    )
    .bind(w.formId, w.shownFrom, w.shownBefore, limit)
    .all<Omit<DueFollowUp, "fields"> & { fields: string }>();
  return results.map((r) => ({ ...r, fields: JSON.parse(r.fields) }));
}

/**
 * Marks the lead as followed up, only if it still is due, as a statement for the batch that
 * also writes its outbox entry (written only when this changed the row). One conditional
 * UPDATE: of two overlapping cron runs exactly one sees a change, and a booking or an erasure
 * that landed since the read makes it see none.
 */
export function claimFollowUpStatement(d1: D1Database, leadId: string, now: number): D1PreparedStatement {
  return d1
    .prepare(`UPDATE leads SET follow_up_at = ?2 WHERE id = ?1 AND ${notBooked("leads")}`)
    .bind(leadId, now);
}
