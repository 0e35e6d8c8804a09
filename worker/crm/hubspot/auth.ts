/**
 * Bearer tokens for HubSpot calls: a private-app token as is, or an OAuth access token
 * refreshed from the sealed refresh token (cached per isolate until a minute before it
 * expires; concurrent refreshes share one request).
 */
import { CrmError } from "../connector";
import { tokenSchema } from "./schemas";
import type { HubSpotConfig } from "./config";

export type TokenSource = {
  token(signal?: AbortSignal): Promise<string>;
  /** Forgets the cached token after HubSpot refused it (401); false when there is nothing to refresh. */
  invalidate(): boolean;
};

export function staticToken(token: string): TokenSource {
  return { token: () => Promise.resolve(token), invalidate: () => false };
}

const EXPIRY_MARGIN_MS = 60_000;
const cache = new Map<string, { token: string; expiresAt: number }>();
const inflight = new Map<string, Promise<string>>();

export type Grant = { accessToken: string; refreshToken: string | null; expiresAt: number };

/** `POST /oauth/v1/token` (form-encoded), for both grants. */
export async function requestGrant(
  cfg: HubSpotConfig,
  form: Record<string, string>,
  now: number,
  signal?: AbortSignal,
): Promise<Grant> {
  let res: Response;
  try {
    res = await fetch(cfg.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({
        client_id: cfg.clientId ?? "",
        client_secret: cfg.clientSecret ?? "",
        ...form,
      }),
      signal,
    });
  } catch {
    throw new CrmError(
      "HubSpot token endpoint unreachable",
      signal?.aborted ? "timeout" : "unavailable",
      true,
    );
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status >= 500 || res.status === 429)
    throw new CrmError(
      `HubSpot token endpoint ${res.status}`,
      res.status === 429 ? "rate_limited" : "unavailable",
      true,
      res.status,
    );
  const parsed = tokenSchema.safeParse(body);
  if (!res.ok || !parsed.success) {
    const status = (body as { status?: unknown } | null)?.status;
    throw new CrmError(
      `HubSpot refused the grant (${typeof status === "string" ? status : res.status})`,
      "auth_broken",
      false,
      res.status,
    );
  }
  return {
    accessToken: parsed.data.access_token,
    refreshToken: parsed.data.refresh_token ?? null,
    expiresAt: now + parsed.data.expires_in * 1000,
  };
}

/** Access tokens from a refresh token; `key` names the connection version (changes on reconnect). */
export function refreshingToken(
  cfg: HubSpotConfig,
  key: string,
  refreshToken: () => Promise<string>,
  clock: () => number,
): TokenSource {
  return {
    token(signal) {
      const hit = cache.get(key);
      if (hit && hit.expiresAt - EXPIRY_MARGIN_MS > clock()) return Promise.resolve(hit.token);
      let pending = inflight.get(key);
      if (!pending) {
        pending = refreshToken()
          .then((rt) =>
            requestGrant(cfg, { grant_type: "refresh_token", refresh_token: rt }, clock(), signal),
          )
          .then((g) => {
            cache.set(key, { token: g.accessToken, expiresAt: g.expiresAt });
            return g.accessToken;
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
    invalidate: () => cache.delete(key) || true,
  };
}
