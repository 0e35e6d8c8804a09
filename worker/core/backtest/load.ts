import type { AssignmentTarget } from "../routing/target";
import type { RoutingConfig } from "../config-doc";
import { hasSkills } from "../distribution/candidates";
import { targetKey } from "./explain";
import type { LoadRow } from "./types";

export const REP_ESTIMATE =
  "Rep figures are leads sent to the rep by name (a rule or the account owner), which are exact, plus an " +
  "estimate of the team leads the rep would get: each team's leads split over its active members (holding " +
  "any required skill) by weight for weighted, availability and predictive teams, and equally for " +
  "round_robin and least_loaded. Caps, OOO, working hours and the teams' current counters are not consulted.";

/** Leads per target on one side, counted as the replay goes, then turned into rows once. */
export class LoadTally {
  readonly byTarget = new Map<string, { target: AssignmentTarget; count: number }>();

  add(target: AssignmentTarget | null): void {
    if (!target) return;
    const key = targetKey(target);
    const entry = this.byTarget.get(key);
    if (entry) entry.count++;
    else this.byTarget.set(key, { target, count: 1 });
  }
}

/** Each eligible member's expected share of a team's leads, summing to 1 (empty if nobody can take them). */
function teamShares(config: RoutingConfig, target: Extract<AssignmentTarget, { kind: "team" }>) {
  const team = config.teams.find((t) => t.id === target.teamId);
  if (!team) return [];
  const byWeight = team.distribution.mode !== "round_robin" && team.distribution.mode !== "least_loaded";
  const members = team.members.flatMap((m) => {
    const rep = config.reps.find((r) => r.id === m.repId);
    if (!rep?.active || (target.skills && !hasSkills(rep, target.skills))) return [];
    return [{ repId: rep.id, weight: byWeight ? m.weight : 1 }];
  });
  const total = members.reduce((sum, m) => sum + m.weight, 0);
  return members.map((m) => ({ repId: m.repId, share: m.weight / total }));
}

type Counts = { teams: Map<string, number>; direct: Map<string, number>; estimated: Map<string, number> };

const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

function counts(tally: LoadTally, config: RoutingConfig): Counts {
  const c: Counts = { teams: new Map(), direct: new Map(), estimated: new Map() };
  for (const { target, count } of tally.byTarget.values()) {
    if (target.kind === "rep") bump(c.direct, target.repId, count);
    else {
      bump(c.teams, target.teamId, count);
      for (const s of teamShares(config, target)) bump(c.estimated, s.repId, count * s.share);
    }
  }
  return c;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const byShift = (a: LoadRow, b: LoadRow) =>
  Math.abs(b.delta) - Math.abs(a.delta) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Per team (exact) and per rep (direct exact + estimated share), before and after; moves first. */
export function loadShift(
  before: LoadTally,
  after: LoadTally,
  active: RoutingConfig,
  draft: RoutingConfig,
): LoadRow[] {
  const b = counts(before, active);
  const a = counts(after, draft);
  const teams: LoadRow[] = [...new Set([...b.teams.keys(), ...a.teams.keys()])].map((id) => {
    const x = b.teams.get(id) ?? 0;
    const y = a.teams.get(id) ?? 0;
    return { kind: "team", id, before: x, after: y, delta: y - x };
  });
  const repIds = new Set([
    ...b.direct.keys(),
    ...a.direct.keys(),
    ...b.estimated.keys(),
    ...a.estimated.keys(),
  ]);
  const reps: LoadRow[] = [...repIds].map((id) => {
    const direct = { before: b.direct.get(id) ?? 0, after: a.direct.get(id) ?? 0 };
    const estimated = { before: round1(b.estimated.get(id) ?? 0), after: round1(a.estimated.get(id) ?? 0) };
    const x = round1(direct.before + (b.estimated.get(id) ?? 0));
    const y = round1(direct.after + (a.estimated.get(id) ?? 0));
    return { kind: "rep", id, before: x, after: y, delta: round1(y - x), direct, estimated };
  });
  return [...teams.toSorted(byShift), ...reps.toSorted(byShift)];
}
