/**
 * The admin routes every CRM provider has, built once per provider: read the status, change
 * the settings (merged: only the keys sent change), test the connection (and re-read the
 * owners), disconnect. Connecting differs for real between providers, so routes.ts (HubSpot)
 * and salesforce-routes.ts add their own connect routes to what this builds.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditInsert } from "../audit/audit-queries";
import { access } from "../auth/roles";
import { database, type Database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { CrmError, type CrmKind } from "./connector";
import { TestResultSchema } from "./contract";
import { forgetCrmConnection, type CrmRuntime } from "./runtime";
import { deleteConnection, getConnection, updateConnection } from "./store";

/** What the shared routes need to know of one provider. */
export type CrmRoutesProvider = {
  id: CrmKind;
  name: "HubSpot" | "Salesforce";
  /** What the CRM calls the people who own records, in the test's answer. */
  ownersAre: "owners" | "users";
  /** The OpenAPI summaries, as the API has always documented them. */
  summaries: { status: string; settings: string; test: string; disconnect: string };
  statusSchema: z.ZodType;
  status(env: Env, db: Database): Promise<unknown>;
  /** The settings body; what it holds is merged over `parseSettings` of the stored ones. */
  settingsSchema: z.ZodType<object>;
  parseSettings(raw: unknown): object;
  /** The connection the test runs against, or null (404). */
  load(env: Env, db: Database, now: number): Promise<CrmRuntime | null>;
};

/** The admin routes under `/integrations/<id>` that every CRM provider shares. */
export function crmProviderRoutes(p: CrmRoutesProvider) {
  const base = `/integrations/${p.id}`;
  const subject = `crm:${p.id}`;
  const admin = { security: adminSecurity, ...access("admin") } as const;
  const notConnected = () => new AppError(404, "not_found", `${p.name} is not connected.`);

  /** Lists owners with the stored credentials: the proof the connection works, and the owner list. */
  async function probe(env: Env, db: Database, now: number) {
    forgetCrmConnection();
    const rt = await p.load(env, db, now);
    if (!rt) throw notConnected();
    try {
      const crm = await rt.connector();
      const detail = (await crm.testConnection()).detail;
      const owners = await crm.listOwners();
      await updateConnection(db, p.id, { owners, ownersSyncedAt: now, status: "connected", lastError: null });
      return { ok: true, detail: `${detail}; ${owners.length} ${p.ownersAre}` };
    } catch (err) {
      const message = err instanceof CrmError ? err.message : `${p.name} test failed`;
      // Errors the admin must act on; anything else may pass by itself.
      const broken = err instanceof CrmError && (err.kind === "missing_scopes" || err.kind === "auth_broken");
      if (broken) await updateConnection(db, p.id, { status: "broken", lastError: message, updatedAt: now });
      return { ok: false, detail: message };
    } finally {
      forgetCrmConnection();
    }
  }

  const statusRoute = createRoute({
    method: "get",
    path: base,
    summary: p.summaries.status,
    ...admin,
    responses: { 200: jsonResponse(p.statusSchema, "Status"), ...adminErrors },
  });
  const settingsRoute = createRoute({
    method: "put",
    path: `${base}/settings`,
    summary: p.summaries.settings,
    ...admin,
    request: { body: { content: { "application/json": { schema: p.settingsSchema } } } },
    responses: {
      200: jsonResponse(p.statusSchema, "Saved"),
      404: errorResponse(`${p.name} is not connected`),
      ...adminErrors,
    },
  });
  const testRoute = createRoute({
    method: "post",
    path: `${base}/test`,
    summary: p.summaries.test,
    ...admin,
    responses: {
      200: jsonResponse(TestResultSchema, "Result"),
      404: errorResponse(`${p.name} is not connected`),
      ...adminErrors,
    },
  });
  const disconnectRoute = createRoute({
    method: "delete",
    path: base,
    summary: p.summaries.disconnect,
    ...admin,
    responses: { 204: { description: "Disconnected" }, ...adminErrors },
  });

  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(statusRoute, async (c) => c.json(await p.status(c.env, database(c.env.DB)), 200))
    .openapi(settingsRoute, async (c) => {
      const db = database(c.env.DB);
      const row = await getConnection(db, p.id);
      if (!row) throw notConnected();
      const settings = { ...p.parseSettings(row.settings), ...c.req.valid("json") };
      const now = c.get("now");
      await db.batch([
        updateConnection(db, p.id, { settings }),
        auditInsert(db, c.get("actor"), now, { action: "crm.settings", target: subject, details: settings }),
      ]);
      forgetCrmConnection();
      return c.json(await p.status(c.env, db), 200);
    })
    .openapi(testRoute, async (c) => c.json(await probe(c.env, database(c.env.DB), c.get("now")), 200))
    .openapi(disconnectRoute, async (c) => {
      const db = database(c.env.DB);
      await db.batch([
        deleteConnection(db, p.id),
        auditInsert(db, c.get("actor"), c.get("now"), { action: "crm.disconnected", target: subject }),
      ]);
      forgetCrmConnection();
      return c.body(null, 204);
    });
  return { routes, probe };
}
