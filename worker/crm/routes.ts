/**
 * HubSpot on the CRM admin API (mounted under /v1/admin): connect with a private-app token,
 * and read one lead's sync state; status, settings (field mapping, owner overrides), test and
 * disconnect are the routes every CRM shares (provider-routes.ts). The OAuth install is in
 * oauth-routes.ts.
 */
import { createRoute } from "@hono/zod-openapi";
import { database } from "../db/client";
import { AppError } from "../errors";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { access } from "../auth/roles";
import { ConnectBodySchema, CrmLeadIdParam, CrmStatusSchema, LeadCrmSchema } from "./contract";
import { crmProviderRoutes } from "./provider-routes";
import { assertOneCrm } from "./providers";
import { loadCrm, PROVIDER } from "./runtime";
import { CrmSettingsSchema, parseSettings } from "./settings";
import { saveCrmConnection } from "./save-connection";
import { crmStatus, leadCrm } from "./status";
import { hubspot } from "../lazy";

const connectRoute = createRoute({
  method: "post",
  path: "/integrations/hubspot/connect",
  summary: "Connect HubSpot with a private-app token (sealed at rest); lists owners to prove it",
  security: adminSecurity,
  ...access("admin"),
  request: { body: { content: { "application/json": { schema: ConnectBodySchema } } } },
  responses: {
    201: jsonResponse(CrmStatusSchema, "Connected"),
    400: errorResponse("No token given and no HUBSPOT_PRIVATE_APP_TOKEN secret"),
    409: errorResponse("Another CRM is connected (one CRM per deployment)"),
    422: errorResponse("HubSpot refused the token or lacks scopes"),
    503: errorResponse("HubSpot unreachable"),
    ...adminErrors,
  },
});

const leadRoute = createRoute({
  method: "get",
  path: "/leads/{leadId}/crm",
  summary: "A lead's CRM sync state and the link to its HubSpot record",
  security: adminSecurity,
  ...access("analyst"),
  request: {
    params: CrmLeadIdParam,
  },
  responses: { 200: jsonResponse(LeadCrmSchema, "Sync state"), ...adminErrors },
});

const { routes, probe } = crmProviderRoutes({
  id: PROVIDER,
  name: "HubSpot",
  ownersAre: "owners",
  summaries: {
    status: "HubSpot connection: status, last sync, owners ↔ reps (unmapped flagged), settings",
    settings: "Field mapping (form field → HubSpot property), owner overrides, lookup properties",
    test: "Test the connection (and refresh the owner list)",
    disconnect: "Disconnect HubSpot (pending write-backs stay and land after a reconnect)",
  },
  statusSchema: CrmStatusSchema,
  status: crmStatus,
  settingsSchema: CrmSettingsSchema,
  parseSettings,
  // Whichever CRM is connected, as HubSpot's test has always taken it (Salesforce's takes
  // only its own); a refactor kept it so.
  load: loadCrm,
});

export const crmAdmin = routes
  .openapi(connectRoute, async (c) => {
    const body = c.req.valid("json");
    const token = body.privateAppToken ?? c.env.HUBSPOT_PRIVATE_APP_TOKEN;
    if (!token)
      throw new AppError(400, "bad_request", "Give a private-app token or set HUBSPOT_PRIVATE_APP_TOKEN.");
    const now = c.get("now");
    const db = database(c.env.DB);
    await assertOneCrm(db, PROVIDER);
    const { sealFor } = await hubspot();
    // Only a token given in the body is stored; the secret stays where the operator put it.
    const sealed = body.privateAppToken ? await sealFor(c.env, PROVIDER, token) : null;
    await saveCrmConnection(db, c.get("actor"), now, {
      id: PROVIDER,
      authKind: "private_app",
      sealed,
      portalId: body.portalId,
    });
    const test = await probe(c.env, db, now);
    if (!test.ok)
      throw new AppError(422, "validation_failed", `HubSpot refused the connection: ${test.detail}`);
    return c.json(await crmStatus(c.env, db), 201);
  })
  .openapi(leadRoute, async (c) => {
    const appUrl = (c.env.HUBSPOT_APP_URL || "https://app.hubspot.com").replace(/\/+$/, "");
    return c.json(await leadCrm(database(c.env.DB), c.req.valid("param").leadId, appUrl), 200);
  });
