/**
 * The CRM admin API (mounted under /v1/admin): connect HubSpot with a private-app token or
 * start the OAuth install, read the status, set the field mapping and owner overrides, test
 * the connection, disconnect, and read one lead's sync state. The public OAuth callback is
 * in oauth-routes.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditInsert } from "../audit/audit-queries";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { access } from "../auth/roles";
import { CrmError } from "./connector";
import {
  ConnectBodySchema,
  CrmLeadIdParam,
  CrmStatusSchema,
  LeadCrmSchema,
  TestResultSchema,
} from "./contract";
import { assertOneCrm } from "./providers";
import { forgetCrmConnection, loadCrm, PROVIDER } from "./runtime";
import { CrmSettingsSchema, parseSettings } from "./settings";
import { crmStatus, leadCrm } from "./status";
import { deleteConnection, getConnection, updateConnection, upsertConnectionRow } from "./store";
import { hubspot } from "../lazy";

const base = "/integrations/hubspot";
const ok = (schema: z.ZodType, d: string) => jsonResponse(schema, d);

const statusRoute = createRoute({
  method: "get",
  path: base,
  summary: "HubSpot connection: status, last sync, owners ↔ reps (unmapped flagged), settings",
  security: adminSecurity,
  ...access("admin"),
  responses: { 200: ok(CrmStatusSchema, "Status"), ...adminErrors },
});

const connectRoute = createRoute({
  method: "post",
  path: `${base}/connect`,
  summary: "Connect HubSpot with a private-app token (sealed at rest); lists owners to prove it",
  security: adminSecurity,
  ...access("admin"),
  request: { body: { content: { "application/json": { schema: ConnectBodySchema } } } },
  responses: {
    201: ok(CrmStatusSchema, "Connected"),
    400: errorResponse("No token given and no HUBSPOT_PRIVATE_APP_TOKEN secret"),
    409: errorResponse("Another CRM is connected (one CRM per deployment)"),
    422: errorResponse("HubSpot refused the token or lacks scopes"),
    503: errorResponse("HubSpot unreachable"),
    ...adminErrors,
  },
});

const settingsRoute = createRoute({
  method: "put",
  path: `${base}/settings`,
  summary: "Field mapping (form field → HubSpot property), owner overrides, lookup properties",
  security: adminSecurity,
  ...access("admin"),
  request: { body: { content: { "application/json": { schema: CrmSettingsSchema } } } },
  responses: {
    200: ok(CrmStatusSchema, "Saved"),
    404: errorResponse("HubSpot is not connected"),
    ...adminErrors,
  },
});

const testRoute = createRoute({
  method: "post",
  path: `${base}/test`,
  summary: "Test the connection (and refresh the owner list)",
  security: adminSecurity,
  ...access("admin"),
  responses: {
    200: ok(TestResultSchema, "Result"),
    404: errorResponse("HubSpot is not connected"),
    ...adminErrors,
  },
});

const disconnectRoute = createRoute({
  method: "delete",
  path: base,
  summary: "Disconnect HubSpot (pending write-backs stay and land after a reconnect)",
  security: adminSecurity,
  ...access("admin"),
  responses: { 204: { description: "Disconnected" }, ...adminErrors },
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
  responses: { 200: ok(LeadCrmSchema, "Sync state"), ...adminErrors },
});

/** Lists owners with the given credentials: the proof a connection works, and the owner list. */
async function probe(env: Env, now: number) {
  forgetCrmConnection();
  const db = database(env.DB);
  const rt = await loadCrm(env, db, now);
  if (!rt) throw new AppError(404, "not_found", "HubSpot is not connected.");
  try {
    const crm = await rt.connector();
    const detail = (await crm.testConnection()).detail;
    const owners = await crm.listOwners();
    await updateConnection(db, PROVIDER, {
      owners,
      ownersSyncedAt: now,
      status: "connected",
      lastError: null,
    });
    return { ok: true, detail: `${detail}; ${owners.length} owners` };
  } catch (err) {
    const message = err instanceof CrmError ? err.message : "HubSpot test failed";
    const broken = err instanceof CrmError && (err.kind === "missing_scopes" || err.kind === "auth_broken");
    if (broken)
      await updateConnection(db, PROVIDER, { status: "broken", lastError: message, updatedAt: now });
    return { ok: false, detail: message };
  } finally {
    forgetCrmConnection();
  }
}

export const crmAdmin = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(statusRoute, async (c) => c.json(await crmStatus(c.env, database(c.env.DB)), 200))
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
    const prior = await getConnection(db, PROVIDER);
    await db.batch([
      upsertConnectionRow(db, {
        id: PROVIDER,
        authKind: "private_app",
        encryptedSecret: sealed?.ciphertext ?? null,
        keyId: sealed?.keyId ?? null,
        portalId: body.portalId ?? prior?.portalId ?? null,
        scopes: null,
        status: "connected",
        lastError: null,
        settings: prior?.settings ?? {},
        owners: prior?.owners ?? [],
        updatedAt: now,
      }),
      auditInsert(db, c.get("actor"), now, {
        action: "crm.connected",
        target: "crm:hubspot",
        details: { authKind: "private_app" },
      }),
    ]);
    const test = await probe(c.env, now);
    if (!test.ok)
      throw new AppError(422, "validation_failed", `HubSpot refused the connection: ${test.detail}`);
    return c.json(await crmStatus(c.env, db), 201);
  })
  .openapi(settingsRoute, async (c) => {
    const db = database(c.env.DB);
    const row = await getConnection(db, PROVIDER);
    if (!row) throw new AppError(404, "not_found", "HubSpot is not connected.");
    const settings = { ...parseSettings(row.settings), ...c.req.valid("json") };
    const now = c.get("now");
    await db.batch([
      updateConnection(db, PROVIDER, { settings }),
      auditInsert(db, c.get("actor"), now, {
        action: "crm.settings",
        target: "crm:hubspot",
        details: settings,
      }),
    ]);
    forgetCrmConnection();
    return c.json(await crmStatus(c.env, db), 200);
  })
  .openapi(testRoute, async (c) => c.json(await probe(c.env, c.get("now")), 200))
  .openapi(disconnectRoute, async (c) => {
    const db = database(c.env.DB);
    await db.batch([
      deleteConnection(db, PROVIDER),
      auditInsert(db, c.get("actor"), c.get("now"), { action: "crm.disconnected", target: "crm:hubspot" }),
    ]);
    forgetCrmConnection();
    return c.body(null, 204);
  })
  .openapi(leadRoute, async (c) => {
    const appUrl = (c.env.HUBSPOT_APP_URL || "https://app.hubspot.com").replace(/\/+$/, "");
    return c.json(await leadCrm(database(c.env.DB), c.req.valid("param").leadId, appUrl), 200);
  });
