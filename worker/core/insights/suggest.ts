// oxlint-disable unicorn/no-thenable -- a rule's destination is named `then` by the config format.
/**
 * Suggested config changes for the flags of `insightTables`. A suggestion is a whole draft
 * document with one change; the admin replays it with the backtest and saves and publishes it
 * by hand. Nothing here changes the active config.
 */
import type { Condition, Destination, RoutingConfig } from "../config-doc";
import type { GroupStat, InsightFlag, InsightTables } from "./insights";
import { MIN_RESOLVED } from "./insights";

export type Suggestion = {
  kind: "destination" | "new_rule" | "weight" | "segment_fact";
  /** The flag (index into `flags`) it answers. */
  flag: number;
  title: string;
  reason: string;
  /** The one change, by path in the config document. */
  change: { path: (string | number)[]; before: unknown; after: unknown };
  /** The flagged leads' conversions now, and at the suggested destination's rate. */
  expected: { leads: number; before: number; after: number } | null;
  draft: RoutingConfig;
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The team a destination hands its leads to (the fallback team for owner destinations). */
export function destinationTeam(d: Destination): string | null {
  if (d.type === "team" || d.type === "skill") return d.teamId;
  return d.fallbackTeamId ?? null;
}

function findRule(config: RoutingConfig, ruleId: string) {
  for (const [s, set] of config.ruleSets.entries()) {
    const r = set.rules.findIndex((x) => x.id === ruleId);
    if (r >= 0) return { s, r, rule: set.rules[r]! };
  }
  return null;
}

/**
 * The team whose own leads convert credibly better than the flagged group: the lower end of its
 * interval above the upper end of the group's. This is observational (the team's leads are not
 * the flagged ones), which is why the suggestion goes through the backtest and the admin.
 */
function betterTeam(tables: InsightTables, stat: GroupStat, exclude: string | null, config: RoutingConfig) {
  const known = new Set(config.teams.map((t) => t.id));
  return tables.teams
    .filter((t) => t.id !== exclude && known.has(t.id) && t.resolved >= MIN_RESOLVED && t.lower > stat.upper)
    .toSorted((a, b) => b.rate - a.rate)[0];
}

const expected = (stat: GroupStat, better: GroupStat) => ({
  leads: stat.leads,
  before: stat.rate * stat.leads,
  after: better.rate * stat.leads,
});

function forRule(config: RoutingConfig, tables: InsightTables, flag: InsightFlag, i: number): Suggestion[] {
  const found = flag.ruleId ? findRule(config, flag.ruleId) : null;
  if (!found) return [];
  const current = destinationTeam(found.rule.then);
  const better = betterTeam(tables, flag.stat, current, config);
  if (!better) return [];
  const after: Destination = { type: "team", teamId: better.id };
  const draft = structuredClone(config);
  draft.ruleSets[found.s]!.rules[found.r]!.then = after;
  return [
    {
      kind: "destination",
      flag: i,
      title: `Send rule ${found.rule.id} to team ${better.id}`,
      reason: `${flag.message} Team ${better.id} converts ${pct(better.rate)} (90%: ${pct(better.lower)}–${pct(better.upper)}) of its leads.`,
      change: { path: ["ruleSets", found.s, "rules", found.r, "then"], before: found.rule.then, after },
      expected: expected(flag.stat, better),
      draft,
    },
  ];
}

/** `fact=value` back into a condition; booleans were stringified by featureKeys. */
function segmentCondition(segment: string): Condition {
  const at = segment.indexOf("=");
  const fact = segment.slice(0, at);
  const raw = segment.slice(at + 1);
  return { fact, op: "eq", value: raw === "true" ? true : raw === "false" ? false : raw };
}

function forSegment(
  config: RoutingConfig,
  tables: InsightTables,
  flag: InsightFlag,
  i: number,
): Suggestion[] {
  const found = flag.ruleId ? findRule(config, flag.ruleId) : null;
  if (!found || !flag.segment) return [];
  const out: Suggestion[] = [];
  const current = destinationTeam(found.rule.then);
  const better = betterTeam(tables, flag.stat, current, config);
  if (better) {
    const ids = new Set(config.ruleSets.flatMap((s) => s.rules.map((r) => r.id)));
    let id = `${found.rule.id}-${flag.segment}`.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 60);
    while (ids.has(id)) id += "-2";
    const rule = {
      id,
      name: `${found.rule.name ?? found.rule.id}: ${flag.segment}`,
      when: { all: [found.rule.when, segmentCondition(flag.segment)] },
      then: { type: "team" as const, teamId: better.id },
    };
    const draft = structuredClone(config);
    draft.ruleSets[found.s]!.rules.splice(found.r, 0, rule);
    out.push({
      kind: "new_rule",
      flag: i,
      title: `Send ${flag.segment} leads of rule ${found.rule.id} to team ${better.id}`,
      reason: `${flag.message} Team ${better.id} converts ${pct(better.rate)} of its leads.`,
      change: { path: ["ruleSets", found.s, "rules", found.r], before: null, after: rule },
      expected: expected(flag.stat, better),
      draft,
    });
  }
  // A predictive team that does not segment by the fact yet: let its model see it.
  const teamIndex = config.teams.findIndex((t) => t.id === current);
  const team = config.teams[teamIndex];
  const fact = flag.segment.slice(0, flag.segment.indexOf("="));
  const segments = team?.distribution.predictive?.segments ?? [];
  if (team && team.distribution.mode === "predictive" && !segments.some((s) => s.fact === fact)) {
    const draft = structuredClone(config);
    const after = [...segments, { fact }];
    draft.teams[teamIndex]!.distribution.predictive = { ...team.distribution.predictive!, segments: after };
    out.push({
      kind: "segment_fact",
      flag: i,
      title: `Segment team ${team.id}'s model by ${fact}`,
      reason: `${flag.message} The team's reps are then compared within each ${fact}.`,
      change: {
        path: ["teams", teamIndex, "distribution", "predictive", "segments"],
        before: segments,
        after,
      },
      expected: null,
      draft,
    });
  }
  return out;
}

const WEIGHTED_MODES = new Set(["weighted", "availability", "predictive"]);

function forRep(config: RoutingConfig, flag: InsightFlag, i: number): Suggestion[] {
  const t = config.teams.findIndex((x) => x.id === flag.teamId);
  const team = config.teams[t];
  const m = team?.members.findIndex((x) => x.repId === flag.repId) ?? -1;
  const member = team?.members[m];
  if (!team || !member || !WEIGHTED_MODES.has(team.distribution.mode)) return [];
  const after = Math.round(member.weight * 50) / 100;
  if (after <= 0) return [];
  const draft = structuredClone(config);
  draft.teams[t]!.members[m]!.weight = after;
  return [
    {
      kind: "weight",
      flag: i,
      title: `Halve ${member.repId}'s weight in team ${team.id}`,
      reason: flag.message,
      change: { path: ["teams", t, "members", m, "weight"], before: member.weight, after },
      expected: null,
      draft,
    },
  ];
}

/** Every suggestion for the flags, in flag order. */
export function suggestChanges(config: RoutingConfig, tables: InsightTables): Suggestion[] {
  return tables.flags.flatMap((flag, i) =>
    flag.kind === "rule"
      ? forRule(config, tables, flag, i)
      : flag.kind === "segment"
        ? forSegment(config, tables, flag, i)
        : forRep(config, flag, i),
  );
}
