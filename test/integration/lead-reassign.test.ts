import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import type { NotificationMessage } from "../../worker/notify/channel";
import { sweepSla } from "../../worker/sla/sweep";
import { assignmentsOf, publish, request, slaConfig, SDRS, submitLead } from "./sla-fixtures";

// Tuesday 1 December 2026, 10:00 in New York: inside every SDR's hours.
const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;

let sent: NotificationMessage[] = [];
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockImplementation(async (batch) => {
    sent.push(...[...batch].map((m) => m.body as NotificationMessage));
    return {} as QueueSendBatchResponse;
  });
  // releaseOnCancel on: a manual move gives the old rep its count back.
  const config = slaConfig({});
  const team = config.teams.find((t) => t.id === "sdr-na")!;
  team.distribution = { ...team.distribution, releaseOnCancel: true };
  await publish(config);
});
afterAll(() => vi.useRealTimers());

function reassign(leadId: string, body: Record<string, unknown>) {
  return request(`/v1/admin/leads/${leadId}/reassign`, {
    method: "POST",
    admin: true,
    body: JSON.stringify(body),
  });
}

/** The email notices one rep got about reassignments, by kind (reassigned_to / reassigned_away). */
function reassignNotices(leadId: string, repId: string) {
  return sent
    .filter((m) => m.channel === "email" && m.eventType === "lead.reassigned")
    .filter((m) => m.id.startsWith(`email:${leadId}:`) && m.id.includes(`:${repId}`))
    .map((m) => (m.id.includes(":reassigned_away:") ? "away" : "to"));
}

async function teamCounts() {
  return env.TEAM.getByName("sdr-na").status();
}

describe("manual reassignment", () => {
  it("moves a lead to a named rep: SLA restarts, both reps told, audit and timeline name the admin", async () => {
    const leadId = await submitLead(TUESDAY);
    const [first] = await assignmentsOf(leadId);
    const to = SDRS.find((r) => r !== first!.rep_id)!;
    const before = await teamCounts();
    sent = [];
    const at = TUESDAY + 5 * MIN;
    vi.setSystemTime(at);
    const res = await reassign(leadId, { toRepId: to, reason: "speaks German" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ fromRepId: first!.rep_id, toRepId: to, credited: true });

    const rows = await assignmentsOf(leadId);
    expect(rows.map((r) => [r.attempt, r.status, r.rep_id])).toEqual([
      [0, "reassigned", first!.rep_id],
      [1, "active", to],
    ]);
    expect(rows[1]!.accept_deadline).toBe(at + 15 * MIN);
    expect(reassignNotices(leadId, first!.rep_id)).toEqual(["away"]);
    expect(reassignNotices(leadId, to)).toEqual(["to"]);
    const away = sent.find((m) => m.id.includes(`:reassigned_away:${first!.rep_id}`))!;
    expect((away.payload as { subject: string }).subject).toContain("was reassigned by admin-token");

    // Counters follow the team's rules: the new rep counted, the old one credited back.
    const after = await teamCounts();
    expect(after.reps[to]!.windowCount).toBe((before.reps[to]?.windowCount ?? 0) + 1);
    expect(after.reps[first!.rep_id]!.windowCount).toBe(before.reps[first!.rep_id]!.windowCount - 1);
    expect(after.reps[first!.rep_id]!.open).toBe(before.reps[first!.rep_id]!.open - 1);

    const detail = await (await request(`/v1/admin/leads/${leadId}`, { admin: true })).json<any>();
    expect(detail.timeline.find((e: any) => e.kind === "reassigned").detail).toMatchObject({
      repId: to,
      by: "admin-token",
      reason: "manual: speaks German",
    });
    const audit = await env.DB.prepare(
      "SELECT actor, details FROM audit_log WHERE action = 'lead.reassigned' AND target = ?",
    )
      .bind(`lead:${leadId}`)
      .all<{ actor: string; details: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]!.actor).toBe("admin-token");
  });

  it("sends a lead back through the team's distribution, never to its current rep", async () => {
    const leadId = await submitLead(TUESDAY + 30 * MIN);
    const [first] = await assignmentsOf(leadId);
    const res = await reassign(leadId, { teamId: "sdr-na", reason: "rep on leave" });
    expect(res.status).toBe(200);
    const rows = await assignmentsOf(leadId);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.rep_id).not.toBe(first!.rep_id);
    expect(SDRS).toContain(rows[1]!.rep_id);
  });

  it("refuses a move to the current rep, an unknown rep and a body with both targets", async () => {
    const leadId = await submitLead(TUESDAY + 40 * MIN);
    const [first] = await assignmentsOf(leadId);
    expect((await reassign(leadId, { toRepId: first!.rep_id, reason: "x" })).status).toBe(409);
    expect((await reassign(leadId, { toRepId: "nobody", reason: "x" })).status).toBe(422);
    expect((await reassign(leadId, { toRepId: "ava-thompson", teamId: "sdr-na", reason: "x" })).status).toBe(
      422,
    );
    expect((await reassign(leadId, { toRepId: "ava-thompson" })).status).toBe(422);
    expect(await assignmentsOf(leadId)).toHaveLength(1);
  });

  it.each([
    ["the admin first", true],
    ["the sweep first", false],
  ])(
    "an admin reassigning while an SLA sweep runs (%s) makes exactly one new assignment, both reps told once",
    async (_, adminFirst) => {
      const start = TUESDAY + (adminFirst ? 60 : 90) * MIN;
      const leadId = await submitLead(start);
      const [first] = await assignmentsOf(leadId);
      const at = start + 16 * MIN;
      vi.setSystemTime(at);
      sent = [];
      const admin = () => reassign(leadId, { teamId: "sdr-na", reason: "by hand" });
      const sweep = () => sweepSla(env, database(env.DB), at);
      const [a, b] = adminFirst
        ? await Promise.all([admin(), sweep()])
        : await Promise.all([sweep(), admin()]).then(([s, r]) => [r, s] as const);
      expect([200, 409]).toContain((a as Response).status);
      void b;

      const rows = await assignmentsOf(leadId);
      expect(rows.map((r) => r.status)).toEqual(["reassigned", "active"]);
      const to = rows[1]!.rep_id;
      expect(to).not.toBe(first!.rep_id);
      expect(reassignNotices(leadId, first!.rep_id)).toEqual(["away"]);
      expect(reassignNotices(leadId, to)).toEqual(["to"]);
      // The move's outbox entry (the CRM owner follows) is written by the winner's batch only.
      const entries = await env.DB.prepare(
        "SELECT payload FROM outbox WHERE kind = 'lead.reassigned' AND lead_id = ?",
      )
        .bind(leadId)
        .all<{ payload: string }>();
      expect(entries.results.map((e) => JSON.parse(e.payload).toRepId)).toEqual([to]);
      // The team object agrees with D1 about who holds the lead.
      const again = await reassign(leadId, { toRepId: to, reason: "x" });
      expect(again.status).toBe(409);
    },
  );

  it("an admin whose move reaches the team after a sweep moved the lead loses cleanly: 409, no second notice", async () => {
    const start = TUESDAY + 120 * MIN;
    const leadId = await submitLead(start);
    const [first] = await assignmentsOf(leadId);
    const at = start + 16 * MIN;
    vi.setSystemTime(at);
    sent = [];
    let sweepDone!: () => void;
    const swept = new Promise<void>((resolve) => (sweepDone = resolve));
    const real = env.TEAM.getByName.bind(env.TEAM);
    // The admin's team call waits until the sweep finished: the admin read D1 before the sweep.
    const spy = vi.spyOn(env.TEAM, "getByName").mockImplementation((name: string) => {
      const stub = real(name);
      return new Proxy(stub, {
        get: (target, prop) =>
          prop === "move"
            ? async (input: any) => (await swept, target.move(input))
            : Reflect.get(target, prop),
      });
    });
    const admin = reassign(leadId, { teamId: "sdr-na", reason: "by hand" });
    await new Promise((r) => setTimeout(r, 50));
    await sweepSla(env, database(env.DB), at);
    sweepDone();
    const res = await admin;
    spy.mockRestore();
    expect(res.status).toBe(409);
    const rows = await assignmentsOf(leadId);
    expect(rows.map((r) => r.status)).toEqual(["reassigned", "active"]);
    expect(reassignNotices(leadId, first!.rep_id)).toEqual(["away"]);
    expect(reassignNotices(leadId, rows[1]!.rep_id)).toEqual(["to"]);
  });

  it("lets an analyst read the lead but not move it", async () => {
    const created = await request("/v1/admin/tokens", {
      method: "POST",
      admin: true,
      body: JSON.stringify({ name: "analyst", role: "analyst" }),
    });
    const { token } = await created.json<{ token: string }>();
    const leadId = await submitLead(TUESDAY + 200 * MIN);
    const headers = { Authorization: `Bearer ${token}` };
    expect((await request(`/v1/admin/leads/${leadId}`, { headers })).status).toBe(200);
    const moved = await request(`/v1/admin/leads/${leadId}/reassign`, {
      method: "POST",
      headers,
      body: JSON.stringify({ teamId: "sdr-na", reason: "x" }),
    });
    expect(moved.status).toBe(403);
    expect(await assignmentsOf(leadId)).toHaveLength(1);
  });
});
