/**
 * The identity platform's v2.0 token endpoint over plain fetch: authorization code with PKCE,
 * refresh token and client credentials (RFC 6749 §4.1.3, §4.4, §6; RFC 7636). Errors follow
 * RFC 6749 §5.2 with Microsoft's additions (`error_codes`, e.g. AADSTS700082 for an expired
 * refresh token, AADSTS65001 for consent that was never given or was withdrawn).
 */
import { z } from "zod";
import { GraphCallError, classifyGraph } from "./graph-http";

// Only the fields Baton uses; Microsoft also returns token_type and ext_expires_in.
const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
});

/**
 * Errors no retry can fix and that only a person can: a revoked, expired or never-consented
 * grant (`invalid_grant`, `interaction_required`, `consent_required`) or an app whose secret
 * expired or that was removed from the tenant (`invalid_client`, `unauthorized_client`).
 */
const BROKEN = new Set([
  "invalid_grant",
  "interaction_required",
  "consent_required",
  "invalid_client",
  "unauthorized_client",
]);

export type TokenGrant = {
  accessToken: string;
  /** Epoch ms when the access token stops working. */
  expiresAt: number;
  refreshToken?: string;
  scopes?: string;
  idToken?: string;
};

/** Posts one grant; `auth_broken` (not retryable) for a dead grant, retryable for 429/5xx. */
export async function requestMicrosoftToken(
  tokenUrl: string,
  form: Record<string, string>,
  now: number,
  signal?: AbortSignal,
): Promise<TokenGrant> {
  const res = await fetch(tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams(form),
    signal,
  }).catch((err: unknown) => {
    if (signal?.aborted) throw err;
    throw new GraphCallError("Microsoft sign-in could not be reached", "unavailable", true);
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const oauth = oauthErrorSchema.safeParse(body);
    if (oauth.success && res.status < 500 && res.status !== 429) {
      const aadsts = oauth.data.error_codes?.[0];
      const text = `${oauth.data.error}${aadsts ? ` (AADSTS${aadsts})` : ""}`;
      const broken = BROKEN.has(oauth.data.error);
      throw new GraphCallError(text, broken ? "auth_broken" : "invalid", false, res.status);
    }
    throw classifyGraph(res.status, body, res.headers);
  }
  const parsed = tokenSchema.safeParse(body);
  if (!parsed.success) throw new GraphCallError("Malformed token response", "unavailable", true, res.status);
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    expiresAt: now + t.expires_in * 1000,
    refreshToken: t.refresh_token,
    scopes: t.scope,
    idToken: t.id_token,
  };
}

const idTokenClaims = z.object({
  email: z.string().optional(),
  preferred_username: z.string().optional(),
});

/**
 * The signed-in account from an id_token: `email` when the tenant releases it, else
 * `preferred_username` (the UPN). Unverified, as OpenID Connect Core §3.1.3.7 allows for a
 * token received straight from the token endpoint over TLS.
 */
export function accountFromIdToken(idToken: string | undefined): string | null {
  const payload = idToken?.split(".")[1];
  if (!payload) return null;
  try {
    const claims = idTokenClaims.parse(JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))));
    return claims.email ?? claims.preferred_username ?? null;
  } catch {
    return null;
  }
}
