/** The CRM's part of intake: the lookup's input from a lead, and the write-back rows routing adds. */
import type { RoutingConfig } from "../core/config-doc";
import { parseEmail } from "../core/lead-facts";
import type { Database } from "../db/client";
import { lookUpCrm, type CrmLookupResult } from "./lookup";
import type { CrmRuntime } from "./runtime";
import { insertSync } from "./store";

/** The lookup for one lead: contact by email, company by the email's domain unless free mail. */
export function crmLookupFor(
  runtime: Promise<CrmRuntime | null>,
  config: RoutingConfig,
  lead: { email: string | null },
): Promise<CrmLookupResult> {
  const parsed = lead.email ? parseEmail(lead.email) : null;
  const domain = parsed && !parsed.isFree ? parsed.domain : null;
  return lookUpCrm(runtime, { email: parsed?.email ?? null, domain, reps: config.reps });
}

/** The id of a lead's upsert write-back: one per lead, so a replayed routing adds nothing. */
export const upsertSyncId = (leadId: string) => `crm:${leadId}:upsert_lead`;

/** The statement that records the lead's upsert, for the routing batch (a transactional outbox row). */
export function leadWriteBack(db: Database, leadId: string, now: number) {
  return insertSync(db, { id: upsertSyncId(leadId), leadId, action: "upsert_lead", now });
}
