import { outboxEntryIfChanged } from "../outbox/outbox";

/**
 * What both kinds of reassignment (an admin's and the SLA sweep's `lead.reassigned`) tell the
 * outside world. Integrations that must follow the owner (the CRM write-back) read it from the
 * `lead.reassigned` outbox entry (worker/outbox/handlers.ts), so they run for a move whoever
 * made it.
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

export const LEAD_REASSIGNED = "lead.reassigned";

/**
 * The move's outbox entry, to place in the hand-over's batch right after the insert of the
 * new assignment row: it is written only when that insert happened (`changes() = 1`), so the
 * move and its follow-ups (the CRM owner) commit or fail together, and a lost race writes none.
 */
export function reassignmentEntry(d1: D1Database, event: LeadReassigned, now: number) {
  return outboxEntryIfChanged(d1, { kind: LEAD_REASSIGNED, leadId: event.leadId, payload: event }, now);
}
