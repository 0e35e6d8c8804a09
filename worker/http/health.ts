import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { getActive } from "../config/version-queries";
import { database } from "../db/client";
import { lastCronRun } from "../cron/cron-run-queries";
import { databaseStorage } from "../capacity/size";
import type { AppEnv } from "./hono-env";
import { jsonResponse } from "./openapi-common";
import { HealthSchema } from "./health-contract";

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness and the state of the database",
  responses: {
    200: jsonResponse(HealthSchema, "Healthy"),
    503: jsonResponse(HealthSchema, "The database cannot be read"),
  },
});

export const health = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const time = new Date(c.get("now")).toISOString();
  try {
    const db = database(c.env.DB);
    const [active, cron, storage] = await Promise.all([
      getActive(db),
      lastCronRun(db),
      databaseStorage(c.env),
    ]);
    return c.json(
      {
        status: "ok" as const,
        time,
        database: "ok" as const,
        activeConfigVersion: active?.version ?? null,
        lastCronAt: cron ? new Date(cron.startedAt).toISOString() : null,
        storage,
      },
      200,
    );
  } catch {
    return c.json(
      {
        status: "degraded" as const,
        time,
        database: "error" as const,
        activeConfigVersion: null,
        lastCronAt: null,
        storage: null,
      },
      503,
    );
  }
});
