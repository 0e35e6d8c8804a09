import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { NotificationMessage } from "../../worker/queue/notifications";
import { signingKey, signToken } from "../../worker/security/signed-tokens";
import { NOW, api, book, publishSchedulingConfig, seedLead, utc } from "./booking-fixtures";

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await publishSchedulingConfig();
});
afterAll(() => vi.useRealTimers());

const row = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .first<any>();
const status = async (id: string) => (await row("SELECT status FROM bookings WHERE id = ?", id))?.status;

function reschedule(manageUrl: string, start: string) {
  const u = new URL(manageUrl);
  return api(`${u.pathname}/reschedule${u.search}`, { method: "POST", json: { start } });
}

async function booked(teamId: string, repId: string, start: string) {
  const res = await book(await seedLead(teamId, repId), start);
  expect(res.status).toBe(201);
  return res.json<{ bookingId: string; repId: string; manageUrl: string }>();
}

/** Another meeting of `repId` at `start`, as if some other lead had booked it. */
async function block(repId: string, teamId: string, start: string) {
  const at = Date.parse(start);
  const { leadId } = await seedLead(teamId, repId);
  await env.DB.prepare(
    `INSERT INTO bookings (id, lead_id, rep_id, team_id, start_at, end_at, status, calendar_provider,
       calendar_sync_status, calendar_attempts, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'confirmed', 'builtin', 'synced', 0, ?)`,
  )
    .bind(crypto.randomUUID(), leadId, repId, teamId, at, at + 30 * 60_000, NOW)
    .run();
}

describe("POST /v1/bookings/:id/reschedule", () => {
  it("keeps the same rep when free, cancels the old invite and sends a new one", async () => {
    const first = await booked("team-a", "shared", utc("09:30", "2026-03-04"));
    const sent = vi.spyOn(env.NOTIFICATIONS, "sendBatch");
    const res = await reschedule(first.manageUrl, utc("11:00", "2026-03-04"));
    const messages = sent.mock.calls.flatMap(([b]) => [...b].map((m) => m.body as NotificationMessage));
    sent.mockRestore();

    expect(res.status).toBe(201);
    const moved = await res.json<any>();
    expect(moved).toMatchObject({ repId: "shared", start: "2026-03-04T10:00:00.000Z" });
    expect(moved.bookingId).not.toBe(first.bookingId);
    expect(await status(first.bookingId)).toBe("rescheduled");
    expect(await status(moved.bookingId)).toBe("confirmed");
    expect(messages.map((m) => [m.id, m.eventType])).toEqual([
      [`${first.bookingId}@baton:1:lead`, "meeting.canceled"],
      [`${first.bookingId}@baton:1:rep`, "meeting.canceled"],
      [`${moved.bookingId}@baton:0:lead`, "meeting.booked"],
      [`${moved.bookingId}@baton:0:rep`, "meeting.booked"],
    ]);
    expect((messages[0]!.payload as { ics: string }).ics).toContain("METHOD:CANCEL");
    // The old link is spent; the new one works.
    expect((await reschedule(first.manageUrl, utc("12:00", "2026-03-04"))).status).toBe(409);
    expect((await reschedule(moved.manageUrl, utc("12:00", "2026-03-04"))).status).toBe(201);
  });

  it("frees the old slot: another lead can book it afterwards", async () => {
    const start = utc("09:00", "2026-03-13");
    const first = await booked("team-a", "shared", start);
    expect((await book(await seedLead("team-a", "shared"), start)).status).toBe(409);
    expect((await reschedule(first.manageUrl, utc("14:00", "2026-03-13"))).status).toBe(201);
    expect((await book(await seedLead("team-a", "shared"), start)).status).toBe(201);
  });

  it("moves the lead through the team when its rep is busy at the new time", async () => {
    const first = await booked("pool", "pool-a", utc("10:00", "2026-03-12"));
    const other = first.repId === "pool-a" ? "pool-b" : "pool-a";
    await block(first.repId, "pool", utc("14:00", "2026-03-12"));

    const res = await reschedule(first.manageUrl, utc("14:00", "2026-03-12"));
    expect(res.status).toBe(201);
    const moved = await res.json<any>();
    expect(moved.repId).toBe(other);
    expect(await status(first.bookingId)).toBe("rescheduled");
    const lead = await row("SELECT lead_id FROM bookings WHERE id = ?", first.bookingId);
    expect(
      await row(
        "SELECT rep_id, status FROM assignments WHERE lead_id = ? ORDER BY attempt DESC",
        lead.lead_id,
      ),
    ).toEqual({ rep_id: other, status: "active" });
  });

  it("answers 409 slot_unavailable with fresh slots when no one is free, and keeps the booking", async () => {
    const first = await booked("pool", "pool-a", utc("10:00", "2026-03-10"));
    await block("pool-a", "pool", utc("15:00", "2026-03-10"));
    await block("pool-b", "pool", utc("15:00", "2026-03-10"));

    const res = await reschedule(first.manageUrl, utc("15:00", "2026-03-10"));
    expect(res.status).toBe(409);
    const body = await res.json<any>();
    expect(body.error.code).toBe("slot_unavailable");
    expect(body.error.details.slots.length).toBeGreaterThan(0);
    expect(await status(first.bookingId)).toBe("confirmed");
  });

  it("refuses a manage token of another booking with 403, and an unknown booking with 404", async () => {
    const a = await booked("team-a", "shared", utc("09:00", "2026-03-11"));
    const b = await booked("team-a", "shared", utc("10:00", "2026-03-11"));
    const token = new URL(a.manageUrl).searchParams.get("token")!;
    const res = await api(`/v1/bookings/${b.bookingId}/reschedule?token=${encodeURIComponent(token)}`, {
      method: "POST",
      json: { start: utc("15:00", "2026-03-11") },
    });
    expect(res.status).toBe(403);
    expect(await status(b.bookingId)).toBe("confirmed");

    const key = await signingKey(env.ENCRYPTION_KEY);
    const ghost = await signToken({ p: "manage", sub: "no-such-booking", exp: NOW + 86_400_000 }, key);
    const missing = await api(`/v1/bookings/no-such-booking/reschedule?token=${ghost}`, {
      method: "POST",
      json: { start: utc("15:00", "2026-03-11") },
    });
    expect(missing.status).toBe(404);
  });
});
