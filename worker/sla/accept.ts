import type { Database } from "../db/client";
import { getAssignment, markAccepted, type AssignmentRow } from "./accept-queries";

export type AcceptResult =
  | { ok: true; assignment: AssignmentRow; alreadyAccepted: boolean }
  | { ok: false; reason: "not_found" | "no_longer_assigned" };

/**
 * Accepts one assignment: records the time and so stops the SLA clock (the sweep only reads
 * `active` rows). Accepting twice answers with the first acceptance; a rep whose lead has
 * moved on is told so instead.
 */
export async function acceptAssignment(
  db: Database,
  assignmentId: string,
  now: number,
): Promise<AcceptResult> {
  const row = await getAssignment(db, assignmentId);
  if (!row) return { ok: false, reason: "not_found" };
  if (row.status === "active" && (await markAccepted(db, row.id, now))) {
    return { ok: true, assignment: { ...row, status: "accepted", acceptedAt: now }, alreadyAccepted: false };
  }
  const fresh = (await getAssignment(db, assignmentId))!;
  if (fresh.status === "accepted") return { ok: true, assignment: fresh, alreadyAccepted: true };
  return { ok: false, reason: "no_longer_assigned" };
}
