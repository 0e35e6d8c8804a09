import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { runCronJobs } from "./scheduled";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, jsonResponse } from "../http/openapi-common";
import { CronRunSchema } from "./contract";

const route = createRoute({
  method: "post",
  path: "/cron/run",
  summary:
    "Run the minute cron's jobs now (SLA sweep, routing repair, calendar retries, not-booked follow-up, retention)",
  description: "For operators, and for `npm start`: `wrangler dev` does not fire Cron Triggers by itself.",
  security: adminSecurity,
  ...access("admin"),
  responses: {
    200: jsonResponse(CronRunSchema, "What each job did"),
    ...adminErrors,
  },
});

export const adminCron = new OpenAPIHono<AppEnv>().openapi(route, async (c) =>
  c.json({ results: await runCronJobs(c.env, c.get("now")) }, 200),
);
