import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { access } from "../auth/roles";
import { database } from "../db/client";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { InboundEmailQuery, InboundEmailsSchema } from "./contract";
import { listInboundEmails } from "./inbound-queries";

const route = createRoute({
  method: "get",
  path: "/inbound-emails",
  summary: "Every message the email handler received, newest first: the lead it made, or why none",
  security: adminSecurity,
  ...access("admin"),
  request: { query: InboundEmailQuery },
  responses: { 200: jsonResponse(InboundEmailsSchema, "Inbound messages"), ...adminErrors },
});

/** The inbound-email log: what became of each message (worker/inbound-email/receive.ts). */
export const adminInboundEmails = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route,
  async (c) => {
    const { limit } = c.req.valid("query");
    return c.json({ emails: await listInboundEmails(database(c.env.DB), limit) }, 200);
  },
);
