/**
 * Microsoft Graph faults at slot time and at booking time, as booking-google-faults does for
 * Google. 429 (with Retry-After), 503, 504 and a hung request: the rep's slots are left out
 * at slot time; at booking time the booking is written, the calendar side stays `pending` and
 * the `retry-calendar-events` cron finishes it. A revoked token marks the connection broken,
 * tells the admin once and offers the rep on the builtin view (Baton's own bookings) instead
 * of nothing; its events wait, pending, until the rep reconnects. No fault is a 5xx.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { firstPage } from "../../worker/booking/availability";
import { bookSlot } from "../../worker/booking/book";
import { CALENDAR_OUTBOX_WINDOW_MS, retryCalendarEvents } from "../../worker/booking/calendar-retry";
import { NOW, book, seedLead, slots, utc } from "./booking-fixtures";
import { bookingRow, calendarFaultFloor } from "./calendar-fault-floor";
import { captureLogs } from "./capture-logs";
import { connectionRow } from "./google-fake";
import { connectMicrosoftRep, graph } from "./microsoft-fake";

const FAULTS = { "429": "429", "503": "503", "504": "504", timeout: "hang", revoked: "revoked" } as const;
type Fault = keyof typeof FAULTS;

const { reps, service, abortCalls } = calendarFaultFloor(
  {
    repPrefix: "m",
    teamPrefix: "mt",
    domain: "contoso.test",
    calendar: () => ({ provider: "microsoft" }),
    location: { kind: "teams" },
    connect: (repId, token) => connectMicrosoftRep(repId, token),
  },
  Object.keys(FAULTS),
);

/** Lets the hung Graph call (after the token request) run into its budget. */
async function timeOut(email: string, counts: number[]) {
  for (const n of counts) {
    await graph.waitFor(email, n);
    abortCalls();
  }
}

const inject = (f: Fault, email: string, calls: number) =>
  f === "revoked" ? Promise.resolve() : graph.faults(email, Array(calls * 4).fill(FAULTS[f]));

describe("Microsoft faults at slot time", () => {
  it.each(["429", "503", "504", "timeout"] as Fault[])(
    "leaves the rep's slots out on %s, without an error",
    async (f) => {
      const { deps, ctx, rep } = await service(`slots-${f}`);
      const warned = captureLogs("warn");
      await inject(f, rep.email, 1);
      const page = firstPage(deps, ctx);
      if (f === "timeout") await timeOut(rep.email, [2]);
      expect(await page).toEqual([]);
      await graph.faults(rep.email, []);
      expect(warned()).toEqual([
        expect.objectContaining({ msg: "calendar unreadable; rep offers no slots", repId: rep.id }),
      ]);
    },
  );

  it("offers a revoked rep on the builtin view, marks the connection broken and tells the admin once", async () => {
    const { deps, ctx, rep, notifyBroken } = await service("slots-revoked");
    const warned = captureLogs("warn");
    expect((await firstPage(deps, ctx)).length).toBeGreaterThan(0);
    expect((await firstPage(deps, ctx)).length).toBeGreaterThan(0);
    expect((await connectionRow(rep.id))?.status).toBe("broken");
    expect(notifyBroken).toHaveBeenCalledTimes(1);
    expect(warned()).toContainEqual(
      expect.objectContaining({
        msg: "calendar connection unusable; rep offers builtin slots",
        repId: rep.id,
      }),
    );
  });
});

describe("Microsoft faults at booking time", () => {
  it.each(Object.keys(FAULTS) as Fault[])(
    "keeps the booking on %s with the calendar side pending, and the retry job creates the event later",
    async (f) => {
      const { deps, ctx, rep } = await service(`book-${f}`);
      captureLogs("warn");
      await inject(f, rep.email, 2);
      const booking = bookSlot(deps, ctx, { start: Date.parse(utc("10:00", "2026-03-04")) });
      // Token, then the hung getSchedule of the recheck, then the hung event POST.
      if (f === "timeout") await timeOut(rep.email, [2, 3]);
      const created = await booking;
      expect(created).toMatchObject({ repId: rep.id, manageUrl: expect.any(String) });
      expect(await bookingRow(created.bookingId)).toEqual({
        status: "confirmed",
        sync: "pending",
        eventId: null,
      });
      await graph.faults(rep.email, []);
      if (f === "revoked") {
        await retryCalendarEvents.run({ db: deps.db, env, now: NOW + CALENDAR_OUTBOX_WINDOW_MS });
        expect((await bookingRow(created.bookingId))?.sync).toBe("pending");
        await connectMicrosoftRep(rep.id, `rt:${rep.email}`); // the rep reconnects
      }
      expect(
        await retryCalendarEvents.run({ db: deps.db, env, now: NOW + CALENDAR_OUTBOX_WINDOW_MS }),
      ).toMatchObject({ synced: 1 });
      const events = await graph.events(rep.email);
      // One event even when a lost answer (timeout) had already created it: transactionId.
      expect(events).toHaveLength(1);
      expect(await bookingRow(created.bookingId)).toEqual({
        status: "confirmed",
        sync: "synced",
        eventId: events[0]!.id,
      });
    },
  );
});

describe("through the public routes", () => {
  // 429 and timeouts wait in real time here; the service-level tests above cover them on fake time.
  it.each(["503", "revoked"] as Fault[])(
    "answers 200 and 201, never a 5xx, on %s",
    async (f) => {
      const { id, email } = reps.get(`http-${f}`)!;
      captureLogs("warn");
      await inject(f, email, 2);
      const lead = await seedLead(`mt-http-${f}`, id);
      expect((await slots(lead)).status).toBe(200);
      const res = await book(lead, utc("11:00", "2026-03-04"));
      expect(res.status).toBe(201);
      await graph.faults(email, []);
    },
    20_000,
  );
});
