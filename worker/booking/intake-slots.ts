import type { RoutingConfig } from "../core/config";
import type { Database } from "../db/client";
import { firstPage, type SlotsPage } from "./availability";
import { loadLeadContext } from "./context";
import { requestCalendars } from "./event";

/**
 * The first page of slots for the submission response. Never throws: the lead is already
 * stored and routed, so a calendar or database hiccup here shows the form's no-slot message
 * and the widget can ask again through GET /v1/leads/:leadId/slots.
 */
export async function slotsForSubmission(
  env: Env,
  db: Database,
  active: { version: number; config: RoutingConfig },
  leadId: string,
  now: number,
): Promise<SlotsPage> {
  try {
    const ctx = await loadLeadContext(db, active, leadId);
    const calendars = requestCalendars(env, db, active.config, now);
    return await firstPage({ env, db, now, baseUrl: "", calendars }, ctx);
  } catch (err) {
    console.warn(
      JSON.stringify({ level: "warn", msg: "no slots for submission", leadId, error: String(err) }),
    );
    return [];
  }
}
