/**
 * The last step both vendors' connect callbacks share: seal the refresh token under the
 * current key, store the connection (replacing the rep's earlier one) and audit it in one
 * D1 batch, and show the rep a page it can close.
 */
import { auditInsert } from "../../audit/audit-queries";
import type { Database } from "../../db/client";
import { keyRing, sealSecret } from "../../security/crypto";
import { upsertConnection } from "../connection-queries";
import { sealContext, type TokenGrant } from "./credentials";
import type { ConnectState } from "./state";
import { accountFromIdToken } from "./token-response";

type Keys = { encryptionKey: string; encryptionKeyPrevious?: string };

/** Stores a fresh connection for the state's rep; the grant must carry a refresh token. */
export async function saveConnection(
  db: Database,
  keys: Keys,
  verified: ConnectState,
  provider: "google" | "microsoft",
  grant: TokenGrant & { refreshToken: string },
  now: number,
): Promise<void> {
  const ring = await keyRing(keys.encryptionKey, keys.encryptionKeyPrevious);
  const sealed = await sealSecret(grant.refreshToken, ring, sealContext(verified.repId));
  const accountEmail = accountFromIdToken(grant.idToken);
  await db.batch([
    upsertConnection(db, {
      repId: verified.repId,
      provider,
      accountEmail,
      encryptedRefreshToken: sealed.ciphertext,
      keyId: sealed.keyId,
      scopes: grant.scopes ?? null,
      now,
    }),
    auditInsert(db, verified.actor, now, {
      action: "calendar.connected",
      target: `rep:${verified.repId}`,
      details: { provider, accountEmail },
    }),
  ]);
}

/** The page the rep's browser lands on after a successful connection. */
export const connectedPage = (calendarName: string) =>
  `<!doctype html><title>Calendar connected</title><p>Your ${calendarName} is connected to Baton. You can close this tab.</p>`;
