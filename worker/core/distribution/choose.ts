import type { DistributionMode } from "../config-doc";
import { evaluateCandidates, isAbsent, type Candidate } from "./candidates";
import { weightedShares, type Share } from "./fairness";
import { choosePredictive } from "./predictive";
import { recordAssignment } from "./state";
import type { AppliedMode, CandidateExplanation, ChooseInput, ChooseResult } from "./types";

// Shortfalls are sums of fractions; differences below this are ties, not preferences.
const EPSILON = 1e-9;

/**
 * Picks the rep for one lead under the team's distribution mode. Pure: it reads `now` from
 * the input, does no I/O and never mutates the input; the new state comes back in `next`.
 *
 * - round_robin: the eligible member whose last turn is oldest, never-assigned first in
 *   member order. With everyone eligible this is strict rotation; a skipped rep keeps its
 *   place and gets the first lead once it is eligible again.
 * - weighted (and availability): largest shortfall against the weighted target; ties to
 *   higher priority, then oldest last turn.
 * - least_loaded: fewest open leads; ties as in weighted.
 * - predictive: Thompson sampling over each rep's conversion in the lead's segment, among
 *   the reps the fairness band allows (see predictive.ts); the weighted choice without data.
 */
export function chooseRep(input: ChooseInput): ChooseResult {
  const candidates = evaluateCandidates(input);
  const shares = weightedShares(candidates, input.team.distribution.calibration);
  let mode = appliedMode(input.team.distribution.mode);
  let explanation = candidates.map((c) => explain(c, shares.get(c.repId)!));
  const eligible = candidates.filter((c) => c.reasons.length === 0);
  if (eligible.length === 0) return { ok: false, reason: "no_eligible_rep", mode, explanation };
  let chosen = eligible.reduce((best, c) => (better(c, best, mode, shares) ? c : best));
  let summary;
  let packed;
  let restart = false;
  if (input.team.distribution.mode === "predictive") {
    restart = presenceChanged(input, candidates);
    const pick = choosePredictive(input, eligible, shares, chosen, restart);
    chosen = pick.chosen;
    summary = pick.summary;
    if (pick.applied) mode = "predictive";
    packed = pick.packed;
    // Packed for the caller to word: nothing to add to the candidates here.
    if (pick.perRep.size)
      explanation = explanation.map((e) => {
        const p = pick.perRep.get(e.repId);
        return p ? { ...e, predictive: p } : e;
      });
  }
  const next = recordAssignment(input.state, candidates, shares, chosen.repId, input.now, restart);
  return {
    ok: true,
    repId: chosen.repId,
    mode,
    explanation,
    next,
    ...(summary ? { predictive: summary } : {}),
    ...(packed ? { packed } : {}),
  };
}

/**
 * The pick at booking time for an availability team: the weighted rule among the members
 * free at the chosen slot. `freeRepIds` comes from scheduling; anyone else is "excluded".
 */
export function pickForSlot(input: ChooseInput & { freeRepIds: readonly string[] }): ChooseResult {
  const free = new Set(input.freeRepIds);
  const busy = input.team.members.map((m) => m.repId).filter((id) => !free.has(id));
  const team = { ...input.team, distribution: { ...input.team.distribution, mode: "weighted" as const } };
  return chooseRep({ ...input, team, excludeRepIds: [...(input.excludeRepIds ?? []), ...busy] });
}

/**
 * The churn rule's trigger: a member who was away at the last assignment is present now, one
 * who was present is away (inactive, OOO, not in the config), or a rep left the team. Caps and
 * working hours are routine and do not count.
 */
function presenceChanged(input: ChooseInput, candidates: readonly Candidate[]): boolean {
  if (candidates.some((c) => c.returning !== isAbsent(c))) return true;
  const members = new Set(candidates.map((c) => c.repId));
  return Object.entries(input.state.reps).some(([id, r]) => !members.has(id) && !r.away);
}

/** The rule that runs for a configured mode. */
export function appliedMode(mode: DistributionMode): AppliedMode {
  if (mode === "round_robin" || mode === "least_loaded") return mode;
  // availability picks at booking through pickForSlot; at intake it has no slot yet, so it
  // uses the weighted rule. predictive starts from the weighted rule (its fairness band's
  // centre); chooseRep reports "predictive" once the model made the pick.
  return "weighted";
}

function better(a: Candidate, b: Candidate, mode: AppliedMode, shares: Map<string, Share>): boolean {
  if (mode === "round_robin") return byTurn(a, b) < 0;
  if (mode === "least_loaded") {
    if (a.open !== b.open) return a.open < b.open;
  } else {
    const diff = shares.get(a.repId)!.shortfall! - shares.get(b.repId)!.shortfall!;
    if (Math.abs(diff) > EPSILON) return diff > 0;
  }
  if (a.member.priority !== b.member.priority) return a.member.priority > b.member.priority;
  return byTurn(a, b) < 0;
}

/** Oldest last turn first (never = 0), then member order. */
function byTurn(a: Candidate, b: Candidate): number {
  return a.lastSeq - b.lastSeq || a.index - b.index;
}

function explain(c: Candidate, share: Share): CandidateExplanation {
  return {
    repId: c.repId,
    eligible: c.reasons.length === 0,
    ineligibleReasons: c.reasons,
    weight: c.member.weight,
    priority: c.member.priority,
    target: share.target,
    actual: c.windowCount,
    shortfall: share.shortfall,
    calibration: share.calibration,
    dayCount: c.dayCount,
    weekCount: c.weekCount,
    ...(c.outside ? { outside: c.outside } : {}),
    open: c.open,
    lastAssignedAt: c.lastAssignedAt,
  };
}
