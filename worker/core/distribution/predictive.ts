import type { Candidate } from "./candidates";
import type { Share } from "./fairness";
import { fairnessBand } from "./predictive-band";
import { posterior, predictiveSettings, sampleBeta, type RepOutcomes } from "./predictive-model";
import { seededRandom } from "../random";
import type { ChooseInput, PredictiveExplanation, PredictiveSummary } from "./types";

const NONE: RepOutcomes = { successes: 0, failures: 0 };

export type PredictivePick = {
  chosen: Candidate;
  applied: boolean;
  summary: PredictiveSummary;
  /** Per eligible rep id: its estimate, uncertainty, draw and band status. */
  perRep: Map<string, PredictiveExplanation>;
};

/**
 * Thompson sampling inside the fairness band. Each eligible rep's conversion in the lead's
 * segment is drawn from its Beta posterior; the highest draw among the reps the band allows
 * wins. With no model input, or fewer than `minObservations` outcomes in the segment, the
 * weighted choice is returned unchanged, so a team without data behaves exactly as weighted.
 * The draws use a generator seeded from `input.model.seed` and consume it in member order.
 */
export function choosePredictive(
  input: ChooseInput,
  eligible: readonly Candidate[],
  shares: Map<string, Share>,
  weighted: Candidate,
): PredictivePick {
  const settings = predictiveSettings(input.team);
  const model = input.model;
  const outcomes = (id: string) => model?.outcomes[id] ?? NONE;
  const pooled = sum(eligible.map((c) => outcomes(c.repId)));
  const observations = pooled.successes + pooled.failures;
  const teamAll = model?.repTotals ? sum(Object.values(model.repTotals)) : undefined;
  const counts = eligible.map((c) => c.windowCount + shares.get(c.repId)!.calibration);
  const totalWeight = eligible.reduce((a, c) => a + c.member.weight, 0);
  const band = fairnessBand(
    counts,
    eligible.map((c) => c.member.weight / totalWeight),
    settings.band,
  );
  const summary = (applied: boolean, reason: PredictiveSummary["reason"]): PredictiveSummary => ({
    segment: model?.segment ?? null,
    observations,
    minObservations: settings.minObservations,
    band: settings.band,
    applied,
    reason,
  });

  const random = model && observations >= settings.minObservations ? seededRandom(model.seed) : null;
  const perRep = new Map<string, PredictiveExplanation>();
  eligible.forEach((c, i) => {
    const own = outcomes(c.repId);
    const repAll = model?.repTotals?.[c.repId];
    const post = posterior(
      own,
      { segment: pooled, rep: repAll, team: repAll && teamAll },
      settings.priorStrength,
    );
    perRep.set(c.repId, {
      successes: own.successes,
      failures: own.failures,
      mean: post.mean,
      sd: post.sd,
      lower: post.lower,
      upper: post.upper,
      sampled: random ? sampleBeta(post.alpha, post.beta, random) : null,
      inBand: band.allowed[i]!,
    });
  });

  if (!model) return { chosen: weighted, applied: false, summary: summary(false, "no_facts"), perRep };
  if (!random)
    return { chosen: weighted, applied: false, summary: summary(false, "too_little_data"), perRep };
  let chosen: Candidate | null = null;
  let best = -Infinity;
  for (const c of eligible) {
    const e = perRep.get(c.repId)!;
    if (!e.inBand) continue;
    // Exact ties (rare with continuous draws) go to the weighted choice, then member order.
    if (e.sampled! > best || (e.sampled === best && c === weighted)) {
      best = e.sampled!;
      chosen = c;
    }
  }
  if (!chosen)
    return { chosen: weighted, applied: false, summary: summary(false, "band_unsatisfiable"), perRep };
  return { chosen, applied: true, summary: summary(true, "model"), perRep };
}

function sum(list: readonly RepOutcomes[]): RepOutcomes {
  return list.reduce(
    (acc, o) => ({ successes: acc.successes + o.successes, failures: acc.failures + o.failures }),
    { successes: 0, failures: 0 },
  );
}
