import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  PRUNE_BATCH,
  PRUNE_CONTINUE_MS,
  PRUNE_INTERVAL_MS,
  TeamDurableObject,
} from "../../worker/team/team-durable-object";
import { TeamStore } from "../../worker/team/team-store";
import { NOW, freshTeam, slice } from "./team-fixtures";

const DAY = 86_400_000;

type Stub = ReturnType<typeof freshTeam>;

/** The object's pruning clock; its RPC calls get their `now` from the caller as always. */
function setClock(stub: Stub, now: number) {
  return runInDurableObject(stub, (instance: TeamDurableObject) => {
    instance.clock = () => now;
  });
}

function leadIds(stub: Stub) {
  return runInDurableObject(stub, (_, state) =>
    state.storage.sql
      .exec<{ lead_id: string }>("SELECT lead_id FROM leads ORDER BY lead_id")
      .toArray()
      .map((r) => r.lead_id),
  );
}

/** The pending alarm, as a delay from now in wall-clock time (alarms are never faked). */
function alarmDelay(stub: Stub) {
  return runInDurableObject(stub, async (_, state) => {
    const at = await state.storage.getAlarm();
    return at === null ? null : at - Date.now();
  });
}

describe("pruning the team object's lead rows", () => {
  it("schedules its alarm when the first row is written", async () => {
    const stub = freshTeam();
    expect(await alarmDelay(stub)).toBeNull();
    await stub.assign({ leadId: "l1", teamConfig: slice("round_robin", ["a", "b"]), now: NOW });
    const delay = await alarmDelay(stub);
    expect(delay).toBeGreaterThan(PRUNE_INTERVAL_MS - 60_000);
    expect(delay).toBeLessThanOrEqual(PRUNE_INTERVAL_MS);
  });

  it("drops rows no purpose needs, keeps those in the dedupe window or of open leads", async () => {
    const stub = freshTeam();
    // A 120-day window outlasts a released row's 90 days, but not an open one's 210.
    const config = slice("round_robin", ["a", "b"], { distribution: { dedupeWindowDays: 120 } });
    const assign = (leadId: string, daysAgo: number, email?: string) =>
      stub.assign({ leadId, emailNormalized: email, teamConfig: config, now: NOW - daysAgo * DAY });
    const release = (leadId: string) =>
      stub.release({ leadId, reason: "cancelled", teamConfig: config, now: NOW - 29 * DAY });
    await assign("open-300", 300, "old@acme.com");
    await assign("open-250", 250, "gone@acme.com");
    await assign("open-200", 200);
    await assign("released-100", 100);
    await assign("released-100-email", 100, "ann@acme.com");
    await assign("released-30", 30);
    await release("released-100");
    await release("released-100-email");
    await release("released-30");
    await setClock(stub, NOW);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await leadIds(stub)).toEqual(["open-200", "released-100-email", "released-30"]);

    // Dedupe still finds the kept row inside the window …
    expect(
      await stub.assign({ leadId: "new", emailNormalized: "ann@acme.com", teamConfig: config, now: NOW }),
    ).toMatchObject({ ok: true, deduped: true, dedupedFromLeadId: "released-100-email" });
    // … replay, release and reassignment still work for the open lead …
    expect(await stub.assign({ leadId: "open-200", teamConfig: config, now: NOW })).toMatchObject({
      idempotent: true,
    });
    expect(
      await stub.reassign({ leadId: "open-200", excludeRepIds: ["a", "b"], teamConfig: config, now: NOW }),
    ).toMatchObject({ ok: false, reason: "no_eligible_rep" });
    expect(
      await stub.release({ leadId: "open-200", reason: "closed", teamConfig: config, now: NOW }),
    ).toEqual({ ok: true, repId: expect.any(String), credited: false, idempotent: false });
    // … and a pruned lead is simply unknown, its email free for a fresh assignment.
    expect(
      await stub.release({ leadId: "open-250", reason: "closed", teamConfig: config, now: NOW }),
    ).toEqual({ ok: false, reason: "unknown_lead" });
    expect(
      await stub.assign({ leadId: "again", emailNormalized: "gone@acme.com", teamConfig: config, now: NOW }),
    ).toMatchObject({ ok: true, deduped: false });
  });

  it("uses the team's current dedupe window, also after the object was evicted", async () => {
    const stub = freshTeam();
    const wide = slice("round_robin", ["a", "b"], { distribution: { dedupeWindowDays: 365 } });
    await stub.assign({
      leadId: "l1",
      emailNormalized: "ann@acme.com",
      teamConfig: wide,
      now: NOW - 300 * DAY,
    });
    await setClock(stub, NOW);
    await runDurableObjectAlarm(stub);
    expect(await leadIds(stub)).toEqual(["l1"]);

    const narrow = slice("round_robin", ["a", "b"], { configVersion: 2 });
    await stub.assign({ leadId: "l2", teamConfig: narrow, now: NOW });
    // A fresh instance knows the window only from storage.
    await evictDurableObject(stub);
    await setClock(stub, NOW);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await leadIds(stub)).toEqual(["l2"]);
  });

  it("reschedules itself soon while a backlog remains, then at the next expiry", async () => {
    const stub = freshTeam();
    const config = slice("round_robin", ["a", "b"]);
    await runInDurableObject(stub, (_, state) => {
      const store = new TeamStore(state.storage.sql);
      state.storage.transactionSync(() => {
        for (let i = 0; i < PRUNE_BATCH + 5; i++) {
          store.putLead({
            leadId: `old-${String(i).padStart(4, "0")}`,
            repId: "a",
            email: null,
            status: "released",
            dedupedFrom: null,
            seq: i + 1,
            prevSeq: i,
            windowStart: 0,
            dayStart: 0,
            weekStart: 0,
            assignedAt: NOW - 400 * DAY + i,
            reassignments: 0,
            explanation: [],
          });
        }
      });
    });
    await stub.assign({ leadId: "fresh", teamConfig: config, now: NOW - 10 * DAY });
    await setClock(stub, NOW);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await leadIds(stub)).toHaveLength(6);
    const soon = await alarmDelay(stub);
    expect(soon).toBeGreaterThan(0);
    expect(soon).toBeLessThanOrEqual(PRUNE_CONTINUE_MS);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await leadIds(stub)).toEqual(["fresh"]);
    // The fresh row is open: it can go 210 days after its assignment, 200 days from now.
    const later = await alarmDelay(stub);
    expect(later).toBeGreaterThan(199 * DAY);
    expect(later).toBeLessThanOrEqual(200 * DAY);

    await setClock(stub, NOW + 200 * DAY + 1);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await leadIds(stub)).toEqual([]);
    // Nothing left to prune: the next write schedules the alarm again.
    expect(await alarmDelay(stub)).toBeNull();
    await stub.assign({ leadId: "next", teamConfig: config, now: NOW + 200 * DAY });
    expect(await alarmDelay(stub)).toBeGreaterThan(PRUNE_INTERVAL_MS - 60_000);
  });
});
