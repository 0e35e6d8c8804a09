/** The Salesforce connector with its credentials; only ever reached through `salesforce()` (worker/lazy.ts). */
import type { Database } from "../../db/client";
import { CrmError, type CrmConnector } from "../connector";
import { parseSalesforceSettings } from "../salesforce-settings";
import { openFor } from "../secrets";
import type { CrmConnectionRow } from "../store";
import { cachedSessions, jwtMint, refreshMint } from "./auth";
import { salesforceConfig } from "./config";
import { createSalesforceConnector } from "./connector";

export { salesforceConfig, SALESFORCE_API_VERSION } from "./config";
export { requestGrant, signAssertion } from "./auth";
export { typeOfId } from "./connector";

export async function loadSalesforce(env: Env, db: Database, row: CrmConnectionRow): Promise<CrmConnector> {
  const cfg = salesforceConfig(env);
  // The connection's version names its sessions: a reconnect (another user, another refresh
  // token, even within the same millisecond) never reuses the old one.
  const key = [row.id, row.updatedAt, row.authKind, row.username, row.encryptedSecret].join(":");
  let mint;
  if (row.authKind === "jwt") {
    if (!row.username) throw new CrmError("no Salesforce username stored", "auth_broken", false);
    mint = jwtMint(cfg, row.username, Date.now);
  } else mint = refreshMint(cfg, () => openFor(env, db, row));
  return createSalesforceConnector({
    sessions: cachedSessions(key, mint),
    settings: parseSalesforceSettings(row.settings),
  });
}
