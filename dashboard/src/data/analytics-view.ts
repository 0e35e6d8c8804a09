/**
 * Turns the analytics answer into what the charts draw and what their summaries say.
 * Pure: the numbers a chart shows are tested here, the SVG only draws them.
 */
import { OUTCOME_KINDS, type Analytics, type OutcomeCounts } from "../data-api";
import { percent } from "./format";

export type FunnelStage = {
  label: string;
  count: number;
  ofSubmitted: number | null;
  ofPrevious: number | null;
};

/** The funnel as the contract has it, read tolerantly: older servers send no follow-up counts. */
type Funnel = Omit<Analytics["funnel"], "followedUp" | "recovered"> &
  Partial<Pick<Analytics["funnel"], "followedUp" | "recovered">>;
export function funnelStages(f: Funnel): FunnelStage[] {
  const stages = [
    { label: "Submitted", count: f.submitted },
    { label: "Slots shown", count: f.slotsShown },
    { label: "Booked", count: f.booked },
  ];
  return stages.map((s, i) => ({
    ...s,
    ofSubmitted: f.submitted ? s.count / f.submitted : null,
    ofPrevious: i === 0 ? null : stages[i - 1]!.count ? s.count / stages[i - 1]!.count : null,
  }));
}

export function funnelSummary(f: Funnel): string {
  if (!f.submitted) return "No submissions in this period.";
  const base = `${f.submitted} submitted, ${f.slotsShown} were shown slots (${percent(f.slotsShown / f.submitted)}), ${f.booked} booked (${percent(f.booked / f.submitted)}).`;
  return f.followedUp
    ? `${base} ${f.followedUp} got the not-booked follow-up; ${f.recovered ?? 0} of them booked after it.`
    : base;
}

export type Totals = { leads: number; routed: number; slotsShown: number; booked: number };

export function seriesTotals(series: Analytics["series"]): Totals {
  return series.reduce(
    (t, d) => ({
      leads: t.leads + d.leads,
      routed: t.routed + d.routed,
      slotsShown: t.slotsShown + d.slotsShown,
      booked: t.booked + d.booked,
    }),
    { leads: 0, routed: 0, slotsShown: 0, booked: 0 },
  );
}

/** The day with the most leads, for the over-time summary. */
export function busiestDay(series: Analytics["series"]): { date: string; leads: number } | null {
  return series.reduce<{ date: string; leads: number } | null>(
    (best, d) => (d.leads > (best?.leads ?? 0) ? { date: d.date, leads: d.leads } : best),
    null,
  );
}

export type TeamDistribution = { teamId: string | null; total: number; reps: Analytics["distribution"] };

/** Distribution rows grouped by team, biggest team first, reps by count within a team. */
export function distributionByTeam(rows: Analytics["distribution"]): TeamDistribution[] {
  const teams = new Map<string | null, Analytics["distribution"]>();
  for (const r of rows) teams.set(r.teamId, [...(teams.get(r.teamId) ?? []), r]);
  return [...teams.entries()]
    .map(([teamId, reps]) => ({
      teamId,
      total: reps.reduce((n, r) => n + r.count, 0),
      reps: reps.toSorted(
        (a, b) => b.count - a.count || (a.repName ?? a.repId).localeCompare(b.repName ?? b.repId),
      ),
    }))
    .toSorted((a, b) => b.total - a.total);
}

/** The rep furthest from target share, in percentage points, for the chart summary. */
export function largestGap(reps: Analytics["distribution"]): { name: string; points: number } | null {
  let best: { name: string; points: number } | null = null;
  for (const r of reps) {
    if (r.targetShare == null) continue;
    const points = (r.share - r.targetShare) * 100;
    if (!best || Math.abs(points) > Math.abs(best.points)) best = { name: r.repName ?? r.repId, points };
  }
  return best;
}

/** Outcomes in funnel order, with their count (0 when absent). */
/** Tolerates missing kinds, so a partial count (a test, an older server) still draws. */
export function outcomeSegments(outcomes: Partial<OutcomeCounts>): { key: string; value: number }[] {
  return OUTCOME_KINDS.map((k) => ({ key: k, value: outcomes[k] ?? 0 })).filter((s) => s.value > 0);
}

export function hasOutcomes(conversion: Analytics["conversion"]): boolean {
  return [...conversion.byRule, ...conversion.byRep].some((r) => outcomeSegments(r.outcomes).length > 0);
}

/** Share of leads with a won outcome; null without leads. */
export function winRate(row: { leads: number; outcomes: Partial<OutcomeCounts> }): number | null {
  return row.leads ? (row.outcomes.won ?? 0) / row.leads : null;
}
