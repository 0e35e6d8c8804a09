/**
 * Salesforce on the CRM admin API (mounted under /v1/admin): connect server-to-server with the
 * JWT bearer flow or start the web server flow; status, settings, test and disconnect are the
 * routes every CRM shares (provider-routes.ts). The public OAuth callback is at the end. One
 * CRM per deployment (providers.ts).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { signState, STATE_TTL_MS, verifyState } from "../calendars/oauth/state";
import { database, type Database } from "../db/client";
import { AppError } from "../errors";
import type { Actor, AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { access } from "../auth/roles";
import { CrmError } from "./connector";
import { OAuthCallbackQuery } from "../calendars/oauth/contract";
import {
  OAuthStartSchema,
  SalesforceConnectBodySchema,
  SalesforceSettingsPatchSchema,
  SalesforceStatusSchema,
} from "./contract";
import { crmProviderRoutes } from "./provider-routes";
import { assertOneCrm } from "./providers";
import { forgetCrmConnection, loadCrm } from "./runtime";
import { parseSalesforceSettings } from "./salesforce-settings";
import { salesforceStatus } from "./status";
import { saveCrmConnection } from "./save-connection";
import { salesforce } from "../lazy";

const ID = "salesforce";
const base = "/integrations/salesforce";
export const SF_CALLBACK_PATH = "/v1/crm/salesforce/callback";
const SUBJECT = "crm:salesforce";
const ok = (schema: z.ZodType, d: string) => jsonResponse(schema, d);
const admin = { security: adminSecurity, ...access("admin") } as const;

const connectRoute = createRoute({
  method: "post",
  path: `${base}/connect`,
  summary: "Connect Salesforce server-to-server (JWT bearer flow) as an integration user",
  ...admin,
  request: { body: { content: { "application/json": { schema: SalesforceConnectBodySchema } } } },
  responses: {
    201: ok(SalesforceStatusSchema, "Connected"),
    409: errorResponse("Another CRM is connected (one CRM per deployment)"),
    422: errorResponse("Salesforce refused the assertion, or the app is not configured"),
    503: errorResponse("Salesforce unreachable"),
    ...adminErrors,
  },
});
const oauthRoute = createRoute({
  method: "post",
  path: `${base}/oauth`,
  summary: "The Salesforce approval link (OAuth 2.0 web server flow)",
  ...admin,
  responses: {
    200: ok(OAuthStartSchema, "Approval link"),
    409: errorResponse("Another CRM is connected (one CRM per deployment)"),
    503: errorResponse("Salesforce OAuth is not configured"),
    ...adminErrors,
  },
});

const { routes, probe } = crmProviderRoutes({
  id: ID,
  name: "Salesforce",
  ownersAre: "users",
  summaries: {
    status: "Salesforce connection: status, sync, users ↔ reps, settings",
    settings: "Salesforce settings (merged: only those sent change)",
    test: "Test the connection; re-read the users",
    disconnect: "Disconnect Salesforce (pending write-backs land after a reconnect)",
  },
  statusSchema: SalesforceStatusSchema,
  status: salesforceStatus,
  settingsSchema: SalesforceSettingsPatchSchema,
  parseSettings: parseSalesforceSettings,
  load: async (env, db, now) => {
    const rt = await loadCrm(env, db, now);
    return rt?.provider === "salesforce" ? rt : null;
  },
});

/** Stores the connection (the refresh token sealed) with what the token response said. */
async function store(
  env: Env,
  db: Database,
  now: number,
  actor: Actor,
  c: {
    authKind: "jwt" | "oauth";
    grant: { instanceUrl: string; orgId: string | null; refreshToken: string | null };
    username: string | null;
  },
) {
  const { sealFor } = await import("./secrets");
  const sealed = c.grant.refreshToken ? await sealFor(env, ID, c.grant.refreshToken) : null;
  await saveCrmConnection(db, actor, now, {
    id: ID,
    authKind: c.authKind,
    sealed,
    portalId: c.grant.orgId,
    instanceUrl: c.grant.instanceUrl,
    username: c.username,
  });
  forgetCrmConnection();
}

export const salesforceAdmin = routes
  .openapi(connectRoute, async (c) => {
    const { username } = c.req.valid("json");
    const db = database(c.env.DB);
    const now = c.get("now");
    await assertOneCrm(db, ID);
    const { salesforceConfig, requestGrant, signAssertion } = await salesforce();
    const cfg = salesforceConfig(c.env);
    let grant;
    try {
      const assertion = await signAssertion(cfg, username, now);
      grant = await requestGrant(
        cfg,
        { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion },
        AbortSignal.timeout(10_000),
      );
    } catch (err) {
      if (err instanceof CrmError && !err.retryable)
        throw new AppError(422, "validation_failed", `Salesforce refused the connection: ${err.message}`);
      throw new AppError(503, "crm_unavailable", "Salesforce could not be reached; try again.");
    }
    await store(c.env, db, now, c.get("actor"), { authKind: "jwt", grant, username });
    const test = await probe(c.env, db, now);
    if (!test.ok)
      throw new AppError(422, "validation_failed", `Salesforce refused the connection: ${test.detail}`);
    return c.json(await salesforceStatus(c.env, db), 201);
  })
  .openapi(oauthRoute, async (c) => {
    if (!c.env.SALESFORCE_CLIENT_ID || !c.env.SALESFORCE_CLIENT_SECRET)
      throw new AppError(
        503,
        "crm_unavailable",
        "Salesforce OAuth is not configured (SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET).",
      );
    await assertOneCrm(database(c.env.DB), ID);
    const { salesforceConfig } = await salesforce();
    const cfg = salesforceConfig(c.env);
    const now = c.get("now");
    const url = new URL(`${cfg.loginUrl}/services/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: cfg.clientId ?? "",
      redirect_uri: new URL(SF_CALLBACK_PATH, c.req.url).href,
      scope: "api refresh_token",
      state: await signState(c.env.ENCRYPTION_KEY, SUBJECT, c.get("actor"), now, "salesforce_connect"),
    }).toString();
    return c.json({ url: url.href, expiresAt: now + STATE_TTL_MS }, 200);
  });

const callbackRoute = createRoute({
  method: "get",
  path: "/crm/salesforce/callback",
  summary: "Salesforce's OAuth redirect target",
  request: {
    query: OAuthCallbackQuery,
  },
  responses: {
    302: { description: "Connected; back to the dashboard's Integrations screen" },
    400: errorResponse("Bad or expired state, access denied, or code rejected"),
    409: errorResponse("Another CRM is connected (one CRM per deployment)"),
    503: errorResponse("Salesforce is not configured or not reachable"),
  },
});

export const salesforceOAuthPublic = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  callbackRoute,
  async (c) => {
    const { state, code, error } = c.req.valid("query");
    const now = c.get("now");
    const verified = await verifyState(c.env.ENCRYPTION_KEY, state, now, "salesforce_connect");
    if (!verified || verified.repId !== SUBJECT)
      throw new AppError(
        400,
        "bad_request",
        "This approval link is invalid or expired; start again from Integrations.",
      );
    if (error || !code) throw new AppError(400, "bad_request", "Salesforce did not grant access.");
    const db = database(c.env.DB);
    await assertOneCrm(db, ID);
    const { salesforceConfig, requestGrant } = await salesforce();
    const cfg = salesforceConfig(c.env);
    let grant;
    try {
      grant = await requestGrant(
        cfg,
        {
          grant_type: "authorization_code",
          code,
          client_id: cfg.clientId ?? "",
          client_secret: cfg.clientSecret ?? "",
          redirect_uri: new URL(SF_CALLBACK_PATH, c.req.url).href,
        },
        AbortSignal.timeout(10_000),
      );
    } catch (err) {
      if (err instanceof CrmError && !err.retryable)
        throw new AppError(400, "bad_request", "Salesforce rejected the authorization; start again.");
      throw new AppError(503, "crm_unavailable", "Salesforce could not be reached; try again.");
    }
    if (!grant.refreshToken)
      throw new AppError(
        400,
        "bad_request",
        "Salesforce returned no refresh token (add the refresh_token scope to the app).",
      );
    await store(c.env, db, now, verified.actor, { authKind: "oauth", grant, username: null });
    // Lists the users now, so the owner mapping is there when the admin lands; a failure shows
    // on the Integrations screen as the connection's error.
    await probe(c.env, db, now);
    return c.redirect("/admin/#/integrations", 302);
  },
);
