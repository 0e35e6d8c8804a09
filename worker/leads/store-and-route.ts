import type { ActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { routeAndRecord, type Routed } from "../intake/route-lead";
import { insertLeadOnce, type LeadRow } from "./lead-queries";

/**
 * A lead from a source other than the form (an inbound email, an event-list row, a signal
 * task): stored once by its idempotency key, then routed as a form lead is, so caps, fairness,
 * the SLA and the rep notice apply. Null when a lead with that key was stored first (a
 * redelivered message, a second run of the list, this window's task): whoever stored it routes it.
 */
export async function storeAndRoute(o: {
  env: Env;
  db: Database;
  now: number;
  active: ActiveConfig;
  lead: LeadRow;
  ctx?: { waitUntil(p: Promise<unknown>): void };
}): Promise<Routed | null> {
  if (!(await insertLeadOnce(o.db, o.lead))) return null;
  // No request geography: nothing but the form's submission comes with one.
  return routeAndRecord({ ...o, geo: {} });
}
