import { beforeAll, describe, expect, it } from "vitest";
import { DEPTH_BUDGET, EXPECTED_STATUS, PATHS, setUpEdgePaths, type PathName } from "./edge-paths";

// Long enough that calls started together overlap whatever the machine's load (local D1
// answers in about a millisecond), short enough to keep the file quick.
const L = 20;

beforeAll(setUpEdgePaths);

describe("sequential calls to region-bound storage before the answer", () => {
  for (const name of Object.keys(PATHS) as PathName[]) {
    it(`${name}: at most ${DEPTH_BUDGET[name]}`, async () => {
      await PATHS[name](0); // a warm isolate, as any earlier request leaves it
      const run = await PATHS[name](L);
      expect(run.status, JSON.stringify(run.body)).toBe(EXPECTED_STATUS[name]);
      expect(run.summary.depth, run.summary.labels.join("\n")).toBeLessThanOrEqual(DEPTH_BUDGET[name]);
    });
  }
});

describe("per-isolate caches under the trace", () => {
  it("a warm isolate's submission reads no CRM connection row, as without the trace", async () => {
    // loadCrm caches the connection (or its absence) per isolate for 15 s; the trace wraps
    // `env` anew for each request, which must not make every traced request a cold one.
    await PATHS["submit team"](0);
    const run = await PATHS["submit team"](L);
    expect(run.status).toBe(201);
    const reads = run.summary.labels.filter((label) => label.includes("auth_kind"));
    expect(reads, run.summary.labels.join("\n")).toEqual([]);
  });
});
