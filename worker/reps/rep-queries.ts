/**
 * The rep workspace's reads: one rep's leads and meetings. Every query takes the rep id and
 * filters by it in SQL, so no caller can forget the "own data only" rule.
 */
export type RepLeadRow = {
  assignment_id: string;
  lead_id: string;
  status: string;
  assigned_at: number;
  accept_deadline: number | null;
  accepted_at: number | null;
  rule_id: string | null;
  team_id: string | null;
  reason: string | null;
  assigned_by: string | null;
  form_id: string;
  email: string | null;
  fields: string;
  score: number | null;
  tier: string | null;
  trace: string | null;
  /** The newest decision's compact trace, when it has one (leads/trace-codec.ts). */
  trace_z: ArrayBuffer | null;
  /** The newest decision's id and archive marker: its trace may be in R2 (worker/archive). */
  decision_id: string | null;
  /** The lead's archive marker: positive when its decisions moved into its R2 object. */
  lead_archived_at: number | null;
  archived_at: number | null;
};

/** The rep's open leads (assigned, not yet moved on), newest first. Erased leads are left out. */
export async function listRepLeads(d1: D1Database, repId: string, limit = 100): Promise<RepLeadRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT a.id AS assignment_id, a.lead_id, a.status, a.assigned_at, a.accept_deadline, a.accepted_at,
              a.rule_id, a.team_id, a.reason, a.assigned_by, l.form_id, l.email, l.fields, l.score, l.tier,
              (SELECT d.trace FROM routing_decisions d WHERE d.lead_id = a.lead_id
                 ORDER BY d.decided_at DESC LIMIT 1) AS trace,
              (SELECT d.trace_z FROM routing_decisions d WHERE d.lead_id = a.lead_id
                 ORDER BY d.decided_at DESC LIMIT 1) AS trace_z,
              (SELECT d.id FROM routing_decisions d WHERE d.lead_id = a.lead_id
                 ORDER BY d.decided_at DESC LIMIT 1) AS decision_id,
              (SELECT d.archived_at FROM routing_decisions d WHERE d.lead_id = a.lead_id
                 ORDER BY d.decided_at DESC LIMIT 1) AS archived_at, l.archived_at AS lead_archived_at
         FROM assignments a JOIN leads l ON l.id = a.lead_id
        WHERE a.rep_id = ?1 AND a.status IN ('active', 'accepted') AND l.erased_at IS NULL
        ORDER BY a.assigned_at DESC LIMIT ?2`,
    )
    .bind(repId, limit)
    .all<RepLeadRow>();
  return results;
}

/** The lead's current assignment when it is this rep's; null when the lead is someone else's. */
export async function repAssignment(d1: D1Database, repId: string, leadId: string) {
  return d1
    .prepare(
      `SELECT id, team_id, status FROM assignments WHERE lead_id = ?1 AND rep_id = ?2
        AND status IN ('active', 'accepted') ORDER BY attempt DESC LIMIT 1`,
    )
    .bind(leadId, repId)
    .first<{ id: string; team_id: string | null; status: string }>();
}

export type RepMeetingRow = {
  booking_id: string;
  lead_id: string;
  start_at: number;
  end_at: number;
  status: string;
  form_id: string;
  email: string | null;
  fields: string;
};

/** The rep's confirmed meetings from `from` on (upcoming) or before it (past, newest first). */
export async function listRepMeetings(
  d1: D1Database,
  repId: string,
  now: number,
  when: "upcoming" | "past",
  limit = 50,
): Promise<RepMeetingRow[]> {
  const cmp = when === "upcoming" ? "b.end_at > ?2" : "b.end_at <= ?2";
  const order = when === "upcoming" ? "ASC" : "DESC";
  const { results } = await d1
    .prepare(
      `SELECT b.id AS booking_id, b.lead_id, b.start_at, b.end_at, b.status, l.form_id, l.email, l.fields
         FROM bookings b JOIN leads l ON l.id = b.lead_id
        WHERE b.rep_id = ?1 AND b.status = 'confirmed' AND ${cmp} AND l.erased_at IS NULL
        ORDER BY b.start_at ${order} LIMIT ?3`,
    )
    .bind(repId, now, limit)
    .all<RepMeetingRow>();
  return results;
}
