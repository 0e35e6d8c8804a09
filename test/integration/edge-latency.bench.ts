/**
 * What a far visitor waits for, per path: `npm run bench:edge`. Every D1, Durable Object and
 * queue call is delayed by L ms (a simulated round trip to the region holding the data) and
 * traced; printed per path are the calls before the answer, their sequential depth and the
 * median latency of RUNS requests at L = 0, 50 and 100 ms. Reads a D1 replica may serve (the
 * visitor brought a bookmark: worker/db/d1-session.ts) wait min(L, 10 ms) and are left out of
 * the region-bound depth. Local CPU is included (workerd's
 * clock moves on I/O, and each delay is a timer), so at L = 0 it is the local floor.
 */
import { beforeAll, expect, it, vi } from "vitest";
import { DEPTH_BUDGET, EXPECTED_STATUS, PATHS, setUpEdgePaths, type PathName } from "./edge-paths";

const LATENCIES = [0, 50, 100];
const RUNS = 3;

beforeAll(setUpEdgePaths);

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it("prints calls, sequential depth and latency per path", { timeout: 600_000 }, async () => {
  const rows: string[] = [];
  for (const name of Object.keys(PATHS) as PathName[]) {
    // Each path books up to 10 slots: a fresh fortnight per path keeps the demo reps' calendars
    // (and daily caps) from filling up, which would leave later paths without slots.
    vi.setSystemTime(Date.now() + 15 * 86_400_000);
    await PATHS[name](0); // warm
    let calls = 0;
    let depth = 0;
    let regionDepth = 0;
    let after = 0;
    const ms: number[] = [];
    for (const L of LATENCIES) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await PATHS[name](L);
        expect(run.status, JSON.stringify(run.body)).toBe(EXPECTED_STATUS[name]);
        ({ calls, depth, regionDepth, after } = run.summary);
        times.push(run.ms);
      }
      ms.push(median(times));
    }
    rows.push(
      `| ${name} | ${calls} | ${depth} | ${regionDepth} | ${DEPTH_BUDGET[name]} | ${after} | ${ms.map((m) => m.toFixed(0)).join(" | ")} |`,
    );
  }
  console.log(
    [
      `| path | calls before answer | sequential depth | of which region-bound | budget | calls after answer | ${LATENCIES.map((l) => `ms @ L=${l}`).join(" | ")} |`,
      `|---|---|---|---|---|---|${LATENCIES.map(() => "---").join("|")}|`,
      ...rows,
    ].join("\n"),
  );
});
