import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CallBatch } from "../../worker/team/call-batch";
import { NOW, assignMany, freshTeam, slice, tally } from "./team-fixtures";

/** Records the size of each pass the object's assignment queue runs. */
async function watchPasses(stub: ReturnType<typeof freshTeam>): Promise<number[]> {
  const sizes: number[] = [];
  await runInDurableObject(stub, (instance) => {
    const batch = (instance as unknown as { assigns: CallBatch<unknown, unknown> }).assigns;
    const flush = batch.flush.bind(batch);
    batch.flush = () => {
      if (batch.pending) sizes.push(batch.pending);
      flush();
    };
  });
  return sizes;
}

describe("team object: assignments of one turn share a pass", () => {
  it("runs concurrent assignments together, with the order-by-arrival result of sequential ones", async () => {
    const config = slice("round_robin", ["a", "b", "c"]);
    const stub = freshTeam();
    const passes = await watchPasses(stub);
    const results = await assignMany(stub, config, 30);
    expect(passes.reduce((a, b) => a + b, 0)).toBe(30);
    expect(passes.length).toBeLessThan(30);
    expect(tally(results)).toEqual({ a: 10, b: 10, c: 10 });
    // Arrival order: round robin hands out a, b, c, a, … to lead-0, lead-1, lead-2, …
    expect(results.slice(0, 6).map((r) => (r.ok ? r.repId : r.reason))).toEqual([
      "a",
      "b",
      "c",
      "a",
      "b",
      "c",
    ]);
  });

  it("runs the queued assignments before any other call, so a release right behind its assign finds the lead", async () => {
    const config = slice("weighted", ["a", "b"]);
    const stub = freshTeam();
    const assigned = stub.assign({ leadId: "l1", teamConfig: config, now: NOW });
    const released = stub.release({ leadId: "l1", reason: "cancelled", teamConfig: config, now: NOW });
    const status = stub.status();
    const [a, r, s] = await Promise.all([assigned, released, status]);
    expect(a.ok && r.ok && r.repId === a.repId).toBe(true);
    expect(s.assignmentsRecorded).toBe(1);
  });
});
