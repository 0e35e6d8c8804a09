import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { sweepSla } from "../../worker/sla/sweep";
import { assignmentsOf, publish, request, slaConfig, submitLead } from "./sla-fixtures";

// Tuesday 1 December 2026, 10:00 in New York: inside every SDR's hours.
const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;
const sweep = (now: number) => sweepSla(env, database(env.DB), now);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  await publish(slaConfig({}));
});
afterAll(() => vi.useRealTimers());

describe("SLA sweep", () => {
  it("reassigns a breached lead exactly once when two sweeps run at once, and again changes nothing", async () => {
    const leadId = await submitLead(TUESDAY);
    const [first] = await assignmentsOf(leadId);
    const at = TUESDAY + 16 * MIN;
    const results = await Promise.all([sweep(at), sweep(at)]);
    const reassigned = results.reduce((n, r) => n + ((r as { reassigned?: number }).reassigned ?? 0), 0);
    expect(reassigned).toBe(1);
    expect(await sweep(at)).toEqual({ due: 0 });

    const rows = await assignmentsOf(leadId);
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([
      [0, "reassigned"],
      [1, "active"],
    ]);
    expect(rows[1]!.rep_id).not.toBe(first!.rep_id);
    expect(rows[1]!.accept_deadline).toBe(at + 15 * MIN);
  });

  it("escalates to the manager after the last reassignment, excluding reps already tried", async () => {
    const leadId = await submitLead(TUESDAY + 60 * MIN);
    for (let i = 0; i < 3; i++) {
      const active = (await assignmentsOf(leadId)).find((r) => r.status === "active")!;
      await sweep(active.accept_deadline! + MIN);
    }
    const rows = await assignmentsOf(leadId);
    expect(rows.map((r) => r.status)).toEqual(["reassigned", "reassigned", "escalated", "active"]);
    expect(new Set(rows.slice(0, 3).map((r) => r.rep_id)).size).toBe(3);
    expect(rows[3]).toMatchObject({
      rep_id: "rachel-kim",
      accept_deadline: null,
      reason: "sla_escalated:manager",
    });
  });

  it("leaves a lead accepted before its deadline where it is", async () => {
    const leadId = await submitLead(TUESDAY + 120 * MIN);
    vi.setSystemTime(TUESDAY + 125 * MIN);
    const res = await request(`/v1/admin/leads/${leadId}/accept`, { method: "POST", admin: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ acceptedAt: TUESDAY + 125 * MIN, alreadyAccepted: false });
    await sweep(TUESDAY + 200 * MIN);
    expect((await assignmentsOf(leadId)).map((r) => [r.status, r.accepted_at])).toEqual([
      ["accepted", TUESDAY + 125 * MIN],
    ]);
  });

  it("counts working time only, so a Friday-evening lead is due on Monday morning", async () => {
    // Friday 4 December 16:50 in New York: 10 working minutes left that day.
    const friday = Date.UTC(2026, 11, 4, 21, 50);
    const leadId = await submitLead(friday);
    expect(await sweep(Date.UTC(2026, 11, 5, 12, 0))).toMatchObject({ due: 1, deferred: 1 });
    const monday0905 = Date.UTC(2026, 11, 7, 14, 5);
    expect((await assignmentsOf(leadId))[0]!.accept_deadline).toBe(monday0905);
    expect(await sweep(monday0905 - MIN)).toEqual({ due: 0 });
    expect(await sweep(monday0905 + MIN)).toMatchObject({ reassigned: 1 });
  });

  it("treats a confirmed booking as meeting the SLA", async () => {
    const leadId = await submitLead(TUESDAY + 240 * MIN);
    const [row] = await assignmentsOf(leadId);
    await env.DB.prepare(
      `INSERT INTO bookings (id, lead_id, rep_id, team_id, start_at, end_at, status, calendar_provider, calendar_sync_status, created_at)
       VALUES (?, ?, ?, 'sdr-na', ?, ?, 'confirmed', 'builtin', 'synced', ?)`,
    )
      .bind(
        crypto.randomUUID(),
        leadId,
        row!.rep_id,
        TUESDAY + 2880 * MIN,
        TUESDAY + 2910 * MIN,
        TUESDAY + 241 * MIN,
      )
      .run();
    expect(await sweep(TUESDAY + 300 * MIN)).toMatchObject({ satisfied: 1 });
    expect(await assignmentsOf(leadId)).toEqual([
      expect.objectContaining({ status: "active", accept_deadline: null, reason: "sla_met:booking" }),
    ]);
  });
});
