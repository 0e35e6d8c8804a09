import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseRep,
  mergeLabel,
  outcomeLabel,
  segmentKey,
  type RepOutcomes,
  type TeamState,
} from "../../worker/core/distribution";
import { strictFrom } from "../../worker/core/distribution/predictive-band";
import { EMPTY, MONDAY, rep, team } from "./distribution-fixtures";

const START = Date.parse("2026-03-02T12:00:00Z");
const DAY = 86_400_000;
const EPS = 1e-9;
const weightArb = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.01, max: 100, noNaN: true }));
const outcomesArb = fc.record({ successes: fc.nat(200), failures: fc.nat(200) });

describe("predictive mode without data", () => {
  it("makes exactly the weighted choice, lead for lead, with or without thin data", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: weightArb, priority: fc.integer({ min: -2, max: 2 }) }), {
          minLength: 1,
          maxLength: 7,
        }),
        fc.array(fc.integer({ min: 0, max: 40 * DAY }), { minLength: 1, maxLength: 120 }),
        fc.boolean(),
        (members, offsets, thin) => {
          const ids = members.map((_, i) => `r${i}`);
          const spec = members.map((m, i) => [ids[i]!, m.weight, m.priority] as [string, number, number]);
          const weighted = team("weighted", spec, { countingWindow: "week" });
          // minObservations 50 with 3 outcomes per rep at most: always below the threshold.
          const predictive = team("predictive", spec, {
            countingWindow: "week",
            predictive: { segments: [], minObservations: 50, priorStrength: 2 },
          });
          const reps = ids.map((id) => rep(id));
          const outcomes = Object.fromEntries(
            ids.slice(0, 3).map((id) => [id, { successes: 3, failures: 0 }]),
          );
          let a: TeamState = EMPTY;
          let b: TeamState = EMPTY;
          offsets
            .toSorted((x, y) => x - y)
            .forEach((offset, n) => {
              const now = START + offset;
              const model = thin
                ? { segment: "*", outcomes: ids.length > 16 ? {} : outcomes, seed: n }
                : undefined;
              const w = chooseRep({ team: weighted, reps, state: a, now });
              const p = chooseRep({ team: predictive, reps, state: b, now, model });
              expect(p.ok && p.repId).toBe(w.ok && w.repId);
              expect(p.mode).toBe("weighted");
              if (!p.ok || !w.ok) throw new Error("every rep is eligible");
              expect(p.next).toEqual(w.next);
              a = w.next;
              b = p.next;
            });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("predictive mode with data", () => {
  it("keeps every share within the band for any outcome history and lead stream", () => {
    fc.assert(
      fc.property(
        fc.array(weightArb, { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0.01, max: 0.4, noNaN: true }),
        fc.array(fc.array(outcomesArb, { minLength: 6, maxLength: 6 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.record({ segment: fc.nat(2), seed: fc.nat() }), { minLength: 1, maxLength: 200 }),
        (weights, band, history, stream) => {
          const ids = weights.map((_, i) => `r${i}`);
          const t = team(
            "predictive",
            weights.map((w, i) => [ids[i]!, w] as [string, number]),
            {
              countingWindow: "month",
              fairnessBand: band,
              predictive: { segments: [], minObservations: 0, priorStrength: 2 },
            },
          );
          const reps = ids.map((id) => rep(id));
          const W = weights.reduce((s, w) => s + w, 0);
          const counts = ids.map(() => 0);
          let state: TeamState = EMPTY;
          stream.forEach((lead, n) => {
            const outcomes: Record<string, RepOutcomes> = {};
            ids.forEach((id, i) => (outcomes[id] = history[lead.segment]![i]!));
            const r = chooseRep({
              team: t,
              reps,
              state,
              now: MONDAY,
              model: { segment: `s${lead.segment}`, outcomes, seed: lead.seed },
            });
            if (!r.ok) throw new Error("every rep is eligible");
            expect(r.predictive?.reason).not.toBe("band_unsatisfiable");
            state = r.next;
            counts[ids.indexOf(r.repId)]! += 1;
            weights.forEach((w, i) => {
              const s = w / W;
              expect(counts[i]).toBeGreaterThanOrEqual(Math.floor((s - band) * (n + 1) + EPS));
              expect(counts[i]).toBeLessThanOrEqual(Math.ceil((s + band) * (n + 1) - EPS));
              // From N₀ = ⌈2/b⌉ leads on, no rounding slack: |share − target| ≤ b exactly.
              if (n + 1 >= strictFrom(band))
                expect(Math.abs(counts[i]! / (n + 1) - s)).toBeLessThanOrEqual(band + 1e-12);
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  const pair = team("predictive", ["a", "b"], {
    countingWindow: "month",
    fairnessBand: 0.1,
    predictive: { segments: [], minObservations: 10, priorStrength: 2 },
  });
  const strong = { a: { successes: 90, failures: 10 }, b: { successes: 10, failures: 90 } };
  /** One decision between reps a and b of `pair`, on Monday, in the catch-all segment. */
  const choosePair = (state: TeamState, outcomes: Record<string, RepOutcomes>, seed: number) =>
    chooseRep({
      team: pair,
      reps: [rep("a"), rep("b")],
      state,
      now: MONDAY,
      model: { segment: "*", outcomes, seed },
    });

  it("sends the better converter as much as the band allows, and no more", () => {
    let state: TeamState = EMPTY;
    const picks: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = choosePair(state, strong, i);
      if (!r.ok) throw new Error("eligible");
      picks.push(r.repId);
      state = r.next;
    }
    expect(picks.filter((p) => p === "a")).toHaveLength(120);
  });

  it("explains each candidate's estimate, uncertainty, draw and band status", () => {
    const r = choosePair(EMPTY, strong, 7);
    if (!r.ok) throw new Error("eligible");
    expect(r.mode).toBe("predictive");
    expect(r.predictive).toMatchObject({
      segment: "*",
      observations: 200,
      applied: true,
      reason: "model",
      band: 0.1,
    });
    const a = r.explanation.find((e) => e.repId === "a")!.predictive!;
    expect(a).toMatchObject({ successes: 90, failures: 10, inBand: true });
    expect(a.mean).toBeCloseTo((2 * 0.5 + 90) / 102, 6);
    expect(a.lower).toBeLessThan(a.mean);
    expect(a.upper).toBeGreaterThan(a.mean);
    expect(a.sd).toBeGreaterThan(0);
    expect(a.sampled).toBeGreaterThan(0.7);
    // The same seed gives the same draws: a decision replays exactly.
    const again = choosePair(EMPTY, strong, 7);
    expect(again).toEqual(r);
  });

  it("reports too little data below minObservations and still shows the estimates", () => {
    const thin = { a: { successes: 3, failures: 0 }, b: { successes: 0, failures: 3 } };
    const r = choosePair(EMPTY, thin, 1);
    expect(r.mode).toBe("weighted");
    expect(r.ok && r.predictive).toMatchObject({
      applied: false,
      reason: "too_little_data",
      observations: 6,
    });
    expect(r.explanation[0]!.predictive).toMatchObject({ successes: 3, sampled: null });
  });
});

describe("outcomes and segments", () => {
  it("labels conversion outcomes and keeps a success final", () => {
    expect(["qualified", "opportunity", "won", "lost", "no_show", "contacted"].map(outcomeLabel)).toEqual([
      "success",
      "success",
      "success",
      "failure",
      "failure",
      null,
    ]);
    expect(mergeLabel(null, "failure")).toBe("failure");
    expect(mergeLabel("failure", "success")).toBe("success");
    expect(mergeLabel("success", "failure")).toBe("success");
  });

  it("keys a lead by its facts, banding numbers and marking missing facts", () => {
    const segments = [{ fact: "tier" }, { fact: "region" }, { fact: "employees", bands: [50, 250] }];
    expect(segmentKey(segments, { tier: "A", region: "EMEA", employees: 120 })).toBe(
      "tier=A|region=EMEA|employees=50–250",
    );
    expect(segmentKey(segments, { tier: "B", employees: 10 })).toBe("tier=B|region=?|employees=<50");
    expect(segmentKey(segments, { tier: "B", region: "NA", employees: 250 })).toBe(
      "tier=B|region=NA|employees=≥250",
    );
    expect(segmentKey([], { tier: "A" })).toBe("*");
  });
});
