import { eraseArchivedTraces } from "../archive/archive-job";
import { eraseArchivedLeads } from "../archive/lead-archive-erasure";
import type { RoutingConfig } from "../core/config-doc";
import {
  eraseLeads,
  scrubMentions,
  teamsOfLeads,
  type ErasedCounts,
  type LeadToErase,
} from "./privacy-queries";

export type EraseResult = ErasedCounts & {
  teamRecords: number;
  archivedTraces: number;
  archivedLeads: number;
};

/**
 * Erases leads from D1 and from the team objects, which keep each lead's normalised email
 * for dedupe. Asks every team of the config as well as the teams the leads were assigned in:
 * a team object may have recorded a lead whose D1 assignment never landed.
 */
export async function eraseLeadData(
  env: Env,
  config: RoutingConfig | undefined,
  leads: readonly LeadToErase[],
  now: number,
): Promise<EraseResult> {
  if (leads.length === 0)
    return { ...(await eraseLeads(env.DB, [], now)), teamRecords: 0, archivedTraces: 0, archivedLeads: 0 };
  const ids = leads.map((l) => l.id);
  const teams = new Set([...(config?.teams.map((t) => t.id) ?? []), ...(await teamsOfLeads(env.DB, ids))]);
  // The team objects first: if D1 then fails, a retry finds the same leads again by email.
  let teamRecords = 0;
  for (const teamId of teams) teamRecords += await env.TEAM.getByName(teamId).forgetEmails(ids);
  const counts = await eraseLeads(env.DB, leads, now);
  // R2 after D1: the rows keep their archive marker, so if this fails the archive job's purge
  // deletes the same keys on a later run (worker/archive/archive-job.ts).
  // The traces D1 still lists first; then the archived leads' objects and the traces under them.
  const traces = await eraseArchivedTraces(env, ids);
  const archived = await eraseArchivedLeads(env, ids);
  return {
    ...counts,
    teamRecords,
    archivedTraces: traces + archived.traces,
    archivedLeads: archived.leads,
  };
}

/** A person's erasure request: their leads, then any free text that still quotes the address. */
export async function erasePerson(
  env: Env,
  config: RoutingConfig | undefined,
  leads: readonly LeadToErase[],
  email: string,
  now: number,
) {
  const counts = await eraseLeadData(env, config, leads, now);
  const mentions = await scrubMentions(env.DB, email);
  return {
    ...counts,
    auditEntries: counts.auditEntries + mentions.auditEntries,
    emails: counts.emails + mentions.emails,
    webhookMessages: counts.webhookMessages + mentions.webhookMessages,
  };
}
