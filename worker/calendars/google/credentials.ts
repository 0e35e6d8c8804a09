/**
 * Access tokens for Google calls, from a rep's own OAuth connection (refresh token sealed in
 * D1, see ../oauth/credentials.ts) or from the deployment's service account.
 */
import type { Database } from "../../db/client";
import type { CalendarConnection } from "../connection-queries";
import { cachedSource, refreshConnection, type BrokenNotifier, type TokenSource } from "../oauth/credentials";
import { GOOGLE_SCOPES, type GoogleConfig } from "./config";
import type { Clock } from "./retry";
import { importServiceAccount, signAssertion } from "./service-account";
import { requestToken } from "./token-endpoint";

export type { BrokenNotice, BrokenNotifier, TokenSource } from "../oauth/credentials";

export type CredentialDeps = { db: Database; cfg: GoogleConfig; clock: Clock; notifyBroken: BrokenNotifier };

/** The credential of a rep's own connected Google account. */
export function connectionSource(deps: CredentialDeps, row: CalendarConnection): TokenSource {
  const { cfg, clock } = deps;
  // updatedAt moves on reconnect, so a new account never reuses the old account's token.
  return cachedSource(`conn:${row.id}:${row.updatedAt}`, clock, (signal) =>
    refreshConnection({ ...deps, ...cfg }, row, (refreshToken) =>
      requestToken(
        cfg.tokenUrl,
        {
          grant_type: "refresh_token",
          refresh_token: refreshToken,
          client_id: cfg.clientId ?? "",
          client_secret: cfg.clientSecret ?? "",
        },
        clock.now(),
        signal,
      ),
    ),
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
