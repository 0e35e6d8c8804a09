/** CRM secrets sealed at rest (AES-GCM, keyed by ENCRYPTION_KEY, bound to their row). */
import type { Database } from "../db/client";
import { keyRing, openSecret, sealSecret } from "../security/crypto";
import { CrmError } from "./connector";
import { updateConnection, type CrmConnectionRow } from "./store";

/** Binds a sealed secret to its row, so a ciphertext copied elsewhere fails to open. */
export const sealContext = (provider: string) => `crm_connections:${provider}`;

export async function sealFor(env: Env, provider: string, secret: string) {
  const ring = await keyRing(env.ENCRYPTION_KEY, env.ENCRYPTION_KEY_PREVIOUS);
  return sealSecret(secret, ring, sealContext(provider));
}

/** The row's secret in clear; re-sealed under the current key when it was sealed under the previous one. */
export async function openFor(env: Env, db: Database, row: CrmConnectionRow): Promise<string> {
  if (!row.encryptedSecret || !row.keyId)
    throw new CrmError(`no ${row.id} secret stored`, "auth_broken", false);
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
    throw new CrmError(`cannot decrypt the ${row.id} secret`, "auth_broken", false);
  }
}
