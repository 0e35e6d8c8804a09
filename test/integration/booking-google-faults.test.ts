/**
 * Google Calendar faults at slot time and at booking time.
 *
 * | Google answers            | Slot time (submission, GET …/slots)   | Booking time (POST …/bookings)                 |
 * | ------------------------- | ------------------------------------- | ---------------------------------------------- |
 * | 500 / 503                 | backoff, up to 4 tries in 3 s; then   | the booking is written (the slot was just      |
 * |                           | the rep's slots are left out          | offered, Baton's own bookings still guard it); |
 * | 429 / rateLimitExceeded   | same, waiting at least Retry-After    | the event insert gets 4 tries in 10 s, then    |
 * | no answer (timeout)       | one try, cut at the 3 s budget        | the calendar side is `pending`; the visitor    |
 * |                           |                                       | gets 201 and its manage link all the same      |
 * | invalid_grant (revoked)   | rep left out; the connection is       | same, and the connection is marked `broken`;   |
 * |                           | marked `broken`, the admin told once  | the admin is told once                         |
 *
 * No fault reaches the visitor as a 5xx: a rep whose calendar cannot be read offers no slots
 * (better no slot than a double booking), other reps' slots are unaffected. A `pending`
 * calendar side is finished by the `retry-calendar-events` cron (every minute, up to 50
 * attempts, then `failed`) once Google answers again; a broken connection stays pending until
 * the rep reconnects.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { firstPage } from "../../worker/booking/availability";
import { bookSlot } from "../../worker/booking/book";
import { CALENDAR_OUTBOX_WINDOW_MS, retryCalendarEvents } from "../../worker/booking/calendar-retry";
import { NOW, book, seedLead, slots, utc } from "./booking-fixtures";
import { bookingRow, calendarFaultFloor } from "./calendar-fault-floor";
import { captureLogs } from "./capture-logs";
import { connectionRow, connectRep, fake } from "./google-fake";

const FAULTS = { "500": "500", "429": "429", timeout: "hang", revoked: "revoked" } as const;
type Fault = keyof typeof FAULTS;

/** One Google rep, alone in its own team, per phase and fault; each with its own fake calendar. */
const { reps, service, abortCalls } = calendarFaultFloor(
  {
    repPrefix: "g",
    teamPrefix: "t",
    domain: "acme.test",
    calendar: (email) => ({ provider: "google", calendarId: email }),
    location: { kind: "google_meet" },
    connect: (repId, token) => connectRep(repId, token),
  },
  ["ok", ...Object.keys(FAULTS)],
);

/** Lets the `count`-th request to this calendar hang until the call's budget runs out. */
async function timeOutRequests(email: string, counts: number[]) {
  for (const n of counts) {
    await fake.waitFor(email, n);
    abortCalls();
  }
}

/** Queues enough of a fault to outlast every retry of the calls under test. */
async function inject(fault: Fault, email: string, calls: number) {
  if (fault === "revoked") return;
  await fake.faults(email, Array(calls * 4).fill(FAULTS[fault]));
}

describe("Google faults at slot time", () => {
  it("offers a healthy Google rep's slots", async () => {
    const { deps, ctx } = await service("slots-ok");
    expect((await firstPage(deps, ctx)).length).toBeGreaterThan(0);
  });

  it.each(Object.keys(FAULTS) as Fault[])("leaves the rep's slots out on %s, without an error", async (f) => {
    const { deps, ctx, rep, notifyBroken } = await service(`slots-${f}`);
    const warned = captureLogs("warn");
    await inject(f, rep.email, 1);
    const page = firstPage(deps, ctx);
    if (f === "timeout") await timeOutRequests(rep.email, [1]);
    expect(await page).toEqual([]);
    await fake.faults(rep.email, []);
    expect((await connectionRow(rep.id))?.status).toBe(f === "revoked" ? "broken" : "connected");
    expect(notifyBroken).toHaveBeenCalledTimes(f === "revoked" ? 1 : 0);
    expect(warned()).toEqual([
      expect.objectContaining({ msg: "calendar unreadable; rep offers no slots", repId: rep.id }),
    ]);
  });
});

describe("Google faults at booking time", () => {
  it.each(Object.keys(FAULTS) as Fault[])(
    "keeps the booking on %s with the calendar side pending, and the retry job syncs it later",
    async (f) => {
      const { deps, ctx, rep } = await service(`book-${f}`);
      const warned = captureLogs("warn");
      await inject(f, rep.email, 2);
      const booking = bookSlot(deps, ctx, { start: Date.parse(utc("10:00", "2026-03-04")) });
      if (f === "timeout") await timeOutRequests(rep.email, [1, 2]);
      const created = await booking;
      expect(created).toMatchObject({ repId: rep.id, manageUrl: expect.any(String) });
      expect(await bookingRow(created.bookingId)).toEqual({
        status: "confirmed",
        sync: "pending",
        eventId: null,
      });

      await fake.faults(rep.email, []);
      if (f === "revoked") {
        expect((await connectionRow(rep.id))?.status).toBe("broken");
        await retryCalendarEvents.run({ db: deps.db, env, now: NOW + CALENDAR_OUTBOX_WINDOW_MS });
        expect((await bookingRow(created.bookingId))?.sync).toBe("pending");
        await connectRep(rep.id, `rt:${rep.email}`); // the rep reconnects
      }
      expect(
        await retryCalendarEvents.run({ db: deps.db, env, now: NOW + CALENDAR_OUTBOX_WINDOW_MS }),
      ).toMatchObject({ synced: 1 });
      expect(await bookingRow(created.bookingId)).toEqual({
        status: "confirmed",
        sync: "synced",
        eventId: expect.stringMatching(/^baton[0-9a-f]{32}$/),
      });
      // Once at booking time, and once more for the retry that met the still-broken connection.
      const pending = expect.objectContaining({ msg: "calendar side pending", bookingId: created.bookingId });
      expect(warned()).toEqual(f === "revoked" ? [pending, pending] : [pending]);
    },
  );
});

describe("through the public routes", () => {
  it("answers 200 and 201, never a 5xx, for a rep whose Google access was revoked", async () => {
    const { id } = reps.get("http-revoked")!;
    const warned = captureLogs("warn");
    const lead = await seedLead("t-http-revoked", id);
    const offered = await slots(lead);
    expect(offered.status).toBe(200);
    expect(await offered.json()).toEqual({ slots: [] });
    const res = await book(lead, utc("11:00", "2026-03-04"));
    expect(res.status).toBe(201);
    expect((await bookingRow((await res.json<any>()).bookingId))?.sync).toBe("pending");
    expect((await connectionRow(id))?.status).toBe("broken");
    expect(warned().map((line) => line.msg)).toEqual([
      "calendar unreadable; rep offers no slots",
      "calendar side pending",
    ]);
  });
});
