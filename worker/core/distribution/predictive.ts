import type { Candidate } from "./candidates";
import type { Share } from "./fairness";
import { fairnessBand } from "./predictive-band";
import { drivers, type FeatureEvidence, type FeatureScore } from "./predictive-features";
import { packPrediction, round, wordPrediction, type PackedPrediction } from "./predictive-trace";
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
  /** Instead of `perRep` and the drivers when the input asked for `packTrace`. */
  packed?: PackedPrediction;
};

type Estimates = {
  perRep: Map<string, PredictiveExplanation>;
  /** The Thompson draws the choice compares (the trace may show them rounded). */
  draws: Map<string, number>;
  observations: number;
  /** Feature model only: each eligible rep's posterior, for the trace's drivers. */
  scores?: Map<string, FeatureScore>;
  /** Feature model, packed for the caller to word: `perRep` is then empty. */
  packed?: PackedPrediction;
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
    ? featureEstimates(
        model.evidence,
        eligible,
        inBand,
        model.seed,
        enough,
        settings.exploration,
        model.packTrace === true,
      )
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
  const packed = estimates.packed ? { packed: estimates.packed } : {};
  if (!model) return { chosen: weighted, applied: false, summary: summary(false, "no_facts"), perRep };
  if (!enough(estimates.observations))
    return {
      chosen: weighted,
      applied: false,
      summary: summary(false, "too_little_data"),
      perRep,
      ...packed,
    };
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
    return {
      chosen: weighted,
      applied: false,
      summary: summary(false, "band_unsatisfiable"),
      perRep,
      ...packed,
    };
  const why = estimates.scores ? { drivers: drivers(estimates.scores, chosen.repId) } : {};
  return { chosen, applied: true, summary: { ...summary(true, "model"), ...why }, perRep, ...packed };
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
 * The feature model's estimates: packed (the team object: its caller words them, see
 * predictive-trace.ts) or worded here. The choice compares the unrounded draws either way.
 */
function featureEstimates(
  evidence: FeatureEvidence,
  eligible: readonly Candidate[],
  inBand: Map<string, boolean>,
  seed: number,
  enough: (n: number) => boolean,
  exploration: number,
  pack: boolean,
): Estimates {
  const observations = round(evidence.team["*"]?.e ?? 0);
  const random: Random | null = enough(observations) ? seededRandom(seed) : null;
  const { packed, draws } = packPrediction(evidence, eligible, inBand, random, exploration);
  if (pack) return { perRep: new Map(), draws, observations, packed };
  const worded = wordPrediction(
    packed,
    evidence.features,
    eligible.map((c) => c.repId),
  );
  return { perRep: worded.perRep, draws, observations, scores: worded.scores };
}

function sum(list: readonly RepOutcomes[]): RepOutcomes {
  return list.reduce(
    (acc, o) => ({ successes: acc.successes + o.successes, failures: acc.failures + o.failures }),
    { successes: 0, failures: 0 },
  );
}
