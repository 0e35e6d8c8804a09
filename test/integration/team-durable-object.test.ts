import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TeamDurableObject } from "../../worker/team/team-durable-object";
import { assignThroughCache } from "../../worker/team/team-rpc";
import { NOW, freshTeam, rep, slice } from "./team-fixtures";

const DAY = 86_400_000;

describe("team Durable Object", () => {
  it("is SQLite-backed and keeps its team binding across calls", async () => {
    const stub = env.TEAM.getByName("sdr-na");
    const empty = { assignmentsRecorded: 0, seq: 0, reps: {} };
    expect(await stub.status()).toEqual({ teamId: null, configVersion: null, ...empty });
    expect(await stub.useConfig("sdr-na", 3)).toEqual({ teamId: "sdr-na", configVersion: 3, ...empty });
    await runInDurableObject(stub, async (instance, state) => {
      expect(instance).toBeInstanceOf(TeamDurableObject);
      const rows = state.storage.sql
        .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'config_version'")
        .toArray();
      expect(rows).toEqual([{ value: "3" }]);
    });
  });

  it("gives each team its own object", async () => {
    await env.TEAM.getByName("emea").useConfig("emea", 1);
    expect((await env.TEAM.getByName("partners").status()).teamId).toBeNull();
  });
});

describe("dedupe by email", () => {
  it("returns the earlier rep inside the window and counts nothing", async () => {
    const stub = freshTeam();
    const config = slice("round_robin", ["a", "b"]);
    const first = await stub.assign({
      leadId: "l1",
      emailNormalized: "ann@acme.com",
      teamConfig: config,
      now: NOW,
    });
    const again = await stub.assign({
      leadId: "l2",
      emailNormalized: "ann@acme.com",
      teamConfig: config,
      now: NOW + 29 * DAY,
    });
    expect(first).toMatchObject({ ok: true, repId: "a", deduped: false });
    expect(again).toMatchObject({
      ok: true,
      repId: "a",
      deduped: true,
      dedupedFromLeadId: "l1",
      idempotent: false,
    });
    expect((await stub.status()).seq).toBe(1);
    // A retry of the deduped lead replays it.
    expect(await stub.assign({ leadId: "l2", teamConfig: config, now: NOW + 30 * DAY })).toMatchObject({
      repId: "a",
      deduped: true,
      idempotent: true,
    });
  });

  it("assigns afresh after the window, or when the earlier rep is no longer eligible", async () => {
    const stub = freshTeam();
    const config = slice("round_robin", ["a", "b"], { distribution: { dedupeWindowDays: 7 } });
    await stub.assign({ leadId: "l1", emailNormalized: "ann@acme.com", teamConfig: config, now: NOW });
    const late = await stub.assign({
      leadId: "l2",
      emailNormalized: "ann@acme.com",
      teamConfig: config,
      now: NOW + 8 * DAY,
    });
    expect(late).toMatchObject({ repId: "b", deduped: false });
    const ooo = [{ start: "2026-03-01T00:00:00Z", end: "2026-04-01T00:00:00Z" }];
    const away = slice("round_robin", ["a", "b"], { reps: [rep("a"), rep("b", { ooo })], configVersion: 2 });
    const moved = await stub.assign({
      leadId: "l3",
      emailNormalized: "ann@acme.com",
      teamConfig: away,
      now: NOW + 9 * DAY,
    });
    expect(moved).toMatchObject({ repId: "a", deduped: false });
  });
});

describe("reassign and release", () => {
  it("reassigns once when two sweeps overlap", async () => {
    const stub = freshTeam();
    const config = slice("round_robin", ["a", "b", "c"]);
    await stub.assign({ leadId: "l1", teamConfig: config, now: NOW });
    const sweep = () =>
      stub.reassign({ leadId: "l1", excludeRepIds: ["a"], teamConfig: config, now: NOW + DAY });
    const [one, two] = await Promise.all([sweep(), sweep()]);
    expect(one).toMatchObject({
      ok: true,
      repId: "b",
      previousRepId: "a",
      reassignments: 1,
      idempotent: false,
    });
    expect(two).toMatchObject({ ok: true, repId: "b", reassignments: 1, idempotent: true });
    const { reps, seq } = await stub.status();
    expect(seq).toBe(2);
    // a keeps the count it used but no longer holds the lead.
    expect([reps.a?.open, reps.a?.weekCount, reps.b?.open]).toEqual([0, 1, 1]);
  });

  it("keeps the lead's skill requirement when reassigning", async () => {
    const stub = freshTeam();
    const speaks = (...languages: string[]) => ({ skills: { languages, verticals: [] } });
    const reps = [rep("a", speaks("de")), rep("b", speaks("en")), rep("c", speaks("de"))];
    const config = slice("round_robin", ["a", "b", "c"], { reps });
    const requiredSkills = { languages: ["de"] };
    await stub.assign({ leadId: "l1", teamConfig: config, now: NOW, requiredSkills });
    const moved = await stub.reassign({
      leadId: "l1",
      excludeRepIds: ["a"],
      teamConfig: config,
      now: NOW,
      requiredSkills,
    });
    expect(moved).toMatchObject({ ok: true, repId: "c" });
  });

  it("credits a cancelled meeting back per releaseOnCancel, once", async () => {
    const stub = freshTeam();
    const config = slice("round_robin", ["a", "b"]);
    await stub.assign({ leadId: "l1", teamConfig: config, now: NOW });
    expect(await stub.release({ leadId: "l1", reason: "cancelled", teamConfig: config, now: NOW })).toEqual({
      ok: true,
      repId: "a",
      credited: true,
      idempotent: false,
    });
    expect(
      await stub.release({ leadId: "l1", reason: "cancelled", teamConfig: config, now: NOW }),
    ).toMatchObject({ idempotent: true });
    expect((await stub.status()).reps.a).toMatchObject({ windowCount: 0, dayCount: 0, open: 0, lastSeq: 0 });
    // a got its turn back.
    expect(await stub.assign({ leadId: "l2", teamConfig: config, now: NOW })).toMatchObject({ repId: "a" });

    const noCredit = slice("round_robin", ["a", "b"], {
      distribution: { releaseOnCancel: false },
      configVersion: 2,
    });
    expect(
      await stub.release({ leadId: "l2", reason: "no_show", teamConfig: noCredit, now: NOW }),
    ).toMatchObject({ credited: false });
    expect((await stub.status()).reps.a).toMatchObject({ windowCount: 1, open: 0 });
    expect(await stub.release({ leadId: "nope", reason: "closed", teamConfig: config, now: NOW })).toEqual({
      ok: false,
      reason: "unknown_lead",
    });
  });
});

describe("config changes", () => {
  it("keeps counters, stops a removed rep and calibrates a new one", async () => {
    const stub = freshTeam();
    const reps = [rep("a"), rep("b"), rep("c"), rep("d")];
    const v1 = slice("weighted", ["a", "b", "c"], { reps, configVersion: 1 });
    for (let i = 0; i < 30; i++) await stub.assign({ leadId: `v1-${i}`, teamConfig: v1, now: NOW });
    const v2 = slice("weighted", ["a", "b", "d"], { reps, configVersion: 2 });
    const picks: string[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await stub.assign({ leadId: `v2-${i}`, teamConfig: v2, now: NOW });
      if (r.ok) picks.push(r.repId);
    }
    // d starts at the team average (10), so the next nine go 3/3/3, and c gets none.
    expect(picks.filter((p) => p === "d")).toHaveLength(3);
    expect(picks).not.toContain("c");
    const status = await stub.status();
    expect(status.configVersion).toBe(2);
    expect([status.reps.a?.windowCount, status.reps.c?.windowCount, status.reps.d?.calibration]).toEqual([
      13, 10, 10,
    ]);
  });
});

describe("config slice cache", () => {
  it("answers stale_config to a reference until it has that checksum's slice, then assigns by it", async () => {
    const stub = freshTeam();
    const v1 = { ...slice("round_robin", ["a", "b"], { configVersion: 4 }), checksum: "c4" };
    const ref = { configVersion: 4, checksum: "c4" };
    expect(await stub.assign({ leadId: "l1", teamConfig: ref, now: NOW })).toEqual({
      ok: false,
      reason: "stale_config",
    });
    expect(await stub.assign({ leadId: "l1", teamConfig: v1, now: NOW })).toMatchObject({ repId: "a" });
    expect(await stub.assign({ leadId: "l2", teamConfig: ref, now: NOW })).toMatchObject({
      ok: true,
      repId: "b",
      idempotent: false,
    });
    // The latest slice is stored, so an evicted object still knows it …
    await evictDurableObject(stub);
    expect(await stub.assign({ leadId: "l3", teamConfig: ref, now: NOW })).toMatchObject({ repId: "a" });
    // … and another checksum (a newly published config) is not mistaken for it.
    const other = { configVersion: 5, checksum: "c5" };
    expect(await stub.assign({ leadId: "l4", teamConfig: other, now: NOW })).toMatchObject({
      reason: "stale_config",
    });
    expect((await stub.status()).seq).toBe(3);
  });

  it("sends the whole slice only when the object lacks it", async () => {
    const stub = freshTeam();
    const team = slice("round_robin", ["a", "b"], { configVersion: 7 });
    const ref = { configVersion: 7, checksum: "c7" };
    let built = 0;
    const build = () => (built++, team);
    const first = await assignThroughCache(stub, { leadId: "l1", now: NOW }, ref, build);
    const second = await assignThroughCache(stub, { leadId: "l2", now: NOW }, ref, build);
    expect([first.ok && first.repId, second.ok && second.repId, built]).toEqual(["a", "b", 1]);
    expect((await stub.status()).configVersion).toBe(7);
  });
});
