import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { AuditPageSchema, AuditQuery } from "./contract";
import { listAudit } from "./audit-queries";
import { database } from "../db/client";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const route = createRoute({
  method: "get",
  path: "/audit",
  summary: "The audit log, newest first",
  security: adminSecurity,
  ...access("admin"),
  request: {
    query: AuditQuery,
  },
  responses: {
    200: jsonResponse(AuditPageSchema, "Audit entries"),
    ...adminErrors,
  },
});

export const adminAudit = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route,
  async (c) => {
    const { limit, before } = c.req.valid("query");
    return c.json({ entries: await listAudit(database(c.env.DB), limit, before) }, 200);
  },
);
