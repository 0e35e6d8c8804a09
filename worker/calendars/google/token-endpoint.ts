/**
 * Google's OAuth 2.0 token endpoint over plain fetch (RFC 6749 §4.1.3, §6 and RFC 7523).
 */
import type { TokenGrant } from "../oauth/credentials";
import { grantOf, oauthErrorSchema, postTokenForm } from "../oauth/token-response";
import { GoogleCallError, classifyStatus } from "./retry";

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
  const { res, body } = await postTokenForm(tokenUrl, form, signal);
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
  const grant = grantOf(body, now);
  if (!grant) throw new GoogleCallError("Malformed token response", "unavailable", true, res.status);
  return grant;
}
