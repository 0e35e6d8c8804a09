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
