/**
 * The Microsoft identity platform's v2.0 endpoints for the Graph fake (microsoft-graph.ts):
 * authorize (signed in as `login_hint`, consenting at once) and token (authorization_code
 * with PKCE, rotating refresh tokens, client_credentials), in the documented shapes.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson } from "./server";

export const FAKE_MS_CLIENT_ID = "00001111-aaaa-2222-bbbb-3333cccc4444";
export const FAKE_MS_CLIENT_SECRET = "fake-microsoft-client-secret";

export type Principal = { kind: "user"; email: string } | { kind: "app"; tenant: string };
export type IdentityState = {
  tokens: Map<string, Principal>;
  /** Accounts whose grants were withdrawn since they connected: email -> AADSTS code. */
  withdrawn: Map<string, number>;
  seq: number;
};

const json = (res: ServerResponse, status: number, body: unknown) => sendJson(res, { status, body });

/** The identity platform's error response: RFC 6749 §5.2 plus error_codes and trace ids. */
function oauthError(res: ServerResponse, status: number, error: string, aadsts: number, text: string) {
  json(res, status, {
    error,
    error_description: `AADSTS${aadsts}: ${text}\r\nTrace ID: ${crypto.randomUUID()}`,
    error_codes: [aadsts],
    timestamp: new Date().toISOString().replace("T", " ").slice(0, 19) + "Z",
    trace_id: crypto.randomUUID(),
    correlation_id: crypto.randomUUID(),
  });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function issue(state: IdentityState, principal: Principal): string {
  const token = `eyJ0eXAiOiJKV1Qi.fake-${state.seq++}`;
  state.tokens.set(token, principal);
  return token;
}

export function handleToken(
  state: IdentityState,
  tenant: string,
  form: URLSearchParams,
  res: ServerResponse,
  keys: string[],
  faulted: (keys: string[]) => boolean,
) {
  if (form.get("client_id") !== FAKE_MS_CLIENT_ID || form.get("client_secret") !== FAKE_MS_CLIENT_SECRET)
    return oauthError(res, 401, "invalid_client", 7000215, "Invalid client secret provided.");
  const grant = form.get("grant_type");
  if (grant === "client_credentials") {
    keys.push(`tenant:${tenant}`);
    if (faulted(keys)) return;
    if (form.get("scope") !== "https://graph.microsoft.com/.default")
      return oauthError(res, 400, "invalid_scope", 1002012, "The provided value for scope is not valid.");
    const access = issue(state, { kind: "app", tenant });
    return json(res, 200, {
      token_type: "Bearer",
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: access,
    });
  }
  const value = (grant === "authorization_code" ? form.get("code") : form.get("refresh_token")) ?? "";
  const [given, email = "", challenge] = value.split(":");
  keys.push(email, value);
  // Faults for a grant are queued under the grant itself; the mailbox's faults are Graph's.
  if (faulted([value])) return;
  const withdrawn = grant === "refresh_token" ? state.withdrawn.get(email) : undefined;
  const prefix = withdrawn === 65001 ? "consent" : withdrawn ? "revoked" : given;
  if (prefix === "revoked")
    return oauthError(res, 400, "invalid_grant", 50173, "The provided grant has been revoked.");
  if (prefix === "consent")
    return oauthError(
      res,
      400,
      "invalid_grant",
      65001,
      "The user or administrator has not consented to use the application.",
    );
  if (grant === "authorization_code") {
    const verifier = form.get("code_verifier") ?? "";
    const s256 = createHash("sha256").update(verifier).digest("base64url");
    if (prefix !== "code" || s256 !== challenge || !form.get("redirect_uri"))
      return oauthError(
        res,
        400,
        "invalid_grant",
        501481,
        "The Code_Verifier does not match the code_challenge.",
      );
  } else if (grant !== "refresh_token" || prefix !== "rt") {
    return oauthError(
      res,
      400,
      "invalid_grant",
      9002313,
      "Invalid request. Request is malformed or invalid.",
    );
  }
  const idToken = [
    b64url({ alg: "RS256" }),
    b64url({ aud: FAKE_MS_CLIENT_ID, preferred_username: email }),
    "sig",
  ];
  json(res, 200, {
    token_type: "Bearer",
    scope: "https://graph.microsoft.com/Calendars.ReadWrite openid email",
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: issue(state, { kind: "user", email }),
    refresh_token: `rt:${email}:${state.seq}`,
    ...(grant === "authorization_code" ? { id_token: idToken.join(".") } : {}),
  });
}

/**
 * The authorize endpoint, signed in already as `login_hint` and consenting at once: it
 * redirects to `redirect_uri` with `code` (bound to the code_challenge) and `state`, as the
 * identity platform does with `response_mode=query`; `login_hint` starting `deny` refuses
 * with `error=access_denied`, as when the user declines consent.
 */
export function handleAuthorize(url: URL, res: ServerResponse) {
  const q = url.searchParams;
  const redirect = new URL(q.get("redirect_uri") ?? "");
  const account = q.get("login_hint") ?? "user@contoso.test";
  if (q.get("client_id") !== FAKE_MS_CLIENT_ID || q.get("code_challenge_method") !== "S256")
    return oauthError(res, 400, "invalid_request", 900144, "The request body must contain code_challenge.");
  if (account.startsWith("deny")) {
    redirect.searchParams.set("error", "access_denied");
    redirect.searchParams.set("error_description", "AADSTS65004: User declined to consent.");
  } else redirect.searchParams.set("code", `code:${account}:${q.get("code_challenge")}`);
  redirect.searchParams.set("state", q.get("state") ?? "");
  res.writeHead(302, { Location: redirect.href });
  res.end();
}
