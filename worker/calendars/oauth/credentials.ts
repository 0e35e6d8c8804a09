/**
 * What Google's and Microsoft's per-rep OAuth connections share: the per-isolate access-token
 * cache (one refresh in flight per credential), the sealed refresh token (AES-GCM under
 * ENCRYPTION_KEY, re-sealed after a key rotation, a rotated refresh token kept), and the
 * "broken once, admin told once" rule. Each vendor supplies only its refresh request.
 */
import type { Database } from "../../db/client";
import { CryptoError, keyRing, openSecret, sealSecret } from "../../security/crypto";
import {
  markConnectionBroken,
  updateSealedRefreshToken,
  type CalendarConnection,
} from "../connection-queries";
import type { Clock } from "../google/retry";
import { CalendarError } from "../provider";

/** One grant from a token endpoint. */
export type TokenGrant = {
  accessToken: string;
  /** Epoch ms when the access token stops working. */
  expiresAt: number;
  refreshToken?: string;
  scopes?: string;
  idToken?: string;
};

/** One credential; reps sharing a `key` can share one free/busy request. */
export type TokenSource = {
  key: string;
  token(signal: AbortSignal): Promise<string>;
  /** Forgets the cached access token after the API rejected it (401). */
  invalidate(): void;
};

/** Tells the admin that a connection broke. */
export type BrokenNotifier = (notice: BrokenNotice) => Promise<void>;
export type BrokenNotice = { repId: string; accountEmail: string | null; reason: string };

export type ConnectionDeps = {
  db: Database;
  clock: Clock;
  notifyBroken: BrokenNotifier;
  encryptionKey: string;
  encryptionKeyPrevious?: string;
};

const EXPIRY_MARGIN_MS = 60_000;
const accessTokens = new Map<string, { token: string; expiresAt: number }>();
const inflight = new Map<string, Promise<string>>();

/** The AES-GCM additional data that binds a sealed refresh token to its rep. */
export const sealContext = (repId: string) => `calendar_connections:${repId}`;

/** A token source cached per isolate under `key`, refreshed by `fetchGrant`. */
export function cachedSource(
  key: string,
  clock: Clock,
  fetchGrant: (signal: AbortSignal) => Promise<TokenGrant>,
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
async function breakConnection(deps: ConnectionDeps, row: CalendarConnection, reason: string) {
  if (await markConnectionBroken(deps.db, row.id, reason, deps.clock.now())) {
    await deps.notifyBroken({ repId: row.repId, accountEmail: row.accountEmail, reason });
  }
  const vendor = row.provider === "microsoft" ? "Microsoft" : "Google";
  return new CalendarError(`${vendor} connection broken: ${reason}`, "auth_broken", false);
}

/**
 * Opens the rep's sealed refresh token, asks the vendor for an access token with it, and
 * stores the refresh token again when the key rotated or the vendor rotated the token. A
 * dead grant (`auth_broken`) or an unreadable seal breaks the connection.
 */
export async function refreshConnection(
  deps: ConnectionDeps,
  row: CalendarConnection,
  requestRefresh: (refreshToken: string) => Promise<TokenGrant>,
): Promise<TokenGrant> {
  if (!row.encryptedRefreshToken || !row.keyId)
    throw await breakConnection(deps, row, "no refresh token stored");
  const ring = await keyRing(deps.encryptionKey, deps.encryptionKeyPrevious);
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
    grant = await requestRefresh(opened.plaintext);
  } catch (err) {
    if (err instanceof CalendarError && err.kind === "auth_broken")
      throw await breakConnection(deps, row, err.message);
    throw err;
  }
  const latest = grant.refreshToken ?? opened.plaintext;
  if (opened.stale || latest !== opened.plaintext) {
    const sealed = await sealSecret(latest, ring, sealContext(row.repId));
    await updateSealedRefreshToken(deps.db, row.id, sealed, deps.clock.now());
  }
  return grant;
}
