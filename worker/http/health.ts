import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { getActive } from "../config/version-queries";
import { database } from "../db/client";
import { lastCronRun } from "../cron/cron-run-queries";
import { DatabaseStorageSchema } from "../capacity/contract";
import { databaseStorage } from "../capacity/size";
import type { AppEnv } from "./hono-env";
import { jsonResponse } from "./openapi-common";

const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  time: z.string(),
  database: z.enum(["ok", "error"]),
  activeConfigVersion: z.number().nullable(),
  lastCronAt: z.string().nullable(),
  /** The database's size and share of D1's limit; `warning` from 80% (docs/capacity.md). */
  storage: DatabaseStorageSchema.nullable(),
});

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
