/**
 * CRM write-backs that follow Baton's own events: a booked meeting is logged on the contact,
 * a canceled one is marked canceled, a reassigned lead's contact moves to the new owner.
 * Nothing happens (and nothing is read past the cached connection) when no CRM is connected.
 */
import type { BatonEvent } from "../core/webhooks";
import type { Database } from "../db/client";
import type { NotificationMessage } from "../notify/queue";
import { crmMessage } from "./messages";
import { loadCrm } from "./runtime";
import { insertSync, type CrmAction } from "./store";

type Planned = { id: string; leadId: string; bookingId: string | null; action: CrmAction };

const text = (v: unknown) => (typeof v === "string" ? v : null);

function plan(events: readonly BatonEvent[]): Planned[] {
  const out: Planned[] = [];
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    const leadId = text(d.leadId);
    const bookingId = text(d.bookingId);
    if (!leadId) continue;
    if (e.type === "meeting.booked" && bookingId)
      out.push({ id: `crm:${bookingId}:log_meeting`, leadId, bookingId, action: "log_meeting" });
    else if (e.type === "meeting.canceled" && bookingId)
      out.push({ id: `crm:${bookingId}:cancel_meeting`, leadId, bookingId, action: "cancel_meeting" });
    else if (e.type === "lead.reassigned")
      out.push({
        id: `crm:${leadId}:owner:${text(d.assignmentId) ?? "x"}:${String(d.attempt ?? 0)}`,
        leadId,
        bookingId: null,
        action: "update_owner",
      });
  }
  return out;
}

/**
 * Records the write-backs these events call for and returns their queue messages, to send
 * with the events' other messages. Never throws: a CRM problem must not fail a booking.
 */
export async function crmWriteBacksFor(
  env: Env,
  db: Database,
  now: number,
  events: readonly BatonEvent[],
): Promise<NotificationMessage[]> {
  const planned = plan(events);
  if (!planned.length) return [];
  try {
    if (!(await loadCrm(env, db, now))) return [];
    const rows = planned.map((p) => insertSync(db, { ...p, now }));
    await db.batch(rows as [(typeof rows)[number], ...typeof rows]);
    return planned.map((p) => crmMessage(p.id, p.action));
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "CRM write-back not recorded", error: String(err) }));
    return [];
  }
}
