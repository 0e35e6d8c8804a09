/**
 * The dry run of an event list: where each row would go and how many leads each rep would
 * receive, by the same steps intake takes (normalise, match the account, route by the rule
 * set, resolve the destination, the team's distribution), with each team's counters read
 * from its object and advanced row by row, so caps and fairness show as they would apply.
 * Pure: the counters, accounts and `now` are passed in; nothing is written.
 */
import { matchAccount, type AccountIndex } from "../account-match";
import type { RoutingConfig } from "../config-doc";
import { chooseRep, type TeamState } from "../distribution";
import type { normalizeLead } from "../lead-facts";
import { routeLead } from "../routing";
import { resolveTarget, type AssignmentTarget } from "../routing/target";
import { EVENT_FORM_ID } from "./rows";

export type ForecastRow = {
  row: number;
  /** route: a new lead for repId; merged/duplicate: no new lead (see `known`); unroutable: no rep can take it now. */
  outcome: "route" | "merged" | "duplicate" | "unroutable";
  repId: string | null;
  teamId: string | null;
  ruleId: string | null;
  leadId?: string;
  reason?: string;
};

export type ForecastInput = {
  config: RoutingConfig;
  ruleSetId: string;
  rows: readonly {
    row: number;
    fields: Record<string, string>;
    /** Rows that make no new lead: an existing lead with this email, or this list's earlier lead. */
    known?: { kind: "merged" | "duplicate"; leadId: string; repId: string | null };
  }[];
  accounts: AccountIndex;
  normalize: typeof normalizeLead;
  /** Each team object's counters now; a team missing here starts from nothing. */
  teamStates: Readonly<Record<string, TeamState>>;
  now: number;
};

export type Forecast = {
  rows: ForecastRow[];
  /** New leads per rep, most first: what each rep would receive. */
  perRep: { repId: string; count: number }[];
};

const EMPTY: TeamState = { seq: 0, reps: {} };

type Pick = { repId: string; teamId: string | null } | null;

function pickRep(
  target: AssignmentTarget,
  config: RoutingConfig,
  states: Map<string, TeamState>,
  now: number,
): Pick {
  if (target.kind === "rep") return { repId: target.repId, teamId: target.teamId };
  const team = config.teams.find((t) => t.id === target.teamId);
  if (!team) return null;
  const choice = chooseRep({
    team,
    reps: config.reps,
    state: states.get(team.id) ?? EMPTY,
    now,
    orgTimezone: config.org.timezone,
    requiredSkills: target.skills,
  });
  if (!choice.ok) return null;
  states.set(team.id, choice.next);
  return { repId: choice.repId, teamId: team.id };
}

/**
 * The rep's other teams (every team for a direct pick) count the lead against its caps, as
 * the objects are told after each routing (worker/team/outside-loads.ts). The forecast has
 * them learn at once; the routing, a moment later.
 */
function noteElsewhere(
  config: RoutingConfig,
  states: Map<string, TeamState>,
  repId: string,
  countedBy: string | null,
  now: number,
): void {
  for (const team of config.teams) {
    if (team.id === countedBy || !team.members.some((m) => m.repId === repId)) continue;
    const state = states.get(team.id) ?? EMPTY;
    const times = [...(state.outside?.[repId] ?? []), now];
    states.set(team.id, { ...state, outside: { ...state.outside, [repId]: times } });
  }
}

function forecastRow(
  input: ForecastInput,
  row: ForecastInput["rows"][number],
  states: Map<string, TeamState>,
) {
  const { config, now } = input;
  const base = input.normalize({ fields: row.fields, context: { source: "event" } }, config, EVENT_FORM_ID);
  const account = matchAccount(input.accounts, base.facts);
  const decision = routeLead({
    config,
    ruleSetId: input.ruleSetId,
    facts: base.facts,
    notes: base.notes,
    account,
  });
  const set = config.ruleSets.find((s) => s.id === decision.trace.ruleSetId);
  const destinations = [decision.destination];
  if (set && decision.ruleId !== "fallback") destinations.push(set.fallback);
  for (const destination of destinations) {
    const { target } = resolveTarget(destination, account, config, decision.trace.facts);
    const picked = target && pickRep(target, config, states, now);
    if (!picked) continue;
    noteElsewhere(config, states, picked.repId, target.kind === "team" ? picked.teamId : null, now);
    return { row: row.row, outcome: "route" as const, ...picked, ruleId: decision.ruleId };
  }
  const reason = "no eligible rep at the destination or the fallback";
  return {
    row: row.row,
    outcome: "unroutable" as const,
    repId: null,
    teamId: null,
    ruleId: decision.ruleId,
    reason,
  };
}

/** Forecasts every row in file order; `perRep` counts only new leads. */
export function forecastEventList(input: ForecastInput): Forecast {
  const states = new Map(Object.entries(input.teamStates));
  const counts = new Map<string, number>();
  const rows = input.rows.map((row): ForecastRow => {
    if (row.known) {
      const { kind, leadId, repId } = row.known;
      return { row: row.row, outcome: kind, repId, teamId: null, ruleId: null, leadId };
    }
    const out = forecastRow(input, row, states);
    if (out.repId) counts.set(out.repId, (counts.get(out.repId) ?? 0) + 1);
    return out;
  });
  const perRep = [...counts]
    .map(([repId, count]) => ({ repId, count }))
    .toSorted((a, b) => b.count - a.count || (a.repId < b.repId ? -1 : 1));
  return { rows, perRep };
}
