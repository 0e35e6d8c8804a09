/**
 * Microsoft 365 calendar connections: an admin gets a rep's sign-in link (authorization code
 * with PKCE, identity platform v2.0), Microsoft sends the rep's browser back to the public
 * callback, which redeems the code and stores the refresh token sealed like Google's.
 * Parameters: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 * Only microsoft/config.ts is imported statically; the token endpoint (and Graph's error
 * mapping under it) is loaded by the callback, so a Worker without Microsoft reps evaluates
 * none of the Graph code at startup (docs/integrations-microsoft.md, "Startup cost").
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { loginUrl, MICROSOFT_DELEGATED_SCOPES, microsoftConfig } from "./microsoft/config";
import * as connectFlow from "./oauth/connect-routes";
import { pkceChallenge, pkceVerifier, signState, STATE_TTL_MS, verifyState } from "./oauth/state";
import { database } from "../db/client";
import { loadActiveConfig } from "../config/store";
import { AppError } from "../errors";
import type { Actor, AppEnv } from "../http/hono-env";
import type { Rep } from "../core/config-doc";
import { validationHook } from "../http/validation";
import { microsoftCalendar } from "../lazy";

const CALLBACK_PATH = "/v1/calendar/microsoft/callback";

const microsoftClient = (env: Env) =>
  connectFlow.requireOAuthClient(
    microsoftConfig(env),
    "Microsoft 365",
    "MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET",
  );
type OAuthClient = ReturnType<typeof microsoftClient>;

/**
 * A Microsoft sign-in link that connects `rep`'s calendar, signed for `actor`. The admin route
 * and the rep workspace (which forces the rep to the session's) both build it here.
 */
export async function microsoftConnectLink(
  env: Env,
  requestUrl: string,
  rep: Pick<Rep, "id" | "email" | "calendar">,
  actor: Actor,
  now: number,
) {
  const cfg = microsoftClient(env);
  const state = await signState(cfg.encryptionKey, rep.id, actor, now, "microsoft_connect");
  const url = new URL(loginUrl(cfg, "authorize"));
  url.search = new URLSearchParams({
    client_id: cfg.clientId,
    response_type: "code",
    redirect_uri: new URL(CALLBACK_PATH, requestUrl).href,
    response_mode: "query",
    // offline_access is what returns a refresh token; no prompt=consent needed.
    scope: MICROSOFT_DELEGATED_SCOPES.join(" "),
    // The rep may be signed in to several accounts (or the admin's): let them pick.
    prompt: "select_account",
    // Pre-fills the sign-in with the mailbox Baton will use for this rep.
    login_hint: rep.calendar.provider === "microsoft" ? (rep.calendar.mailbox ?? rep.email) : rep.email,
    state,
    code_challenge: await pkceChallenge(await pkceVerifier(cfg.encryptionKey, state)),
    code_challenge_method: "S256",
  }).toString();
  return { url: url.href, expiresAt: now + STATE_TTL_MS };
}

const connectRoute = connectFlow.connectLinkRoute("microsoft", {
  summary: "A Microsoft sign-in link that connects this rep's Outlook calendar; send it to the rep",
  link: "Sign-in link",
  unconfigured: "Microsoft 365 is not configured",
});

/** Admin side; mount under the authenticated `/v1/admin` app. */
export const adminCalendarMicrosoft = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  connectRoute,
  async (c) => {
    const { repId } = c.req.valid("param");
    microsoftClient(c.env);
    const active = await loadActiveConfig(database(c.env.DB));
    const rep = active?.config.reps.find((r) => r.id === repId);
    if (!rep) throw new AppError(404, "not_found", "No such rep in the active config.");
    return c.json(await microsoftConnectLink(c.env, c.req.url, rep, c.get("actor"), c.get("now")), 200);
  },
);

async function redeemCode(
  cfg: OAuthClient,
  code: string,
  verifier: string,
  redirectUri: string,
  now: number,
) {
  const { requestMicrosoftToken } = await microsoftCalendar();
  try {
    return await requestMicrosoftToken(
      loginUrl(cfg, "token"),
      {
        grant_type: "authorization_code",
        code,
        client_id: cfg.clientId,
        client_secret: cfg.clientSecret,
        redirect_uri: redirectUri,
        scope: MICROSOFT_DELEGATED_SCOPES.join(" "),
        code_verifier: verifier,
      },
      now,
      AbortSignal.timeout(10_000),
    );
  } catch (err) {
    // Rejected: e.g. invalid_grant (code expired or reused, verifier mismatch, consent withdrawn).
    throw connectFlow.redeemFailure(
      err,
      "Microsoft",
      (e) => `Microsoft rejected the sign-in (${e.message}); start again.`,
    );
  }
}

/** Public side, verified by `state`; mount under `/v1`. */
export const publicCalendarMicrosoft = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  connectFlow.callbackRoute("microsoft", "Microsoft", "Microsoft 365"),
  async (c) => {
    const query = c.req.valid("query");
    const cfg = microsoftClient(c.env);
    const now = c.get("now");
    // Microsoft redirects with error=access_denied (refused) or consent_required (blocked by admin).
    const page = await connectFlow.completeConnect({
      db: database(c.env.DB),
      keys: cfg,
      verified: await verifyState(cfg.encryptionKey, query.state, now, "microsoft_connect"),
      query,
      provider: "microsoft",
      vendor: "Microsoft",
      calendarName: "Outlook calendar",
      now,
      redeem: async (code) => {
        const verifier = await pkceVerifier(cfg.encryptionKey, query.state);
        return redeemCode(cfg, code, verifier, new URL(CALLBACK_PATH, c.req.url).href, now);
      },
    });
    return c.html(page, 200);
  },
);
