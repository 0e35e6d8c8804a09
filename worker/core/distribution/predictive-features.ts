import type { Random } from "../random";
import type { Evidence } from "./predictive-evidence";
import type { FeatureFit } from "./predictive-fit";

/**
 * The predictive feature model: a rep's conversion for a lead as a log-rate
 *
 *     log p(rep, lead) = log base(lead) + a_rep + Σ_f d_rep,f(lead's value of f)
 *
 * where `base` is the team's rate for the lead (common to every rep, so it never changes who
 * is preferred), `a` the rep's overall edge and `d` its edge on each of the lead's features
 * (tier=A, fields.industry=saas, source=webinar, …). Each term has a normal prior centred on
 * zero and is estimated from decayed, maturity-weighted evidence (predictive-evidence.ts) with
 * a Poisson/Laplace approximation: observed log(conversions / expected), precision = expected
 * conversions, combined with the prior's precision. That is hierarchical shrinkage: a rep with
 * little evidence sits at the team, and each feature edge needs evidence of its own before it
 * moves the rep. The team object fits the terms jointly on the leads themselves
 * (predictive-fit.ts, carried in `FeatureEvidence.fit`); without a fit, from the sums per rep ×
 * feature in one backfitting pass: `a` on the rep's leads against the team rate, each `d`
 * against the team's rate in that feature times e^a. The one pass counts an edge once per
 * fact correlated with it in the rep's leads, which selective routing makes common.
 *
 * Thompson sampling draws each rep's log-lift from N(mean, sd²) with the caller's seeded
 * generator, so a decision replays exactly.
 */

/** The evidence the chooser gets for one lead. Keys: "*" (everything) and feature keys. */
export type FeatureEvidence = {
  /** The lead's feature keys, e.g. ["fields.industry=saas", "tier=A"]. */
  features: readonly string[];
  team: Readonly<Record<string, Evidence>>;
  /** Per rep id; a missing rep or key has no evidence. */
  reps: Readonly<Record<string, Readonly<Record<string, Evidence>>>>;
  /** The joint fit (predictive-fit.ts); when present the scores come from it, not the sums. */
  fit?: FeatureFit;
};

/** The model's view of one rep for one lead. */
export type FeatureScore = {
  /** Posterior mean and sd of the rep's log-lift over the team for this lead. */
  mean: number;
  sd: number;
  /** The team's conversion for this lead: the lift's base. */
  base: number;
  /** Decayed conversions and exposure of the rep over all its leads. */
  successes: number;
  exposure: number;
  /** Posterior mean edge per feature of the lead (log-lift), in feature order. */
  effects: { feature: string; effect: number }[];
};

// Prior sd of a rep's overall edge, in log-rate: ±0.4 is a rep who converts 1.5× (or 0.67×)
// the team at one sd, the spread seen between reps on real floors. A feature edge gets ±1.2:
// a specialism (an industry, a source) is often worth 2× where it applies, and at 0.4 the
// prior held such edges back for months at 2–8% conversion. Measured on both simulators
// (docs/predictive.md): 0.8 beat 0.4 on each with the one-pass fit, and 1.0 and 1.2 beat 0.8
// with the joint fit; a prior width estimated from the reps' spread did worse on both (the null
// facts pull it down).
const REP_SD = 0.4;
const FEATURE_SD = 1.2;
// The team rate's prior: 5% on the weight of 20 trials, so a team without outcomes has a rate.
const TEAM_PRIOR_RATE = 0.05;
const TEAM_PRIOR_TRIALS = 20;
const NONE: Evidence = { s: 0, e: 0 };

/** A shrunk log-lift from `s` conversions where `expected` were expected, and its precision. */
function shrink(s: number, expected: number, priorSd: number): { mean: number; precision: number } {
  const precision = expected + 1 / (priorSd * priorSd);
  const observed = Math.log((s + 0.5) / (expected + 0.5));
  return { mean: (expected * observed) / precision, precision };
}

/** The team's rate over all leads, and in one feature (shrunk towards the overall rate). */
function teamRates(ev: FeatureEvidence): { overall: number; byFeature: number[] } {
  const all = ev.team["*"] ?? NONE;
  const overall = (all.s + TEAM_PRIOR_RATE * TEAM_PRIOR_TRIALS) / (all.e + TEAM_PRIOR_TRIALS);
  const byFeature = ev.features.map((f) => {
    const t = ev.team[f] ?? NONE;
    return (t.s + overall * TEAM_PRIOR_TRIALS) / (t.e + TEAM_PRIOR_TRIALS);
  });
  return { overall, byFeature };
}

/** The priors of the joint fit: the same as the one-pass model's. */
export const FIT_PRIORS = { repSd: REP_SD, featureSd: FEATURE_SD } as const;

/** The model's posterior for each rep id in `repIds`, for the lead `ev` describes. */
export function scoreReps(ev: FeatureEvidence, repIds: readonly string[]): Map<string, FeatureScore> {
  if (ev.fit) return fittedScores(ev.fit, ev.features, repIds);
  const rates = teamRates(ev);
  const lift = rates.byFeature.reduce((a, p) => a + Math.log(p / rates.overall), 0);
  const base = Math.min(1, rates.overall * Math.exp(lift));
  const scores = new Map<string, FeatureScore>();
  for (const id of repIds) {
    const own = ev.reps[id] ?? {};
    const all = own["*"] ?? NONE;
    const a = shrink(all.s, all.e * rates.overall, REP_SD);
    let mean = a.mean;
    let variance = 1 / a.precision;
    const effects = ev.features.map((feature, i) => {
      const x = own[feature] ?? NONE;
      const d = shrink(x.s, x.e * rates.byFeature[i]! * Math.exp(a.mean), FEATURE_SD);
      mean += d.mean;
      variance += 1 / d.precision;
      return { feature, effect: d.mean };
    });
    scores.set(id, { mean, sd: Math.sqrt(variance), base, successes: all.s, exposure: all.e, effects });
  }
  return scores;
}

/** Scores from the joint fit; a term the fit never saw sits at its prior (mean 0). */
function fittedScores(fit: FeatureFit, features: readonly string[], repIds: readonly string[]) {
  const teamLog = features.reduce((x, f) => x + (fit.team.get(f) ?? 0), fit.intercept);
  const base = Math.min(1, Math.exp(teamLog));
  const scores = new Map<string, FeatureScore>();
  for (const id of repIds) {
    const rep = fit.reps.get(id);
    let mean = rep?.a.mean ?? 0;
    let variance = rep ? 1 / rep.a.precision : REP_SD * REP_SD;
    const effects = features.map((feature) => {
      const d = rep?.d.get(feature);
      mean += d?.mean ?? 0;
      variance += d ? 1 / d.precision : FEATURE_SD * FEATURE_SD;
      return { feature, effect: d?.mean ?? 0 };
    });
    const successes = rep?.successes ?? 0;
    const exposure = rep?.exposure ?? 0;
    scores.set(id, { mean, sd: Math.sqrt(variance), base, successes, exposure, effects });
  }
  return scores;
}

/**
 * A draw of the rep's log-lift from its posterior tempered by `exploration` (sd × exploration;
 * 1 = plain Thompson sampling, 0 = the posterior mean), Box–Muller on the seeded generator.
 * Tempered because the fairness band already sends every rep at least (s − b) of the leads, so
 * the model keeps learning about all of them without paying for full-width draws.
 */
export function sampleScore(score: FeatureScore, random: Random, exploration = 1): number {
  const u = 1 - random();
  const v = random();
  return score.mean + exploration * score.sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * The features that drove the choice of `chosen`: its edges minus the mean edge of the other
 * eligible reps, largest first (at most `limit`), so the trace can say "industry=saas: +0.41".
 */
export function drivers(
  scores: Map<string, FeatureScore>,
  chosen: string,
  limit = 3,
): { feature: string; effect: number }[] {
  const mine = scores.get(chosen);
  const others = [...scores.entries()].filter(([id]) => id !== chosen).map(([, s]) => s);
  if (!mine) return [];
  const rows = mine.effects.map((e, i) => {
    const rest = others.length ? others.reduce((a, s) => a + s.effects[i]!.effect, 0) / others.length : 0;
    return { feature: e.feature, effect: round(e.effect - rest) };
  });
  return rows.toSorted((x, y) => Math.abs(y.effect) - Math.abs(x.effect)).slice(0, limit);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
