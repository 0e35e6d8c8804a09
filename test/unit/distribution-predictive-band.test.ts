import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairnessBand, strictFrom } from "../../worker/core/distribution/predictive-band";

const EPS = 1e-9;
const weightArb = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.01, max: 100, noNaN: true }));

/** Strictly inside the band after lead T: ⌈(s − b)T⌉ ≤ count ≤ ⌊(s + b)T⌋, i.e. |share − s| ≤ b. */
function expectStrict(counts: number[], shares: number[], band: number) {
  const t = counts.reduce((a, c) => a + c, 0);
  counts.forEach((c, i) => {
    expect(c).toBeGreaterThanOrEqual(Math.ceil((shares[i]! - band) * t - EPS));
    expect(c).toBeLessThanOrEqual(Math.floor((shares[i]! + band) * t + EPS));
    expect(Math.abs(c / t - shares[i]!)).toBeLessThanOrEqual(band + 1e-12);
  });
}

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

  it("keeps every share within ±b exactly from N₀ = ⌈2/b⌉ leads on, whatever the model prefers", () => {
    fc.assert(
      fc.property(
        fc.array(weightArb, { minLength: 1, maxLength: 8 }),
        fc.oneof(fc.double({ min: 0.02, max: 1, noNaN: true }), fc.constantFrom(0.02, 0.05, 0.1, 0.25, 0.5)),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }), {
          minLength: 1,
          maxLength: 250,
        }),
        (weights, band, preferences) => {
          const total = weights.reduce((a, w) => a + w, 0);
          const shares = weights.map((w) => w / total);
          const counts = weights.map(() => 0);
          const n0 = strictFrom(band);
          expect(n0).toBe(Math.ceil(2 / band - EPS));
          preferences.forEach((pref, n) => {
            const { allowed, strict } = fairnessBand(counts, shares, band);
            const options = counts.map((_, i) => i).filter((i) => allowed[i]);
            expect(options.length).toBeGreaterThan(0);
            const pick = options.reduce((best, i) => (pref[i]! > pref[best]! ? i : best));
            counts[pick]! += 1;
            expectInBand(counts, shares, band);
            // Strict is reported from N₀ on, and sometimes earlier; whenever it is, it holds.
            if (n + 1 >= n0) expect(strict).toBe(true);
            if (strict) expectStrict(counts, shares, band);
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it("goes strict before N₀ when the strict band is already reachable", () => {
    // Two equal reps, b = 0.25 (N₀ = 8): ⌈0.25⌉ > ⌊0.75⌋ rules out lead 1, but from lead 2 on
    // the strict band [⌈T/4⌉, ⌊3T/4⌋] can be kept, and is, against a model that wants rep 0.
    const counts = [0, 0];
    const strictness: boolean[] = [];
    for (let t = 1; t <= 12; t++) {
      const { allowed, strict } = fairnessBand(counts, [0.5, 0.5], 0.25);
      strictness.push(strict);
      counts[allowed[0] ? 0 : 1]! += 1;
      if (t >= 2) expectStrict(counts, [0.5, 0.5], 0.25);
    }
    expect(strictness).toEqual([false, ...Array<boolean>(11).fill(true)]);
    expect(counts).toEqual([9, 3]);
  });

  it("with a zero band never claims the strict band", () => {
    expect(strictFrom(0)).toBe(Infinity);
    expect(fairnessBand([5, 5], [0.5, 0.5], 0).strict).toBe(false);
  });

  it("falls back to the relaxed band when a state outside the strict one is handed in", () => {
    // A mid-window eligibility change: rep 0 already holds 8 of 10 with shares 1/2, b = 0.1.
    // Neither switch is schedulable, so the relaxed floors decide: rep 1 is owed leads.
    const check = fairnessBand([8, 2], [0.5, 0.5], 0.1);
    expect(check.strict).toBe(false);
    expect(check.allowed).toEqual([false, true]);
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
