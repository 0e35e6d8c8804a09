/**
 * Runs round robin, weighted, predictive and the banded oracle over one floor world (see
 * floor-world.ts) through the pure chooser, and measures what issue 23 asks: conversions,
 * the share of the round robin → oracle gap closed (overall and per 30-day month), the
 * largest window deviation from target, and the new rep's share in its first two weeks.
 *
 * Targets under churn are accrued lead by lead: each lead adds w_i / Σw over the reps present
 * at that lead to every present rep i's target, so a rep who is away owes nothing and a rep
 * who joins is measured from its first day, on real leads (credits are not leads).
 */
import { teamSchema, type Team } from "../worker/core/config-doc";
import { chooseRep, seedFrom, type PredictiveInput, type TeamState } from "../worker/core/distribution";
import {
  DAY_MS,
  FLOOR_REPS,
  NEW_REP,
  NEW_REP_FROM,
  buildFloor,
  repsOn,
  trueRate,
  type FloorLead,
  type FloorWorld,
} from "./floor-world";

export type FloorPolicy = "round_robin" | "weighted" | "predictive" | "oracle";
export const FLOOR_POLICIES: readonly FloorPolicy[] = ["round_robin", "weighted", "predictive", "oracle"];

/** What the predictive policy learns from; the team object's model, in miniature. */
export type Learner = {
  input(lead: FloorLead, now: number): PredictiveInput | undefined;
  assigned(lead: FloorLead, repId: string, now: number): void;
  outcome(lead: FloorLead, repId: string, label: "success" | "failure", now: number): void;
};

export type FloorOptions = {
  seed: number;
  band?: number;
  /** The team's predictive settings (`distribution.predictive`). */
  predictive?: Record<string, unknown>;
  learner: (team: Team) => Learner;
};

export type FloorRun = {
  policy: FloorPolicy;
  conversions: number;
  /** Σ true rate of the chosen rep: conversions without the coin flips' noise. */
  expected: number;
  /** Expected conversions per 30-day month. */
  monthly: number[];
  /** Largest |count − accrued target| / leads of any rep at the end of a weekly window. */
  maxWindowDeviation: number;
  /** The same at every lead once the window has 2/b leads. */
  maxLeadDeviation: number;
  /** The new rep's share of leads in its first 14 days, and its accrued target share. */
  newRepShare: number;
  newRepTarget: number;
  modelDecided: number;
};

type Event = { at: number; lead: FloorLead; repId: string; label: "success" | "failure" };

function teamFor(policy: FloorPolicy, band: number, predictive: Record<string, unknown> | undefined): Team {
  const mode = policy === "round_robin" ? "round_robin" : policy === "weighted" ? "weighted" : "predictive";
  return teamSchema.parse({
    id: "floor",
    name: "Simulated floor",
    timezone: "UTC",
    members: FLOOR_REPS.map((r) => ({ repId: r.id, weight: r.weight })),
    distribution: {
      mode,
      countingWindow: "week",
      ...(mode === "predictive"
        ? { fairnessBand: band, predictive: policy === "oracle" ? {} : predictive }
        : {}),
    },
  });
}

/** The oracle's input: every rep's true rate for this lead as a near-certain posterior. */
function oracleInput(world: FloorWorld, lead: FloorLead): PredictiveInput {
  const outcomes = Object.fromEntries(
    FLOOR_REPS.map((r) => {
      const p = trueRate(world, r, lead);
      return [r.id, { successes: p * 1e9, failures: (1 - p) * 1e9 }];
    }),
  );
  return { segment: "oracle", outcomes, seed: seedFrom(lead.id) };
}

/** One policy over the world's stream. */
export function runFloorPolicy(world: FloorWorld, policy: FloorPolicy, options: FloorOptions): FloorRun {
  const band = options.band ?? 0.1;
  const team = teamFor(policy, band, options.predictive);
  const learner = policy === "predictive" ? options.learner(team) : null;
  const events: Event[] = [];
  let state: TeamState = { seq: 0, reps: {} };
  let conversions = 0;
  let expected = 0;
  let modelDecided = 0;
  const monthly = Array.from({ length: 6 }, () => 0);
  const window = new Window(band);
  let newRep = { leads: 0, total: 0, target: 0 };
  let repsDay = -1;
  let reps = repsOn(0);
  for (const lead of world.leads) {
    flush(events, lead.at, learner);
    if (lead.day !== repsDay) reps = repsOn((repsDay = lead.day));
    const model = policy === "oracle" ? oracleInput(world, lead) : learner?.input(lead, lead.at);
    const r = chooseRep({ team, reps, state, now: lead.at, orgTimezone: "UTC", model });
    if (!r.ok) throw new Error("someone is always present on the floor");
    state = r.next;
    if (r.predictive?.applied) modelDecided++;
    const present = reps.filter((x) => x.active).map((x) => x.id);
    window.add(r.next.reps[r.repId]!.windowStart, r.repId, present);
    if (lead.day >= NEW_REP_FROM && lead.day < NEW_REP_FROM + 14) {
      newRep = {
        leads: newRep.leads + (r.repId === NEW_REP ? 1 : 0),
        total: newRep.total + 1,
        target: newRep.target + shareOf(NEW_REP, present),
      };
    }
    const rep = FLOOR_REPS.find((x) => x.id === r.repId)!;
    const p = trueRate(world, rep, lead);
    expected += p;
    monthly[Math.min(5, Math.floor(lead.day / 30))]! += p;
    learner?.assigned(lead, r.repId, lead.at);
    if (lead.u < p) {
      conversions++;
      events.push({ at: lead.at + lead.successDelay * DAY_MS, lead, repId: r.repId, label: "success" });
    } else if (lead.lostDelay !== null) {
      events.push({ at: lead.at + lead.lostDelay * DAY_MS, lead, repId: r.repId, label: "failure" });
    }
  }
  window.close();
  return {
    policy,
    conversions,
    expected,
    monthly,
    maxWindowDeviation: window.maxEnd,
    maxLeadDeviation: window.maxLead,
    newRepShare: newRep.leads / newRep.total,
    newRepTarget: newRep.target / newRep.total,
    modelDecided,
  };
}

function flush(events: Event[], now: number, learner: Learner | null): void {
  if (!learner || events.length === 0) return;
  const due = events.filter((e) => e.at <= now).toSorted((a, b) => a.at - b.at);
  if (due.length === 0) return;
  const rest = events.filter((e) => e.at > now);
  events.length = 0;
  events.push(...rest);
  for (const e of due) learner.outcome(e.lead, e.repId, e.label, e.at);
}

const WEIGHTS = new Map(FLOOR_REPS.map((r) => [r.id, r.weight]));
function shareOf(id: string, present: readonly string[]): number {
  if (!present.includes(id)) return 0;
  return WEIGHTS.get(id)! / present.reduce((a, x) => a + WEIGHTS.get(x)!, 0);
}

/** Counts and accrued targets of the current weekly window. */
class Window {
  maxEnd = 0;
  maxLead = 0;
  private start: number | null = null;
  private counts = new Map<string, number>();
  private targets = new Map<string, number>();
  private n = 0;
  constructor(private readonly band: number) {}

  add(start: number, repId: string, present: readonly string[]): void {
    if (this.start !== null && start !== this.start) this.close();
    this.start = start;
    this.n++;
    this.counts.set(repId, (this.counts.get(repId) ?? 0) + 1);
    for (const id of present) this.targets.set(id, (this.targets.get(id) ?? 0) + shareOf(id, present));
    if (this.n >= Math.ceil(2 / this.band)) this.maxLead = Math.max(this.maxLead, this.deviation());
  }

  close(): void {
    if (this.n >= 100) this.maxEnd = Math.max(this.maxEnd, this.deviation());
    this.counts = new Map();
    this.targets = new Map();
    this.n = 0;
  }

  private deviation(): number {
    let worst = 0;
    for (const id of new Set([...this.counts.keys(), ...this.targets.keys()]))
      worst = Math.max(worst, Math.abs((this.counts.get(id) ?? 0) - (this.targets.get(id) ?? 0)) / this.n);
    return worst;
  }
}

export type FloorResult = FloorRun & { gapClosed: number; gapClosedRealised: number; monthlyGap: number[] };

const gap = (x: number, lo: number, hi: number) => (hi === lo ? 0 : (x - lo) / (hi - lo));

/** All four policies over the world of `options.seed`, with the gap each closes. */
export function simulateFloor(options: FloorOptions): FloorResult[] {
  const world = buildFloor(options.seed);
  const runs = FLOOR_POLICIES.map((p) => runFloorPolicy(world, p, options));
  const rr = runs[0]!;
  const oracle = runs[3]!;
  return runs.map((r) => ({
    ...r,
    gapClosed: gap(r.expected, rr.expected, oracle.expected),
    gapClosedRealised: gap(r.conversions, rr.conversions, oracle.conversions),
    monthlyGap: r.monthly.map((m, i) => gap(m, rr.monthly[i]!, oracle.monthly[i]!)),
  }));
}
