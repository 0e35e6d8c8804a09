import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { access } from "../auth/roles";
import { loadActiveConfig } from "../config/store";
import type { RoutingConfig } from "../core/config-doc";
import { insightTables, suggestChanges, type GroupStat } from "../core/insights";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { iso } from "../http/paging";
import { validationHook } from "../http/validation";
import { InsightsQuerySchema, InsightsSchema } from "./contract";
import { insightLeads } from "./insights-queries";

/** Outcomes arrive weeks after the lead, so the default period is a quarter, not analytics' month. */
const DEFAULT_DAYS = 90;
const DAY_MS = 86_400_000;

const route = createRoute({
  method: "get",
  path: "/insights",
  summary: "Rules, teams and reps by outcome with credible intervals, flags and suggested config changes",
  description:
    "Read-only. Each suggestion carries a draft (the active config with one change) to replay with the backtest and publish by hand; Baton never changes the config by itself.",
  security: adminSecurity,
  ...access("analyst"),
  request: { query: InsightsQuerySchema },
  responses: {
    200: jsonResponse(InsightsSchema, "Insights for leads created in [from, to)"),
    422: errorResponse("Bad range"),
    ...adminErrors,
  },
});

function namer(config: RoutingConfig | undefined) {
  const names = new Map<string, string>();
  for (const r of config?.reps ?? []) names.set(`rep:${r.id}`, r.name);
  for (const t of config?.teams ?? []) names.set(`team:${t.id}`, t.name);
  for (const s of config?.ruleSets ?? [])
    for (const r of s.rules) if (r.name) names.set(`rule:${r.id}`, r.name);
  return (kind: string) => (s: GroupStat) => ({ ...s, name: names.get(`${kind}:${s.id}`) ?? null });
}

/** Rule insights of the leads created in a period (default: the last 90 days). */
export const adminInsights = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route,
  async (c) => {
    const q = c.req.valid("query");
    const to = q.to ?? c.get("now");
    const from = q.from ?? to - DEFAULT_DAYS * DAY_MS;
    if (from >= to) throw new AppError(422, "validation_failed", "`from` must be before `to`.");
    const [leads, active] = await Promise.all([
      insightLeads(c.env.DB, from, to),
      loadActiveConfig(database(c.env.DB)),
    ]);
    const tables = insightTables(leads);
    const named = namer(active?.config);
    return c.json(
      {
        range: { from: iso(from)!, to: iso(to)! },
        version: active?.version ?? null,
        overall: { ...tables.overall, name: null },
        rules: tables.rules.map(named("rule")),
        teams: tables.teams.map(named("team")),
        reps: tables.reps.map((r) => ({ ...named("rep")(r), teamId: r.teamId })),
        flags: tables.flags,
        suggestions: active ? suggestChanges(active.config, tables) : [],
      },
      200,
    );
  },
);
