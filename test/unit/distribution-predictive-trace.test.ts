import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseRep,
  FIT_PRIORS,
  fitFeatureModel,
  wordChoice,
  type FeatureEvidence,
  type FitLead,
  type TeamState,
} from "../../worker/core/distribution";
import { EMPTY, EVIDENCE_SETTINGS, FLAT_CDF, MONDAY, rep, team } from "./distribution-fixtures";

const SETTINGS = EVIDENCE_SETTINGS;
const FLAT = FLAT_CDF;
const FEATURES = ["fields.industry=saas", "region=EMEA", "source=webinar", "tier=A"];
const TODAY = Math.floor(MONDAY / 86_400_000);

const leadArb = (ids: string[]) =>
  fc.record({
    repId: fc.constantFrom(...ids),
    features: fc.subarray(FEATURES),
    day: fc.integer({ min: TODAY - 60, max: TODAY }),
    label: fc.constantFrom("success" as const, "failure" as const, null),
  });

/** The chosen rep is in the band when the model picked; draws exist only with enough data. */
function expectSensible(r: Extract<ReturnType<typeof chooseRep>, { ok: true }>) {
  const drawn = r.predictive?.reason !== "too_little_data";
  for (const e of r.explanation.filter((c) => c.eligible)) {
    const p = e.predictive!;
    expect(p.sampled === null).toBe(!drawn);
    expect(p.lower).toBeLessThanOrEqual(p.mean);
    expect(p.mean).toBeLessThanOrEqual(p.upper);
    expect(p.effects!.length).toBeLessThanOrEqual(3);
    if (r.predictive?.applied && e.repId === r.repId) expect(p.inBand).toBe(true);
  }
}

describe("the team object's packed prediction", () => {
  it("words into exactly the trace the chooser writes, after a structured clone", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((n) => {
          const ids = Array.from({ length: n }, (_, i) => `r${i}`);
          return fc.record({
            ids: fc.constant(ids),
            leads: fc.array(leadArb(ids), { maxLength: 80 }),
            excluded: fc.subarray(ids),
            minObservations: fc.constantFrom(0, 5, 1000),
            seeds: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
            lead: fc.subarray(FEATURES),
          });
        }),
        ({ ids, leads, excluded, minObservations, seeds, lead }) => {
          const t = team("predictive", ids, {
            countingWindow: "month",
            fairnessBand: 0.2,
            predictive: { segments: [], minObservations },
          });
          const reps = ids.map((id) => rep(id));
          const fit = fitFeatureModel(leads as FitLead[], TODAY, SETTINGS, FLAT, FIT_PRIORS);
          const evidence: FeatureEvidence = {
            features: lead,
            team: { "*": { s: 0, e: fit.exposure } },
            reps: {},
            fit,
          };
          let state: TeamState = EMPTY;
          for (const seed of seeds) {
            const input = { team: t, reps, state, now: MONDAY, excludeRepIds: excluded };
            const model = { segment: "*", outcomes: {}, seed, evidence };
            const worded = chooseRep({ ...input, model });
            const packed = chooseRep({ ...input, model: { ...model, packTrace: true } });
            if (packed.ok) {
              expect(packed.explanation.some((e) => e.predictive)).toBe(false);
              expect(packed.predictive?.drivers).toBeUndefined();
            }
            const answer = structuredClone(packed);
            expect(packed.ok ? wordChoice(answer, lead) : answer).toEqual(worded);
            if (worded.ok) expectSensible(worded);
            if (worded.ok) state = worded.next;
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
