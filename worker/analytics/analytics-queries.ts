/**
 * Reporting queries. Each one aggregates in SQL (GROUP BY over indexed ranges) and returns
 * a handful of rows, whatever the number of leads. Ranges are [from, to) on the lead's
 * creation time, so every figure describes the same cohort of leads.
 */
import type { Database } from "../db/client";
import { leads } from "../db/schema";
import { and, eq, isNull } from "drizzle-orm";
import { OUTCOME_KINDS } from "../leads/outcomes";
import type { CalendarBuckets } from "../core/time";

export const DAY_MS = 86_400_000;

export type SeriesRow = {
  bucket: number;
  leads: number;
  routed: number;
  slotsShown: number;
  booked: number;
  /** Leads the not-booked follow-up reached, and those of them who booked after it. */
  followedUp: number;
  recovered: number;
};
export type DistributionRow = { teamId: string | null; repId: string; count: number };
export type SlaRow = {
  teamId: string | null;
  assignments: number;
  accepted: number;
  breached: number;
  withSla: number;
};
export type MedianRow = { teamId: string | null; medianMs: number };
export type ConversionRow = { key: string | null; leads: number } & Record<
  (typeof OUTCOME_KINDS)[number],
  number
>;

/** Spam is stored for audit but is not a submission anyone wants counted. */
const COHORT = "l.created_at >= ?1 AND l.created_at < ?2 AND l.status != 'spam'";
const CURRENT = "a.attempt = (SELECT max(attempt) FROM assignments x WHERE x.lead_id = a.lead_id)";

const outcomeColumns = OUTCOME_KINDS.map(
  (k) => `count(DISTINCT CASE WHEN o.kind = '${k}' THEN o.lead_id END) AS ${k}`,
).join(",\n");

function conversionBy(column: "a.rule_id" | "a.rep_id") {
  return `SELECT ${column} AS key, count(DISTINCT l.id) AS leads, ${outcomeColumns}
    FROM leads l JOIN assignments a ON a.lead_id = l.id AND ${CURRENT}
    LEFT JOIN outcomes o ON o.lead_id = l.id
    WHERE ${COHORT} GROUP BY ${column} ORDER BY leads DESC LIMIT 500`;
}

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer: ${n}`);
  return String(n);
};

/**
 * SQL for the bucket index of `l.created_at`: core `bucketIndex` with the offsets inlined
 * (integers computed here, never input). SQLite divides integers by truncation, which is
 * floor for the positive instants stored.
 */
export function bucketSql(b: CalendarBuckets): string {
  const last = b.offsets[b.offsets.length - 1]!;
  const offset =
    b.offsets.length === 1
      ? int(last.offset)
      : `CASE ${b.offsets
          .slice(0, -1)
          .map((p) => `WHEN l.created_at < ${int(p.until)} THEN ${int(p.offset)}`)
          .join(" ")} ELSE ${int(last.offset)} END`;
  const day = `((l.created_at + ${offset}) / ${DAY_MS})`;
  return b.unit === "day" ? `${day} - ${int(b.first)}` : `((${day} + 3) / 7) - ${int(b.first)}`;
}

/** Every figure of the analytics page in one D1 round trip. */
export async function analyticsRows(
  d1: D1Database,
  from: number,
  to: number,
  now: number,
  buckets: CalendarBuckets,
) {
  const p = (sql: string, ...extra: unknown[]) => d1.prepare(sql).bind(from, to, ...extra);
  const [series, distribution, sla, median, byRule, byRep] = await d1.batch<Record<string, any>>([
    p(
      `SELECT ${bucketSql(buckets)} AS bucket, count(*) AS leads,
          sum(EXISTS (SELECT 1 FROM assignments a WHERE a.lead_id = l.id)) AS routed,
          sum(l.slots_shown_at IS NOT NULL) AS slotsShown,
          sum(EXISTS (SELECT 1 FROM bookings b WHERE b.lead_id = l.id)) AS booked,
          sum(l.follow_up_at IS NOT NULL) AS followedUp,
          sum(l.follow_up_at IS NOT NULL AND EXISTS (
            SELECT 1 FROM bookings b WHERE b.lead_id = l.id AND b.created_at >= l.follow_up_at)) AS recovered
       FROM leads l WHERE ${COHORT} GROUP BY bucket ORDER BY bucket`,
    ),
    p(
      `SELECT a.team_id AS teamId, a.rep_id AS repId, count(*) AS count
       FROM assignments a JOIN leads l ON l.id = a.lead_id
       WHERE ${COHORT} AND ${CURRENT} GROUP BY a.team_id, a.rep_id ORDER BY a.team_id, count DESC`,
    ),
    // Breached: accepted after the deadline, or still open past it, or moved on by the sweep.
    p(
      `SELECT a.team_id AS teamId, count(*) AS assignments,
          sum(a.accepted_at IS NOT NULL) AS accepted,
          sum(a.accept_deadline IS NOT NULL OR a.status IN ('reassigned', 'escalated')) AS withSla,
          sum(a.status IN ('reassigned', 'escalated')
              OR (a.accept_deadline IS NOT NULL AND coalesce(a.accepted_at, ?3) > a.accept_deadline)) AS breached
       FROM assignments a JOIN leads l ON l.id = a.lead_id
       WHERE ${COHORT} GROUP BY a.team_id ORDER BY a.team_id`,
      now,
    ),
    // Lower median per team with window functions: one row per team comes back.
    p(
      `SELECT teamId, avg(d) AS medianMs FROM (
         SELECT a.team_id AS teamId, a.accepted_at - a.assigned_at AS d,
           row_number() OVER (PARTITION BY a.team_id ORDER BY a.accepted_at - a.assigned_at) AS n,
           count(*) OVER (PARTITION BY a.team_id) AS c
         FROM assignments a JOIN leads l ON l.id = a.lead_id
         WHERE ${COHORT} AND a.accepted_at IS NOT NULL)
       WHERE n IN ((c + 1) / 2, (c + 2) / 2) GROUP BY teamId`,
    ),
    p(conversionBy("a.rule_id")),
    p(conversionBy("a.rep_id")),
  ]);
  return {
    series: series!.results as SeriesRow[],
    distribution: distribution!.results as DistributionRow[],
    sla: sla!.results as SlaRow[],
    median: median!.results as MedianRow[],
    byRule: byRule!.results as ConversionRow[],
    byRep: byRep!.results as ConversionRow[],
  };
}

/**
 * Records that the visitor was offered at least one slot. Conditional, so only the first
 * offer counts and a replay or a later "more slots" call writes nothing.
 */
export function markSlotsShown(db: Database, leadId: string, now: number) {
  return db
    .update(leads)
    .set({ slotsShownAt: now })
    .where(and(eq(leads.id, leadId), isNull(leads.slotsShownAt)));
}
