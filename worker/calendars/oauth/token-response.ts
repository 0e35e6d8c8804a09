/**
 * The OAuth 2.0 token endpoint exchange both vendors share (RFC 6749 §4.1.3, §5.1, §5.2, §6):
 * a form POST, the success body, and the error body. Each vendor maps errors to its own
 * CalendarErrors; Microsoft adds `error_codes` (AADSTS numbers) to the error body.
 */
import { z } from "zod";
import type { TokenGrant } from "./credentials";

// Only the fields Baton uses (both vendors also send token_type; Microsoft ext_expires_in).
const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});

export const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
});

/** Posts one grant form; the answer and its JSON body (null when it has none). */
export async function postTokenForm(tokenUrl: string, form: Record<string, string>, signal?: AbortSignal) {
  const res = await fetch(tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams(form),
    signal,
  });
  const body: unknown = await res.json().catch(() => null);
  return { res, body };
}

/** The grant in a 2xx body, or null when the body is not a token response. */
export function grantOf(body: unknown, now: number): TokenGrant | null {
  const parsed = tokenSchema.safeParse(body);
  if (!parsed.success) return null;
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
 * The signed-in account from an id_token: `email` when released, else `preferred_username`
 * (Microsoft's UPN). Unverified, as OpenID Connect Core §3.1.3.7 allows for a token received
 * straight from the token endpoint over TLS.
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
