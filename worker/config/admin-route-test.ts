import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { destinationSchema, validateConfig, type RoutingConfig } from "../core/config-doc";
import { LOAD_LOOKBACK_MS } from "../core/routing/eligibility";
import { resolveTarget } from "../core/routing/target";
import type { AccountMatch } from "../core/account-match/match";
import { chooseRep } from "../core/distribution";
import { leadFacts } from "../lazy";
import { routeLead, type RoutingDecision } from "../core/routing";
import { loadActiveConfig } from "./store";
import { database, type Database } from "../db/client";
import { getVersion } from "./version-queries";
import { AppError } from "../errors";
import { findAccountMatch } from "../accounts/account-lookup";
import { namedRepLoads } from "../intake/named-rep-loads";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { RouteTestRequestSchema, RouteTestResultSchema } from "./contract";

const routeTestRoute = createRoute({
  method: "post",
  path: "/route/test",
  summary: "Dry-run routing for a sample lead, with the full trace; writes and counts nothing",
  security: adminSecurity,
  ...access("admin"),
  request: { body: { required: true, content: { "application/json": { schema: RouteTestRequestSchema } } } },
  responses: {
    200: jsonResponse(RouteTestResultSchema, "Where the lead would go, and why"),
    404: errorResponse("No active config, no such version, or no such form"),
    422: errorResponse("The request or the draft config is invalid"),
    ...adminErrors,
  },
});

function parsed(doc: unknown): RoutingConfig {
  const result = validateConfig(doc);
  if (!result.ok)
    throw new AppError(422, "invalid_config", "The config document is invalid.", { errors: result.errors });
  return result.config;
}

/** The draft if given, else the named version, else the active one. */
async function configFor(
  db: Database,
  body: z.infer<typeof RouteTestRequestSchema>,
): Promise<{ version: number | null; config: RoutingConfig }> {
  if (body.config !== undefined) return { version: null, config: parsed(body.config) };
  if (body.version !== undefined) {
    const row = await getVersion(db, body.version);
    if (!row) throw new AppError(404, "not_found", `Config version ${body.version} does not exist.`);
    return { version: row.version, config: parsed(row.config) };
  }
  const active = await loadActiveConfig(db);
  if (!active)
    throw new AppError(
      404,
      "no_active_config",
      "No config has been published yet; pass a draft in `config`.",
    );
  return active;
}

/**
 * The distribution step, previewed: the team's stored counters (read through the team
 * object's `status`, which changes nothing) fed to the same pure `chooseRep` that assigns.
 */
async function previewDistribution(
  env: Env,
  db: Database,
  config: RoutingConfig,
  destination: z.infer<typeof destinationSchema>,
  trace: { account: AccountMatch; facts: RoutingDecision["trace"]["facts"] },
  now: number,
  ownerAssignedAt: Record<string, number[]>,
): Promise<Record<string, unknown> | null> {
  const check = await namedRepLoads(
    db,
    config,
    [destination],
    trace.account,
    trace.facts,
    now,
    ownerAssignedAt,
  );
  const { target, skipped } = resolveTarget(destination, trace.account, config, trace.facts, check);
  if (!target) return skipped ? { skipped } : null;
  if (target.kind === "rep") return { teamId: target.teamId, why: target.why, direct: target.repId };
  const team = config.teams.find((t) => t.id === target.teamId);
  if (!team) return null;
  const status = await env.TEAM.getByName(team.id).status();
  const result = chooseRep({
    team,
    reps: config.reps,
    state: { seq: status.seq, reps: status.reps },
    now,
    orgTimezone: config.org.timezone,
    requiredSkills: target.skills,
  });
  // `next` is the state after a real assignment: not shown, and never stored.
  const { next: _next, ...shown } = result.ok ? result : { ...result, next: null };
  return { teamId: team.id, why: target.why, ...(skipped ? { skipped } : {}), ...shown };
}

/** `POST /route/test`: the routing core on a sample lead, read-only. Mounted under /v1/admin. */
export const adminRouteTest = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  routeTestRoute,
  async (c) => {
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    const { version, config } = await configFor(db, body);
    if (!config.forms.some((f) => f.id === body.formId)) {
      throw new AppError(404, "not_found", `Form "${body.formId}" is not in this config.`);
    }
    const { normalizeLead } = await leadFacts();
    const { facts, notes } = normalizeLead(body.lead, config, body.formId);
    const now = c.get("now");
    const { account, ownerAssignedAt } = await findAccountMatch(db, facts, now - LOAD_LOOKBACK_MS);
    const decision = routeLead({ config, formId: body.formId, facts, notes, account });
    const { destination, trace } = decision;
    const distribution = await previewDistribution(
      c.env,
      db,
      config,
      destination,
      trace,
      now,
      ownerAssignedAt,
    );
    return c.json({ version, ruleId: decision.ruleId, destination, trace, distribution }, 200);
  },
);
