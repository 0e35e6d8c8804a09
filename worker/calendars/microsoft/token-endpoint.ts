/**
 * The identity platform's v2.0 token endpoint over plain fetch: authorization code with PKCE,
 * refresh token and client credentials (RFC 6749 §4.1.3, §4.4, §6; RFC 7636). Errors follow
 * RFC 6749 §5.2 with Microsoft's additions (`error_codes`, e.g. AADSTS700082 for an expired
 * refresh token, AADSTS65001 for consent that was never given or was withdrawn).
 */
import type { TokenGrant } from "../oauth/credentials";
import { grantOf, oauthErrorSchema, postTokenForm } from "../oauth/token-response";
import { GraphCallError, classifyGraph } from "./graph-http";

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

/** Posts one grant; `auth_broken` (not retryable) for a dead grant, retryable for 429/5xx. */
export async function requestMicrosoftToken(
  tokenUrl: string,
  form: Record<string, string>,
  now: number,
  signal?: AbortSignal,
): Promise<TokenGrant> {
  const { res, body } = await postTokenForm(tokenUrl, form, signal).catch((err: unknown) => {
    if (signal?.aborted) throw err;
    throw new GraphCallError("Microsoft sign-in could not be reached", "unavailable", true);
  });
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
  const grant = grantOf(body, now);
  if (!grant) throw new GraphCallError("Malformed token response", "unavailable", true, res.status);
  return grant;
}
