import { describe, expect, it } from "vitest";
import { simulate } from "../../scripts/simulate-world";

describe("simulation harness", () => {
  it("is reproducible from its seed and differs between seeds", () => {
    const a = simulate({ seed: 7, leads: 800 });
    expect(simulate({ seed: 7, leads: 800 })).toEqual(a);
    expect(simulate({ seed: 8, leads: 800 })).not.toEqual(a);
    expect(a.map((r) => r.policy)).toEqual(["round_robin", "weighted", "predictive", "oracle"]);
    expect(a.find((r) => r.policy === "oracle")!.liftShare).toBe(1);
  });

  it("keeps predictive and the oracle inside the fairness band in every window", () => {
    // 1,200 leads at 10 minutes apart span two weekly windows (≥ 100 leads each).
    for (const band of [0.05, 0.1]) {
      const results = simulate({ seed: 3, leads: 1200, band });
      for (const policy of ["predictive", "oracle"] as const) {
        const r = results.find((x) => x.policy === policy)!;
        // The band allows one lead of rounding: |share − target| ≤ b + 1/n, n ≥ 100.
        expect(r.maxWindowDeviation).toBeLessThanOrEqual(band + 1 / 100);
        for (const d of Object.values(r.shareDeviation)) expect(Math.abs(d)).toBeLessThanOrEqual(band + 0.01);
      }
      expect(results.find((x) => x.policy === "oracle")!.modelDecided).toBe(1200);
    }
  });
});
