/** The CRM's part of intake: the lookup's input from a lead. */
import type { RoutingConfig } from "../core/config-doc";
import { leadFacts } from "../lazy";
import { lookUpCrm, type CrmLookupResult } from "./lookup";
import type { CrmRuntime } from "./runtime";

/** The lookup for one lead: contact by email, company by the email's domain unless free mail. */
export async function crmLookupFor(
  runtime: Promise<CrmRuntime | null>,
  config: RoutingConfig,
  lead: { email: string | null },
): Promise<CrmLookupResult> {
  const { parseEmail } = await leadFacts();
  const parsed = lead.email ? parseEmail(lead.email) : null;
  const domain = parsed && !parsed.isFree ? parsed.domain : null;
  return lookUpCrm(runtime, { email: parsed?.email ?? null, domain, reps: config.reps });
}
