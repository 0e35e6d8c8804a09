import type { EvidenceSettings } from "../../worker/core/distribution/predictive-evidence";
import type { FeatureFit, FitLead, FitPriors, FitTerm } from "../../worker/core/distribution/predictive-fit";

/**
 * The joint fit as it was before the leads were kept as integers (predictive-design.ts): the
 * straightforward version, string keys and all, kept as the reference the fast one must match
 * bit for bit (distribution-predictive-fit.test.ts). Same model, same operations, same order.
 */

const TEAM_SD = 1;
const INTERCEPT_SD = 3;
const INTERCEPT_MEAN = Math.log(0.05);
const COLD_SWEEPS = 8;
const WARM_SWEEPS = 2;
const NEWTON = 4;

type Rows = { w: Float64Array; e: Float64Array; s: Float64Array; eta: Float64Array };
type Group = {
  keys: string[];
  of: Int32Array;
  sd: number;
  mean: number;
  values: Float64Array;
  precision: Float64Array;
};

/** Fits the model on `leads` as of `today`, from `warm` (a previous fit) if given. */
export function referenceFit(
  leads: Iterable<FitLead>,
  today: number,
  settings: EvidenceSettings,
  cdf: readonly number[],
  priors: FitPriors,
  warm?: FeatureFit,
): FeatureFit {
  const { kept, rows } = weigh(leads, today, settings, cdf);
  const facts = [...new Set(kept.flatMap((l) => l.features.map(factOf)))].toSorted();
  const valueOf = (lead: FitLead, fact: string) => lead.features.find((f) => factOf(f) === fact) ?? null;
  const repValue = (fact: string) => (l: FitLead) => {
    const v = valueOf(l, fact);
    return v === null ? null : `${l.repId}\u0000${v}`;
  };
  const dStart = (key: string) => {
    const cut = key.indexOf("\u0000");
    return warm?.reps.get(key.slice(0, cut))?.d.get(key.slice(cut + 1))?.mean ?? 0;
  };
  const intercept = group(
    kept,
    () => "",
    INTERCEPT_SD,
    INTERCEPT_MEAN,
    () => warm?.intercept ?? INTERCEPT_MEAN,
  );
  const team = facts.map((f) =>
    group(
      kept,
      (l) => valueOf(l, f),
      TEAM_SD,
      0,
      (k) => warm?.team.get(k) ?? 0,
    ),
  );
  const a = group(
    kept,
    (l) => l.repId,
    priors.repSd,
    0,
    (id) => warm?.reps.get(id)?.a.mean ?? 0,
  );
  const d = facts.map((f) => group(kept, repValue(f), priors.featureSd, 0, dStart));
  const groups = [intercept, ...team, a, ...d];
  for (const g of groups)
    for (let i = 0; i < kept.length; i++) if (g.of[i]! >= 0) rows.eta[i]! += g.values[g.of[i]!]!;
  const sweeps = warm ? WARM_SWEEPS : COLD_SWEEPS;
  for (let sweep = 0; sweep < sweeps; sweep++) for (const g of groups) step(g, rows);
  return result(kept, rows, intercept, team, a, d);
}

/** The leads inside the memory with their decay weights and trials (the maturation rule). */
function weigh(leads: Iterable<FitLead>, today: number, settings: EvidenceSettings, cdf: readonly number[]) {
  const kept: FitLead[] = [];
  const weights: number[] = [];
  const trials: number[] = [];
  const rate = Math.LN2 / settings.halfLifeDays;
  for (const lead of leads) {
    const age = today - lead.day;
    if (age < 0 || age >= settings.memoryDays) continue;
    const e = lead.label ? 1 : (cdf[age] ?? 1);
    if (e <= 0) continue;
    kept.push(lead);
    weights.push(Math.exp(-rate * age));
    trials.push(e);
  }
  const rows: Rows = {
    w: Float64Array.from(weights),
    e: Float64Array.from(trials),
    s: Float64Array.from(kept, (l) => (l.label === "success" ? 1 : 0)),
    eta: new Float64Array(kept.length),
  };
  return { kept, rows };
}

function factOf(key: string): string {
  const i = key.indexOf("=");
  return i < 0 ? key : key.slice(0, i);
}

/** A group of terms: each lead's term index (−1: none), terms starting at `init`. */
function group(
  leads: readonly FitLead[],
  keyOf: (l: FitLead) => string | null,
  sd: number,
  mean: number,
  init: (key: string) => number,
): Group {
  const index = new Map<string, number>();
  const of = new Int32Array(leads.length);
  leads.forEach((l, i) => {
    const key = keyOf(l);
    if (key === null) {
      of[i] = -1;
      return;
    }
    let k = index.get(key);
    if (k === undefined) index.set(key, (k = index.size));
    of[i] = k;
  });
  const keys = [...index.keys()];
  return {
    keys,
    of,
    sd,
    mean,
    values: Float64Array.from(keys, init),
    precision: new Float64Array(keys.length),
  };
}

/** One exact coordinate step for every term of the group, then the leads' η updated. */
function step(g: Group, rows: Rows): void {
  const m = g.keys.length;
  const observed = new Float64Array(m);
  const expected = new Float64Array(m);
  for (let i = 0; i < g.of.length; i++) {
    const k = g.of[i]!;
    if (k < 0) continue;
    observed[k]! += rows.w[i]! * rows.s[i]!;
    expected[k]! += rows.w[i]! * rows.e[i]! * Math.exp(rows.eta[i]!);
  }
  const p = 1 / (g.sd * g.sd);
  const delta = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    // Maximise s·δ − M·e^δ − p(θ + δ − μ)²/2 over δ.
    let x = 0;
    for (let it = 0; it < NEWTON; it++) {
      const me = expected[k]! * Math.exp(x);
      x += (observed[k]! - me - p * (g.values[k]! + x - g.mean)) / (me + p);
    }
    delta[k] = x;
    g.values[k]! += x;
    g.precision[k] = expected[k]! * Math.exp(x) + p;
  }
  for (let i = 0; i < g.of.length; i++) {
    const k = g.of[i]!;
    if (k >= 0) rows.eta[i]! += delta[k]!;
  }
}

function result(
  leads: readonly FitLead[],
  rows: Rows,
  intercept: Group,
  team: readonly Group[],
  a: Group,
  d: readonly Group[],
): FeatureFit {
  const teamTerms = new Map<string, number>();
  for (const g of team) g.keys.forEach((key, k) => teamTerms.set(key, g.values[k]!));
  const reps = new Map<
    string,
    { a: FitTerm; d: Map<string, FitTerm>; successes: number; exposure: number }
  >();
  a.keys.forEach((id, k) =>
    reps.set(id, {
      a: { mean: a.values[k]!, precision: a.precision[k]! },
      d: new Map(),
      successes: 0,
      exposure: 0,
    }),
  );
  for (const g of d)
    g.keys.forEach((key, k) => {
      const cut = key.indexOf("\u0000");
      reps
        .get(key.slice(0, cut))!
        .d.set(key.slice(cut + 1), { mean: g.values[k]!, precision: g.precision[k]! });
    });
  let exposure = 0;
  leads.forEach((l, i) => {
    const rep = reps.get(l.repId)!;
    rep.successes += rows.w[i]! * rows.s[i]!;
    rep.exposure += rows.w[i]! * rows.e[i]!;
    exposure += rows.w[i]! * rows.e[i]!;
  });
  return { intercept: intercept.values[0] ?? INTERCEPT_MEAN, team: teamTerms, reps, exposure };
}
