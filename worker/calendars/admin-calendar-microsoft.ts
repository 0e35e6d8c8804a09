/**
 * Microsoft 365 calendar connections: an admin gets a rep's sign-in link (authorization code
 * with PKCE, identity platform v2.0), Microsoft sends the rep's browser back to the public
 * callback, which redeems the code and stores the refresh token sealed like Google's.
 * Parameters: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 * Only microsoft/config.ts is imported statically; the token endpoint (and Graph's error
 * mapping under it) is loaded by the callback, so a Worker without Microsoft reps evaluates
 * none of the Graph code at startup (docs/integrations-microsoft.md, "Startup cost").
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { CalendarError } from "./provider";
import {
  loginUrl,
  MICROSOFT_DELEGATED_SCOPES,
  microsoftConfig,
  type MicrosoftConfig,
} from "./microsoft/config";
import { ConnectLinkSchema, RepIdParam } from "./contract";
import { connectedPage, saveConnection } from "./oauth/connect";
import { pkceChallenge, pkceVerifier, signState, STATE_TTL_MS, verifyState } from "./oauth/state";
import { database } from "../db/client";
import { loadActiveConfig } from "../config/store";
import { AppError } from "../errors";
import type { Actor, AppEnv } from "../http/hono-env";
import type { Rep } from "../core/config-doc";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { HtmlPageSchema, OAuthCallbackQuery } from "./oauth/contract";
import { microsoftCalendar } from "../lazy";

const CALLBACK_PATH = "/v1/calendar/microsoft/callback";
type OAuthClient = MicrosoftConfig & { clientId: string; clientSecret: string };

function requireOAuthClient(env: Env): OAuthClient {
  const cfg = microsoftConfig(env);
  if (!cfg.clientId || !cfg.clientSecret) {
    throw new AppError(
      503,
      "calendar_unavailable",
      "Microsoft 365 is not configured (MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET).",
    );
  }
  return { ...cfg, clientId: cfg.clientId, clientSecret: cfg.clientSecret };
}

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
  const cfg = requireOAuthClient(env);
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

const connectRoute = createRoute({
  method: "get",
  path: "/calendar/microsoft/connect/{repId}",
  summary: "A Microsoft sign-in link that connects this rep's Outlook calendar; send it to the rep",
  security: adminSecurity,
  ...access("admin"),
  request: { params: RepIdParam },
  responses: {
    200: jsonResponse(ConnectLinkSchema, "Sign-in link"),
    404: errorResponse("No such rep in the active config"),
    503: errorResponse("Microsoft 365 is not configured"),
    ...adminErrors,
  },
});

/** Admin side; mount under the authenticated `/v1/admin` app. */
export const adminCalendarMicrosoft = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  connectRoute,
  async (c) => {
    const { repId } = c.req.valid("param");
    requireOAuthClient(c.env);
    const active = await loadActiveConfig(database(c.env.DB));
    const rep = active?.config.reps.find((r) => r.id === repId);
    if (!rep) throw new AppError(404, "not_found", "No such rep in the active config.");
    return c.json(await microsoftConnectLink(c.env, c.req.url, rep, c.get("actor"), c.get("now")), 200);
  },
);

const callbackRoute = createRoute({
  method: "get",
  path: "/calendar/microsoft/callback",
  summary: "Microsoft's OAuth redirect target; stores the rep's encrypted refresh token",
  request: {
    query: OAuthCallbackQuery,
  },
  responses: {
    200: {
      description: "Connected (an HTML page for the rep's browser)",
      content: { "text/html": { schema: HtmlPageSchema } },
    },
    400: errorResponse("Bad or expired state, consent refused, or code rejected"),
    503: errorResponse("Microsoft 365 is not configured or not reachable"),
  },
});

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
    if (err instanceof CalendarError && !err.retryable) {
      // e.g. invalid_grant: code expired or reused, verifier mismatch, consent withdrawn.
      throw new AppError(400, "bad_request", `Microsoft rejected the sign-in (${err.message}); start again.`);
    }
    throw new AppError(503, "calendar_unavailable", "Microsoft could not be reached; try the link again.");
  }
}

/** Public side, verified by `state`; mount under `/v1`. */
export const publicCalendarMicrosoft = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  callbackRoute,
  async (c) => {
    const { state, code, error } = c.req.valid("query");
    const cfg = requireOAuthClient(c.env);
    const now = c.get("now");
    const verified = await verifyState(cfg.encryptionKey, state, now, "microsoft_connect");
    if (!verified)
      throw new AppError(
        400,
        "bad_request",
        "This connect link is invalid or expired; ask your admin for a new one.",
      );
    // Microsoft redirects with error=access_denied (refused) or consent_required (blocked by admin).
    if (error || !code)
      throw new AppError(400, "bad_request", "Microsoft did not grant access to the calendar.");
    const verifier = await pkceVerifier(cfg.encryptionKey, state);
    const grant = await redeemCode(cfg, code, verifier, new URL(CALLBACK_PATH, c.req.url).href, now);
    if (!grant.refreshToken)
      throw new AppError(
        400,
        "bad_request",
        "Microsoft returned no refresh token; start the connection again.",
      );
    await saveConnection(
      database(c.env.DB),
      cfg,
      verified,
      "microsoft",
      { ...grant, refreshToken: grant.refreshToken },
      now,
    );
    return c.html(connectedPage("Outlook calendar"), 200);
  },
);
