/**
 * Rule insights: how the leads of each rule, team and rep converted, with credible intervals,
 * and flags where a rule, a segment of a rule, or a rep in its team converts credibly worse
 * than the rest. Pure: the leads and the config are passed in.
 */
import { featureKeys } from "../distribution/predictive-evidence";
import type { FactValue } from "../lead-facts";
import { rateEstimate } from "./beta";

/** One routed lead: where it went and, once reported, whether it converted. */
export type InsightLead = {
  leadId: string;
  ruleId: string | null;
  teamId: string | null;
  repId: string;
  facts: Readonly<Record<string, FactValue>>;
  /** success: qualified, opportunity or won; failure: lost or no-show; null: no outcome yet. */
  label: "success" | "failure" | null;
};

export type GroupStat = {
  id: string;
  /** Leads routed here; `resolved` of them have an outcome, `conversions` converted. */
  leads: number;
  resolved: number;
  conversions: number;
  /** The posterior mean and 90% credible interval of the conversion rate. */
  rate: number;
  lower: number;
  upper: number;
};

export type InsightFlag = {
  kind: "rule" | "segment" | "rep";
  ruleId: string | null;
  teamId: string | null;
  repId: string | null;
  /** A segment's feature, e.g. `country=FR`. */
  segment: string | null;
  stat: GroupStat;
  /** The rate of the leads it is compared with (the rest of the org, rule or team). */
  baseline: number;
  message: string;
};

/** A group needs this many leads with an outcome before it is flagged or compared. */
export const MIN_RESOLVED = 10;

type Tally = { leads: number; resolved: number; conversions: number };

function tally(leads: readonly InsightLead[]): Tally {
  let resolved = 0;
  let conversions = 0;
  for (const l of leads) {
    if (l.label !== null) resolved++;
    if (l.label === "success") conversions++;
  }
  return { leads: leads.length, resolved, conversions };
}

/** The group's figures; the interval is over its resolved leads only (pending ones say nothing yet). */
export function groupStat(id: string, leads: readonly InsightLead[]): GroupStat {
  const t = tally(leads);
  return { id, ...t, ...rateEstimate(t.conversions, t.resolved - t.conversions) };
}

function groupBy(leads: readonly InsightLead[], key: (l: InsightLead) => string | null) {
  const groups = new Map<string, InsightLead[]>();
  for (const l of leads) {
    const k = key(l);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(l);
    else groups.set(k, [l]);
  }
  return groups;
}

const statsOf = (groups: Map<string, InsightLead[]>) =>
  [...groups]
    .map(([id, ls]) => groupStat(id, ls))
    .toSorted((a, b) => b.leads - a.leads || a.id.localeCompare(b.id));

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * A group underperforms when even the top of its 90% interval is below the rate of the leads
 * it is compared with, and both sides have at least MIN_RESOLVED outcomes.
 */
function underperforms(stat: GroupStat, rest: GroupStat): boolean {
  return stat.resolved >= MIN_RESOLVED && rest.resolved >= MIN_RESOLVED && stat.upper < rest.rate;
}

function describe(what: string, stat: GroupStat, rest: GroupStat, against: string): string {
  return (
    `${what} converts ${pct(stat.rate)} (90%: ${pct(stat.lower)}–${pct(stat.upper)}, ` +
    `${stat.conversions} of ${stat.resolved} with an outcome) against ${pct(rest.rate)} for ${against}.`
  );
}

export type InsightTables = {
  overall: GroupStat;
  rules: GroupStat[];
  teams: GroupStat[];
  reps: (GroupStat & { teamId: string | null })[];
  flags: InsightFlag[];
};

/** Every table and flag of the insights screen, from the routed leads. */
export function insightTables(leads: readonly InsightLead[]): InsightTables {
  const byRule = groupBy(leads, (l) => l.ruleId ?? "fallback");
  const byTeam = groupBy(leads, (l) => l.teamId);
  const byTeamRep = groupBy(leads, (l) => `${l.teamId ?? ""}|${l.repId}`);
  const flags: InsightFlag[] = [];
  for (const [ruleId, ruleLeads] of byRule) {
    const stat = groupStat(ruleId, ruleLeads);
    const rest = groupStat(
      "rest",
      leads.filter((l) => (l.ruleId ?? "fallback") !== ruleId),
    );
    if (underperforms(stat, rest))
      flags.push({
        kind: "rule",
        ruleId,
        teamId: null,
        repId: null,
        segment: null,
        stat,
        baseline: rest.rate,
        message: describe(`Rule ${ruleId}`, stat, rest, "the other rules' leads"),
      });
    flags.push(...segmentFlags(ruleId, ruleLeads));
  }
  for (const [key, repLeads] of byTeamRep) {
    const [teamId, repId] = key.split("|") as [string, string];
    if (!teamId) continue;
    const stat = groupStat(repId, repLeads);
    const rest = groupStat(
      "rest",
      byTeam.get(teamId)!.filter((l) => l.repId !== repId),
    );
    if (underperforms(stat, rest))
      flags.push({
        kind: "rep",
        ruleId: null,
        teamId,
        repId,
        segment: null,
        stat,
        baseline: rest.rate,
        message: describe(`${repId} in ${teamId}`, stat, rest, "the team's other reps"),
      });
  }
  return {
    overall: groupStat("all", leads),
    rules: statsOf(byRule),
    teams: statsOf(byTeam),
    reps: [...byTeamRep].map(([key, ls]) => {
      const [teamId, repId] = key.split("|") as [string, string];
      return { ...groupStat(repId, ls), teamId: teamId || null };
    }),
    flags,
  };
}

/** Segments of a rule's leads (each descriptive fact value) that convert worse than the rule's other leads. */
function segmentFlags(ruleId: string, ruleLeads: readonly InsightLead[]): InsightFlag[] {
  const bySegment = new Map<string, InsightLead[]>();
  for (const l of ruleLeads)
    for (const key of featureKeys([], true, l.facts)) {
      const list = bySegment.get(key);
      if (list) list.push(l);
      else bySegment.set(key, [l]);
    }
  const flags: InsightFlag[] = [];
  for (const [segment, segLeads] of bySegment) {
    if (segLeads.length === ruleLeads.length) continue; // the whole rule: flagged as the rule
    const stat = groupStat(segment, segLeads);
    const members = new Set(segLeads);
    const rest = groupStat(
      "rest",
      ruleLeads.filter((l) => !members.has(l)),
    );
    if (underperforms(stat, rest))
      flags.push({
        kind: "segment",
        ruleId,
        teamId: null,
        repId: null,
        segment,
        stat,
        baseline: rest.rate,
        message: describe(`Leads with ${segment} under rule ${ruleId}`, stat, rest, "the rule's other leads"),
      });
  }
  return flags;
}
