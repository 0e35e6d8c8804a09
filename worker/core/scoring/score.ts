import type { ScoringConfig } from "../config-doc";
import type { LeadFacts } from "../lead-facts/types";
import { compileCondition, type CompiledCondition, type ConditionContext } from "../routing/condition";

/** A lead's score, its tier and which scoring rules added what. */
export type ScoreResult = {
  score: number;
  /** The tier with the highest minScore not above the score, or null when below every tier. */
  tier: string | null;
  /** Every scoring rule in config order; `points` is what it added (0 when it did not match). */
  breakdown: { ruleId: string; matched: boolean; points: number }[];
};

type CompiledScoring = {
  rules: { id: string; points: number; when: CompiledCondition }[];
  tiers: { name: string; minScore: number }[];
};

const EMPTY_CONTEXT: ConditionContext = { regions: new Map(), territories: new Map() };
const compiled = new WeakMap<ScoringConfig, WeakMap<ConditionContext, CompiledScoring>>();

function compile(scoring: ScoringConfig, ctx: ConditionContext): CompiledScoring {
  let byCtx = compiled.get(scoring);
  if (!byCtx) compiled.set(scoring, (byCtx = new WeakMap()));
  let c = byCtx.get(ctx);
  if (!c) {
    c = {
      rules: scoring.rules.map((r) => ({ id: r.id, points: r.points, when: compileCondition(r.when, ctx) })),
      // Sorted copy, highest first: the input is never reordered.
      tiers: scoring.tiers.toSorted((a, b) => b.minScore - a.minScore),
    };
    byCtx.set(ctx, c);
  }
  return c;
}

/**
 * Scores a lead: every scoring rule whose condition holds adds its points (conditions use
 * the routing operators, see routing/condition.ts). Pure; compiled once per scoring config.
 * `ctx` supplies region and territory definitions for `in_region`/`in_territory`.
 */
export function scoreLead(
  facts: LeadFacts,
  scoring: ScoringConfig,
  ctx: ConditionContext = EMPTY_CONTEXT,
): ScoreResult {
  const c = compile(scoring, ctx);
  let score = 0;
  const breakdown = c.rules.map((r) => {
    const matched = r.when(facts) === null;
    if (matched) score += r.points;
    return { ruleId: r.id, matched, points: matched ? r.points : 0 };
  });
  const tier = c.tiers.find((t) => score >= t.minScore)?.name ?? null;
  return { score, tier, breakdown };
}
