/**
 * HubSpot's OAuth install: the admin asks for the install link, HubSpot sends the browser
 * back to the public callback with a code, which is exchanged for a refresh token sealed at
 * rest (like Google's). The signed `state` is the calendar connect flows', with its own purpose
 * `hubspot_connect` (so it can never complete a calendar callback) and subject `crm:hubspot`.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { signState, STATE_TTL_MS, verifyState } from "../calendars/oauth/state";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { OAuthCallbackQuery } from "../calendars/oauth/contract";
import { access } from "../auth/roles";
import { CrmError } from "./connector";
import { assertOneCrm } from "./providers";
import { OAuthStartSchema } from "./contract";
import { forgetCrmConnection, PROVIDER } from "./runtime";
import { saveCrmConnection } from "./save-connection";
import { hubspot } from "../lazy";

export const CALLBACK_PATH = "/v1/crm/hubspot/callback";
const SUBJECT = "crm:hubspot";

function oauthClient(env: Env) {
  if (!env.HUBSPOT_CLIENT_ID || !env.HUBSPOT_CLIENT_SECRET)
    throw new AppError(
      503,
      "crm_unavailable",
      "HubSpot OAuth is not configured (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET).",
    );
}

const startRoute = createRoute({
  method: "post",
  path: "/integrations/hubspot/oauth",
  summary: "The HubSpot install link (OAuth authorization code flow)",
  security: adminSecurity,
  ...access("admin"),
  responses: {
    200: jsonResponse(OAuthStartSchema, "Install link"),
    503: errorResponse("HubSpot OAuth is not configured"),
    ...adminErrors,
  },
});

export const crmOAuthAdmin = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  startRoute,
  async (c) => {
    oauthClient(c.env);
    await assertOneCrm(database(c.env.DB), PROVIDER);
    const { hubspotConfig, HUBSPOT_SCOPES } = await hubspot();
    const cfg = hubspotConfig(c.env);
    const now = c.get("now");
    const url = new URL(cfg.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: cfg.clientId ?? "",
      redirect_uri: new URL(CALLBACK_PATH, c.req.url).href,
      scope: HUBSPOT_SCOPES.join(" "),
      state: await signState(c.env.ENCRYPTION_KEY, SUBJECT, c.get("actor"), now, "hubspot_connect"),
    }).toString();
    return c.json({ url: url.href, expiresAt: now + STATE_TTL_MS }, 200);
  },
);

const callbackRoute = createRoute({
  method: "get",
  path: "/crm/hubspot/callback",
  summary: "HubSpot's OAuth redirect target; stores the encrypted refresh token",
  request: {
    query: OAuthCallbackQuery,
  },
  responses: {
    302: { description: "Connected; back to the dashboard's Integrations screen" },
    400: errorResponse("Bad or expired state, install refused, or code rejected"),
    503: errorResponse("HubSpot is not configured or not reachable"),
  },
});

export const crmOAuthPublic = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  callbackRoute,
  async (c) => {
    oauthClient(c.env);
    const { state, code, error } = c.req.valid("query");
    const now = c.get("now");
    const verified = await verifyState(c.env.ENCRYPTION_KEY, state, now, "hubspot_connect");
    if (!verified || verified.repId !== SUBJECT)
      throw new AppError(
        400,
        "bad_request",
        "This install link is invalid or expired; start again from Integrations.",
      );
    if (error || !code) throw new AppError(400, "bad_request", "HubSpot did not grant access.");
    await assertOneCrm(database(c.env.DB), PROVIDER);
    const { hubspotConfig, requestGrant, sealFor } = await hubspot();
    let grant;
    try {
      grant = await requestGrant(
        hubspotConfig(c.env),
        { grant_type: "authorization_code", code, redirect_uri: new URL(CALLBACK_PATH, c.req.url).href },
        now,
        AbortSignal.timeout(10_000),
      );
    } catch (err) {
      if (err instanceof CrmError && !err.retryable)
        throw new AppError(400, "bad_request", "HubSpot rejected the authorization; start again.");
      throw new AppError(503, "crm_unavailable", "HubSpot could not be reached; try again.");
    }
    if (!grant.refreshToken) throw new AppError(400, "bad_request", "HubSpot returned no refresh token.");
    const sealed = await sealFor(c.env, PROVIDER, grant.refreshToken);
    // Owners are listed by the next cron run or the screen's "Test connection".
    await saveCrmConnection(database(c.env.DB), verified.actor, now, {
      id: PROVIDER,
      authKind: "oauth",
      sealed,
    });
    forgetCrmConnection();
    return c.redirect("/admin/#/integrations", 302);
  },
);
