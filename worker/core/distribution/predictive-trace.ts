import type { Candidate } from "./candidates";
import {
  drivers,
  sampleScore,
  scoreReps,
  type FeatureEvidence,
  type FeatureScore,
} from "./predictive-features";
import type { Random } from "../random";
import type { CandidateExplanation, PredictiveExplanation, PredictiveSummary } from "./types";

/**
 * The feature model's view of one decision, as numbers: per eligible rep (in candidate order)
 * its decayed successes and exposure, the posterior mean and sd of its log-lift, its draw on
 * the conversion scale (NaN: no draw), whether the band allows it, then its edge on each of
 * the lead's feature keys, in the order the caller sent them (so they do not travel back).
 * The team object is the one place a team's decisions queue, so it returns these and the
 * caller words the trace from them (`wordPrediction`, `wordChoice`): one typed array crosses
 * the RPC boundary instead of ~40 small objects, and the rounding, sorting and drivers run in
 * the stateless Worker. Worded, it is exactly what the chooser reports unpacked.
 */
export type PackedPrediction = {
  /** The team's conversion for the lead: the base every rep's lift multiplies. */
  base: number;
  numbers: Float64Array;
};

const SUCCESSES = 0;
const EXPOSURE = 1;
const MEAN = 2;
const SD = 3;
const SAMPLED = 4;
const IN_BAND = 5;
const FIELDS = 6;

/** Scores and draws each eligible rep, in member order on `random` (null: no draws). */
export function packPrediction(
  evidence: FeatureEvidence,
  eligible: readonly Candidate[],
  inBand: ReadonlyMap<string, boolean>,
  random: Random | null,
  exploration: number,
): { packed: PackedPrediction; draws: Map<string, number> } {
  const scores = scoreReps(
    evidence,
    eligible.map((c) => c.repId),
  );
  const stride = FIELDS + evidence.features.length;
  const numbers = new Float64Array(stride * eligible.length);
  const draws = new Map<string, number>();
  let base = 0;
  eligible.forEach((c, i) => {
    const s = scores.get(c.repId)!;
    base = s.base;
    const at = i * stride;
    numbers[at + SUCCESSES] = s.successes;
    numbers[at + EXPOSURE] = s.exposure;
    numbers[at + MEAN] = s.mean;
    numbers[at + SD] = s.sd;
    numbers[at + SAMPLED] = NaN;
    if (random) {
      const draw = Math.min(1, s.base * Math.exp(sampleScore(s, random, exploration)));
      draws.set(c.repId, draw);
      numbers[at + SAMPLED] = draw;
    }
    numbers[at + IN_BAND] = inBand.get(c.repId) ? 1 : 0;
    s.effects.forEach((e, f) => (numbers[at + FIELDS + f] = e.effect));
  });
  return { packed: { base, numbers }, draws };
}

/**
 * The trace of a packed prediction, per eligible rep id (`repIds` in candidate order): rates
 * to four significant digits (the trace is stored with the lead: full doubles made it half as
 * large again), counts to three decimals, the three largest edges; and the posteriors, for
 * `drivers`.
 */
export function wordPrediction(
  packed: PackedPrediction,
  features: readonly string[],
  repIds: readonly string[],
): { perRep: Map<string, PredictiveExplanation>; scores: Map<string, FeatureScore> } {
  const { base, numbers } = packed;
  const stride = FIELDS + features.length;
  const perRep = new Map<string, PredictiveExplanation>();
  const scores = new Map<string, FeatureScore>();
  repIds.forEach((id, i) => {
    const at = i * stride;
    const mean = numbers[at + MEAN]!;
    const sd = numbers[at + SD]!;
    const successes = numbers[at + SUCCESSES]!;
    const exposure = numbers[at + EXPOSURE]!;
    const sampled = numbers[at + SAMPLED]!;
    const effects = features.map((feature, f) => ({ feature, effect: numbers[at + FIELDS + f]! }));
    scores.set(id, { mean, sd, base, successes, exposure, effects });
    const rate = (x: number) => Math.min(1, base * Math.exp(x));
    perRep.set(id, {
      successes: round(successes),
      failures: round(Math.max(0, exposure - successes)),
      mean: significant(rate(mean)),
      sd: significant(rate(mean) * sd),
      lower: significant(rate(mean - 1.6449 * sd)),
      upper: significant(rate(mean + 1.6449 * sd)),
      sampled: Number.isNaN(sampled) ? null : significant(sampled),
      inBand: numbers[at + IN_BAND] === 1,
      effects: effects
        .toSorted((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
        .slice(0, 3)
        .map((e) => ({ feature: e.feature, effect: round(e.effect) })),
    });
  });
  return { perRep, scores };
}

/**
 * A chooser's (or team object's) answer with its packed prediction worded into the
 * explanation's candidates and the summary's drivers, as `chooseRep` words it unpacked;
 * `features` are the lead's feature keys the decision was asked with.
 */
export function wordChoice<
  T extends {
    explanation: CandidateExplanation[];
    predictive?: PredictiveSummary;
    packed?: PackedPrediction;
    repId?: string;
  },
>(answer: T, features: readonly string[]): Omit<T, "packed"> {
  const { packed, ...rest } = answer;
  if (!packed) return rest;
  const ids = rest.explanation.filter((e) => e.eligible).map((e) => e.repId);
  const { perRep, scores } = wordPrediction(packed, features, ids);
  const explanation = rest.explanation.map((e) => {
    const p = perRep.get(e.repId);
    return p ? { ...e, predictive: p } : e;
  });
  const summary = rest.predictive;
  const applied = summary?.applied && rest.repId !== undefined;
  const predictive = applied ? { ...summary, drivers: drivers(scores, rest.repId!) } : summary;
  return { ...rest, explanation, ...(predictive ? { predictive } : {}) };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** `x` to four significant digits (monotone, so the trace's lower ≤ mean ≤ upper still holds). */
function significant(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 10 ** (3 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}
