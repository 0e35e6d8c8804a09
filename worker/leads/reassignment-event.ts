import { ownerMove, recordCrmWriteBacks } from "../crm/events";
import { database } from "../db/client";
import type { NotificationMessage } from "../notify/queue";

/**
 * What both kinds of reassignment (an admin's and the SLA sweep's `lead.reassigned`) tell the
 * outside world. Integrations that must follow the owner (the CRM write-back) add their
 * messages here, so they run for a move whoever made it.
 */
export type LeadReassigned = {
  leadId: string;
  assignmentId: string;
  fromRepId: string;
  toRepId: string;
  teamId: string | null;
  reason: string;
  /** The audit label of the person who moved it; null for the SLA sweep. */
  by: string | null;
};

/**
 * Extra messages a reassignment causes: the CRM contact's owner follows the lead (a crm_sync
 * row per move, nothing without a CRM). Never throws: the move is committed already, and a
 * CRM problem must not fail it.
 */
export async function reassignmentHooks(
  env: Env,
  now: number,
  event: LeadReassigned,
): Promise<NotificationMessage[]> {
  try {
    return await recordCrmWriteBacks(env, database(env.DB), now, [ownerMove(event)]);
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "CRM owner move not recorded", error: String(err) }));
    return [];
  }
}
