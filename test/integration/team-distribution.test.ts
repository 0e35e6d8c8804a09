import { abortAllDurableObjects, evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { NOW, assignMany, freshTeam, rep, slice, tally } from "./team-fixtures";

const seven = ["r1", "r2", "r3", "r4", "r5", "r6", "r7"];

// Hundreds of RPCs per test: generous timeouts keep a loaded CI box from failing them.
describe("team distribution under concurrency", { timeout: 30_000 }, () => {
  it("gives each of 7 round-robin reps 142 or 143 of 1,000 concurrent leads", async () => {
    const stub = freshTeam();
    const results = await assignMany(stub, slice("round_robin", seven), 1000);
    const counts = Object.values(tally(results));
    expect(counts).toHaveLength(7);
    expect(counts.every((n) => n === 142 || n === 143)).toBe(true);
    expect((await stub.status()).seq).toBe(1000);
  });

  it("splits 600 concurrent leads 3:2:1 to within one lead", async () => {
    const results = await assignMany(
      freshTeam(),
      slice("weighted", [
        ["a", 3],
        ["b", 2],
        ["c", 1],
      ]),
      600,
    );
    const counts = tally(results);
    expect(Math.abs(counts.a! - 300)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.b! - 200)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.c! - 100)).toBeLessThanOrEqual(1);
  });

  it("never exceeds caps: 500 concurrent leads against caps totalling 100", async () => {
    // Day caps in three zones and a week cap: 30 + 30 + 25 + 15 = 100.
    const reps = [
      rep("a", { caps: { perDay: 30 } }),
      rep("b", { timezone: "Asia/Kolkata", caps: { perDay: 30 } }),
      rep("c", { timezone: "Australia/Lord_Howe", caps: { perDay: 25, perWeek: 40 } }),
      rep("d", { timezone: "America/New_York", caps: { perWeek: 15 } }),
    ];
    const results = await assignMany(freshTeam(), slice("weighted", ["a", "b", "c", "d"], { reps }), 500);
    expect(tally(results)).toEqual({ a: 30, b: 30, c: 25, d: 15 });
    // With the slice sent whole, every refusal is for want of a rep, never a stale config.
    const refused = results.filter((r) => !r.ok && r.reason === "no_eligible_rep");
    expect(refused).toHaveLength(400);
    for (const r of refused) {
      expect(r).toMatchObject({ reason: "no_eligible_rep" });
      expect("explanation" in r && r.explanation.map((e) => e.ineligibleReasons)).toEqual([
        ["cap_day"],
        ["cap_day"],
        ["cap_day"],
        ["cap_week"],
      ]);
    }
  });

  it("counts one lead id sent 50 times at once exactly once", async () => {
    const stub = freshTeam();
    const config = slice("round_robin", ["a", "b"]);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => stub.assign({ leadId: "same", teamConfig: config, now: NOW })),
    );
    expect(new Set(results.map((r) => r.ok && r.repId))).toEqual(new Set(["a"]));
    expect(results.filter((r) => r.ok && !r.idempotent)).toHaveLength(1);
    const status = await stub.status();
    expect(status.seq).toBe(1);
    expect(status.reps.a).toMatchObject({ windowCount: 1, open: 1 });
    expect((await stub.assign({ leadId: "next", teamConfig: config, now: NOW })).ok && "b").toBe("b");
  });
});

describe("team distribution across restarts", { timeout: 30_000 }, () => {
  it("loses no count when the object is aborted mid-stream", async () => {
    const name = crypto.randomUUID();
    const config = slice("round_robin", seven);
    const leads = Array.from({ length: 300 }, (_, i) => `lead-${i}`);
    const assign = (leadId: string) =>
      env.TEAM.getByName(name).assign({ leadId, teamConfig: config, now: NOW });
    // Abort once 50 calls have answered, with the rest still queued or running.
    let answered = 0;
    let reachedFifty!: () => void;
    const fifty = new Promise<void>((resolve) => (reachedFifty = resolve));
    const inflight = leads.map((id) =>
      assign(id).then((r) => {
        if (++answered === 50) reachedFifty();
        return r;
      }),
    );
    await fifty;
    await abortAllDurableObjects();
    const first = await Promise.allSettled(inflight);
    expect(first.filter((s) => s.status === "rejected").length).toBeGreaterThan(0);
    // The caller retries every lead (as its queue would); idempotency makes that safe.
    const results = await Promise.all(leads.map(assign));
    const counts = Object.values(tally(results));
    // 300 = 7 · 42 + 6: strict rotation survived the restart, each lead counted once.
    expect(counts.every((n) => n === 42 || n === 43)).toBe(true);
    expect((await env.TEAM.getByName(name).status()).seq).toBe(300);
  });

  it("keeps fairness across a graceful eviction", async () => {
    const stub = freshTeam();
    const config = slice("weighted", [
      ["a", 3],
      ["b", 2],
      ["c", 1],
    ]);
    await assignMany(stub, config, 100, "before");
    await evictDurableObject(stub);
    await assignMany(stub, config, 500, "after");
    const { reps, seq } = await stub.status();
    expect(seq).toBe(600);
    expect([reps.a?.windowCount, reps.b?.windowCount, reps.c?.windowCount]).toEqual([300, 200, 100]);
  });
});
