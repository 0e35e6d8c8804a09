/**
 * Microsoft Graph faults at slot time and at booking time, as booking-google-faults does for
 * Google. 429 (with Retry-After), 503, 504 and a hung request: the rep's slots are left out
 * at slot time; at booking time the booking is written, the calendar side stays `pending` and
 * the `retry-calendar-events` cron finishes it. A revoked token marks the connection broken,
 * tells the admin once and offers the rep on the builtin view (Baton's own bookings) instead
 * of nothing; its events wait, pending, until the rep reconnects. No fault is a 5xx.
 */
import { env } from "cloudflare:workers";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { firstPage, type BookingDeps } from "../../worker/booking/availability";
import { bookSlot } from "../../worker/booking/book";
import { CALENDAR_OUTBOX_WINDOW_MS, retryCalendarEvents } from "../../worker/booking/calendar-retry";
import { loadLeadContext } from "../../worker/booking/context";
import { requestCalendars } from "../../worker/booking/event";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { loadActiveConfig } from "../../worker/config/store";
import { demoConfig } from "../../scripts/demo/config";
import { database } from "../../worker/db/client";
import { NOW, book, seedLead, slots, utc } from "./booking-fixtures";
import { captureLogs } from "./capture-logs";
import { connectionRow, fakeClock, uniq } from "./google-fake";
import { BASE, admin, clone } from "./helpers";
import { connectMicrosoftRep, graph } from "./microsoft-fake";

const FAULTS = { "429": "429", "503": "503", "504": "504", timeout: "hang", revoked: "revoked" } as const;
type Fault = keyof typeof FAULTS;
const weekdays = (h: { start: string; end: string }[]) => ({ mon: h, tue: h, wed: h, thu: h, fri: h });

const reps = new Map<string, { id: string; email: string }>();
for (const phase of ["slots", "book", "http"])
  for (const f of Object.keys(FAULTS))
    reps.set(`${phase}-${f}`, { id: `m-${phase}-${f}`, email: `${uniq(f)}@contoso.test` });

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const config = clone(demoConfig) as any;
  for (const [key, { id, email }] of reps) {
    config.reps.push({
      id,
      name: `Rep ${id}`,
      email,
      timezone: "Europe/Berlin",
      workingHours: weekdays([{ start: "09:00", end: "17:00" }]),
      calendar: { provider: "microsoft" },
    });
    config.teams.push({
      id: `mt-${key}`,
      name: `Team ${key}`,
      members: [{ repId: id }],
      distribution: { mode: "round_robin" },
      meetingType: { durationMinutes: 30, location: { kind: "teams" } },
    });
    await connectMicrosoftRep(id, `${key.endsWith("revoked") ? "revoked" : "rt"}:${email}`);
  }
  const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
});
afterAll(() => vi.useRealTimers());

let controllers: AbortController[] = [];
afterEach(() => void (controllers = []));

async function service(key: string) {
  const db = database(env.DB);
  const active = (await loadActiveConfig(db))!;
  const notifyBroken = vi.fn(async () => {});
  const calendars = requestCalendars(env, db, active.config, NOW, {
    clock: fakeClock(NOW),
    random: () => 1,
    cache: new FreeBusyCache(),
    notifyBroken,
    deadlineSignal: () => {
      const c = new AbortController();
      controllers.push(c);
      return c.signal;
    },
  });
  const deps: BookingDeps = { env, db, now: NOW, baseUrl: BASE, calendars };
  const rep = reps.get(key)!;
  const lead = await seedLead(`mt-${key}`, rep.id);
  const ctx = await loadLeadContext(db, active, lead.leadId);
  return { deps, ctx, rep, notifyBroken };
}

/** Lets the hung Graph call (after the token request) run into its budget. */
async function timeOut(email: string, counts: number[]) {
  for (const n of counts) {
    await graph.waitFor(email, n);
    for (const c of controllers) c.abort();
  }
}

const inject = (f: Fault, email: string, calls: number) =>
  f === "revoked" ? Promise.resolve() : graph.faults(email, Array(calls * 4).fill(FAULTS[f]));

const bookingRow = (id: string) =>
  env.DB.prepare(
    "SELECT status, calendar_sync_status AS sync, calendar_event_id AS eventId FROM bookings WHERE id = ?",
  )
    .bind(id)
    .first<{ status: string; sync: string; eventId: string | null }>();

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
