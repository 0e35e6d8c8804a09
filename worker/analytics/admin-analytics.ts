import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadActiveConfig } from "../config/store";
import type { RoutingConfig } from "../core/config-doc";
import { analyticsRows, DAY_MS, type ConversionRow, type DistributionRow } from "./analytics-queries";
import { addDays, calendarBuckets, parseDate, startOfDate, toPlainDate } from "../core/time";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { AnalyticsQuery, AnalyticsSchema, type Analytics, type OutcomeCounts } from "./contract";
import { iso } from "../http/paging";
import { OUTCOME_KINDS } from "../leads/outcomes";

const DEFAULT_DAYS = 30;
/** A year of daily points is what a chart can show; longer ranges use weeks. */
const MAX_BUCKETS = 400;
const BUCKET_MS = { day: DAY_MS, week: 7 * DAY_MS } as const;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

const route = createRoute({
  method: "get",
  path: "/analytics",
  summary: "Leads over time, distribution against target, SLA, funnel and conversion (default: last 30 days)",
  description:
    "Every figure is about the leads created in [from, to) (spam excluded). Buckets are calendar days or ISO weeks (Monday first) in the org's time zone; the first and last may be partial. A plain date in `from` or `to` is the start of that day in the org's zone. Without `from` and `to`, the range is the last `days` days (default 30) up to now, today included.",
  security: adminSecurity,
  ...access("analyst"),
  request: {
    query: AnalyticsQuery,
  },
  responses: {
    200: jsonResponse(AnalyticsSchema, "Figures"),
    422: errorResponse("Bad range"),
    ...adminErrors,
  },
});

/** Each rep's share of its team against the target its weight sets among active members. */
export function distributionWithTargets(rows: DistributionRow[], config: RoutingConfig | undefined) {
  const repName = (id: string) => config?.reps.find((r) => r.id === id)?.name ?? id;
  const counts = new Map(rows.map((r) => [`${r.teamId ?? ""}|${r.repId}`, r.count]));
  const out: Analytics["distribution"] = [];
  const seen = new Set<string>();
  for (const team of config?.teams ?? []) {
    const active = team.members.filter((m) => config!.reps.find((r) => r.id === m.repId)?.active !== false);
    const weights = active.reduce((s, m) => s + m.weight, 0);
    const total = rows.filter((r) => r.teamId === team.id).reduce((s, r) => s + r.count, 0);
    for (const m of team.members) {
      const key = `${team.id}|${m.repId}`;
      seen.add(key);
      const count = counts.get(key) ?? 0;
      const isActive = active.includes(m);
      if (!isActive && count === 0) continue;
      out.push({
        teamId: team.id,
        repId: m.repId,
        repName: repName(m.repId),
        count,
        share: total ? count / total : 0,
        targetShare: isActive && weights ? m.weight / weights : 0,
      });
    }
  }
  // Direct-to-rep assignments and teams no longer in the config: counted, no target.
  for (const r of rows) {
    if (seen.has(`${r.teamId ?? ""}|${r.repId}`)) continue;
    const total = rows.filter((x) => x.teamId === r.teamId).reduce((s, x) => s + x.count, 0);
    out.push({
      teamId: r.teamId,
      repId: r.repId,
      repName: repName(r.repId),
      count: r.count,
      share: r.count / total,
      targetShare: null,
    });
  }
  return out;
}

function outcomes(r: ConversionRow): OutcomeCounts {
  return Object.fromEntries(OUTCOME_KINDS.map((k) => [k, r[k]])) as OutcomeCounts;
}

/** A plain date is the start of that local day; an instant is itself. */
function bound(value: string, timeZone: string): number {
  return PLAIN_DATE.test(value) ? startOfDate(parseDate(value), timeZone) : Date.parse(value);
}

/** [from, to) in epoch ms: explicit bounds, or the last `days` local days up to now. */
export function analyticsRange(
  q: { from?: string; to?: string; days?: number },
  now: number,
  timeZone: string,
): { from: number; to: number } {
  if (q.days !== undefined && (q.from !== undefined || q.to !== undefined))
    throw new AppError(422, "validation_failed", "Give `days` or `from`/`to`, not both.");
  const to = q.to === undefined ? now : bound(q.to, timeZone);
  const days = q.days ?? DEFAULT_DAYS;
  const from =
    q.from === undefined
      ? startOfDate(addDays(toPlainDate(to - 1, timeZone), 1 - days), timeZone)
      : bound(q.from, timeZone);
  return { from, to };
}

/** The analytics page's figures. */
export const adminAnalytics = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route,
  async (c) => {
    const q = c.req.valid("query");
    const now = c.get("now");
    const config = (await loadActiveConfig(database(c.env.DB)))?.config;
    const timeZone = config?.org.timezone ?? "UTC";
    const { from, to } = analyticsRange(q, now, timeZone);
    if (!(from < to)) throw new AppError(422, "validation_failed", "`from` must be before `to`.");
    // Checked on the UTC span first so a huge range is refused before its buckets are built.
    if (Math.ceil((to - from) / BUCKET_MS[q.bucket]) > MAX_BUCKETS)
      throw new AppError(
        422,
        "validation_failed",
        `At most ${MAX_BUCKETS} ${q.bucket}s; use a larger bucket.`,
      );
    const buckets = calendarBuckets(from, to, timeZone, q.bucket);
    const rows = await analyticsRows(c.env.DB, from, to, now, buckets);
    const byBucket = new Map(rows.series.map((r) => [r.bucket, r]));
    const series = buckets.dates.map((date, i) => {
      const r = byBucket.get(i);
      return {
        date,
        leads: r?.leads ?? 0,
        routed: r?.routed ?? 0,
        slotsShown: r?.slotsShown ?? 0,
        booked: r?.booked ?? 0,
      };
    });
    const medians = new Map(rows.median.map((m) => [m.teamId, m.medianMs]));
    const sum = (k: "leads" | "slotsShown" | "booked") => series.reduce((s, r) => s + r[k], 0);
    const repName = (id: string | null) => (id ? (config?.reps.find((r) => r.id === id)?.name ?? id) : null);
    return c.json(
      {
        range: { from: iso(from)!, to: iso(to)!, bucket: q.bucket, timeZone },
        series,
        distribution: distributionWithTargets(rows.distribution, config),
        sla: rows.sla.map((r) => {
          const median = medians.get(r.teamId);
          return {
            teamId: r.teamId,
            assignments: r.assignments,
            accepted: r.accepted,
            breached: r.breached,
            compliance: r.withSla ? (r.withSla - r.breached) / r.withSla : null,
            medianMinutesToAccept: median === undefined ? null : Math.round((median / 60_000) * 10) / 10,
          };
        }),
        funnel: {
          submitted: sum("leads"),
          slotsShown: sum("slotsShown"),
          booked: sum("booked"),
          followedUp: rows.series.reduce((s, r) => s + r.followedUp, 0),
          recovered: rows.series.reduce((s, r) => s + r.recovered, 0),
        },
        conversion: {
          byRule: rows.byRule.map((r) => ({ ruleId: r.key, leads: r.leads, outcomes: outcomes(r) })),
          byRep: rows.byRep.map((r) => ({
            repId: r.key,
            repName: repName(r.key),
            leads: r.leads,
            outcomes: outcomes(r),
          })),
        },
      },
      200,
    );
  },
);
