import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { book, confirmed, seedLead, utc, setUpSchedulingTests } from "./booking-fixtures";

setUpSchedulingTests();

async function statuses(responses: Response[]) {
  const bodies = await Promise.all(responses.map((r) => r.json<any>()));
  return { codes: responses.map((r) => r.status), bodies };
}

describe("booking under contention", () => {
  it("lets exactly one of 100 concurrent bookings of one slot through; the rest get 409 with fresh slots", async () => {
    const leads = await Promise.all(Array.from({ length: 100 }, () => seedLead("team-a", "shared")));
    const start = utc("11:00");
    const { codes, bodies } = await statuses(await Promise.all(leads.map((l) => book(l, start))));
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
    for (const body of bodies.filter((b) => b.error)) {
      expect(body.error.code).toBe("slot_unavailable");
      expect(body.error.details.slots.length).toBeGreaterThan(0);
      expect(body.error.details.slots.map((s: { start: string }) => s.start)).not.toContain(start);
    }
    const rows = (await confirmed("shared")).filter((r) => r.start_at === Date.parse(start));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.lead_id).toBe(leads[codes.indexOf(201)]!.leadId);
  });

  it("never double-books a rep shared by two teams, even at overlapping but different times", async () => {
    // Team A: 30 min at 14:00. Team B: 60 min (+15 buffer) at 13:30, which overlaps it.
    const a = await Promise.all(Array.from({ length: 20 }, () => seedLead("team-a", "shared")));
    const b = await Promise.all(Array.from({ length: 20 }, () => seedLead("team-b", "shared")));
    const responses = await Promise.all([
      ...a.map((l) => book(l, utc("14:00"))),
      ...b.map((l) => book(l, utc("13:30"))),
    ]);
    const { codes } = await statuses(responses);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(39);
    const rows = await confirmed("shared");
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.start_at).toBeGreaterThanOrEqual(rows[i - 1]!.end_at);
  });

  it("books a lead once when it posts two slots at the same moment", async () => {
    const lead = await seedLead("team-a", "shared");
    const { codes, bodies } = await statuses(
      await Promise.all([book(lead, utc("09:00", "2026-03-03")), book(lead, utc("10:00", "2026-03-03"))]),
    );
    expect(codes.toSorted()).toEqual([201, 409]);
    expect(bodies.find((b) => b.error)?.error.code).toBe("conflict");
    const { results } = await env.DB.prepare(
      "SELECT count(*) AS n FROM bookings WHERE lead_id = ? AND status = 'confirmed'",
    )
      .bind(lead.leadId)
      .all<{ n: number }>();
    expect(results[0]!.n).toBe(1);
  });
});
