import { leadContextOf, type LeadContext } from "../booking/context";
import type { ActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { routeAndRecord } from "./route-lead";

/**
 * A lead still `received` with no assignment in D1: its submission answered with a rep and
 * slots but the routing record is not there yet, either still on its way (it is written after
 * the answer) or lost with the isolate. Routes it again before the visitor's next call uses
 * it: the team object answers with the rep it already chose (idempotent per lead id) and the
 * record is written once (worker/intake/record-routing.ts). Anything else is returned as is.
 */
export async function finishRouting(
  env: Env,
  db: Database,
  active: ActiveConfig,
  lead: LeadContext,
  now: number,
  ctx?: { waitUntil(p: Promise<unknown>): void },
): Promise<LeadContext> {
  if (lead.assignment || lead.lead.status !== "received") return lead;
  const routed = await routeAndRecord({ env, db, now, active, lead: lead.lead, geo: {}, ctx });
  if (routed.status !== "routed") return lead;
  const row = { ...lead.lead, status: routed.status };
  return { ...leadContextOf(active, row, routed.assignment), confirmed: lead.confirmed };
}
