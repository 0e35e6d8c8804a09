import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { signingKey, signToken } from "../../worker/security/signed-tokens";
import {
  NOW,
  api,
  book,
  publishSchedulingConfig,
  seedLead,
  slots,
  utc,
  setUpSchedulingTests,
} from "./booking-fixtures";
import { captureLogs } from "./capture-logs";
import { admin, clone } from "./helpers";

setUpSchedulingTests();

describe("GET /v1/leads/:leadId/slots", () => {
  it("answers the next 7 days by default, in UTC, from the assigned rep's hours", async () => {
    const res = await slots(await seedLead("team-b", "shared"));
    expect(res.status).toBe(200);
    const { slots: page } = await res.json<any>();
    // 60-minute meetings on a 30-minute grid, 09:00-17:00 Berlin: 09:00 … 16:00 = 15 a day, 5 weekdays.
    expect(page).toHaveLength(75);
    expect(page[0]).toEqual({ start: "2026-03-02T08:00:00.000Z", end: "2026-03-02T09:00:00.000Z" });
    expect(page.at(-1)).toEqual({ start: "2026-03-06T15:00:00.000Z", end: "2026-03-06T16:00:00.000Z" });
  });

  it("pages by from and to, and hides what is booked (with the team's buffers)", async () => {
    const taken = await book(await seedLead("team-b", "shared"), utc("10:00", "2026-03-10"));
    expect(taken.status).toBe(201);
    const res = await slots(
      await seedLead("team-b", "shared"),
      `&from=${utc("09:00", "2026-03-10")}&to=${utc("13:00", "2026-03-10")}`,
    );
    const starts = (await res.json<any>()).slots.map((s: { start: string }) => s.start);
    // Booked 10:00-11:00 with 15 min after. 09:00 ends at 10:00 but needs its own 15 min
    // after; 11:00 would start inside the booking's buffer. First free: 11:30.
    expect(starts).toEqual([
      utc("11:30", "2026-03-10"),
      utc("12:00", "2026-03-10"),
      utc("12:30", "2026-03-10"),
    ]);
  });

  it("refuses a bad token with 403 and a range over 31 days with 422", async () => {
    const lead = await seedLead("team-a", "shared");
    expect((await slots({ ...lead, token: "nope.nope" })).status).toBe(403);
    const far = await slots(lead, `&from=${utc("09:00")}&to=${utc("09:00", "2026-04-10")}`);
    expect(far.status).toBe(422);
  });

  it("answers 404 for an unknown lead (with a token signed for that id)", async () => {
    const token = await signToken(
      { p: "book", sub: "ghost", exp: NOW + 86_400_000 },
      await signingKey(env.ENCRYPTION_KEY),
    );
    expect((await slots({ leadId: "ghost", token })).status).toBe(404);
  });
});

describe("CORS for the widget", () => {
  it("answers the lead's form origins, preflight included, and refuses other sites", async () => {
    const lead = await seedLead("team-a", "shared");
    const allowed = { Origin: "http://localhost:8787" };
    const preflight = await api(`/v1/leads/${lead.leadId}/bookings`, { method: "OPTIONS", headers: allowed });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
    const get = await api(`/v1/leads/${lead.leadId}/slots?bookingToken=${encodeURIComponent(lead.token)}`, {
      headers: allowed,
    });
    expect(get.status).toBe(200);
    expect(get.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
    const evil = await api(`/v1/leads/${lead.leadId}/slots?bookingToken=${encodeURIComponent(lead.token)}`, {
      headers: { Origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("a rep whose calendar cannot be read", () => {
  it("offers no slots, yet a booking already chosen is kept with its calendar side pending", async () => {
    const config = clone(demoConfig) as any;
    const hours = [{ start: "09:00", end: "17:00" }];
    config.reps.push({
      id: "g-rep",
      name: "Google Rep",
      email: "g-rep@baton.example",
      timezone: "Europe/Berlin",
      workingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
      calendar: { provider: "google" },
    });
    config.teams.push({
      id: "g-team",
      name: "G",
      members: [{ repId: "g-rep" }],
      distribution: { mode: "round_robin" },
    });
    expect(
      (await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config })).status,
    ).toBe(201);
    // No Google connection exists for g-rep: free/busy fails for it, as it would on a revoked token.
    const warned = captureLogs("warn");
    const lead = await seedLead("g-team", "g-rep");
    expect((await (await slots(lead)).json<any>()).slots).toEqual([]);
    const res = await book(lead, utc("10:00", "2026-03-03"));
    expect(res.status).toBe(201);
    const { bookingId } = await res.json<any>();
    const row = await env.DB.prepare(
      "SELECT calendar_provider, calendar_sync_status, calendar_attempts FROM bookings WHERE id = ?",
    )
      .bind(bookingId)
      .first();
    expect(row).toEqual({
      calendar_provider: "google",
      calendar_sync_status: "pending",
      calendar_attempts: 1,
    });
    expect(warned()).toEqual([
      expect.objectContaining({ msg: "calendar unreadable; rep offers no slots", repId: "g-rep" }),
      expect.objectContaining({ msg: "calendar side pending", bookingId }),
    ]);
    await publishSchedulingConfig();
  });
});
