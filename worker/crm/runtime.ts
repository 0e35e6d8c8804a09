/**
 * The deployment's CRM, as one request needs it: the connection row (cached per isolate for
 * a short while, so a warm isolate's submission reads nothing) and the connector, imported
 * only when a connection exists: a Worker with no CRM never loads HubSpot or Salesforce code.
 * One CRM per deployment (worker/crm/providers.ts): the row there is says which.
 */
import type { CrmOwner } from "../core/crm-facts";
import type { Database } from "../db/client";
import type { CrmConnector, CrmKind } from "./connector";
import { parseSalesforceSettings, type SalesforceSettings } from "./salesforce-settings";
import { parseOwners, parseSettings, type CrmSettings } from "./settings";
import { getActiveConnection, type CrmConnectionRow } from "./store";
import { hubspot, salesforce } from "../lazy";
import { untraced } from "../edge/call-trace";

/** HubSpot's connection id (its admin routes name it). */
export const PROVIDER = "hubspot";

export type CrmRuntime = {
  provider: CrmKind;
  row: CrmConnectionRow;
  /** HubSpot's settings, or Salesforce's (which carry the same three shared keys). */
  settings: CrmSettings | SalesforceSettings;
  owners: CrmOwner[];
  /** The lookup's deadline on the submit path, ms. */
  budgetMs: number;
  connector(): Promise<CrmConnector>;
};

/** Default share of the submit round trip the CRM may take; the answer never waits longer. */
export const DEFAULT_CRM_LOOKUP_BUDGET_MS = 400;

function lookupBudget(env: object): number {
  const raw = Number((env as { CRM_LOOKUP_BUDGET_MS?: unknown }).CRM_LOOKUP_BUDGET_MS);
  return Number.isInteger(raw) && raw >= 50 && raw <= 2000 ? raw : DEFAULT_CRM_LOOKUP_BUDGET_MS;
}

/** How stale a cached connection may be: a fresh connect or disconnect shows within this. */
export const CONNECTION_CACHE_MS = 15_000;
let cached: { at: number; env: object; value: Promise<CrmRuntime | null> } | undefined;

/** Forgets the cached connection (after connect, disconnect or a settings change in this isolate). */
export function forgetCrmConnection(): void {
  cached = undefined;
}

/** The display name of a provider, for messages. */
export const providerName = (p: string) => (p === "salesforce" ? "Salesforce" : "HubSpot");

async function build(env: Env, db: Database): Promise<CrmRuntime | null> {
  const row = await getActiveConnection(db);
  if (!row) return null;
  const provider: CrmKind = row.id === "salesforce" ? "salesforce" : "hubspot";
  let connector: Promise<CrmConnector> | undefined;
  const load = (): Promise<CrmConnector> =>
    provider === "salesforce"
      ? salesforce().then((m) => m.loadSalesforce(env, db, row))
      : hubspot().then((m) => m.loadHubSpot(env, db, row));
  return {
    provider,
    row,
    settings: provider === "salesforce" ? parseSalesforceSettings(row.settings) : parseSettings(row.settings),
    owners: parseOwners(row.owners),
    budgetMs: lookupBudget(env),
    connector: () => (connector ??= load()),
  };
}

/** The CRM connection, or null when none is set up. Reads D1 at most once per 15 s per isolate. */
export function loadCrm(env: Env, db: Database, now: number): Promise<CrmRuntime | null> {
  // Keyed by the deployment's bindings, also under the edge trace's per-request wrapper.
  const key = untraced(env);
  if (cached && cached.env === key && now - cached.at < CONNECTION_CACHE_MS) return cached.value;
  const value = build(env, db);
  cached = { at: now, env: key, value };
  value.catch(() => forgetCrmConnection());
  return value;
}
