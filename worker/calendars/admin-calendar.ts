/**
 * Google Calendar connections: an admin starts a rep's connect link, Google sends the rep's
 * browser back to the public callback, and the admin reads every connection's status.
 * The token endpoint is plain fetch, so these routes cost the main bundle a few KB.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { CalendarError } from "./provider";
import { GOOGLE_AUTH_URL, GOOGLE_SCOPES, googleConfig, type GoogleConfig } from "./google/config";
import { requestToken } from "./google/token-endpoint";
import { connectedPage, saveConnection } from "./oauth/connect";
import { signState, STATE_TTL_MS, verifyState } from "./oauth/state";
import { listConnections } from "./connection-queries";
import { ConnectLinkSchema, ConnectionListSchema, RepIdParam } from "./contract";
import { database } from "../db/client";
import { loadActiveConfig } from "../config/store";
import { AppError } from "../errors";
import type { Actor, AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { HtmlPageSchema, OAuthCallbackQuery } from "./oauth/contract";

const CALLBACK_PATH = "/v1/calendar/google/callback";

function requireOAuthClient(env: Env): GoogleConfig & { clientId: string; clientSecret: string } {
  const cfg = googleConfig(env);
  if (!cfg.clientId || !cfg.clientSecret) {
    throw new AppError(
      503,
      "calendar_unavailable",
      "Google Calendar is not configured (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET).",
    );
  }
  return { ...cfg, clientId: cfg.clientId, clientSecret: cfg.clientSecret };
}

/**
 * A Google consent link that connects `repId`'s calendar, signed for `actor`. The admin route
 * and the rep workspace (which forces `repId` to the session's rep) both build it here.
 */
export async function googleConnectLink(
  env: Env,
  requestUrl: string,
  repId: string,
  actor: Actor,
  now: number,
) {
  const cfg = requireOAuthClient(env);
  const url = new URL(GOOGLE_AUTH_URL);
  url.search = new URLSearchParams({
    client_id: cfg.clientId,
    redirect_uri: new URL(CALLBACK_PATH, requestUrl).href,
    response_type: "code",
    scope: GOOGLE_SCOPES.join(" "),
    // offline + consent: Google only returns a refresh token on a fresh consent.
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: "true",
    state: await signState(cfg.encryptionKey, repId, actor, now),
  }).toString();
  return { url: url.href, expiresAt: now + STATE_TTL_MS };
}

const connectRoute = createRoute({
  method: "get",
  path: "/calendar/google/connect/{repId}",
  summary: "A Google consent link that connects this rep's calendar; send it to the rep",
  security: adminSecurity,
  ...access("admin"),
  request: { params: RepIdParam },
  responses: {
    200: jsonResponse(ConnectLinkSchema, "Consent link"),
    404: errorResponse("No such rep in the active config"),
    503: errorResponse("Google is not configured"),
    ...adminErrors,
  },
});

const connectionsRoute = createRoute({
  method: "get",
  path: "/calendar/connections",
  summary: "Every rep's calendar connection and its status (connected, broken, revoked)",
  security: adminSecurity,
  ...access("admin"),
  responses: {
    200: jsonResponse(ConnectionListSchema, "Connections"),
    ...adminErrors,
  },
});

/** Admin side; mount under the authenticated `/v1/admin` app. */
export const adminCalendar = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(connectRoute, async (c) => {
    const { repId } = c.req.valid("param");
    requireOAuthClient(c.env);
    const active = await loadActiveConfig(database(c.env.DB));
    if (!active?.config.reps.some((r) => r.id === repId))
      throw new AppError(404, "not_found", "No such rep in the active config.");
    return c.json(await googleConnectLink(c.env, c.req.url, repId, c.get("actor"), c.get("now")), 200);
  })
  .openapi(connectionsRoute, async (c) =>
    // Parsed, so the rows' plain-text provider and status are checked against the contract.
    c.json(ConnectionListSchema.parse({ connections: await listConnections(database(c.env.DB)) }), 200),
  );

const callbackRoute = createRoute({
  method: "get",
  path: "/calendar/google/callback",
  summary: "Google's OAuth redirect target; stores the rep's encrypted refresh token",
  request: {
    query: OAuthCallbackQuery,
  },
  responses: {
    200: {
      description: "Connected (an HTML page for the rep's browser)",
      content: { "text/html": { schema: HtmlPageSchema } },
    },
    400: errorResponse("Bad or expired state, consent refused, or code rejected"),
    503: errorResponse("Google is not configured or not reachable"),
  },
});

async function exchangeCode(
  cfg: ReturnType<typeof requireOAuthClient>,
  code: string,
  redirectUri: string,
  now: number,
) {
  try {
    return await requestToken(
      cfg.tokenUrl,
      {
        grant_type: "authorization_code",
        code,
        client_id: cfg.clientId,
        client_secret: cfg.clientSecret,
        redirect_uri: redirectUri,
      },
      now,
      AbortSignal.timeout(10_000),
    );
  } catch (err) {
    if (err instanceof CalendarError && !err.retryable) {
      throw new AppError(
        400,
        "bad_request",
        "Google rejected the authorization; start the connection again.",
      );
    }
    throw new AppError(503, "calendar_unavailable", "Google could not be reached; try the link again.");
  }
}

/** Public side, verified by `state`; mount under `/v1`. */
export const publicCalendar = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  callbackRoute,
  async (c) => {
    const { state, code, error } = c.req.valid("query");
    const cfg = requireOAuthClient(c.env);
    const now = c.get("now");
    const verified = await verifyState(cfg.encryptionKey, state, now);
    if (!verified)
      throw new AppError(
        400,
        "bad_request",
        "This connect link is invalid or expired; ask your admin for a new one.",
      );
    if (error || !code)
      throw new AppError(400, "bad_request", "Google did not grant access to the calendar.");
    const grant = await exchangeCode(cfg, code, new URL(CALLBACK_PATH, c.req.url).href, now);
    if (!grant.refreshToken)
      throw new AppError(400, "bad_request", "Google returned no refresh token; start the connection again.");
    await saveConnection(
      database(c.env.DB),
      cfg,
      verified,
      "google",
      { ...grant, refreshToken: grant.refreshToken },
      now,
    );
    return c.html(connectedPage("Google Calendar"), 200);
  },
);
