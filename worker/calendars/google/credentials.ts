/**
 * Access tokens for Google calls, from a rep's own OAuth connection (refresh token sealed in
 * D1) or from the deployment's service account. Tokens are cached per isolate until a
 * minute before they expire, and concurrent refreshes of one credential share one request.
 */
import type { Database } from "../../db/client";
import {
  markConnectionBroken,
  updateSealedRefreshToken,
  type CalendarConnection,
} from "../connection-queries";
import { CryptoError, keyRing, openSecret, sealSecret } from "../../security/crypto";
import { CalendarError } from "../provider";
import { GOOGLE_SCOPES, type GoogleConfig } from "./config";
import type { Clock } from "./retry";
import { importServiceAccount, signAssertion } from "./service-account";
import { requestToken, type TokenGrant } from "./token-endpoint";

/** One credential; reps sharing a `key` can share one free/busy request. */
export type TokenSource = {
  key: string;
  token(signal: AbortSignal): Promise<string>;
  /** Forgets the cached access token after Google rejected it (401). */
  invalidate(): void;
};

/** Tells the admin that a connection broke; see `brokenNotice`. */
export type BrokenNotifier = (notice: BrokenNotice) => Promise<void>;
export type BrokenNotice = { repId: string; accountEmail: string | null; reason: string };

export type CredentialDeps = { db: Database; cfg: GoogleConfig; clock: Clock; notifyBroken: BrokenNotifier };

const EXPIRY_MARGIN_MS = 60_000;
const accessTokens = new Map<string, { token: string; expiresAt: number }>();
const inflight = new Map<string, Promise<string>>();

/** The AES-GCM additional data that binds a sealed refresh token to its rep. */
export const sealContext = (repId: string) => `calendar_connections:${repId}`;

function cachedSource(
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
    invalidate: () => accessTokens.delete(key),
  };
}

/** Marks the connection broken (once) and tells the admin; returns the error to throw. */
async function breakConnection(
  deps: CredentialDeps,
  row: CalendarConnection,
  reason: string,
): Promise<CalendarError> {
  if (await markConnectionBroken(deps.db, row.id, reason, deps.clock.now())) {
    await deps.notifyBroken({ repId: row.repId, accountEmail: row.accountEmail, reason });
  }
  return new CalendarError(`Google connection broken: ${reason}`, "auth_broken", false);
}

async function refreshGrant(
  deps: CredentialDeps,
  row: CalendarConnection,
  signal: AbortSignal,
): Promise<TokenGrant> {
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
    grant = await requestToken(
      cfg.tokenUrl,
      {
        grant_type: "refresh_token",
        refresh_token: opened.plaintext,
        client_id: cfg.clientId ?? "",
        client_secret: cfg.clientSecret ?? "",
      },
      clock.now(),
      signal,
    );
  } catch (err) {
    if (err instanceof CalendarError && err.kind === "auth_broken")
      throw await breakConnection(deps, row, err.message);
    throw err;
  }
  // Re-seal under the current key after a rotation, and keep a refresh token Google rotated.
  const latest = grant.refreshToken ?? opened.plaintext;
  if (opened.stale || latest !== opened.plaintext) {
    const sealed = await sealSecret(latest, ring, sealContext(row.repId));
    await updateSealedRefreshToken(deps.db, row.id, sealed, clock.now());
  }
  return grant;
}

/** The credential of a rep's own connected Google account. */
export function connectionSource(deps: CredentialDeps, row: CalendarConnection): TokenSource {
  // updatedAt moves on reconnect, so a new account never reuses the old account's token.
  return cachedSource(`conn:${row.id}:${row.updatedAt}`, deps.clock, (signal) =>
    refreshGrant(deps, row, signal),
  );
}

/** The service account acting as `subject` (domain-wide delegation). */
export function serviceAccountSource(deps: CredentialDeps, keyJson: string, subject: string): TokenSource {
  return cachedSource(`sa:${subject}`, deps.clock, async (signal) => {
    const account = await importServiceAccount(keyJson);
    const now = deps.clock.now();
    const assertion = await signAssertion(account, {
      subject,
      scopes: GOOGLE_SCOPES.slice(0, 2),
      audience: deps.cfg.tokenUrl,
      now,
    });
    return requestToken(
      deps.cfg.tokenUrl,
      { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion },
      now,
      signal,
    );
  });
}
