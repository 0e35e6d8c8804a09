import type { Candidate } from "./candidates";
import type { Share } from "./fairness";
import { fairnessBand } from "./predictive-band";
import {
  drivers,
  sampleScore,
  scoreReps,
  type FeatureEvidence,
  type FeatureScore,
} from "./predictive-features";
import { posterior, predictiveSettings, sampleBeta, type RepOutcomes } from "./predictive-model";
import { seededRandom, type Random } from "../random";
import type { ChooseInput, PredictiveExplanation, PredictiveSummary } from "./types";

const NONE: RepOutcomes = { successes: 0, failures: 0 };

export type PredictivePick = {
  chosen: Candidate;
  applied: boolean;
  summary: PredictiveSummary;
  /** Per eligible rep id: its estimate, uncertainty, draw and band status. */
  perRep: Map<string, PredictiveExplanation>;
};

type Estimates = {
  perRep: Map<string, PredictiveExplanation>;
  /** The Thompson draws the choice compares (the trace may show them rounded). */
  draws: Map<string, number>;
  observations: number;
  /** Feature model only: each eligible rep's posterior, for the trace's drivers. */
  scores?: Map<string, FeatureScore>;
};

/**
 * Thompson sampling inside the fairness band. Each eligible rep's conversion for the lead is
 * drawn from its posterior, under the feature model when the input carries `evidence`
 * (predictive-features.ts), else the Beta model of the lead's segment; the highest draw among
 * the reps the band allows wins. With no model input, or less evidence than `minObservations`,
 * the weighted choice is returned unchanged, so a team without data behaves exactly as
 * weighted. The draws use a generator seeded from `input.model.seed`, in member order.
 *
 * Churn rule: the band counts each eligible rep's real leads (never calibration credits) since
 * the last change of who is present in the counting window (`restart` on this lead). A window
 * is a run of such stretches, each held to the band from its N₀-th lead, so a rep who joins,
 * leaves or comes back keeps everyone within target ± b of real leads, targets accruing only
 * while a rep is present.
 */
export function choosePredictive(
  input: ChooseInput,
  eligible: readonly Candidate[],
  shares: Map<string, Share>,
  weighted: Candidate,
  restart = false,
): PredictivePick {
  const settings = predictiveSettings(input.team);
  const model = input.model;
  const counts = eligible.map((c) => (restart ? 0 : Math.max(0, c.windowCount - c.bandBase)));
  const totalWeight = eligible.reduce((a, c) => a + c.member.weight, 0);
  const band = fairnessBand(
    counts,
    eligible.map((c) => c.member.weight / totalWeight),
    settings.band,
  );
  const inBand = new Map(eligible.map((c, i) => [c.repId, band.allowed[i]!]));
  const enough = (n: number) => n >= settings.minObservations;
  const estimates = model?.evidence
    ? featureEstimates(model.evidence, eligible, inBand, model.seed, enough, settings.exploration)
    : segmentEstimates(input, eligible, inBand, enough);
  const summary = (applied: boolean, reason: PredictiveSummary["reason"]): PredictiveSummary => ({
    segment: model?.segment ?? null,
    observations: estimates.observations,
    minObservations: settings.minObservations,
    band: settings.band,
    applied,
    reason,
    ...(model
      ? { bandSince: restart || eligible.some((c) => c.bandBase > 0) ? "presence_change" : "window" }
      : {}),
  });
  const { perRep, draws } = estimates;
  if (!model) return { chosen: weighted, applied: false, summary: summary(false, "no_facts"), perRep };
  if (!enough(estimates.observations))
    return { chosen: weighted, applied: false, summary: summary(false, "too_little_data"), perRep };
  let chosen: Candidate | null = null;
  let best = -Infinity;
  for (const c of eligible) {
    if (!inBand.get(c.repId)) continue;
    const draw = draws.get(c.repId)!;
    // Exact ties (rare with continuous draws) go to the weighted choice, then member order.
    if (draw > best || (draw === best && c === weighted)) {
      best = draw;
      chosen = c;
    }
  }
  if (!chosen)
    return { chosen: weighted, applied: false, summary: summary(false, "band_unsatisfiable"), perRep };
  const why = estimates.scores ? { drivers: drivers(estimates.scores, chosen.repId) } : {};
  return { chosen, applied: true, summary: { ...summary(true, "model"), ...why }, perRep };
}

/** The Beta–Binomial per rep × segment (the model before features; the oracle's input). */
function segmentEstimates(
  input: ChooseInput,
  eligible: readonly Candidate[],
  inBand: Map<string, boolean>,
  enough: (n: number) => boolean,
): Estimates {
  const model = input.model;
  const settings = predictiveSettings(input.team);
  const outcomes = (id: string) => model?.outcomes[id] ?? NONE;
  const pooled = sum(eligible.map((c) => outcomes(c.repId)));
  const observations = pooled.successes + pooled.failures;
  const teamAll = model?.repTotals ? sum(Object.values(model.repTotals)) : undefined;
  const random = model && enough(observations) ? seededRandom(model.seed) : null;
  const perRep = new Map<string, PredictiveExplanation>();
  const draws = new Map<string, number>();
  for (const c of eligible) {
    const own = outcomes(c.repId);
    const repAll = model?.repTotals?.[c.repId];
    const post = posterior(
      own,
      { segment: pooled, rep: repAll, team: repAll && teamAll },
      settings.priorStrength,
    );
    const sampled = random ? sampleBeta(post.alpha, post.beta, random) : null;
    if (sampled !== null) draws.set(c.repId, sampled);
    perRep.set(c.repId, {
      successes: own.successes,
      failures: own.failures,
      mean: post.mean,
      sd: post.sd,
      lower: post.lower,
      upper: post.upper,
      sampled,
      inBand: inBand.get(c.repId)!,
    });
  }
  return { perRep, draws, observations };
}

/**
 * The feature model: log-lift draws, reported on the conversion scale for the trace, rates to
 * four significant digits (the trace is stored with the lead twice, in the team object and in
 * D1: full doubles made it half as large again). The choice compares the unrounded draws.
 */
function featureEstimates(
  evidence: FeatureEvidence,
  eligible: readonly Candidate[],
  inBand: Map<string, boolean>,
  seed: number,
  enough: (n: number) => boolean,
  exploration: number,
): Estimates {
  const scores = scoreReps(
    evidence,
    eligible.map((c) => c.repId),
  );
  const observations = round(evidence.team["*"]?.e ?? 0);
  const random: Random | null = enough(observations) ? seededRandom(seed) : null;
  const perRep = new Map<string, PredictiveExplanation>();
  const draws = new Map<string, number>();
  for (const c of eligible) {
    const s = scores.get(c.repId)!;
    const rate = (x: number) => Math.min(1, s.base * Math.exp(x));
    const sampled = random ? rate(sampleScore(s, random, exploration)) : null;
    if (sampled !== null) draws.set(c.repId, sampled);
    perRep.set(c.repId, {
      successes: round(s.successes),
      failures: round(Math.max(0, s.exposure - s.successes)),
      mean: significant(rate(s.mean)),
      sd: significant(rate(s.mean) * s.sd),
      lower: significant(rate(s.mean - 1.6449 * s.sd)),
      upper: significant(rate(s.mean + 1.6449 * s.sd)),
      sampled: sampled === null ? null : significant(sampled),
      inBand: inBand.get(c.repId)!,
      effects: s.effects
        .toSorted((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
        .slice(0, 3)
        .map((e) => ({ feature: e.feature, effect: round(e.effect) })),
    });
  }
  return { perRep, draws, observations, scores };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** `x` to four significant digits (monotone, so the trace's lower ≤ mean ≤ upper still holds). */
function significant(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 10 ** (3 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}

function sum(list: readonly RepOutcomes[]): RepOutcomes {
  return list.reduce(
    (acc, o) => ({ successes: acc.successes + o.successes, failures: acc.failures + o.failures }),
    { successes: 0, failures: 0 },
  );
}
