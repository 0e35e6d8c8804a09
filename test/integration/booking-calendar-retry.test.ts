import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  CALENDAR_OUTBOX_WINDOW_MS,
  MAX_CALENDAR_ATTEMPTS,
  retryCalendarEvents,
} from "../../worker/booking/calendar-retry";
import { database } from "../../worker/db/client";
import { NOW, book, seedLead, utc, setUpSchedulingTests } from "./booking-fixtures";

setUpSchedulingTests();

const state = (id: string) =>
  env.DB.prepare("SELECT calendar_sync_status AS s, calendar_attempts AS n FROM bookings WHERE id = ?")
    .bind(id)
    .first();

describe("calendar retry job", () => {
  it("creates the event of a booking left pending, and gives up after its attempts", async () => {
    const ok = await (await book(await seedLead("team-a", "shared"), utc("09:00", "2026-03-11"))).json<any>();
    const stuck = await (
      await book(await seedLead("team-a", "shared"), utc("11:00", "2026-03-11"))
    ).json<any>();
    // As if the invite could not be queued at booking time.
    await env.DB.prepare(
      "UPDATE bookings SET calendar_sync_status = 'pending', calendar_event_id = NULL WHERE id = ?",
    )
      .bind(ok.bookingId)
      .run();
    await env.DB.prepare(
      "UPDATE bookings SET calendar_sync_status = 'pending', calendar_attempts = ? WHERE id = ?",
    )
      .bind(MAX_CALENDAR_ATTEMPTS, stuck.bookingId)
      .run();

    const result = await retryCalendarEvents.run({
      db: database(env.DB),
      env,
      now: NOW + CALENDAR_OUTBOX_WINDOW_MS,
    });
    expect(result).toMatchObject({ retried: 2, synced: 1, failed: 1 });
    expect(await state(ok.bookingId)).toEqual({ s: "synced", n: 2 });
    expect(await state(stuck.bookingId)).toMatchObject({ s: "failed" });
    expect(
      await retryCalendarEvents.run({ db: database(env.DB), env, now: NOW + CALENDAR_OUTBOX_WINDOW_MS }),
    ).toEqual({ retried: 0 });
  });
});
