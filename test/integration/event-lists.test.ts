import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DryRun, EventListDetail, RunResult } from "../../worker/event-lists/contract";
import { admin } from "./helpers";
import { publish, slaConfig } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const CAPPED = "ava-thompson";
const CAP = 3;

type Row = { row: number; fields: Record<string, string> };

/** 30 rows: 22 new people, 5 already leads, and 3 bad (no email, malformed, scanned twice). */
function scans(): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 22; i++)
    rows.push({
      row: 0,
      fields: { email: `new${i}@expo${i}.example`, name: `New ${i}`, company: `Expo ${i}` },
    });
  for (let i = 0; i < 5; i++)
    rows.push({ row: 0, fields: { email: ` Known${i}@Known.example `, name: `Known ${i}` } });
  rows.push({ row: 0, fields: { email: "", name: "No Email" } });
  rows.push({ row: 0, fields: { email: "not-an-address", name: "Broken" } });
  rows.push({ row: 0, fields: { email: "NEW3@expo3.example", name: "Scanned twice" } });
  return rows.map((r, i) => ({ ...r, row: i + 2 }));
}

async function upload(rows: Row[], name = "Web Summit 2026") {
  const res = await admin("/v1/admin/event-lists", {
    method: "POST",
    body: { name, ruleSetId: "default", rows },
  });
  expect(res.status).toBe(201);
  return res.json<EventListDetail>();
}

/** Runs the list in batches as the dashboard does, until nothing is pending. */
async function runAll(id: string, limit = 10): Promise<RunResult["list"]> {
  for (let i = 0; i < 20; i++) {
    const res = await admin(`/v1/admin/event-lists/${id}/run?limit=${limit}`, { method: "POST" });
    expect(res.status).toBe(200);
    const { list } = await res.json<RunResult>();
    if (list.counts.pending === 0) return list;
  }
  throw new Error("the run did not finish");
}

async function eventLeads(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM leads WHERE form_id = 'event:list'").first<{
    n: number;
  }>();
  return row!.n;
}

/** Five people who are already leads (a form a week ago). */
async function seedExisting() {
  const stmts = [0, 1, 2, 3, 4].map((i) =>
    env.DB.prepare(
      `INSERT INTO leads (id, created_at, form_id, email, email_normalized, fields, status, updated_at)
       VALUES (?1, ?2, 'demo', ?3, ?3, '{}', 'routed', ?2)`,
    ).bind(`known-${i}`, TUESDAY - 7 * 86_400_000, `known${i}@known.example`),
  );
  const assigned = env.DB.prepare(
    `INSERT INTO assignments (id, lead_id, rep_id, team_id, assigned_at, status, attempt)
     VALUES ('a-known-0', 'known-0', 'ethan-cole', 'sdr-na', ?1, 'active', 0)`,
  ).bind(TUESDAY - 7 * 86_400_000);
  await env.DB.batch([...stmts, assigned]);
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  const config = slaConfig({});
  config.reps.find((r) => r.id === CAPPED)!.caps = { perDay: CAP };
  await publish(config);
  await seedExisting();
});
afterAll(() => vi.useRealTimers());

describe("event lists", () => {
  let firstId = "";
  let forecast: DryRun;

  it("stores an upload and refuses bad rows with their row numbers and reasons", async () => {
    const { list, refused } = await upload(scans());
    firstId = list.id;
    expect(list.counts).toMatchObject({ pending: 27, refused: 3 });
    expect(refused).toEqual([
      { row: 29, reason: "no email address" },
      { row: 30, reason: "not an email address: not-an-address" },
      { row: 31, reason: "same email as row 5" },
    ]);
    expect(await eventLeads()).toBe(0);
  });

  it("dry-runs where every row would go and what each rep would receive, writing nothing", async () => {
    const res = await admin(`/v1/admin/event-lists/${firstId}/dry-run`, { method: "POST" });
    expect(res.status).toBe(200);
    forecast = await res.json<DryRun>();
    expect(forecast.counts).toEqual({ route: 22, merged: 5, duplicate: 0, unroutable: 0, refused: 3 });
    expect(forecast.rows).toHaveLength(27);
    expect(forecast.rows.find((r) => r.row === 24)).toMatchObject({
      outcome: "merged",
      leadId: "known-0",
      repId: "ethan-cole",
    });
    expect(forecast.perRep.reduce((n, r) => n + r.count, 0)).toBe(22);
    expect(forecast.perRep.find((r) => r.repId === CAPPED)?.count).toBe(CAP);
    expect(await eventLeads()).toBe(0);
  });

  it("routes the rows in batches within caps, merges known people, and matches the dry run", async () => {
    const list = await runAll(firstId);
    expect(list.counts).toEqual({ pending: 0, routed: 22, merged: 5, duplicate: 0, unrouted: 0, refused: 3 });
    expect(list.finishedAt).toBe(TUESDAY);
    expect(await eventLeads()).toBe(22);
    const { results } = await env.DB.prepare(
      "SELECT rep_id AS repId, count(*) AS count FROM assignments WHERE id != 'a-known-0' GROUP BY rep_id ORDER BY count DESC, rep_id",
    ).all<{ repId: string; count: number }>();
    expect(results.find((r) => r.repId === CAPPED)?.count).toBe(CAP);
    expect(results).toEqual(forecast.perRep);
    const res = await admin(`/v1/admin/event-lists/${firstId}`);
    const detail = await res.json<EventListDetail>();
    expect(detail.perRep).toEqual(forecast.perRep);
    const lead = await env.DB.prepare(
      "SELECT fields, context FROM leads WHERE email_normalized = 'new0@expo0.example'",
    ).first<{
      fields: string;
      context: string;
    }>();
    expect(JSON.parse(lead!.fields)).toMatchObject({ event: "Web Summit 2026", company: "Expo 0" });
    expect(JSON.parse(lead!.context)).toMatchObject({ source: "event", eventList: { id: firstId, row: 2 } });
  });

  it("shows the list on the lead page: the lead it made, and the existing lead it was merged into", async () => {
    const made = await env.DB.prepare(
      "SELECT id FROM leads WHERE email_normalized = 'new0@expo0.example'",
    ).first<{ id: string }>();
    for (const [id, kind] of [
      [made!.id, "event_list"],
      ["known-0", "event_merged"],
    ] as const) {
      const res = await admin(`/v1/admin/leads/${id}`);
      const { timeline } = await res.json<{
        timeline: { kind: string; detail: Record<string, unknown> }[];
      }>();
      expect(timeline.find((e) => e.kind === kind)?.detail).toMatchObject({ list: "Web Summit 2026" });
    }
  });

  it("routes nothing when the same list is uploaded again", async () => {
    const { list } = await upload(scans(), "  web summit 2026 ");
    const after = await runAll(list.id, 50);
    expect(after.counts).toEqual({
      pending: 0,
      routed: 0,
      merged: 5,
      duplicate: 22,
      unrouted: 0,
      refused: 3,
    });
    expect(await eventLeads()).toBe(22);
  });

  it("resumes a run cut short after a lead was stored, without a second lead", async () => {
    await env.DB.prepare(
      "UPDATE event_list_rows SET outcome = 'pending', lead_id = NULL WHERE list_id = ?1 AND row = 2",
    )
      .bind(firstId)
      .run();
    const list = await runAll(firstId);
    expect(list.counts).toMatchObject({ pending: 0, routed: 22 });
    expect(await eventLeads()).toBe(22);
  });

  it("counts each row once when two runs of one list overlap (two tabs)", async () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({
      row: i + 2,
      fields: { email: `twin${i}@tabs.example` },
    }));
    const { list } = await upload(rows, "Two Tabs Meetup");
    const before = await eventLeads();
    const run = () => admin(`/v1/admin/event-lists/${list.id}/run?limit=50`, { method: "POST" });
    const answers = await Promise.all([run(), run()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const after = await runAll(list.id);
    expect(after.counts).toMatchObject({ pending: 0, routed: 6, duplicate: 0 });
    expect(await eventLeads()).toBe(before + 6);
  });

  it("erases a person's cells from every list, routed, merged or refused", async () => {
    for (const email of ["new5@expo5.example", "known1@known.example", "new3@expo3.example"]) {
      const res = await admin("/v1/admin/privacy/erase", { method: "POST", body: { email, confirm: email } });
      expect(res.status).toBe(200);
    }
    const left = await env.DB.prepare(
      `SELECT count(*) AS n FROM event_list_rows WHERE email_normalized IN ('new5@expo5.example', 'known1@known.example')
         OR instr(lower(fields), 'expo5.example') > 0 OR instr(lower(fields), 'known1@') > 0 OR instr(lower(fields), 'new3@') > 0`,
    ).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });

  it("refuses a list with no email column, an unknown rule set and an oversized body", async () => {
    const noEmail = await admin("/v1/admin/event-lists", {
      method: "POST",
      body: { name: "x", ruleSetId: "default", rows: [{ row: 2, fields: { name: "A" } }] },
    });
    expect(noEmail.status).toBe(422);
    expect(await noEmail.text()).toContain("No column is mapped to email");
    const unknownSet = await admin("/v1/admin/event-lists", {
      method: "POST",
      body: { name: "x", ruleSetId: "nope", rows: [{ row: 2, fields: { email: "a@b.example" } }] },
    });
    expect(unknownSet.status).toBe(422);
    const big = await admin("/v1/admin/event-lists", {
      method: "POST",
      body: {
        name: "x",
        ruleSetId: "default",
        rows: [{ row: 2, fields: { email: "a@b.example", name: "x".repeat(5 * 1024 * 1024) } }],
      },
    });
    expect(big.status).toBe(413);
    expect((await admin("/v1/admin/event-lists/missing")).status).toBe(404);
  });
});
