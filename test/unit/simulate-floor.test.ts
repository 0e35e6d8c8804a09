import { describe, expect, it } from "vitest";
import { FLOOR_REPS, buildFloor, trueRate } from "../../scripts/floor-world";
import { runFloorPolicy } from "../../scripts/floor-run";
import { segmentLearner } from "../../scripts/floor-learners";

describe("floor simulation world", () => {
  it("is reproducible from its seed and differs between seeds", () => {
    const a = buildFloor(5);
    expect(buildFloor(5)).toEqual(a);
    expect(buildFloor(6).leads[0]).not.toEqual(a.leads[0]);
    expect(a.leads).toHaveLength(9000);
  });

  it("converts 2–8% of leads under any rep, with outcomes days to weeks late", () => {
    const world = buildFloor(5);
    for (const rep of FLOOR_REPS) {
      const mean = world.leads.reduce((a, l) => a + trueRate(world, rep, l), 0) / world.leads.length;
      expect(mean).toBeGreaterThanOrEqual(0.02);
      expect(mean).toBeLessThanOrEqual(0.08);
    }
    const delays = world.leads.map((l) => l.successDelay);
    expect(Math.min(...delays)).toBe(2);
    expect(Math.max(...delays)).toBe(40);
  });

  it("measures weighted against targets accrued over who was present, churn included", () => {
    const world = buildFloor(5);
    const run = runFloorPolicy(world, "weighted", { seed: 5, learner: segmentLearner });
    // Smooth weighted round robin is within a lead or two of target at any time.
    expect(run.maxWindowDeviation).toBeLessThan(0.03);
    expect(run.newRepTarget).toBeCloseTo(1 / 11, 2);
  });
});
