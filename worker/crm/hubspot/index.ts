/** The HubSpot connector with its credentials; only ever reached through `import()`. */
import type { Database } from "../../db/client";
import { keyRing, openSecret, sealSecret } from "../../security/crypto";
import { CrmError, type CrmConnector } from "../connector";
import { updateConnection, type CrmConnectionRow } from "../store";
import { refreshingToken, staticToken } from "./auth";
import { hubspotConfig } from "./config";
import { createHubSpotConnector } from "./connector";

export { hubspotConfig, HUBSPOT_SCOPES } from "./config";
export { requestGrant } from "./auth";

/** Binds a sealed secret to its row, so a ciphertext copied elsewhere fails to open. */
export const sealContext = (provider: string) => `crm_connections:${provider}`;

export async function sealFor(env: Env, provider: string, secret: string) {
  const ring = await keyRing(env.ENCRYPTION_KEY, env.ENCRYPTION_KEY_PREVIOUS);
  return sealSecret(secret, ring, sealContext(provider));
}

async function openFor(env: Env, db: Database, row: CrmConnectionRow): Promise<string> {
  if (!row.encryptedSecret || !row.keyId)
    throw new CrmError("no HubSpot secret stored", "auth_broken", false);
  const ring = await keyRing(env.ENCRYPTION_KEY, env.ENCRYPTION_KEY_PREVIOUS);
  try {
    const opened = await openSecret(
      { ciphertext: row.encryptedSecret, keyId: row.keyId },
      ring,
      sealContext(row.id),
    );
    if (opened.stale) {
      // Key rotation: re-seal under the current key the first time it is used.
      const sealed = await sealSecret(opened.plaintext, ring, sealContext(row.id));
      await updateConnection(db, row.id, { encryptedSecret: sealed.ciphertext, keyId: sealed.keyId });
    }
    return opened.plaintext;
  } catch (err) {
    if (err instanceof CrmError) throw err;
    throw new CrmError("cannot decrypt the HubSpot secret", "auth_broken", false);
  }
}

export async function loadHubSpot(env: Env, db: Database, row: CrmConnectionRow): Promise<CrmConnector> {
  const cfg = hubspotConfig(env);
  const tokens =
    row.authKind === "private_app"
      ? staticToken(row.encryptedSecret ? await openFor(env, db, row) : (cfg.privateAppToken ?? ""))
      : refreshingToken(cfg, `${row.id}:${row.updatedAt}`, () => openFor(env, db, row), Date.now);
  return createHubSpotConnector({ cfg, tokens, portalId: row.portalId });
}
