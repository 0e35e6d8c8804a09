import { createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { buildAccountIndex } from "../core/account-match";
import { leadsFromCsv, runBacktest, type BacktestLead } from "../core/backtest";
import { leadFacts } from "../lazy";
import { validateConfig, type RoutingConfig } from "../core/config-doc";
import { loadActiveConfig } from "./store";
import { readAllAccounts, readBacktestLeads } from "./backtest-queries";
import { database, type Database } from "../db/client";
import { getVersion } from "./version-queries";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import {
  BacktestReportSchema,
  BacktestBody,
  BacktestQuery,
  DraftVersionParam,
  type Options,
} from "./backtest-contract";

/** The most leads one backtest replays: 50,000 is measured to run in about a second or two. */
export const MAX_BACKTEST_LEADS = 50_000;

const body = {
  required: false,
  description: "JSON options (and optionally leads), or a CSV of leads with the options in the query string.",
  content: {
    "application/json": { schema: BacktestBody },
    "text/csv": { schema: { type: "string" as const } },
  },
} as const;
const responses = {
  200: jsonResponse(BacktestReportSchema, "What the draft would change"),
  404: errorResponse("No such version, or no active config to compare against"),
  415: errorResponse("Neither JSON nor CSV"),
  422: errorResponse("Invalid options, draft or leads"),
  ...adminErrors,
};

const versionRoute = createRoute({
  method: "post",
  path: "/config/versions/{version}/backtest",
  summary: "Backtest a saved version against the active config (or `against`) over stored or given leads",
  description:
    "Read-only: replays leads through both configs with the pure routing core. Team distribution (the team Durable Objects) is not consulted.",
  security: adminSecurity,
  ...access("admin"),
  request: { params: DraftVersionParam, query: BacktestQuery, body },
  responses,
});

const backtestRoute = createRoute({
  method: "post",
  path: "/backtest",
  summary: "Backtest an unsaved draft or a saved version against the active config (or `against`)",
  description:
    "Pass `draft` (a whole config document) or `version`. Read-only; team distribution is not consulted.",
  security: adminSecurity,
  ...access("admin"),
  request: { query: BacktestQuery, body },
  responses,
});

function parsed(doc: unknown, what: string): RoutingConfig {
  const result = validateConfig(doc);
  if (!result.ok)
    throw new AppError(422, "invalid_config", `The ${what} config document is invalid.`, {
      errors: result.errors,
    });
  return result.config;
}

async function versionConfig(db: Database, version: number): Promise<RoutingConfig> {
  const row = await getVersion(db, version);
  if (!row) throw new AppError(404, "not_found", `Config version ${version} does not exist.`);
  return parsed(row.config, `version ${version}`);
}

async function configs(db: Database, opts: Options, pathVersion?: number) {
  const version = pathVersion ?? opts.version;
  if ((version === undefined) === (opts.draft === undefined))
    throw new AppError(422, "validation_failed", "Give exactly one of `draft` and `version`.");
  const draft = version !== undefined ? await versionConfig(db, version) : parsed(opts.draft, "draft");
  if (opts.against !== undefined)
    return {
      draft,
      draftVersion: version ?? null,
      active: await versionConfig(db, opts.against),
      activeVersion: opts.against,
    };
  const active = await loadActiveConfig(db);
  if (!active)
    throw new AppError(
      404,
      "no_active_config",
      "No config has been published yet; pass `against` to compare with a version.",
    );
  return { draft, draftVersion: version ?? null, active: active.config, activeVersion: active.version };
}

/** Leads from the CSV body, the JSON body, or else the newest stored ones. */
async function leadsFor(c: Context<AppEnv>, opts: Options, usesEnrichment: boolean) {
  const type = (c.req.raw.headers.get("Content-Type") ?? "").toLowerCase();
  if (type.startsWith("text/csv")) {
    const result = leadsFromCsv(await c.req.raw.text(), opts.formId, MAX_BACKTEST_LEADS);
    if (!result.ok)
      throw new AppError(422, "validation_failed", "The CSV is invalid.", { errors: result.errors });
    return result.leads;
  }
  if (opts.leads)
    return opts.leads.map((l, i): BacktestLead => ({
      leadId: l.id ?? `lead-${i + 1}`,
      formId: l.formId,
      ...(typeof l.fields.email === "string" ? { email: l.fields.email } : {}),
      input: { fields: l.fields, ...(l.context ? { context: l.context } : {}) },
    }));
  const since = opts.since === undefined ? undefined : Date.parse(opts.since);
  return readBacktestLeads(c.env.DB, {
    limit: opts.limit ?? 1_000,
    since,
    withEnrichment: usesEnrichment,
    archive: c.env.ARCHIVE,
  });
}

// Stored enrichment facts are only worth reading (a JSON parse per trace) when a rule uses them.
const mentionsEnrichment = (config: RoutingConfig) => JSON.stringify(config).includes('"enrich.');

async function handle(c: Context<AppEnv>, opts: Options, pathVersion?: number) {
  const started = performance.now();
  const db = database(c.env.DB);
  const { draft, draftVersion, active, activeVersion } = await configs(db, opts, pathVersion);
  const [leads, accountRows, { normalizeLead }] = await Promise.all([
    leadsFor(c, opts, mentionsEnrichment(draft) || mentionsEnrichment(active)),
    readAllAccounts(c.env.DB),
    leadFacts(),
  ]);
  const read = performance.now();
  const report = runBacktest({
    leads,
    active,
    draft,
    accounts: buildAccountIndex(accountRows),
    normalize: normalizeLead,
    options: {
      changesOffset: opts.changesOffset ?? 0,
      changesLimit: opts.changesLimit ?? 100,
      includeTraces: opts.includeTraces ?? false,
    },
  });
  // Where the time went, for `npm run bench:backtest` and the browser's network panel. A deployed
  // Worker's clock only moves on I/O (Cloudflare's Spectre mitigation), so there `core` reads 0.
  const done = performance.now();
  c.header("Server-Timing", `read;dur=${(read - started).toFixed(1)}, core;dur=${(done - read).toFixed(1)}`);
  return c.json({ active: { version: activeVersion }, draft: { version: draftVersion }, ...report }, 200);
}

/**
 * The validated JSON body (`{}` for a CSV body or none). The library types `valid("json")` only
 * when every declared media type has a zod schema, and text/csv cannot, so this says it.
 */
function jsonBody(c: { req: { valid: (target: never) => unknown } }): Partial<z.infer<typeof BacktestBody>> {
  return c.req.valid("json" as never) as Partial<z.infer<typeof BacktestBody>>;
}

/** Backtest of a draft: where stored leads would go under it, compared with the active config. */
export const adminBacktest = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  // Query options (the only place for them with a CSV body) under the JSON body's.
  .openapi(versionRoute, (c) =>
    handle(c, { ...c.req.valid("query"), ...jsonBody(c) }, c.req.valid("param").version),
  )
  .openapi(backtestRoute, (c) => handle(c, { ...c.req.valid("query"), ...jsonBody(c) }));
