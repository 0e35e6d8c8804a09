/**
 * Google Calendar connections: an admin starts a rep's connect link, Google sends the rep's
 * browser back to the public callback, and the admin reads every connection's status.
 * The token endpoint is plain fetch, so these routes cost the main bundle a few KB.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { GOOGLE_AUTH_URL, GOOGLE_SCOPES, googleConfig } from "./google/config";
import { requestToken } from "./google/token-endpoint";
import * as connectFlow from "./oauth/connect-routes";
import { signState, STATE_TTL_MS, verifyState } from "./oauth/state";
import { listConnections } from "./connection-queries";
import { ConnectionListSchema } from "./contract";
import { database } from "../db/client";
import { loadActiveConfig } from "../config/store";
import { AppError } from "../errors";
import type { Actor, AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const CALLBACK_PATH = "/v1/calendar/google/callback";

const googleClient = (env: Env) =>
  connectFlow.requireOAuthClient(
    googleConfig(env),
    "Google Calendar",
    "GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET",
  );

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
  const cfg = googleClient(env);
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

const connectRoute = connectFlow.connectLinkRoute("google", {
  summary: "A Google consent link that connects this rep's calendar; send it to the rep",
  link: "Consent link",
  unconfigured: "Google is not configured",
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
    googleClient(c.env);
    const active = await loadActiveConfig(database(c.env.DB));
    if (!active?.config.reps.some((r) => r.id === repId))
      throw new AppError(404, "not_found", "No such rep in the active config.");
    return c.json(await googleConnectLink(c.env, c.req.url, repId, c.get("actor"), c.get("now")), 200);
  })
  .openapi(connectionsRoute, async (c) =>
    // Parsed, so the rows' plain-text provider and status are checked against the contract.
    c.json(ConnectionListSchema.parse({ connections: await listConnections(database(c.env.DB)) }), 200),
  );

async function exchangeCode(
  cfg: ReturnType<typeof googleClient>,
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
    throw connectFlow.redeemFailure(
      err,
      "Google",
      () => "Google rejected the authorization; start the connection again.",
    );
  }
}

/** Public side, verified by `state`; mount under `/v1`. */
export const publicCalendar = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  connectFlow.callbackRoute("google", "Google", "Google"),
  async (c) => {
    const query = c.req.valid("query");
    const cfg = googleClient(c.env);
    const now = c.get("now");
    const page = await connectFlow.completeConnect({
      db: database(c.env.DB),
      keys: cfg,
      verified: await verifyState(cfg.encryptionKey, query.state, now),
      query,
      provider: "google",
      vendor: "Google",
      calendarName: "Google Calendar",
      now,
      redeem: (code) => exchangeCode(cfg, code, new URL(CALLBACK_PATH, c.req.url).href, now),
    });
    return c.html(page, 200);
  },
);
