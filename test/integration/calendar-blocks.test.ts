import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { book, seedLead, slots, utc, setUpSchedulingTests } from "./booking-fixtures";
import { admin, call } from "./helpers";

setUpSchedulingTests();

const DAY = "2026-03-05";
const window = `&from=${utc("09:00", DAY)}&to=${utc("13:00", DAY)}`;

async function starts(lead: { leadId: string; token: string }): Promise<string[]> {
  const res = await slots(lead, window);
  expect(res.status).toBe(200);
  return (await res.json<any>()).slots.map((s: { start: string }) => s.start);
}

function createBlock(body: unknown) {
  return admin("/v1/admin/calendar/blocks", { method: "POST", body });
}

describe("calendar blocks", () => {
  it("hides the rep's slots inside a block and refuses bookings there, until it is deleted", async () => {
    const lead = await seedLead("team-a", "shared");
    const before = await starts(lead);
    expect(before).toContain(utc("10:30", DAY));

    const created = await createBlock({
      repId: "shared",
      start: utc("10:00", DAY),
      end: utc("12:00", DAY),
      reason: "Dentist",
    });
    expect(created.status).toBe(201);
    const block = await created.json<any>();
    expect(block).toMatchObject({
      repId: "shared",
      start: utc("10:00", DAY),
      end: utc("12:00", DAY),
      reason: "Dentist",
      createdBy: "admin-token",
    });

    // 30-minute meetings: 09:30 ends as the block starts and 12:00 starts as it ends.
    expect(await starts(lead)).toEqual([
      utc("09:00", DAY),
      utc("09:30", DAY),
      utc("12:00", DAY),
      utc("12:30", DAY),
    ]);
    const refused = await book(lead, utc("10:30", DAY));
    expect(refused.status).toBe(409);
    expect((await refused.json<any>()).error.code).toBe("slot_unavailable");

    const listed = await admin(`/v1/admin/calendar/blocks?repId=shared${window}`);
    expect((await listed.json<any>()).blocks.map((b: { id: string }) => b.id)).toEqual([block.id]);

    expect((await admin(`/v1/admin/calendar/blocks/${block.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await admin(`/v1/admin/calendar/blocks/${block.id}`, { method: "DELETE" })).status).toBe(404);
    expect(await starts(lead)).toEqual(before);
    expect((await book(lead, utc("10:30", DAY))).status).toBe(201);

    const { results } = await env.DB.prepare(
      "SELECT action, target FROM audit_log WHERE action LIKE 'calendar_block.%' ORDER BY at, action",
    ).all();
    expect(results).toEqual([
      { action: "calendar_block.created", target: `calendar_block:${block.id}` },
      { action: "calendar_block.deleted", target: `calendar_block:${block.id}` },
    ]);
  });

  it("answers 422 when end is not after start, and 404 for a rep not in the active config", async () => {
    const same = await createBlock({ repId: "shared", start: utc("10:00", DAY), end: utc("10:00", DAY) });
    expect(same.status).toBe(422);
    expect((await same.json<any>()).error.code).toBe("validation_failed");
    const longer = await createBlock({
      repId: "shared",
      start: utc("10:00", DAY),
      end: utc("10:00", "2027-03-07"), // 367 days
    });
    expect(longer.status).toBe(422);
    const ghost = await createBlock({ repId: "ghost", start: utc("10:00", DAY), end: utc("11:00", DAY) });
    expect(ghost.status).toBe(404);
  });

  it("answers 401 without the admin token", async () => {
    const res = await call("/v1/admin/calendar/blocks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ repId: "shared", start: utc("10:00", DAY), end: utc("11:00", DAY) }),
    });
    expect(res.status).toBe(401);
    expect((await call("/v1/admin/calendar/blocks")).status).toBe(401);
  });
});
