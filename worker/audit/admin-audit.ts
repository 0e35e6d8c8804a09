import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
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
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: z.coerce
        .number()
        .int()
        .optional()
        .openapi({ description: "`at` of the last entry of the previous page" }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        entries: z.array(
          z.object({
            id: z.string(),
            at: z.number(),
            actor: z.string(),
            action: z.string(),
            target: z.string().nullable(),
            details: z.unknown(),
          }),
        ),
      }),
      "Audit entries",
    ),
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
