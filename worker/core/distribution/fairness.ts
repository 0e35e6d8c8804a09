import type { Candidate } from "./candidates";

/** Weighted-share arithmetic for one candidate. */
export type Share = { target: number | null; shortfall: number | null; calibration: number };

/**
 * Target shares among the eligible candidates, after calibrating returning ones.
 *
 * With effective count `e_i = actual_i + calibration_i`, `T = Σ e` and `W = Σ weight` over the
 * eligible set, the target after this lead is `(T + 1) · w_i / W` and the shortfall is
 * `target − e_i`. Picking the largest shortfall is smooth weighted round robin; for a fixed
 * eligible set it keeps every rep within `−(1 − 1/k) < target − actual < (k − 1)²/k` of its
 * exact share, for k reps (see test/unit/distribution-property.test.ts for the argument).
 *
 * Calibration ("average"): a rep that joins or comes back from OOO or inactivity is credited
 * up to the team's current count per unit weight, so its missed share is not paid back as a
 * burst of leads. "catch_up" credits nothing, and the rep is owed its whole share.
 */
export function weightedShares(
  candidates: readonly Candidate[],
  mode: "average" | "catch_up",
): Map<string, Share> {
  const eligible = candidates.filter((c) => c.reasons.length === 0);
  const calibrating = (c: Candidate) => mode === "average" && c.returning;
  let baseCount = 0;
  let baseWeight = 0;
  for (const c of eligible) {
    if (calibrating(c)) continue;
    baseCount += c.windowCount + c.calibration;
    baseWeight += c.member.weight;
  }
  const perWeight = baseWeight > 0 ? baseCount / baseWeight : 0;

  const calibration = new Map<string, number>();
  let total = 0;
  let weight = 0;
  for (const c of eligible) {
    const cal = calibrating(c)
      ? Math.max(c.calibration, perWeight * c.member.weight - c.windowCount)
      : c.calibration;
    calibration.set(c.repId, cal);
    total += c.windowCount + cal;
    weight += c.member.weight;
  }

  const shares = new Map<string, Share>();
  for (const c of candidates) {
    const cal = calibration.get(c.repId);
    if (cal === undefined) {
      shares.set(c.repId, { target: null, shortfall: null, calibration: c.calibration });
      continue;
    }
    const target = ((total + 1) * c.member.weight) / weight;
    shares.set(c.repId, { target, shortfall: target - (c.windowCount + cal), calibration: cal });
  }
  return shares;
}
