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

/** Extra messages a reassignment causes (CRM owner update, ...); none are wired yet. */
export function reassignmentHooks(_event: LeadReassigned): NotificationMessage[] {
  return [];
}
