/**
 * CRM write-backs that follow Baton's own changes: a routed lead is upserted as a contact, a
 * booked meeting is logged on it, a canceled one is marked canceled, a reassigned lead's
 * contact moves to the new owner. Each is a `crm_sync` row (its id is deterministic, so a
 * repeated call adds nothing) plus its queue message. Nothing is written (and nothing is read
 * past the cached connection) when no CRM is connected.
 */
import type { Database } from "../db/client";
import type { NotificationMessage } from "../notify/channel";
import { crmMessage } from "./messages";
import { loadCrm } from "./runtime";
import { insertSync, type CrmAction } from "./store";

export type CrmWriteBack = { id: string; leadId: string; bookingId: string | null; action: CrmAction };

/** The id of a lead's upsert write-back: one per lead, so a replayed routing adds nothing. */
export const upsertSyncId = (leadId: string) => `crm:${leadId}:upsert_lead`;

export const leadUpsert = (leadId: string): CrmWriteBack => ({
  id: upsertSyncId(leadId),
  leadId,
  bookingId: null,
  action: "upsert_lead",
});

/** One per booking and action: a booking is logged once and canceled once. */
export const meetingWriteBack = (
  action: "log_meeting" | "cancel_meeting",
  booking: { id: string; leadId: string },
): CrmWriteBack => ({
  id: `crm:${booking.id}:${action}`,
  leadId: booking.leadId,
  bookingId: booking.id,
  action,
});

/**
 * A reschedule's meeting, where the CRM can move one (Salesforce): recorded under the new
 * booking's log id, so a later cancel of the new booking finds the moved meeting.
 */
export const meetingMove = (booking: { id: string; leadId: string }): CrmWriteBack => ({
  id: `crm:${booking.id}:log_meeting`,
  leadId: booking.leadId,
  bookingId: booking.id,
  action: "move_meeting",
});

/** A reschedule's write-backs: the meeting moved (Salesforce), or the old one canceled and a new one logged. */
export async function rescheduleWriteBacks(
  env: Env,
  db: Database,
  now: number,
  old: { id: string; leadId: string },
  moved: { id: string; leadId: string },
): Promise<NotificationMessage[]> {
  const rt = await loadCrm(env, db, now);
  if (!rt) return [];
  return recordCrmWriteBacks(
    env,
    db,
    now,
    rt.provider === "salesforce"
      ? [meetingMove(moved)]
      : [meetingWriteBack("cancel_meeting", old), meetingWriteBack("log_meeting", moved)],
  );
}

/** One per new assignment: the contact moves to its rep (an admin's move or the SLA sweep's). */
export const ownerMove = (event: { leadId: string; assignmentId: string }): CrmWriteBack => ({
  id: `crm:${event.leadId}:owner:${event.assignmentId}`,
  leadId: event.leadId,
  bookingId: null,
  action: "update_owner",
});

/**
 * Records these write-backs and returns their queue messages, to send with the change's other
 * messages. Throws on a storage failure, so an outbox entry calling it is tried again.
 */
export async function recordCrmWriteBacks(
  env: Env,
  db: Database,
  now: number,
  planned: readonly CrmWriteBack[],
): Promise<NotificationMessage[]> {
  const rt = planned.length ? await loadCrm(env, db, now) : null;
  if (!rt) return [];
  const rows = planned.map((p) => insertSync(db, { ...p, now }));
  await db.batch(rows as [(typeof rows)[number], ...typeof rows]);
  return planned.map((p) => crmMessage(p, rt.provider));
}
