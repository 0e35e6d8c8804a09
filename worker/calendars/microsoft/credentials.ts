/**
 * Access tokens for Graph calls: a rep's own connection (refresh token sealed in D1, see
 * ../oauth/credentials.ts) or the tenant's app-only credential (client credentials after
 * admin consent).
 */
import type { Database } from "../../db/client";
import type { CalendarConnection } from "../connection-queries";
import type { Clock } from "../google/retry";
import { cachedSource, refreshConnection, type BrokenNotifier, type TokenSource } from "../oauth/credentials";
import { loginUrl, MICROSOFT_APP_SCOPE, MICROSOFT_DELEGATED_SCOPES, type MicrosoftConfig } from "./config";
import { requestMicrosoftToken } from "./token-endpoint";

export type { TokenSource } from "../oauth/credentials";

export type CredentialDeps = {
  db: Database;
  cfg: MicrosoftConfig;
  clock: Clock;
  notifyBroken: BrokenNotifier;
};

/** The credential of a rep's own connected Microsoft account (delegated, `/me`). */
export function connectionSource(deps: CredentialDeps, row: CalendarConnection): TokenSource {
  const { cfg, clock } = deps;
  // Keyed by account, not updatedAt: Microsoft rotates the refresh token on every use (which
  // moves updatedAt), and a reconnect to another account must not reuse the old one's token.
  return cachedSource(`ms-conn:${row.id}:${row.accountEmail ?? ""}`, clock, (signal) =>
    refreshConnection({ ...deps, ...cfg }, row, (refreshToken) =>
      requestMicrosoftToken(
        loginUrl(cfg, "token"),
        {
          grant_type: "refresh_token",
          refresh_token: refreshToken,
          client_id: cfg.clientId ?? "",
          client_secret: cfg.clientSecret ?? "",
          scope: MICROSOFT_DELEGATED_SCOPES.join(" "),
        },
        clock.now(),
        signal,
      ),
    ),
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
