/**
 * Google's OAuth 2.0 token endpoint over plain fetch (RFC 6749 §4.1.3, §6 and RFC 7523).
 * Kept free of googleapis so that the connect routes stay in the main bundle cheaply.
 */
import { z } from "zod";
import { GoogleCallError, classifyStatus } from "./retry";

// Only the fields Baton uses; Google documents more (id_token claims, refresh_token_expires_in).
const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export type TokenGrant = {
  accessToken: string;
  /** Epoch ms when the access token stops working. */
  expiresAt: number;
  refreshToken?: string;
  scopes?: string;
  idToken?: string;
};

/**
 * Posts one grant. `invalid_grant` (revoked, expired or reused code or refresh token) is
 * `auth_broken` and not retryable; 429 and 5xx are retryable like any Google call.
 */
export async function requestToken(
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
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const oauth = oauthErrorSchema.safeParse(body);
    if (oauth.success && oauth.data.error === "invalid_grant") {
      throw new GoogleCallError(
        `invalid_grant: ${oauth.data.error_description ?? "grant revoked or expired"}`,
        "auth_broken",
        false,
        res.status,
      );
    }
    if (oauth.success) throw new GoogleCallError(`OAuth ${oauth.data.error}`, "invalid", false, res.status);
    throw classifyStatus(res.status, body, res.headers);
  }
  const parsed = tokenSchema.safeParse(body);
  if (!parsed.success) throw new GoogleCallError("Malformed token response", "unavailable", true, res.status);
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    expiresAt: now + t.expires_in * 1000,
    refreshToken: t.refresh_token,
    scopes: t.scope,
    idToken: t.id_token,
  };
}

const idTokenClaims = z.object({ email: z.string().optional() });

/**
 * The account email from an id_token. The signature is not checked: OpenID Connect Core
 * §3.1.3.7 allows that when the token came straight from the token endpoint over TLS.
 */
export function emailFromIdToken(idToken: string | undefined): string | null {
  const payload = idToken?.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replaceAll("-", "+").replaceAll("_", "/"));
    return idTokenClaims.parse(JSON.parse(json)).email ?? null;
  } catch {
    return null;
  }
}
