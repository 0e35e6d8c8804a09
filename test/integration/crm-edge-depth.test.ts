import { beforeAll, describe, expect, it } from "vitest";
import { forgetCrmConnection } from "../../worker/crm/runtime";
import { connectPortal, control, resetCrmIsolate } from "./crm-fixtures";
import { setUpEdgePaths, traced, type Run } from "./edge-paths";

// Longer than edge-depth.test.ts's 20 ms: here HubSpot's answer (L/4) must come back before
// a storage call does, and under a loaded CI machine a 5 ms fake answer took over 20 ms.
const L = 60;
let i = 0;

const submit = (delayMs: number): Promise<Run> =>
  traced(
    "/v1/forms/demo/submissions",
    {
      method: "POST",
      body: JSON.stringify({
        fields: {
          first_name: "Edge",
          last_name: `Crm ${++i}`,
          email: `crm-edge${i}@company${i}.example`,
          company: `Company ${i}`,
          employees: "50-199",
          country: "US",
        },
      }),
    },
    delayMs,
  );

beforeAll(setUpEdgePaths);

describe("the CRM lookup on the submit path", () => {
  it(
    "adds no sequential call to region-bound storage, warm or cold, and is bounded by its deadline",
    { timeout: 60_000 },
    async () => {
      await submit(0);
      const without = await submit(L);
      expect(without.status).toBe(201);

      await connectPortal("edge");
      // HubSpot answering faster than one storage call: the connection read and the lookup
      // ride the duplicate check's and the insert's round trips, so routing starts no later.
      await control("edge", "faults", { latencyMs: Math.floor(L / 4) });
      resetCrmIsolate(); // cold: the connection row is read alongside the dedupe
      const cold = await submit(L);
      const warm = await submit(L);
      for (const run of [cold, warm]) {
        expect(run.status, JSON.stringify(run.body)).toBe(201);
        expect(run.body.slots.length).toBeGreaterThan(0);
        expect(run.summary.depth, run.summary.labels.join("\n")).toBe(without.summary.depth);
      }
      // HubSpot answering in 150 ms delays routing by what it is slower than the insert, never
      // by a stack of calls; a hanging HubSpot costs at most the deadline.
      await control("edge", "faults", { latencyMs: 150 });
      const slower = await submit(L);
      expect(slower.status).toBe(201);
      await control("edge", "faults", { latencyMs: 5_000 });
      forgetCrmConnection();
      const slow = await submit(L);
      expect(slow.status).toBe(201);
      expect(slow.ms).toBeLessThan(without.ms + 400 + 50 + 1_000);
      console.log(
        JSON.stringify({
          depth: { without: without.summary.depth, cold: cold.summary.depth, warm: warm.summary.depth },
          ms: {
            without: Math.round(without.ms),
            [`hubspot${Math.floor(L / 4)}ms`]: Math.round(warm.ms),
            hubspot150ms: Math.round(slower.ms),
            hubspotHanging: Math.round(slow.ms),
          },
        }),
      );
    },
  );
});
