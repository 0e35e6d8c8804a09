/**
 * Access tokens for Graph calls: a rep's own connection (refresh token sealed in D1, as for
 * Google) or the tenant's app-only credential (client credentials after admin consent).
 * Tokens are cached per isolate until a minute before expiry; concurrent refreshes of one
 * credential share one request.
 */
import type { Database } from "../../db/client";
import {
  markConnectionBroken,
  updateSealedRefreshToken,
  type CalendarConnection,
} from "../connection-queries";
import { CryptoError, keyRing, openSecret, sealSecret } from "../../security/crypto";
import type { BrokenNotifier } from "../google/credentials";
import { sealContext } from "../google/credentials";
import type { Clock } from "../google/retry";
import { CalendarError } from "../provider";
import { loginUrl, MICROSOFT_APP_SCOPE, MICROSOFT_DELEGATED_SCOPES, type MicrosoftConfig } from "./config";
import type { Bearer } from "./graph-http";
import { requestMicrosoftToken, type TokenGrant } from "./token-endpoint";

/** One credential; reps sharing a `key` share getSchedule requests. */
export type TokenSource = Bearer & { key: string };

export type CredentialDeps = {
  db: Database;
  cfg: MicrosoftConfig;
  clock: Clock;
  notifyBroken: BrokenNotifier;
};

const EXPIRY_MARGIN_MS = 60_000;
const accessTokens = new Map<string, { token: string; expiresAt: number }>();
const inflight = new Map<string, Promise<string>>();

function cachedSource(
  key: string,
  clock: Clock,
  fetchGrant: (s: AbortSignal) => Promise<TokenGrant>,
): TokenSource {
  return {
    key,
    token(signal) {
      const hit = accessTokens.get(key);
      if (hit && hit.expiresAt - EXPIRY_MARGIN_MS > clock.now()) return Promise.resolve(hit.token);
      let pending = inflight.get(key);
      if (!pending) {
        pending = fetchGrant(signal)
          .then((grant) => {
            accessTokens.set(key, { token: grant.accessToken, expiresAt: grant.expiresAt });
            return grant.accessToken;
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
    invalidate: () => void accessTokens.delete(key),
  };
}

/** Marks the connection broken (once: the admin hears of it once) and returns the error to throw. */
async function breakConnection(deps: CredentialDeps, row: CalendarConnection, reason: string) {
  if (await markConnectionBroken(deps.db, row.id, reason, deps.clock.now())) {
    await deps.notifyBroken({ repId: row.repId, accountEmail: row.accountEmail, reason });
  }
  return new CalendarError(`Microsoft connection broken: ${reason}`, "auth_broken", false);
}

async function refreshGrant(deps: CredentialDeps, row: CalendarConnection, signal: AbortSignal) {
  const { cfg, clock } = deps;
  if (!row.encryptedRefreshToken || !row.keyId)
    throw await breakConnection(deps, row, "no refresh token stored");
  const ring = await keyRing(cfg.encryptionKey, cfg.encryptionKeyPrevious);
  let opened: { plaintext: string; stale: boolean };
  try {
    opened = await openSecret(
      { ciphertext: row.encryptedRefreshToken, keyId: row.keyId },
      ring,
      sealContext(row.repId),
    );
  } catch (err) {
    if (err instanceof CryptoError)
      throw await breakConnection(deps, row, `cannot decrypt refresh token: ${err.message}`);
    throw err;
  }
  let grant: TokenGrant;
  try {
    grant = await requestMicrosoftToken(
      loginUrl(cfg, "token"),
      {
        grant_type: "refresh_token",
        refresh_token: opened.plaintext,
        client_id: cfg.clientId ?? "",
        client_secret: cfg.clientSecret ?? "",
        scope: MICROSOFT_DELEGATED_SCOPES.join(" "),
      },
      clock.now(),
      signal,
    );
  } catch (err) {
    if (err instanceof CalendarError && err.kind === "auth_broken")
      throw await breakConnection(deps, row, err.message);
    throw err;
  }
  // Microsoft rotates refresh tokens on use: keep the new one, sealed under the current key.
  const latest = grant.refreshToken ?? opened.plaintext;
  if (opened.stale || latest !== opened.plaintext) {
    const sealed = await sealSecret(latest, ring, sealContext(row.repId));
    await updateSealedRefreshToken(deps.db, row.id, sealed, clock.now());
  }
  return grant;
}

/** The credential of a rep's own connected Microsoft account (delegated, `/me`). */
export function connectionSource(deps: CredentialDeps, row: CalendarConnection): TokenSource {
  // Keyed by account, not updatedAt: Microsoft rotates the refresh token on every use (which
  // moves updatedAt), and a reconnect to another account must not reuse the old one's token.
  return cachedSource(`ms-conn:${row.id}:${row.accountEmail ?? ""}`, deps.clock, (signal) =>
    refreshGrant(deps, row, signal),
  );
}

/** The tenant's app-only credential (client credentials, `/users/{mailbox}`). */
export function appSource(deps: CredentialDeps, tenantId: string): TokenSource {
  const { cfg, clock } = deps;
  return cachedSource(`ms-app:${tenantId}`, clock, (signal) =>
    requestMicrosoftToken(
      loginUrl(cfg, "token", tenantId),
      {
        grant_type: "client_credentials",
        client_id: cfg.clientId ?? "",
        client_secret: cfg.clientSecret ?? "",
        scope: MICROSOFT_APP_SCOPE,
      },
      clock.now(),
      signal,
    ),
  );
}
