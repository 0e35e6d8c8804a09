import type { RoutingConfig } from "../core/config-doc";
import type { Database } from "../db/client";
import type { LeadRow } from "../leads/lead-queries";
import { firstPage, type BusyPrefetch, type SlotsPage } from "./availability";
import { leadContextOf, type Assignment } from "./context";
import { requestCalendars } from "./event";

/**
 * The first page of slots for the submission response. Never throws: the lead is already
 * stored and routed, so a calendar or database hiccup here shows the form's no-slot message
 * and the widget can ask again through GET /v1/leads/:leadId/slots.
 *
 * Takes the lead and its assignment as intake holds them (both just written or just read),
 * so the answer costs no re-read of either: only the busy-time reads remain.
 */
export async function slotsForSubmission(
  env: Env,
  db: Database,
  active: { version: number; config: RoutingConfig },
  lead: LeadRow,
  assignment: Assignment | null,
  now: number,
  prefetched?: BusyPrefetch,
): Promise<SlotsPage> {
  try {
    const ctx = leadContextOf(active, lead, lead.status === "spam" ? null : assignment);
    const calendars = requestCalendars(env, db, active.config, now);
    return await firstPage({ env, db, now, baseUrl: "", calendars, prefetched }, ctx);
  } catch (err) {
    console.warn(
      JSON.stringify({ level: "warn", msg: "no slots for submission", leadId: lead.id, error: String(err) }),
    );
    return [];
  }
}
