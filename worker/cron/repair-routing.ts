import { loadActiveConfig } from "../config/store";
import { listUnroutedLeads } from "../leads/lead-queries";
import { routeStoredLead } from "../intake/route-lead";
import type { CronJob } from "./jobs";

/** Leave a just-stored lead to the request that is routing it. */
export const REPAIR_GRACE_MS = 60_000;
/** Per sweep, so one minute's run stays well inside the cron's CPU budget. */
export const REPAIR_BATCH = 25;
/**
 * After this many attempts (about a week with the hourly cap on backoff) a lead needs a
 * human; it stays stored as unrouted.
 */
export const MAX_ROUTING_ATTEMPTS = 180;

/**
 * Retries routing for leads that a failed DO call or routing error left `unrouted`. The
 * team object's per-lead idempotency makes a retry after a half-finished attempt safe.
 */
export const repairRouting: CronJob = {
  name: "repair-routing",
  run: async ({ db, env, now }) => {
    const active = await loadActiveConfig(db);
    if (!active) return { skipped: "no active config" };
    const due = await listUnroutedLeads(db, now - REPAIR_GRACE_MS, REPAIR_BATCH, MAX_ROUTING_ATTEMPTS, now);
    let routed = 0;
    for (const lead of due) {
      // The request geo is not stored (it is the visitor's IP location); retries route without it.
      if ((await routeStoredLead({ env, db, now, active, lead, geo: {} })) === "routed") routed++;
    }
    return { due: due.length, routed };
  },
};
