import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import ICAL from "ical.js";
import { describe, expect, it, vi } from "vitest";
import { consumeNotifications, notificationChannels } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";
import { admin } from "./helpers";
import {
  NOW,
  api,
  book,
  confirmed,
  row,
  seedLead,
  setUpSchedulingTests,
  slots,
  utc,
  manageApi,
} from "./booking-fixtures";

setUpSchedulingTests();

const manage = (url: string, suffix = "", init: RequestInit = {}) => api(manageApi(url, suffix), init);

describe("POST /v1/leads/:leadId/bookings", () => {
  it("books, marks the lead booked, syncs the calendar side and returns a working manage link", async () => {
    const lead = await seedLead("team-a", "shared");
    const res = await book(lead, utc("09:30", "2026-03-04"), "America/New_York");
    expect(res.status).toBe(201);
    const body = await res.json<any>();
    expect(body).toMatchObject({
      repId: "shared",
      start: "2026-03-04T08:30:00.000Z",
      end: "2026-03-04T09:00:00.000Z",
    });

    expect(await row("SELECT status FROM leads WHERE id = ?", lead.leadId)).toMatchObject({
      status: "booked",
    });
    // The SLA sweep sees the confirmed booking and counts the SLA as met; the deadline stays.
    expect(
      await row("SELECT status, accept_deadline FROM assignments WHERE lead_id = ?", lead.leadId),
    ).toEqual({
      status: "active",
      accept_deadline: NOW + 30 * 60_000,
    });
    expect(
      await row(
        "SELECT calendar_provider, calendar_event_id, calendar_sync_status, timezone FROM bookings WHERE id = ?",
        body.bookingId,
      ),
    ).toEqual({
      calendar_provider: "builtin",
      calendar_event_id: `${body.bookingId}@baton`,
      calendar_sync_status: "synced",
      timezone: "America/New_York",
    });
    const view = await manage(body.manageUrl);
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({
      bookingId: body.bookingId,
      status: "confirmed",
      repName: "Rep shared",
    });
  });

  it("queues the ICS invite by email to the lead and the rep", async () => {
    const sent = vi.spyOn(env.NOTIFICATIONS, "sendBatch");
    const lead = await seedLead("team-a", "shared");
    const { bookingId } = await (await book(lead, utc("10:30", "2026-03-04"))).json<any>();
    const messages = sent.mock.calls.flatMap(([batch]) =>
      [...batch].map((m) => m.body as NotificationMessage),
    );
    sent.mockRestore();
    expect(messages.map((m) => [m.id, m.channel, m.eventType, m.target])).toEqual([
      [`${bookingId}@baton:0:lead`, "email", "meeting.booked", "v***@globex.example"],
      [`${bookingId}@baton:0:rep`, "email", "meeting.booked", "s***@baton.example"],
    ]);
    const payload = messages[0]!.payload as { to: string; subject: string; ics: string };
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(payload.ics)).getFirstSubcomponent("vevent")!);
    expect({ uid: event.uid, start: event.startDate.toJSDate().toISOString() }).toEqual({
      uid: `${bookingId}@baton`,
      start: "2026-03-04T09:30:00.000Z",
    });

    expect(payload).toMatchObject({
      to: expect.stringMatching(/^visitor\d+@globex\.example$/),
      subject: expect.stringContaining("Invitation: Globex"),
      text: expect.any(String),
    });

    await consumeNotifications(
      createMessageBatch(
        "baton-notifications",
        messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(NOW), attempts: 1, body })),
      ),
      env,
      notificationChannels,
    );
    const delivery = await row(
      "SELECT status, error FROM notification_deliveries WHERE message_id = ?",
      `${bookingId}@baton:0:lead`,
    );
    // The email channel belongs to the notifications issue; without it the message is logged, not lost.
    expect(delivery).toEqual(
      notificationChannels.email
        ? { status: "delivered", error: null }
        : { status: "dead", error: 'unknown channel "email"' },
    );
  });

  it.each([
    ["off the slot grid", utc("12:10", "2026-03-10")],
    ["outside working hours", utc("18:00", "2026-03-04")],
    ["inside minimum notice", utc("07:30")],
    ["on a weekend", utc("10:00", "2026-03-07")],
    ["past the horizon", utc("10:00", "2026-04-01")],
  ])("answers 409 slot_unavailable for a start %s, and writes nothing", async (_, start) => {
    const lead = await seedLead("team-a", "shared");
    const res = await book(lead, start);
    expect(res.status).toBe(409);
    expect((await res.json<any>()).error.code).toBe("slot_unavailable");
    expect(await row("SELECT count(*) AS n FROM bookings WHERE lead_id = ?", lead.leadId)).toEqual({ n: 0 });
  });

  it("refuses a token that is not this lead's with 403", async () => {
    const lead = await seedLead("team-a", "shared");
    const other = await seedLead("team-a", "shared");
    const res = await book({ leadId: lead.leadId, token: other.token }, utc("11:30", "2026-03-04"));
    expect(res.status).toBe(403);
    expect(await row("SELECT count(*) AS n FROM bookings WHERE lead_id = ?", lead.leadId)).toEqual({ n: 0 });
  });
});

describe("manage links", () => {
  it("cancels only on POST, frees the slot, and lets the lead book again", async () => {
    const lead = await seedLead("team-a", "shared");
    const start = utc("15:00", "2026-03-04");
    const { manageUrl, bookingId } = await (await book(lead, start)).json<any>();
    expect((await manage(manageUrl, "/cancel")).status).toBe(200);
    expect(await row("SELECT status FROM bookings WHERE id = ?", bookingId)).toEqual({ status: "confirmed" });

    const cancel = await manage(manageUrl, "/cancel", { method: "POST" });
    expect(await cancel.json()).toMatchObject({ bookingId, status: "canceled" });
    expect((await manage(manageUrl, "/cancel", { method: "POST" })).status).toBe(200);
    const offered = await (
      await slots(lead, `&from=${utc("14:00", "2026-03-04")}&to=${utc("17:00", "2026-03-04")}`)
    ).json<any>();
    expect(offered.slots.map((s: { start: string }) => s.start)).toContain(start);
    expect(await row("SELECT status FROM leads WHERE id = ?", lead.leadId)).toEqual({ status: "routed" });
    expect((await book(lead, start)).status).toBe(201);
    const cancelSent = await row("SELECT calendar_sync_status FROM bookings WHERE id = ?", bookingId);
    expect(cancelSent).toEqual({ calendar_sync_status: "synced" });
  });

  it("announces meeting.booked and meeting.canceled to subscribed webhooks, without PII", async () => {
    const sub = await admin("/v1/admin/webhooks", {
      method: "POST",
      // The local fake receiver: tests never send traffic off this machine.
      body: {
        url: `${(env as unknown as Record<string, string>).WEBHOOK_RECEIVER_URL}/meetings`,
        eventTypes: ["meeting.booked", "meeting.canceled"],
      },
    });
    expect(sub.status).toBe(201);
    const lead = await seedLead("team-a", "shared");
    const { manageUrl, bookingId } = await (await book(lead, utc("16:00", "2026-03-04"))).json<any>();
    await manage(manageUrl, "/cancel", { method: "POST" });
    const { results } = await env.DB.prepare(
      "SELECT event_type, body FROM webhook_messages WHERE body LIKE ? ORDER BY created_at, event_type",
    )
      .bind(`%${bookingId}%`)
      .all<{ event_type: string; body: string }>();
    expect(results.map((r) => r.event_type).toSorted()).toEqual(["meeting.booked", "meeting.canceled"]);
    const booked = JSON.parse(results.find((r) => r.event_type === "meeting.booked")!.body);
    expect(booked).toMatchObject({
      type: "meeting.booked",
      data: { bookingId, leadId: lead.leadId, repId: "shared" },
    });
    expect(JSON.stringify(results)).not.toContain("@");
  });

  it("refuses a manage token for another booking", async () => {
    const a = await (await book(await seedLead("team-a", "shared"), utc("09:00", "2026-03-05"))).json<any>();
    const b = await (await book(await seedLead("team-a", "shared"), utc("10:00", "2026-03-05"))).json<any>();
    const token = new URL(a.manageUrl).searchParams.get("token")!;
    const res = await api(`/v1/bookings/${b.bookingId}/cancel?token=${encodeURIComponent(token)}`, {
      method: "POST",
    });
    expect(res.status).toBe(403);
    expect(await row("SELECT status FROM bookings WHERE id = ?", b.bookingId)).toEqual({
      status: "confirmed",
    });
  });
});

describe("availability teams", () => {
  it("picks among the reps free at the slot, then answers 409 when none is left", async () => {
    const start = utc("10:00", "2026-03-06");
    const [x, y, z] = await Promise.all([
      seedLead("pool", "pool-a"),
      seedLead("pool", "pool-a"),
      seedLead("pool", "pool-a"),
    ]);
    const first = await (await book(x!, start)).json<any>();
    const second = await (await book(y!, start)).json<any>();
    expect([first.repId, second.repId].toSorted()).toEqual(["pool-a", "pool-b"]);
    expect((await book(z!, start)).status).toBe(409);
    const moved = await row(
      "SELECT rep_id, attempt, status FROM assignments WHERE lead_id = ? ORDER BY attempt DESC",
      y!.leadId,
    );
    expect(moved).toMatchObject({ rep_id: second.repId, status: "active" });
  });

  it("offers the union of the pool's slots and credits the rep back on cancel", async () => {
    const lead = await seedLead("pool", "pool-a");
    const before = await (
      await slots(lead, `&from=${utc("09:00", "2026-03-09")}&to=${utc("17:00", "2026-03-09")}`)
    ).json<any>();
    expect(before.slots).toHaveLength(16);
    const booked = await (await book(lead, utc("09:00", "2026-03-09"))).json<any>();
    const team = env.TEAM.getByName("pool");
    const counted = (await team.status()).reps[booked.repId]!.windowCount;
    await manage(booked.manageUrl, "/cancel", { method: "POST" });
    expect((await team.status()).reps[booked.repId]!.windowCount).toBe(counted - 1);
    expect(
      await row("SELECT status FROM assignments WHERE lead_id = ? ORDER BY attempt DESC", lead.leadId),
    ).toEqual({ status: "released" });
    expect(await confirmed(booked.repId)).not.toContainEqual(
      expect.objectContaining({ id: booked.bookingId }),
    );
  });
});
