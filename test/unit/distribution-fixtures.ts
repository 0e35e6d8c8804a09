import { repSchema, teamSchema, type Rep, type Team } from "../../worker/core/config-doc";
import {
  chooseRep,
  type ChooseInput,
  type ChooseResult,
  type TeamState,
} from "../../worker/core/distribution";

/** Monday 9 March 2026, 15:00 UTC: working hours in New York and Berlin, evening in Kolkata. */
export const MONDAY = Date.parse("2026-03-09T15:00:00Z");
export const EMPTY: TeamState = { seq: 0, reps: {} };
/** Evidence settings of the feature-model tests (30-day maturity, 180-day memory). */
export const EVIDENCE_SETTINGS = { halfLifeDays: 30, maturityDays: 30, memoryDays: 180 };
/** A maturation curve where every outcome is in: F(age) = 1. */
export const FLAT_CDF = Array.from({ length: 30 }, () => 1);

const allDay = [{ start: "00:00", end: "24:00" }];
/** Working hours of every day, all day: a rep's hours never get in the way of the test. */
export const AROUND_THE_CLOCK = {
  mon: allDay,
  tue: allDay,
  wed: allDay,
  thu: allDay,
  fri: allDay,
  sat: allDay,
  sun: allDay,
};

/** A rep with schema defaults, in New York; available around the clock unless told otherwise. */
export function rep(id: string, extra: Partial<Record<keyof Rep, unknown>> = {}): Rep {
  return repSchema.parse({
    id,
    name: id.toUpperCase(),
    email: `${id}@example.com`,
    timezone: "America/New_York",
    workingHours: AROUND_THE_CLOCK,
    ...extra,
  });
}

/** A team with schema defaults; `members` are rep ids or [id, weight, priority?]. */
export function team(
  mode: Team["distribution"]["mode"],
  members: (string | [string, number, number?])[],
  distribution: Partial<Omit<Team["distribution"], "predictive">> & {
    predictive?: Partial<NonNullable<Team["distribution"]["predictive"]>>;
  } = {},
): Team {
  return teamSchema.parse({
    id: "t1",
    name: "Team",
    timezone: "America/New_York",
    members: members.map((m) =>
      typeof m === "string" ? { repId: m } : { repId: m[0], weight: m[1], priority: m[2] ?? 0 },
    ),
    distribution: { mode, ...distribution },
  });
}

/** Assigns `n` leads one after another, feeding each result's state into the next call. */
export function run(
  base: Omit<ChooseInput, "state" | "now">,
  n: number,
  state: TeamState = EMPTY,
  now: (i: number) => number = () => MONDAY,
): { picks: (string | null)[]; state: TeamState; results: ChooseResult[] } {
  const picks: (string | null)[] = [];
  const results: ChooseResult[] = [];
  for (let i = 0; i < n; i++) {
    const r = chooseRep({ ...base, state, now: now(i) });
    results.push(r);
    picks.push(r.ok ? r.repId : null);
    if (r.ok) state = r.next;
  }
  return { picks, state, results };
}

/** How many times each id occurs. */
export function tally(picks: (string | null)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of picks) out[p ?? "none"] = (out[p ?? "none"] ?? 0) + 1;
  return out;
}
