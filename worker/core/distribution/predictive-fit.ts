import type { OutcomeLabel } from "./predictive-model";
import type { EvidenceSettings } from "./predictive-evidence";

/**
 * The feature model fitted jointly on the leads themselves (a penalised Poisson regression),
 * in place of one pass over marginal sums per rep × feature:
 *
 *     conversions(lead) ~ Poisson(exposure · e^η),
 *     η = c + Σ_f t_f(v) + a_rep + Σ_f d_rep,f(v)
 *
 * `c + Σ t` is the team's rate for the lead (common to every rep), `a` the rep's overall edge
 * and `d` its edge on each feature value, with the priors of predictive-features.ts. Why joint:
 * predictive routing sends a rep the leads it is good at, so within its leads the facts are
 * correlated (its saas leads are also mostly its region's). A marginal estimate per feature
 * then credits one edge to every correlated fact and counts it several times; the joint fit
 * credits each edge once. Measured on both simulators (docs/predictive.md).
 *
 * Each lead weighs e^(−ln2 · age / halfLifeDays) and counts as one trial once it has an
 * outcome, F(age) of one before (the maturation rule of predictive-evidence.ts). Leads past
 * `memoryDays` are left out. The fit is exact coordinate ascent by groups: within a group
 * (the intercept, one fact's team terms, the reps' `a`, one fact's `d`) every lead touches at
 * most one term, so each term's Newton step is one-dimensional and the group's steps are
 * independent. It starts from the previous fit when given one (the team object keeps it in
 * memory and refits as leads and outcomes come in), else from the priors' means with more
 * passes.
 */

/** One lead as the fit sees it. */
export type FitLead = {
  repId: string;
  features: readonly string[];
  /** UTC day number of the assignment. */
  day: number;
  label: OutcomeLabel | null;
};

/** A fitted term: posterior mean and precision (Laplace approximation, term by term). */
export type FitTerm = { mean: number; precision: number };

export type FeatureFit = {
  /** The team's log-rate for a lead: `intercept` plus `team` of each of its features. */
  intercept: number;
  team: ReadonlyMap<string, number>;
  reps: ReadonlyMap<string, RepFit>;
  /** Decayed, maturity-weighted trials of the whole team. */
  exposure: number;
};

export type RepFit = {
  a: FitTerm;
  d: ReadonlyMap<string, FitTerm>;
  /** Decayed conversions and trials of the rep. */
  successes: number;
  exposure: number;
};

export type FitPriors = { repSd: number; featureSd: number };

// The team terms are fixed effects in spirit: wide priors, only there to keep a fact seen on
// a handful of leads finite. The intercept starts at a 5% conversion.
const TEAM_SD = 1;
const INTERCEPT_SD = 3;
const INTERCEPT_MEAN = Math.log(0.05);
/**
 * Passes over all groups, from the priors (cold) and from the previous fit (warm). Under
 * selective routing the facts within a rep's leads are correlated, and coordinate ascent
 * creeps along such directions, so a cold fit needs more passes; a warm one only has to move
 * by what the new leads and outcomes change.
 */
const COLD_SWEEPS = 8;
const WARM_SWEEPS = 2;
/** Newton steps per term and group (one-dimensional, from the term's current value). */
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
export function fitFeatureModel(
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
