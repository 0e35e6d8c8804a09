import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MODEL_FINAL_KEEP_MS, MODEL_OPEN_KEEP_MS, ModelStore } from "../../worker/team/model-store";
import {
  PRUNE_BATCH,
  PRUNE_CONTINUE_MS,
  type TeamDurableObject,
} from "../../worker/team/team-durable-object";
import { admin } from "./helpers";
import { assignmentsOf, publish, slaConfig, submitLead } from "./sla-fixtures";

const DAY = 86_400_000;
/**
 * When the old leads arrive; the alarm runs 500 and then 731 days later. In the future, so the
 * alarms the object sets from the fake clock lie ahead of the real one and never fire on their own.
 */
const T0 = Date.UTC(2031, 0, 7, 15, 0);
const team = () => env.TEAM.getByName("sdr-na");

type Cell = { repId: string; segment: string; successes: number; failures: number };

/** The sdr-na team in predictive mode, one segment (all test leads share country and tier). */
function predictiveConfig() {
  const config = slaConfig({});
  const sdr = config.teams.find((t) => t.id === "sdr-na")!;
  sdr.distribution = {
    mode: "predictive",
    requireWorkingHours: false,
    fairnessBand: 0.5,
    predictive: { segments: [{ fact: "country" }, { fact: "tier" }], minObservations: 3 },
  } as typeof sdr.distribution;
  return config;
}

async function outcome(leadId: string, kind: string, at: number) {
  vi.setSystemTime(at);
  const res = await admin(`/v1/admin/leads/${leadId}/outcomes`, { method: "POST", body: { kind } });
  expect(res.status).toBe(201);
}

const cells = async (): Promise<Cell[]> => (await team().modelStatus()).cells;
const repOf = async (leadId: string) => (await assignmentsOf(leadId))[0]!.rep_id;

/** The object's pruning clock (RPC calls carry their caller's `now`). */
function setClock(now: number) {
  return runInDurableObject(team(), (instance: TeamDurableObject) => {
    instance.clock = () => now;
  });
}

function modelLeadIds(): Promise<string[]> {
  return runInDurableObject(team(), (_, state) =>
    state.storage.sql
      .exec<{ lead_id: string }>("SELECT lead_id FROM model_leads ORDER BY lead_id")
      .toArray()
      .map((r) => r.lead_id),
  );
}

/** Expected cells, built independently of the object: one entry per lead and its label. */
function expectedCells(segment: string, labelled: [repId: string, label: "success" | "failure"][]): Cell[] {
  const byRep = new Map<string, Cell>();
  for (const [repId, label] of labelled) {
    const cell = byRep.get(repId) ?? { repId, segment, successes: 0, failures: 0 };
    if (label === "success") cell.successes++;
    else cell.failures++;
    byRep.set(repId, cell);
  }
  return [...byRep.values()].toSorted((a, b) => a.repId.localeCompare(b.repId));
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0 - DAY);
  await publish(predictiveConfig());
});
afterAll(() => vi.useRealTimers());

describe("pruning the predictive model's lead rows", { timeout: 60_000 }, () => {
  const ids: Record<"won" | "lost" | "silent" | "recent", string> = {
    won: "",
    lost: "",
    silent: "",
    recent: "",
  };
  let segment = "";
  let before: Cell[] = [];

  it("forgets final rows after 365 days and open ones after 730, leaving every count as it was", async () => {
    ids.won = await submitLead(T0);
    ids.lost = await submitLead(T0 + 60_000);
    ids.silent = await submitLead(T0 + 120_000);
    ids.recent = await submitLead(T0 + 400 * DAY);
    await outcome(ids.won, "won", T0 + 10 * DAY);
    await outcome(ids.lost, "lost", T0 + 10 * DAY);
    await outcome(ids.recent, "won", T0 + 410 * DAY);
    before = await cells();
    segment = before[0]!.segment;
    expect(before).toEqual(
      expectedCells(segment, [
        [await repOf(ids.won), "success"],
        [await repOf(ids.lost), "failure"],
        [await repOf(ids.recent), "success"],
      ]),
    );
    expect(await modelLeadIds()).toEqual(Object.values(ids).toSorted());

    // 500 days on: only the won lead is past its (final) bound.
    await setClock(T0 + 500 * DAY);
    expect(await runDurableObjectAlarm(team())).toBe(true);
    expect(await modelLeadIds()).toEqual([ids.lost, ids.silent, ids.recent].toSorted());
    expect(await cells()).toEqual(before);

    // Just short of 730 days the open rows stay; past it they go, the recent one (331 days) stays.
    await setClock(T0 + MODEL_OPEN_KEEP_MS - DAY);
    await runDurableObjectAlarm(team());
    expect(await modelLeadIds()).toEqual([ids.lost, ids.silent, ids.recent].toSorted());
    await setClock(T0 + MODEL_OPEN_KEEP_MS + DAY);
    expect(await runDurableObjectAlarm(team())).toBe(true);
    expect(await modelLeadIds()).toEqual([ids.recent]);
    expect(await cells()).toEqual(before);
    // The next alarm waits for the recent row's final bound.
    const at = await runInDurableObject(team(), (_, state) => state.storage.getAlarm());
    expect(at! - Date.now()).toBeGreaterThan(T0 + 400 * DAY + MODEL_FINAL_KEEP_MS - (T0 + 731 * DAY) - DAY);
  });

  it("counts a late outcome of a pruned lead once, through a rebuild from D1", async () => {
    const late = T0 + 740 * DAY;
    // A repeat of the won lead's outcome, and a first one for the silent lead: neither is
    // applied in place (the object no longer knows the leads), both mark the model stale.
    await outcome(ids.won, "won", late);
    await outcome(ids.silent, "won", late);
    expect(await team().recordOutcome({ leadId: ids.silent, kind: "won" })).toEqual({
      applied: false,
      reason: "unknown_lead",
    });
    expect(await cells()).toEqual(before);

    // The next predictive assignment rebuilds every count from D1.
    await submitLead(late + DAY);
    const after = expectedCells(segment, [
      [await repOf(ids.won), "success"],
      [await repOf(ids.lost), "failure"],
      [await repOf(ids.recent), "success"],
      [await repOf(ids.silent), "success"],
    ]);
    expect(await cells()).toEqual(after);
    // The rebuild brought the leads with outcomes back: a retried forward changes nothing.
    // (`next`, with no outcome yet, is held by its evidence row alone: see model-store.ts.)
    expect(await modelLeadIds()).toEqual([ids.won, ids.lost, ids.silent, ids.recent].toSorted());
    expect(
      await team().recordOutcome({ leadId: ids.silent, kind: "won", repId: await repOf(ids.silent) }),
    ).toEqual({ applied: false, reason: "unchanged" });
    expect(await cells()).toEqual(after);

    // Rebuilt rows keep their leads' assignment time, so the alarm forgets them again …
    await setClock(late + 2 * DAY);
    await runDurableObjectAlarm(team());
    expect(await modelLeadIds()).toEqual([ids.recent]);
    expect(await cells()).toEqual(after);
    // … and a forward arriving after that only costs another rebuild, never a second count.
    expect(await team().recordOutcome({ leadId: ids.won, kind: "won" })).toMatchObject({
      reason: "unknown_lead",
    });
    await submitLead(late + 3 * DAY);
    expect(await cells()).toEqual(after);
  });

  it("prunes in bounded batches and stamps rows of unknown age before judging them", async () => {
    const stub = team();
    const start = T0 + 2_000 * DAY;
    const cellsBefore = await cells();
    // Everything the earlier tests left is past its bound by then: clear it first.
    await setClock(start);
    await runDurableObjectAlarm(stub);
    expect(await modelLeadIds()).toEqual([]);
    await runInDurableObject(stub, async (_, state) => {
      const sql = state.storage.sql;
      state.storage.transactionSync(() => {
        for (let i = 0; i < PRUNE_BATCH + 5; i++) {
          sql.exec(
            "INSERT INTO model_leads (lead_id, rep_id, segment, label, noted_at) VALUES (?, 'x', ?, 'success', ?)",
            `bulk-${String(i).padStart(4, "0")}`,
            segment,
            start - 400 * DAY + i,
          );
        }
        // Rows an object wrote before `noted_at` existed.
        for (const id of ["legacy-1", "legacy-2"]) {
          sql.exec(
            "INSERT INTO model_leads (lead_id, rep_id, segment, label) VALUES (?, 'x', ?, NULL)",
            id,
            segment,
          );
        }
      });
      // Rows written behind the object's back: schedule its alarm by hand.
      await state.storage.setAlarm(Date.now() + PRUNE_CONTINUE_MS);
    });

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const left = await modelLeadIds();
    expect(left.filter((id) => id.startsWith("bulk-"))).toHaveLength(5);
    const soon = await runInDurableObject(
      stub,
      async (_, state) => (await state.storage.getAlarm())! - Date.now(),
    );
    expect(soon).toBeLessThanOrEqual(PRUNE_CONTINUE_MS);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // The legacy rows were stamped with the alarm's time, so they stay a full span from it.
    expect(await modelLeadIds()).toEqual(["legacy-1", "legacy-2"]);
    const stamped = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec<{ noted_at: number }>("SELECT noted_at FROM model_leads WHERE lead_id LIKE 'legacy-%'")
        .toArray()
        .map((r) => r.noted_at),
    );
    expect(stamped).toEqual([start, start]);
    expect(await cells()).toEqual(cellsBefore);
  });

  it("adds the age column to an object written before it existed", async () => {
    const stub = env.TEAM.getByName("legacy-team");
    await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE model_leads");
      sql.exec(
        "CREATE TABLE model_leads (lead_id TEXT PRIMARY KEY, rep_id TEXT NOT NULL, segment TEXT NOT NULL, label TEXT)",
      );
      sql.exec("INSERT INTO model_leads VALUES ('old', 'x', 's', 'success')");
      new ModelStore(sql).migrate();
      new ModelStore(sql).migrate(); // idempotent
      const row = sql.exec("SELECT * FROM model_leads").one();
      expect(row).toEqual({ lead_id: "old", rep_id: "x", segment: "s", label: "success", noted_at: null });
    });
  });

  it("adds the segment and time columns to the evidence rows of an older object", async () => {
    const stub = env.TEAM.getByName("legacy-evidence-team");
    await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE evidence_leads");
      sql.exec(
        "CREATE TABLE evidence_leads (lead_id TEXT PRIMARY KEY, rep_id TEXT NOT NULL, features TEXT NOT NULL, day INTEGER NOT NULL, label TEXT)",
      );
      sql.exec("CREATE INDEX evidence_leads_by_day ON evidence_leads (day)");
      sql.exec(`INSERT INTO evidence_leads VALUES ('old', 'x', '["tier=A"]', 20000, NULL)`);
      const model = new ModelStore(sql);
      model.migrate();
      model.migrate(); // idempotent
      const row = sql.exec("SELECT * FROM evidence_leads").one();
      expect(row).toEqual({
        lead_id: "old",
        rep_id: "x",
        features: '["tier=A"]',
        day: 20000,
        label: null,
        segment: null,
        noted_at: null,
      });
      // Rebuilt keyed by lead id alone, without the by-day index.
      const schema = sql
        .exec<{ type: string; sql: string }>(
          "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'evidence_leads'",
        )
        .toArray();
      expect(schema.map((r) => r.type)).toEqual(["table"]);
      expect(schema[0]!.sql).toMatch(/WITHOUT ROWID/);
      // Its model row was written with it by the older object: the evidence row alone does
      // not make the lead known, and the rows forgotten past the memory are not carried over.
      expect(model.getLead("old")).toBeNull();
      model.adopt(20001);
      expect(sql.exec("SELECT count(*) AS n FROM model_leads").one().n).toBe(0);
    });
  });
});
