import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairnessBand } from "../../worker/core/distribution";

const EPS = 1e-9;
const weightArb = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.01, max: 100, noNaN: true }));

/** Every rep within ⌊(s − b)T⌋ … ⌈(s + b)T⌉ after lead T. */
function expectInBand(counts: number[], shares: number[], band: number) {
  const t = counts.reduce((a, c) => a + c, 0);
  counts.forEach((c, i) => {
    expect(c).toBeGreaterThanOrEqual(Math.floor((shares[i]! - band) * t + EPS));
    expect(c).toBeLessThanOrEqual(Math.ceil((shares[i]! + band) * t - EPS));
  });
}

describe("predictive fairness band (property)", () => {
  it("always allows someone and keeps every share in the band, whatever the model prefers", () => {
    fc.assert(
      fc.property(
        fc.array(weightArb, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        // The model's preference for each lead: an arbitrary ranking of the reps, standing
        // for any outcome history and any sampled draws.
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }), {
          minLength: 1,
          maxLength: 300,
        }),
        (weights, band, preferences) => {
          const total = weights.reduce((a, w) => a + w, 0);
          const shares = weights.map((w) => w / total);
          const counts = weights.map(() => 0);
          for (const pref of preferences) {
            const { allowed } = fairnessBand(counts, shares, band);
            const options = counts.map((_, i) => i).filter((i) => allowed[i]);
            expect(options.length).toBeGreaterThan(0);
            const pick = options.reduce((best, i) => (pref[i]! > pref[best]! ? i : best));
            counts[pick]! += 1;
            expectInBand(counts, shares, band);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("lets a preferred rep run ahead only up to the band", () => {
    // Two equal reps, b = 0.1, the model always wants rep 0: it gets at most 60% (+ rounding).
    const counts = [0, 0];
    for (let t = 1; t <= 1000; t++) {
      const { allowed } = fairnessBand(counts, [0.5, 0.5], 0.1);
      counts[allowed[0] ? 0 : 1]! += 1;
    }
    expect(counts[0]).toBe(600);
    expect(counts[1]).toBe(400);
  });

  it("with a zero band allows only the reps a weighted schedule could take", () => {
    const counts = [0, 0, 0];
    for (let t = 1; t <= 300; t++) {
      const { allowed } = fairnessBand(counts, [1 / 3, 1 / 3, 1 / 3], 0);
      const pick = allowed.findIndex(Boolean);
      counts[pick]! += 1;
      counts.forEach((c) => expect(Math.abs(c - t / 3)).toBeLessThan(1));
    }
  });

  it("protects a rep about to fall below its floor even when the model never wants it", () => {
    // Weights 3:1:1:1, b = 0.05: reps 1–3 must each keep ≥ ⌊(1/6 − 0.05)·T⌋.
    const shares = [0.5, 1 / 6, 1 / 6, 1 / 6];
    const counts = [0, 0, 0, 0];
    for (let t = 1; t <= 600; t++) {
      const { allowed } = fairnessBand(counts, shares, 0.05);
      const pick = allowed[0] ? 0 : allowed.lastIndexOf(true);
      counts[pick]! += 1;
      expectInBand(counts, shares, 0.05);
    }
    expect(counts[0]).toBe(Math.ceil(0.55 * 600));
  });
});
