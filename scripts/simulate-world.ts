/**
 * A seeded synthetic world for the predictive distribution mode: hidden true conversion
 * rates per rep × segment, a lead stream with a realistic segment mix, and outcomes that
 * are reported some days after the lead. Every policy runs over the *same* stream through
 * the same pure chooser (`chooseRep`), and a lead converts iff its pre-drawn uniform is below
 * the true rate of the rep it went to (common random numbers, so policies differ only by
 * their choices). No I/O: `npm run simulate` prints it, test/unit/simulate.test.ts checks it.
 */
import { repSchema, teamSchema, type Rep, type Team } from "../worker/core/config-doc";
import {
  chooseRep,
  dayOf,
  featureKeys,
  predictiveSettings,
  seededRandom,
  segmentKey,
  type RepOutcomes,
  type TeamState,
} from "../worker/core/distribution";
import { EvidenceTable } from "../worker/team/evidence-table";

export type Policy = "round_robin" | "weighted" | "predictive" | "oracle";
export const POLICIES: readonly Policy[] = ["round_robin", "weighted", "predictive", "oracle"];

export type SimulationOptions = {
  seed: number;
  leads: number;
  /** Fairness band of the predictive and oracle policies. */
  band?: number;
  /** Outcomes are reported between 0 and this many leads later (about 4 days at the default). */
  maxDelay?: number;
  /** The predictive policy's model: the feature model (default) or the pre-issue-23 segment model. */
  model?: "features" | "segments";
};

export type PolicyResult = {
  policy: Policy;
  conversions: number;
  /** Σ true rate of the chosen rep: conversions without the coin flips' noise. */
  expected: number;
  /** (conversions − round robin) / (oracle − round robin). */
  liftShare: number | null;
  /** The same on expected conversions. */
  expectedLiftShare: number | null;
  /** Per rep: final share of leads minus weighted target share (signed). */
  shareDeviation: Record<string, number>;
  /** Largest |share − target| of any rep at the end of any counting window, or the run. */
  maxWindowDeviation: number;
  /** Leads the model decided (predictive and oracle). */
  modelDecided: number;
};

const REPS: { id: string; weight: number; skill: number; region: string; size: string }[] = [
  { id: "ana", weight: 2, skill: 0.35, region: "EMEA", size: "≥250" },
  { id: "ben", weight: 2, skill: 0.0, region: "NA", size: "<50" },
  { id: "chi", weight: 1.5, skill: -0.1, region: "APAC", size: "50–250" },
  { id: "dev", weight: 1, skill: 0.2, region: "NA", size: "≥250" },
  { id: "eva", weight: 1, skill: -0.3, region: "EMEA", size: "<50" },
  { id: "fay", weight: 1, skill: -0.15, region: "NA", size: "50–250" },
];
const TIERS = [
  { value: "A", weight: 0.2, logit: -0.4 },
  { value: "B", weight: 0.35, logit: -1.2 },
  { value: "C", weight: 0.45, logit: -2.0 },
];
const REGIONS = [
  { value: "NA", weight: 0.5 },
  { value: "EMEA", weight: 0.35 },
  { value: "APAC", weight: 0.15 },
];
const SIZES = [
  { employees: 20, weight: 0.5 },
  { employees: 120, weight: 0.3 },
  { employees: 2000, weight: 0.2 },
];
// The world's cells: tier × region × company size. The team's model segments by region ×
// size only (tier moves every rep's conversion alike, so it says little about who is best).
const CELLS = [{ fact: "tier" }, { fact: "region" }, { fact: "employees", bands: [50, 250] }];
const SEGMENTS = [{ fact: "region" }, { fact: "employees", bands: [50, 250] }];
const START = Date.parse("2026-03-02T00:00:00Z");
// About 140 leads a day: 5,000 leads span five weekly counting windows.
const LEAD_GAP_MS = 10 * 60_000;

type Lead = {
  facts: { tier: string; region: string; employees: number };
  /** The world's cell (hidden rates) and the model's segment of the lead. */
  cell: string;
  segment: string;
  u: number;
  delay: number;
};

/** The hidden truth: a rep's conversion for a lead, from tier, skill and specialisms. */
function trueRate(world: World, repId: string, cell: string): number {
  return world.rates.get(`${repId}/${cell}`)!;
}

type World = { reps: Rep[]; rates: Map<string, number>; leads: Lead[] };

function pick<T extends { weight: number }>(items: readonly T[], u: number): T {
  let acc = 0;
  for (const item of items) if (u < (acc += item.weight)) return item;
  return items[items.length - 1]!;
}

/** The world for a seed: the same seed gives the same rates, leads and delays. */
export function buildWorld(options: SimulationOptions): World {
  const random = seededRandom(options.seed);
  const maxDelay = options.maxDelay ?? 600;
  const reps = REPS.map((r) =>
    repSchema.parse({
      id: r.id,
      name: r.id,
      email: `${r.id}@example.com`,
      timezone: "UTC",
      workingHours: allWeek(),
    }),
  );
  const rates = new Map<string, number>();
  for (const tier of TIERS)
    for (const region of REGIONS)
      for (const size of SIZES) {
        const facts = { tier: tier.value, region: region.value, employees: size.employees };
        const cell = segmentKey(CELLS, facts);
        for (const r of REPS) {
          const sizeBand = cell.split("employees=")[1];
          // Specialists convert their own region and company size better; noise per cell.
          const logit =
            tier.logit +
            r.skill +
            (r.region === region.value ? 0.5 : -0.1) +
            (r.size === sizeBand ? 0.4 : 0) +
            (random() - 0.5) * 0.6;
          rates.set(`${r.id}/${cell}`, 1 / (1 + Math.exp(-logit)));
        }
      }
  const leads: Lead[] = Array.from({ length: options.leads }, () => {
    const facts = {
      tier: pick(TIERS, random()).value,
      region: pick(REGIONS, random()).value,
      employees: pick(SIZES, random()).employees,
    };
    return {
      facts,
      cell: segmentKey(CELLS, facts),
      segment: segmentKey(SEGMENTS, facts),
      u: random(),
      delay: Math.floor(random() * maxDelay),
    };
  });
  return { reps, rates, leads };
}

function allWeek() {
  const day = [{ start: "00:00", end: "24:00" }];
  return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
}

function teamFor(policy: Policy, band: number): Team {
  const mode = policy === "round_robin" ? "round_robin" : policy === "weighted" ? "weighted" : "predictive";
  return teamSchema.parse({
    id: "sim",
    name: "Simulated team",
    timezone: "UTC",
    members: REPS.map((r) => ({ repId: r.id, weight: r.weight })),
    distribution: {
      mode,
      countingWindow: "week",
      ...(mode === "predictive"
        ? { fairnessBand: band, predictive: { segments: SEGMENTS, minObservations: 20, priorStrength: 2 } }
        : {}),
    },
  });
}

/** Runs one policy over the world's stream. */
export function runPolicy(
  world: World,
  policy: Policy,
  band: number,
  seed: number,
  modelName: SimulationOptions["model"],
): Omit<PolicyResult, "liftShare" | "expectedLiftShare"> {
  const team = teamFor(policy, band);
  const totalWeight = REPS.reduce((a, r) => a + r.weight, 0);
  const target = new Map(REPS.map((r) => [r.id, r.weight / totalWeight]));
  // The oracle knows the true rates: a posterior with a billion pseudo-outcomes at them.
  const known = (cell: string) =>
    Object.fromEntries(
      REPS.map((r) => {
        const p = trueRate(world, r.id, cell);
        return [r.id, { successes: p * 1e9, failures: (1 - p) * 1e9 }];
      }),
    );
  const settings = predictiveSettings(team);
  const table = new EvidenceTable(settings.evidence);
  const featuresOf = (lead: Lead) => featureKeys(settings.features, settings.autoFeatures, lead.facts);
  const learned = new Map<string, Record<string, RepOutcomes>>();
  const repTotals: Record<string, RepOutcomes> = {};
  const reveals: {
    id: string;
    segment: string;
    repId: string;
    success: boolean;
    lead: Lead;
    at: number;
  }[][] = world.leads.map(() => []);
  const total = new Map<string, number>();
  let window = new Map<string, number>();
  let windowStart: number | null = null;
  let maxWindowDeviation = 0;
  const closeWindow = () => {
    const n = [...window.values()].reduce((a, c) => a + c, 0);
    if (n >= 100)
      for (const r of REPS)
        maxWindowDeviation = Math.max(
          maxWindowDeviation,
          Math.abs((window.get(r.id) ?? 0) / n - target.get(r.id)!),
        );
  };
  let state: TeamState = { seq: 0, reps: {} };
  let conversions = 0;
  let expected = 0;
  let modelDecided = 0;
  world.leads.forEach((lead, i) => {
    for (const o of reveals[i]!) {
      const seg = (learned.get(o.segment) ?? learned.set(o.segment, {}).get(o.segment))!;
      const prev = seg[o.repId] ?? { successes: 0, failures: 0 };
      seg[o.repId] = add(prev, o.success);
      repTotals[o.repId] = add(repTotals[o.repId] ?? { successes: 0, failures: 0 }, o.success);
      table.setLead(o.id, {
        repId: o.repId,
        features: featuresOf(o.lead),
        day: dayOf(o.at),
        label: o.success ? "success" : "failure",
      });
      if (o.success) table.addDelay(dayOf(o.at), dayOf(START + i * LEAD_GAP_MS) - dayOf(o.at));
    }
    const now = START + i * LEAD_GAP_MS;
    const features = policy === "predictive" && modelName !== "segments" ? featuresOf(lead) : null;
    const model =
      policy === "oracle"
        ? { segment: lead.cell, outcomes: known(lead.cell), seed: seed ^ i }
        : policy === "predictive"
          ? {
              segment: lead.segment,
              outcomes: learned.get(lead.segment) ?? {},
              repTotals,
              seed: seed ^ i,
              ...(features
                ? {
                    evidence: table.evidence(features, now),
                  }
                : {}),
            }
          : undefined;
    const r = chooseRep({ team, reps: world.reps, state, now, orgTimezone: "UTC", model });
    if (!r.ok) throw new Error("every simulated rep is always eligible");
    const ws = r.next.reps[r.repId]!.windowStart;
    if (windowStart !== null && ws !== windowStart) {
      closeWindow();
      window = new Map();
    }
    windowStart = ws;
    state = r.next;
    if (r.predictive?.applied) modelDecided++;
    total.set(r.repId, (total.get(r.repId) ?? 0) + 1);
    window.set(r.repId, (window.get(r.repId) ?? 0) + 1);
    const rate = trueRate(world, r.repId, lead.cell);
    expected += rate;
    const success = lead.u < rate;
    if (success) conversions++;
    const at = i + 1 + lead.delay;
    table.setLead(String(i), { repId: r.repId, features: featuresOf(lead), day: dayOf(now), label: null });
    if (at < world.leads.length)
      reveals[at]!.push({ id: String(i), segment: lead.segment, repId: r.repId, success, lead, at: now });
  });
  closeWindow();
  const shareDeviation = Object.fromEntries(
    REPS.map((r) => [r.id, (total.get(r.id) ?? 0) / world.leads.length - target.get(r.id)!]),
  );
  return { policy, conversions, expected, shareDeviation, maxWindowDeviation, modelDecided };
}

function share(x: number, lo: number, hi: number): number | null {
  return hi === lo ? null : (x - lo) / (hi - lo);
}

/** All four policies over one seeded world. */
export function simulate(options: SimulationOptions): PolicyResult[] {
  const world = buildWorld(options);
  const band = options.band ?? 0.1;
  const runs = POLICIES.map((p) => runPolicy(world, p, band, options.seed, options.model));
  const rr = runs.find((r) => r.policy === "round_robin")!;
  const oracle = runs.find((r) => r.policy === "oracle")!;
  return runs.map((r) => ({
    ...r,
    liftShare: share(r.conversions, rr.conversions, oracle.conversions),
    expectedLiftShare: share(r.expected, rr.expected, oracle.expected),
  }));
}

function add(o: RepOutcomes, success: boolean): RepOutcomes {
  return success ? { ...o, successes: o.successes + 1 } : { ...o, failures: o.failures + 1 };
}
