/** The HubSpot connector with its credentials; only ever reached through `hubspot()` (worker/lazy.ts). */
import type { Database } from "../../db/client";
import type { CrmConnector } from "../connector";
import { openFor } from "../secrets";
import type { CrmConnectionRow } from "../store";
import { refreshingToken, staticToken } from "./auth";
import { hubspotConfig } from "./config";
import { createHubSpotConnector } from "./connector";

export { hubspotConfig, HUBSPOT_SCOPES } from "./config";
export { requestGrant } from "./auth";
export { sealContext, sealFor } from "../secrets";

export async function loadHubSpot(env: Env, db: Database, row: CrmConnectionRow): Promise<CrmConnector> {
  const cfg = hubspotConfig(env);
  const tokens =
    row.authKind === "private_app"
      ? staticToken(row.encryptedSecret ? await openFor(env, db, row) : (cfg.privateAppToken ?? ""))
      : refreshingToken(cfg, `${row.id}:${row.updatedAt}`, () => openFor(env, db, row), Date.now);
  return createHubSpotConnector({ cfg, tokens, portalId: row.portalId });
}
