import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CALENDAR_OUTBOX_WINDOW_MS, retryCalendarEvents } from "../../worker/booking/calendar-retry";
import { database } from "../../worker/db/client";
import type { NotificationMessage } from "../../worker/notify/channel";
import { signingKey, signToken } from "../../worker/security/signed-tokens";
import { NOW, api, book, manageApi, publishSchedulingConfig, seedLead, utc } from "./booking-fixtures";
import { queued } from "./notify-helpers";

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
  return api(manageApi(u.href, "/reschedule"), { method: "POST", json: { start } });
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
  it("keeps the same rep when free and moves the invite: one REQUEST, same UID, SEQUENCE 1", async () => {
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
    // RFC 5546: an update of the first booking's event, not a cancel plus a new event.
    const invites = messages.filter((m) => m.channel === "email");
    expect(invites.map((m) => [m.id, m.eventType])).toEqual([
      [`${first.bookingId}@baton:1:lead`, "meeting.booked"],
      [`${first.bookingId}@baton:1:rep`, "meeting.booked"],
    ]);
    const ics = (invites[0]!.payload as { ics: string }).ics;
    expect(ics).toContain("METHOD:REQUEST");
    expect(ics).toContain(`UID:${first.bookingId}@baton`);
    expect(ics).toContain("SEQUENCE:1");
    expect(ics).toContain("DTSTART:20260304T100000Z");
    expect(await row("SELECT calendar_event_id AS e FROM bookings WHERE id = ?", moved.bookingId)).toEqual({
      e: `${first.bookingId}@baton`,
    });
    // The old link is spent; the new one works.
    expect((await reschedule(first.manageUrl, utc("12:00", "2026-03-04"))).status).toBe(409);
    expect((await reschedule(moved.manageUrl, utc("12:00", "2026-03-04"))).status).toBe(201);
  });

  it("repeats the SEQUENCE of a change when the cron retries its invite, instead of counting it twice", async () => {
    const first = await booked("team-a", "shared", utc("09:00", "2026-03-09"));
    const invites: { id: string; ics: string }[] = [];
    let emailDown = true;
    const spy = vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockImplementation(async (batch) => {
      const bodies = [...batch].map((m) => m.body as NotificationMessage);
      const mail = bodies.filter((b) => b.channel === "email");
      if (mail.length && emailDown) throw new Error("queue unavailable");
      for (const m of mail) invites.push({ id: m.id, ics: (m.payload as { ics: string }).ics });
      return {} as Awaited<ReturnType<Queue["sendBatch"]>>;
    });
    const retry = () =>
      retryCalendarEvents.run({ db: database(env.DB), env, now: NOW + CALENDAR_OUTBOX_WINDOW_MS });
    try {
      const res = await reschedule(first.manageUrl, utc("13:00", "2026-03-09"));
      expect(res.status).toBe(201);
      const moved = await res.json<any>();
      expect(
        await row("SELECT calendar_sync_status AS s FROM bookings WHERE id = ?", moved.bookingId),
      ).toEqual({
        s: "pending",
      });
      await retry(); // still down: a second failed attempt of the same change
      emailDown = false;
      await retry();
      expect(invites.map((i) => i.id)).toEqual([
        `${first.bookingId}@baton:1:lead`,
        `${first.bookingId}@baton:1:rep`,
      ]);

      emailDown = true;
      const u = new URL(moved.manageUrl);
      expect((await api(manageApi(u.href, "/cancel"), { method: "POST" })).status).toBe(200);
      await retry();
      emailDown = false;
      await retry();
      await retry(); // synced: nothing left to send
    } finally {
      spy.mockRestore();
    }
    expect(invites.map((i) => i.id).slice(2)).toEqual([
      `${first.bookingId}@baton:2:lead`,
      `${first.bookingId}@baton:2:rep`,
    ]);
    expect(invites[2]!.ics).toContain("METHOD:CANCEL");
    expect(invites[2]!.ics).toContain("SEQUENCE:2");
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
    let moved!: { repId: string };

    const messages = await queued(async () => {
      const res = await reschedule(first.manageUrl, utc("14:00", "2026-03-12"));
      expect(res.status).toBe(201);
      moved = await res.json<any>();
    });
    expect(moved.repId).toBe(other);
    // The meeting keeps its UID under the new rep; the rep it left gets a CANCEL of it.
    const invites = messages.filter((m) => m.channel === "email");
    expect(invites.map((m) => [m.id, (m.payload as { to: string }).to])).toEqual([
      [`${first.bookingId}@baton:1:rep-removed`, `${first.repId}@baton.example`],
      [`${first.bookingId}@baton:1:lead`, expect.stringMatching(/@globex\.example$/)],
      [`${first.bookingId}@baton:1:rep`, `${other}@baton.example`],
    ]);
    // Unfolded (RFC 5545 §3.1), so a long ATTENDEE line reads whole.
    const removal = (invites[0]!.payload as { ics: string }).ics.replaceAll("\r\n ", "");
    expect(removal).toContain("METHOD:CANCEL");
    expect(removal).toMatch(new RegExp(`ATTENDEE[^\\r]*mailto:${first.repId}@baton\\.example`));
    expect(removal).not.toContain("globex.example");
    expect((invites[1]!.payload as { ics: string }).ics).toContain("METHOD:REQUEST");
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
