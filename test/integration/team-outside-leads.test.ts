import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { TeamDurableObject } from "../../worker/team/team-durable-object";
import { NOW, freshTeam, rep, slice } from "./team-fixtures";

// The team object's side of caps across destinations: leads its members took elsewhere
// (worker/team/outside-loads.ts tells it) count against their caps here, once per lead and rep.
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Stub = ReturnType<typeof freshTeam>;

/** "a" capped at 2 a day, first in member order; "b" uncapped. */
const config = slice("weighted", ["a", "b"], { reps: [rep("a", { caps: { perDay: 2 } }), rep("b")] });

function assign(stub: Stub, leadId: string, now = NOW) {
  return stub.assign({ leadId, teamConfig: config, now });
}

function outsideRows(stub: Stub) {
  return runInDurableObject(stub, (_, state) =>
    state.storage.sql
      .exec<{ lead_id: string }>("SELECT lead_id FROM outside_leads ORDER BY lead_id")
      .toArray()
      .map((r) => r.lead_id),
  );
}

describe("leads a team's member took outside the team", () => {
  it("count once per lead against the member's cap, also after the object is evicted", async () => {
    const stub = freshTeam();
    expect(await stub.noteOutside({ leadId: "x1", repId: "a", at: NOW - HOUR })).toBe(true);
    // An outbox retry tells it again: stored once.
    expect(await stub.noteOutside({ leadId: "x1", repId: "a", at: NOW - HOUR })).toBe(false);
    // Status shows them (the event lists' dry run starts from it).
    expect((await stub.status()).outside).toEqual({ a: [NOW - HOUR] });
    expect(await assign(stub, "l1")).toMatchObject({ ok: true, repId: "a" });
    // 1 outside + 1 here: a is at its cap of 2.
    await evictDurableObject(stub);
    const second = await assign(stub, "l2");
    expect(second).toMatchObject({ ok: true, repId: "b" });
    const a = second.ok ? second.explanation.find((e) => e.repId === "a") : undefined;
    expect(a).toMatchObject({ ineligibleReasons: ["cap_day"], dayCount: 1, outside: { dayCount: 1 } });
  });

  it("ignores a lead the object counted itself, and leaves fairness shares alone", async () => {
    const stub = freshTeam();
    expect(await assign(stub, "own")).toMatchObject({ repId: "a" });
    expect(await stub.noteOutside({ leadId: "own", repId: "a", at: NOW })).toBe(false);
    expect(await outsideRows(stub)).toEqual([]);
    // Yesterday's outside leads count in b's week, not its day, and never towards its share.
    await stub.noteOutside({ leadId: "y1", repId: "b", at: NOW });
    await stub.noteOutside({ leadId: "y2", repId: "b", at: NOW });
    const next = await assign(stub, "l2", NOW + DAY);
    expect(next).toMatchObject({ ok: true, repId: "b" });
    const b = next.ok ? next.explanation.find((e) => e.repId === "b") : undefined;
    expect(b).toMatchObject({ actual: 0, outside: { dayCount: 0, weekCount: 2 } });
  });

  it("prunes notes 8 days after their instant, with the object's alarm", async () => {
    const stub = freshTeam();
    await stub.noteOutside({ leadId: "old", repId: "a", at: NOW - 9 * DAY });
    await stub.noteOutside({ leadId: "recent", repId: "a", at: NOW - 7 * DAY });
    await runInDurableObject(stub, (instance: TeamDurableObject) => {
      instance.clock = () => NOW;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await outsideRows(stub)).toEqual(["recent"]);
  });
});
