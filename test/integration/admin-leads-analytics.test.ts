import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bookFirstSlot, NOW, person, publishDemo, send, submit, type Submitted } from "./admin-data-fixtures";

const DAY = 86_400_000;
let grace: Submitted;
let ada: Submitted;
let alan: Submitted;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await publishDemo();
  grace = await submit(person("grace@navy.example"));
  vi.setSystemTime(NOW + 1000);
  ada = await submit(
    person("ada@engines.example", { first_name: "Ada", last_name: "Lovelace", company: "Engines" }),
  );
  vi.setSystemTime(NOW + 2000);
  alan = await submit(
    person("alan@bletchley.example", { first_name: "Alan", last_name: "Turing", company: "100%_Hut" }),
  );
  vi.setSystemTime(NOW + 3000);
  await bookFirstSlot(grace);
  vi.setSystemTime(NOW + 9000);
  expect((await send(`/v1/admin/leads/${grace.leadId}/accept`, { method: "POST" })).status).toBe(200);
  const outcome = await send(`/v1/admin/leads/${grace.leadId}/outcomes`, {
    method: "POST",
    body: { kind: "won" },
  });
  expect(outcome.status).toBe(201);
});
afterAll(() => vi.useRealTimers());

const list = async (query: string) => {
  const res = await send(`/v1/admin/leads?${query}`);
  expect(res.status).toBe(200);
  return res.json<{ leads: any[]; nextCursor: string | null }>();
};

describe("GET /v1/admin/leads", () => {
  it("lists newest first and pages with a cursor, without overlap", async () => {
    const first = await list("limit=2");
    expect(first.leads.map((l) => l.id)).toEqual([alan.leadId, ada.leadId]);
    expect(first.leads[0]).toMatchObject({
      name: "Alan Turing",
      email: "alan@bletchley.example",
      company: "100%_Hut",
      formId: "demo",
      status: "routed",
      teamId: alan.assignment.teamId,
      repId: alan.assignment.repId,
      repName: alan.assignment.repName,
      createdAt: new Date(NOW + 2000).toISOString(),
    });
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect(second.leads.map((l) => l.id)).toEqual([grace.leadId]);
    expect(second.nextCursor).toBeNull();
  });

  it("searches email, name and company, case-insensitively, with wildcards taken literally", async () => {
    expect((await list("q=HOPP")).leads.map((l) => l.id)).toEqual([grace.leadId]);
    expect((await list("q=engines.ex")).leads.map((l) => l.id)).toEqual([ada.leadId]);
    expect((await list("q=100%25_")).leads.map((l) => l.id)).toEqual([alan.leadId]);
    expect((await list("q=%25")).leads.map((l) => l.id)).toEqual([alan.leadId]);
    expect((await list("q=nobody")).leads).toEqual([]);
  });

  it("filters by status, rep, team and date", async () => {
    expect((await list("status=booked")).leads.map((l) => l.id)).toEqual([grace.leadId]);
    const byRep = await list(`repId=${ada.assignment.repId}`);
    expect(byRep.leads.map((l) => l.id)).toContain(ada.leadId);
    expect(byRep.leads.every((l) => l.repId === ada.assignment.repId)).toBe(true);
    expect((await list("teamId=nobody")).leads).toEqual([]);
    const from = new Date(NOW + 500).toISOString();
    expect((await list(`from=${from}`)).leads).toHaveLength(2);
  });

  it("answers 422 for a forged cursor or a bad filter", async () => {
    expect((await send("/v1/admin/leads?cursor=not-a-cursor")).status).toBe(422);
    expect((await send("/v1/admin/leads?limit=0")).status).toBe(422);
    expect((await send("/v1/admin/leads?repId=BAD%20ID")).status).toBe(422);
  });
});

describe("GET /v1/admin/leads/:leadId", () => {
  it("shows the lead with its timeline, trace, booking and outcome", async () => {
    const res = await send(`/v1/admin/leads/${grace.leadId}`);
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.lead).toMatchObject({
      id: grace.leadId,
      email: "grace@navy.example",
      spam: false,
      status: "booked",
    });
    expect(body.lead.facts).toMatchObject({ email: "grace@navy.example" });
    expect(body.lead.slotsShownAt).toBe(new Date(NOW).toISOString());
    expect(body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      "received",
      "routed",
      "booked",
      "accepted",
      "outcome",
    ]);
    expect(body.decisions[0]).toMatchObject({
      kind: "assigned",
      trace: { routing: { ruleSetId: "default" } },
    });
    expect(body.bookings).toHaveLength(1);
    expect(body.outcomes[0]).toMatchObject({ kind: "won" });
  });

  it("answers 404 for an unknown lead", async () => {
    expect((await send("/v1/admin/leads/no-such-lead")).status).toBe(404);
  });
});

describe("GET /v1/admin/analytics", () => {
  it("counts leads, slots shown, bookings, distribution, SLA and conversion in the range", async () => {
    const from = new Date(NOW - DAY).toISOString().slice(0, 10);
    const res = await send(`/v1/admin/analytics?from=${from}&to=${new Date(NOW + DAY).toISOString()}`);
    expect(res.status).toBe(200);
    const a = await res.json<any>();
    expect(a.funnel).toEqual({ submitted: 3, slotsShown: 3, booked: 1, followedUp: 0, recovered: 0 });
    const today = a.series.find((p: { date: string }) => p.date === new Date(NOW).toISOString().slice(0, 10));
    expect(today).toEqual({ date: expect.any(String), leads: 3, routed: 3, slotsShown: 3, booked: 1 });
    const team = a.distribution.filter((d: { teamId: string }) => d.teamId === "sdr-na");
    expect(team.reduce((s: number, d: { count: number }) => s + d.count, 0)).toBe(3);
    expect(team.reduce((s: number, d: { targetShare: number }) => s + d.targetShare, 0)).toBeCloseTo(1);
    const sla = a.sla.find((s: { teamId: string }) => s.teamId === "sdr-na");
    expect(sla).toMatchObject({
      assignments: 3,
      accepted: 1,
      breached: 0,
      compliance: 1,
      medianMinutesToAccept: 0.2,
    });
    expect(a.conversion.byRule).toEqual([
      {
        ruleId: "fallback",
        leads: 3,
        outcomes: { contacted: 0, qualified: 0, opportunity: 0, won: 1, lost: 0, no_show: 0 },
      },
    ]);
    expect(
      a.conversion.byRep.find((r: { repId: string }) => r.repId === grace.assignment.repId).outcomes.won,
    ).toBe(1);
  });

  it("defaults to the last 30 days and refuses an inverted range", async () => {
    const a = await (await send("/v1/admin/analytics")).json<any>();
    expect(a.series).toHaveLength(30);
    expect(a.range.to).toBe(new Date(Date.now()).toISOString());
    expect((await send(`/v1/admin/analytics?from=2026-12-02&to=2026-12-01`)).status).toBe(422);
  });

  it("records when the visitor was first shown slots", async () => {
    const row = await env.DB.prepare("SELECT slots_shown_at FROM leads WHERE id = ?")
      .bind(ada.leadId)
      .first();
    expect(row).toEqual({ slots_shown_at: NOW + 1000 });
  });

  it("buckets by the org's calendar days and ISO weeks, today included", async () => {
    // 03:30 UTC on Dec 2 is 22:30 on Tuesday Dec 1 in New York, the demo org's zone.
    const late = Date.UTC(2026, 11, 2, 3, 30);
    vi.setSystemTime(late);
    await submit(person("kathleen@booth.example", { first_name: "Kathleen" }));
    vi.setSystemTime(late + 1000);
    const a = await (await send("/v1/admin/analytics")).json<any>();
    expect(a.range).toMatchObject({ timeZone: "America/New_York", to: new Date(late + 1000).toISOString() });
    expect(a.range.from).toBe("2026-11-02T05:00:00.000Z");
    expect(a.series).toHaveLength(30);
    expect(a.series.at(-1)).toMatchObject({ date: "2026-12-01", leads: 4 });
    const day = await (await send("/v1/admin/analytics?from=2026-12-01&to=2026-12-02")).json<any>();
    expect(day.series.map((p: { date: string; leads: number }) => [p.date, p.leads])).toEqual([
      ["2026-12-01", 4],
    ]);
    const weeks = await (await send("/v1/admin/analytics?days=14&bucket=week")).json<any>();
    expect(weeks.series.map((p: { date: string }) => p.date)).toEqual([
      "2026-11-16",
      "2026-11-23",
      "2026-11-30",
    ]);
    expect(weeks.series.at(-1).leads).toBe(4);
    expect((await send("/v1/admin/analytics?days=7&from=2026-12-01")).status).toBe(422);
  });
});
