import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  FIT_PRIORS,
  delayCdf,
  fitFeatureModel,
  type FeatureFit,
  type FitLead,
} from "../../worker/core/distribution";
import { FitDesign } from "../../worker/core/distribution/predictive-design";
import { EvidenceTable } from "../../worker/team/evidence-table";
import { referenceFit } from "./distribution-predictive-fit-reference";

// The fit over leads kept as integers and summed per cell (predictive-design.ts) against the
// straightforward one it replaced: the same terms in the same order, and the same values but for
// rounding (sums per cell group the leads' terms differently), since both simulators' figures
// depend on them.

const SETTINGS = { halfLifeDays: 7, maturityDays: 5, memoryDays: 20 };
// Twelve facts: more than a design row's first width (8), so rows widen mid-stream.
const FACTS = ["tier", "region", "fields.industry", "source", "country", "size"];
const MORE = ["a", "b", "c", "d", "e", "f"];

const featureArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...FACTS, ...MORE), fc.constantFrom("A", "B", "C", "x=y"))
    .map(([f, v]) => `${f}=${v}`),
  fc.constantFrom("vip", "partner"),
);
// Unsorted, and a fact may come twice: the first value counts. Few facts and values as well,
// so that many leads share a cell (rep and features), in any order.
const featuresArb = fc.oneof(
  fc.array(featureArb, { maxLength: 8, size: "max" }),
  fc.shuffledSubarray(["tier=A", "region=B", "vip"]),
);
const leadArb = (days: fc.Arbitrary<number>) =>
  fc.record({
    repId: fc.constantFrom("r0", "r1", "r2", "r3"),
    features: featuresArb,
    day: days,
    label: fc.constantFrom(null, null, "success" as const, "failure" as const),
  });

/** Rounding of sums grouped differently: far below any real difference. */
const TOLERANCE = 1e-9;

/** Everything a reader of the fit can see, in the order it would see it. */
function plain(fit: FeatureFit) {
  return {
    intercept: fit.intercept,
    exposure: fit.exposure,
    team: [...fit.team],
    reps: [...fit.reps].map(([id, r]) => [id, r.a, r.successes, r.exposure, [...r.d]]),
  };
}

/** Where `actual` and `expected` differ: in shape, names or order exactly, in numbers beyond rounding. */
function differences(actual: unknown, expected: unknown, path = "fit"): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    const close = Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
    return close || Object.is(actual, expected) ? [] : [`${path}: ${actual} vs ${expected}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual) && actual.length === expected.length)
    return expected.flatMap((x, i) => differences(actual[i], x, `${path}[${i}]`));
  if (expected && typeof expected === "object" && actual && typeof actual === "object") {
    const keys = Object.keys(expected);
    if (Object.keys(actual).join() !== keys.join()) return [`${path}: keys`];
    return keys.flatMap((k) => differences((actual as never)[k], (expected as never)[k], `${path}.${k}`));
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${String(actual)} vs ${String(expected)}`];
}

function expectClose(actual: FeatureFit, expected: FeatureFit): void {
  expect(differences(plain(actual), plain(expected))).toEqual([]);
}

describe("joint fit over integer-coded leads", () => {
  it("equals the string-keyed fit, cold and warm, on any leads and maturity curve", () => {
    fc.assert(
      fc.property(
        fc.array(leadArb(fc.integer({ min: 70, max: 101 })), { maxLength: 40, size: "max" }),
        fc.array(leadArb(fc.integer({ min: 70, max: 100 })), { maxLength: 20, size: "max" }),
        fc.array(fc.constantFrom(0, 0.25, 0.5, 1), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (leads, earlier, cdf, warmStart) => {
          const warm = warmStart ? referenceFit(earlier, 99, SETTINGS, cdf, FIT_PRIORS) : undefined;
          const fast = fitFeatureModel(leads, 100, SETTINGS, cdf, FIT_PRIORS, warm);
          expectClose(fast, referenceFit(leads, 100, SETTINGS, cdf, FIT_PRIORS, warm));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("equals it day after day as the team object's leads are set, re-set, forgotten and pruned", () => {
    const opArb = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({ set: fc.nat(29), lead: leadArb(fc.integer({ min: -25, max: 0 })) }),
      },
      { weight: 2, arbitrary: fc.record({ forget: fc.nat(29) }) },
      { weight: 1, arbitrary: fc.record({ prune: fc.constant(true) }) },
      { weight: 2, arbitrary: fc.record({ advance: fc.integer({ min: 0, max: 3 }) }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200, size: "max" }), (ops) => {
        const table = new EvidenceTable(SETTINGS);
        const leads = new Map<string, FitLead>();
        let today = 1000;
        let previous: FeatureFit | undefined;
        const cdf = delayCdf([], SETTINGS.maturityDays);
        for (const op of ops) {
          if ("set" in op) {
            // Days relative to today; a re-set lead moves day, rep, features or label.
            const lead = { ...op.lead, day: today + op.lead.day };
            table.setLead(`l${op.set}`, lead);
            leads.set(`l${op.set}`, lead);
          } else if ("forget" in op) {
            table.setLead(`l${op.forget}`, null);
            leads.delete(`l${op.forget}`);
          } else if ("prune" in op) {
            const before = leads.size;
            for (const [id, l] of leads) if (l.day < today - SETTINGS.memoryDays) leads.delete(id);
            expect(table.prune(today * DAY_MS)).toBe(before - leads.size);
          } else {
            today += op.advance;
            if (op.advance === 0) continue;
            const fit = table.evidence([], today * DAY_MS).fit!;
            const expected = referenceFit(leads.values(), today, SETTINGS, cdf, FIT_PRIORS, previous);
            expectClose(fit, expected);
            expect(table.size()).toBe(leads.size);
            previous = expected;
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("forgets the names of features and reps no lead carries any more", () => {
    const design = new FitDesign();
    for (let i = 0; i < 40; i++)
      design.set(`l${i}`, {
        repId: `r${i % 20}`,
        features: [`company=c${i}`, "tier=A"],
        day: i,
        label: null,
      });
    expect(design.prune(30)).toBe(30);
    expect(design.featureNames.toSorted()).toEqual(
      [...Array.from({ length: 10 }, (_, i) => `company=c${30 + i}`), "tier=A"].toSorted(),
    );
    expect(design.repNames.toSorted()).toEqual(Array.from({ length: 10 }, (_, i) => `r${10 + i}`).toSorted());
    expect(design.pairRep).toHaveLength(20);
    expect(design.cells).toBe(10);
  });

  it("keeps one cell for the leads of one rep and features, whatever their number and order", () => {
    const design = new FitDesign();
    for (let i = 0; i < 1000; i++)
      design.set(`l${i}`, {
        repId: `r${i % 2}`,
        features: i % 3 ? ["tier=A", "region=B"] : ["region=B", "tier=A"],
        day: i,
        label: null,
      });
    expect(design.cells).toBe(2);
    design.set("l0", { repId: "r0", features: ["tier=B"], day: 0, label: null });
    expect(design.cells).toBe(3);
  });

  it("holds a lead's features, not a place for every fact the team has seen", () => {
    // Auto features take every short fact, form fields included: 200 facts, 2 on each lead.
    const design = new FitDesign();
    for (let i = 0; i < 1000; i++)
      design.set(`l${i}`, { repId: "r", features: [`f${i % 200}=x`, `g${i % 7}=y`], day: 0, label: null });
    expect(design.factNames).toHaveLength(207);
    expect(design.feature.length).toBeLessThanOrEqual(4 * 2 * 1000);
  });
});
