import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { auditInsert } from "../audit/audit-queries";
import { access } from "../auth/roles";
import { database } from "../db/client";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { listAway } from "./away";
import { AwayList, RepPathParam, SessionsRevokedSchema } from "./contract";
import { revokeRepSessions } from "./signin-queries";

const revokeRoute = createRoute({
  method: "delete",
  path: "/reps/{repId}/sessions",
  summary: "Sign a rep out everywhere: revoke every workspace session of the rep",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: RepPathParam,
  },
  responses: { 200: jsonResponse(SessionsRevokedSchema, "Sessions revoked"), ...adminErrors },
});

const awayRoute = createRoute({
  method: "get",
  path: "/reps/away",
  summary: "Reps who marked themselves out (the per-rep overrides outside the config)",
  security: adminSecurity,
  ...access("admin"),
  responses: {
    200: jsonResponse(AwayList, "Current and upcoming overrides"),
    ...adminErrors,
  },
});

/** An admin's half of session revocation (a rep signs itself out with /v1/rep/auth/logout). */
export const adminRepSessions = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(revokeRoute, async (c) => {
    const db = database(c.env.DB);
    const now = c.get("now");
    const { repId } = c.req.valid("param");
    const revoked = await revokeRepSessions(db, repId, now);
    await auditInsert(db, c.get("actor"), now, {
      action: "rep.sessions_revoked",
      target: `rep:${repId}`,
      details: { revoked },
    });
    return c.json({ revoked }, 200);
  })
  .openapi(awayRoute, async (c) => {
    const now = c.get("now");
    const rows = await listAway(database(c.env.DB));
    return c.json({ away: rows.filter((r) => r.endAt > now) }, 200);
  });
