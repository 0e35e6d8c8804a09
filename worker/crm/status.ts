/** What the Integrations screen and the lead page show about the CRM. */
import { mapOwners } from "../core/crm-facts";
import { loadActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import type { CrmOwner, OwnerMapping } from "../core/crm-facts";
import type { CrmStatus, LeadCrm, SalesforceStatus } from "./contract";
import { PROVIDER } from "./runtime";
import { parseSalesforceSettings } from "./salesforce-settings";
import { parseOwners, parseSettings } from "./settings";
import { getActiveConnection, getConnection, syncsOfLead, type CrmConnectionRow } from "./store";

/** Write-backs by status (pending, done, failed, dead). */
async function writeBackCounts(env: Env): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare("SELECT status, count(*) AS n FROM crm_sync GROUP BY status").all<{
    status: string;
    n: number;
  }>();
  return Object.fromEntries(results.map((r) => [r.status, r.n]));
}

/** Owners with the rep each maps to, and whether by email or by the admin's override. */
function ownerViews(owners: CrmOwner[], mapping: OwnerMapping, overrides: Record<string, string>) {
  return owners.map((o) => {
    const repId = mapping.repByOwner.get(o.id) ?? null;
    const forced = overrides[o.id];
    return {
      ...o,
      repId,
      via: repId ? (forced === repId ? ("override" as const) : ("email" as const)) : null,
    };
  });
}

/** What both CRM sections show the same way: connection state, sync state, owners ↔ reps. */
async function common<S extends { ownerOverrides: Record<string, string> }>(
  env: Env,
  db: Database,
  id: string,
  parse: (raw: unknown) => S,
) {
  const [row, other, active, counts] = await Promise.all([
    getConnection(db, id),
    getActiveConnection(db),
    loadActiveConfig(db),
    writeBackCounts(env),
  ]);
  const settings = parse(row?.settings);
  const owners = parseOwners(row?.owners);
  const mapping = mapOwners(owners, active?.config.reps ?? [], settings.ownerOverrides);
  return {
    row,
    shown: {
      connected: !!row,
      otherCrm: other && other.id !== id ? other.id : null,
      status: row?.status ?? null,
      lastError: row?.lastError ?? null,
      lastSyncAt: row?.lastSyncAt ?? null,
      lastSyncError: row?.lastSyncError ?? null,
      owners: ownerViews(owners, mapping, settings.ownerOverrides),
      unmappedOwners: mapping.unmapped.length,
      settings,
      writeBacks: row ? counts : {},
    },
  };
}

export async function crmStatus(env: Env, db: Database): Promise<CrmStatus> {
  const { row, shown } = await common(env, db, PROVIDER, parseSettings);
  return {
    ...shown,
    provider: "hubspot",
    authKind: (row?.authKind as "oauth" | "private_app" | undefined) ?? null,
    oauthAvailable: !!(env.HUBSPOT_CLIENT_ID && env.HUBSPOT_CLIENT_SECRET),
    portalId: row?.portalId ?? null,
  };
}

export async function leadCrm(db: Database, leadId: string, appUrl: string): Promise<LeadCrm> {
  const [row, syncs] = await Promise.all([getActiveConnection(db), syncsOfLead(db, leadId)]);
  const contact = syncs.find((s) => s.action === "upsert_lead" && s.status === "done")?.externalId ?? null;
  return {
    connected: !!row,
    provider: row ? (row.id === "salesforce" ? "salesforce" : "hubspot") : null,
    recordUrl: contact && row ? recordLink(row, contact, appUrl) : null,
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

/** The record in the CRM's own UI (Salesforce Lightning, or HubSpot's contact page). */
function recordLink(row: CrmConnectionRow, id: string, hubspotAppUrl: string): string | null {
  if (row.id === "salesforce") {
    if (!row.instanceUrl) return null;
    const type = id.startsWith("003") ? "Contact" : id.startsWith("00Q") ? "Lead" : null;
    return type ? `${row.instanceUrl}/lightning/r/${type}/${encodeURIComponent(id)}/view` : null;
  }
  return `${hubspotAppUrl}/contacts/${row.portalId ?? "_"}/record/0-1/${encodeURIComponent(id)}`;
}

/** The Salesforce section of the Integrations screen. */
export async function salesforceStatus(env: Env, db: Database): Promise<SalesforceStatus> {
  const { row, shown } = await common(env, db, "salesforce", parseSalesforceSettings);
  const id = !!env.SALESFORCE_CLIENT_ID;
  return {
    ...shown,
    provider: "salesforce",
    authKind: (row?.authKind as "oauth" | "jwt" | undefined) ?? null,
    oauthAvailable: id && !!env.SALESFORCE_CLIENT_SECRET,
    jwtAvailable: id && !!env.SALESFORCE_JWT_PRIVATE_KEY,
    orgId: row?.portalId ?? null,
    instanceUrl: row?.instanceUrl ?? null,
    username: row?.username ?? null,
  };
}
