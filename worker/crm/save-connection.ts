import { auditInsert } from "../audit/audit-queries";
import type { Database } from "../db/client";
import type { Actor } from "../http/hono-env";
import type { CrmKind } from "./connector";
import { getConnection, upsertConnectionRow, type CrmConnectionRow } from "./store";

/**
 * Stores a fresh connection, and its `crm.connected` audit entry, in one batch: however it
 * was connected (a private-app token, an OAuth grant, the JWT bearer flow). A reconnect keeps
 * the settings and owners the admin had, and the portal id unless a new one is given.
 */
export async function saveCrmConnection(
  db: Database,
  actor: Actor,
  now: number,
  c: {
    id: CrmKind;
    authKind: "private_app" | "oauth" | "jwt";
    /** The sealed secret (refresh token or private-app token); null when none is stored. */
    sealed: { ciphertext: string; keyId: string } | null;
    /** Undefined keeps the stored one. */
    portalId?: string | null;
  } & Partial<Pick<CrmConnectionRow, "instanceUrl" | "username">>,
): Promise<void> {
  const prior = await getConnection(db, c.id);
  const { id, authKind, sealed, portalId, ...salesforce } = c;
  await db.batch([
    upsertConnectionRow(db, {
      id,
      authKind,
      encryptedSecret: sealed?.ciphertext ?? null,
      keyId: sealed?.keyId ?? null,
      portalId: portalId === undefined ? (prior?.portalId ?? null) : portalId,
      ...salesforce,
      scopes: null,
      status: "connected",
      lastError: null,
      settings: prior?.settings ?? {},
      owners: prior?.owners ?? [],
      updatedAt: now,
    }),
    auditInsert(db, actor, now, { action: "crm.connected", target: `crm:${id}`, details: { authKind } }),
  ]);
}
