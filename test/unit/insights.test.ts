import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { validateConfig } from "../../worker/core/config-doc";
import { insightTables, rateEstimate, suggestChanges, type InsightLead } from "../../worker/core/insights";

describe("rateEstimate", () => {
  it.each([
    // Beta(1, 1) is uniform: its 90% interval is [0.05, 0.95].
    { s: 0, f: 0, rate: 0.5, lower: 0.05, upper: 0.95 },
    // Beta(1, 21): the 95% quantile is 1 − 0.05^(1/21) = 0.1330.
    { s: 0, f: 20, rate: 1 / 22, lower: 0.00244, upper: 0.133 },
    // Beta(4, 98), about 3% conversion: quantiles from the regularised incomplete beta.
    { s: 3, f: 97, rate: 4 / 102, lower: 0.0137, upper: 0.0738 },
  ])("gives the posterior mean and 90% interval for $s of $f", ({ s, f, rate, lower, upper }) => {
    const e = rateEstimate(s, f);
    expect(e.rate).toBeCloseTo(rate, 6);
    expect(e.lower).toBeCloseTo(lower, 2);
    expect(e.upper).toBeCloseTo(upper, 2);
  });
});

const lead = (i: number, ruleId: string, teamId: string, won: boolean, facts = {}): InsightLead => ({
  leadId: `l${i}`,
  ruleId,
  teamId,
  repId: `rep-${i % 3}`,
  facts,
  label: won ? "success" : "failure",
});

describe("insightTables and suggestChanges", () => {
  const config = (() => {
    const r = validateConfig(demoConfig);
    if (!r.ok) throw new Error("demo config invalid");
    return r.config;
  })();
  const leads = [
    ...Array.from({ length: 20 }, (_, i) => lead(i, "emea-enterprise", "emea-enterprise", false)),
    ...Array.from({ length: 20 }, (_, i) =>
      lead(100 + i, "fallback", "sdr-na", i % 2 === 0, { tier: i < 10 ? "cold" : "hot" }),
    ),
  ];

  it("flags a rule whose interval lies below the other rules' rate, and nothing that does not", () => {
    const t = insightTables(leads);
    expect(t.flags.filter((f) => f.kind === "rule").map((f) => f.ruleId)).toEqual(["emea-enterprise"]);
    expect(insightTables(leads.slice(5)).flags.some((f) => f.ruleId === "fallback")).toBe(false);
  });

  it("does not flag a group with fewer than ten outcomes", () => {
    const few = [...leads.slice(0, 9), ...leads.slice(20)];
    expect(insightTables(few).flags.filter((f) => f.kind === "rule")).toEqual([]);
  });

  it("suggests sending the flagged rule to the team that converts credibly better, as a draft", () => {
    const t = insightTables(leads);
    const [s] = suggestChanges(config, t).filter((x) => x.kind === "destination");
    expect(s).toMatchObject({
      change: { after: { type: "team", teamId: "sdr-na" } },
      expected: { leads: 20 },
    });
    const rule = s!.draft.ruleSets[0]!.rules.find((r) => r.id === "emea-enterprise")!;
    expect(rule.then).toEqual({ type: "team", teamId: "sdr-na" });
    // The input config is never changed.
    expect(config.ruleSets[0]!.rules.find((r) => r.id === "emea-enterprise")!.then).toEqual({
      type: "team",
      teamId: "emea-enterprise",
    });
    expect(validateConfig(s!.draft).ok).toBe(true);
  });
});
