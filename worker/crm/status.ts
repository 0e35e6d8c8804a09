/** What the Integrations screen and the lead page show about the CRM. */
import { mapOwners } from "../core/crm-facts";
import { loadActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import type { CrmStatus, LeadCrm } from "./contract";
import { parseOwners, parseSettings } from "./settings";
import { getConnection, syncsOfLead } from "./store";
import { PROVIDER } from "./runtime";

export async function crmStatus(env: Env, db: Database): Promise<CrmStatus> {
  const [row, active, counts] = await Promise.all([
    getConnection(db, PROVIDER),
    loadActiveConfig(db),
    env.DB.prepare("SELECT status, count(*) AS n FROM crm_sync GROUP BY status").all<{
      status: string;
      n: number;
    }>(),
  ]);
  const settings = parseSettings(row?.settings);
  const owners = parseOwners(row?.owners);
  const reps = active?.config.reps ?? [];
  const mapping = mapOwners(owners, reps, settings.ownerOverrides);
  return {
    provider: "hubspot",
    connected: !!row,
    authKind: (row?.authKind as "oauth" | "private_app" | undefined) ?? null,
    oauthAvailable: !!(env.HUBSPOT_CLIENT_ID && env.HUBSPOT_CLIENT_SECRET),
    status: row?.status ?? null,
    lastError: row?.lastError ?? null,
    portalId: row?.portalId ?? null,
    lastSyncAt: row?.lastSyncAt ?? null,
    lastSyncError: row?.lastSyncError ?? null,
    owners: owners.map((o) => {
      const repId = mapping.repByOwner.get(o.id) ?? null;
      const forced = settings.ownerOverrides[o.id];
      return { ...o, repId, via: repId ? (forced === repId ? "override" : "email") : null };
    }),
    unmappedOwners: mapping.unmapped.length,
    settings,
    writeBacks: Object.fromEntries(counts.results.map((r) => [r.status, r.n])),
  };
}

export async function leadCrm(db: Database, leadId: string, appUrl: string): Promise<LeadCrm> {
  const [row, syncs] = await Promise.all([getConnection(db, PROVIDER), syncsOfLead(db, leadId)]);
  const contact = syncs.find((s) => s.action === "upsert_lead" && s.status === "done")?.externalId ?? null;
  return {
    connected: !!row,
    recordUrl: contact
      ? `${appUrl}/contacts/${row?.portalId ?? "_"}/record/0-1/${encodeURIComponent(contact)}`
      : null,
    syncs: syncs.map((s) => ({
      id: s.id,
      action: s.action,
      status: s.status,
      attempts: s.attempts,
      lastError: s.lastError,
      externalId: s.externalId,
      updatedAt: s.updatedAt,
    })),
  };
}
