import { describe, expect, it } from "vitest";
import type { ScoringConfig } from "../../worker/core/config-doc";
import { conditionContext } from "../../worker/core/routing";
import { scoreLead } from "../../worker/core/scoring";

const scoring: ScoringConfig = {
  rules: [
    { id: "big", when: { fact: "employees", op: "gte", value: 1000 }, points: 30 },
    { id: "paid", when: { fact: "utm.medium", op: "in", value: ["cpc", "paid"] }, points: 20 },
    { id: "free", when: { fact: "is_free_email", op: "eq", value: true }, points: -25 },
    { id: "dach", when: { fact: "country", op: "in_region", value: "dach" }, points: 5 },
  ],
  tiers: [
    { name: "warm", minScore: 20 },
    { name: "hot", minScore: 50 },
    { name: "cold", minScore: -10 },
  ],
};
const ctx = conditionContext({
  regions: [{ id: "dach", name: "DACH", countries: ["DE", "AT", "CH"] }],
  territories: [],
});

describe("scoreLead", () => {
  it("adds the points of every matching rule and picks the highest tier reached", () => {
    const r = scoreLead({ employees: 5000, "utm.medium": "CPC", country: "DE" }, scoring, ctx);
    expect(r).toEqual({
      score: 55,
      tier: "hot",
      breakdown: [
        { ruleId: "big", matched: true, points: 30 },
        { ruleId: "paid", matched: true, points: 20 },
        { ruleId: "free", matched: false, points: 0 },
        { ruleId: "dach", matched: true, points: 5 },
      ],
    });
  });

  it.each([
    [{ employees: 1000 }, 30, "warm"],
    [{ "utm.medium": "paid", is_free_email: true }, -5, "cold"],
    [{ is_free_email: true }, -25, null],
    [{}, 0, "cold"],
  ])("scores %j as %d (%s)", (facts, score, tier) => {
    expect(scoreLead(facts, scoring, ctx)).toMatchObject({ score, tier });
  });

  it("scores nothing with no rules and no tiers", () => {
    expect(scoreLead({ employees: 5 }, { rules: [], tiers: [] })).toEqual({
      score: 0,
      tier: null,
      breakdown: [],
    });
  });

  it("never reorders the tiers it is given", () => {
    const frozen = Object.freeze({
      rules: scoring.rules,
      tiers: Object.freeze([...scoring.tiers]),
    }) as ScoringConfig;
    expect(() => scoreLead({}, frozen)).not.toThrow();
    expect(frozen.tiers.map((t) => t.name)).toEqual(["warm", "hot", "cold"]);
  });
});
