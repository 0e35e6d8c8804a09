/**
 * One CRM per deployment. HubSpot and Salesforce would both own the same people and disagree
 * on their owners; rather than guess whose word wins, Baton syncs one CRM at a time and says so
 * when an admin tries to connect the second (docs/integrations-salesforce.md, "One CRM").
 */
import { z } from "zod";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { providerName } from "./runtime";
import { crmConnections } from "../db/schema";

export const CRM_PROVIDERS = ["hubspot", "salesforce"] as const;

/** The connections table as a whole: at most one row, whose id is a known provider. */
export const CrmDeploymentSchema = z
  .array(z.object({ id: z.enum(CRM_PROVIDERS) }))
  .max(1, "One CRM per deployment: HubSpot or Salesforce, not both. Disconnect one first.");

/** The message shown when a second CRM is connected. */
export const oneCrmMessage = (connected: string, wanted: string) =>
  `${providerName(connected)} is connected. Baton syncs one CRM per deployment: disconnect ${providerName(connected)} on the Integrations screen before connecting ${providerName(wanted)}.`;

/** Refuses (409 conflict) to connect `provider` while another CRM is connected. */
export async function assertOneCrm(db: Database, provider: (typeof CRM_PROVIDERS)[number]) {
  const rows = await db.select({ id: crmConnections.id }).from(crmConnections);
  const after = [...new Set([...rows.map((r) => r.id), provider])].map((id) => ({ id }));
  const checked = CrmDeploymentSchema.safeParse(after);
  if (checked.success) return;
  const other = rows.find((r) => r.id !== provider)?.id ?? "hubspot";
  throw new AppError(409, "conflict", oneCrmMessage(other, provider), {
    issues: checked.error.issues.map((i) => i.message),
  });
}
