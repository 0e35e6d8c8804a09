import { loadActiveConfig } from "../config/store";
import { pendingCalendarBookings, setCalendarState } from "./booking-queries";
import type { Database } from "../db/client";
import { getLead } from "../leads/lead-queries";
import { publicBaseUrl } from "../notify/settings";
import { requestCalendars, syncCalendar } from "./event";
import { manageUrl } from "./tokens";

/**
 * How long a booking's calendar side belongs to the outbox entry written with the change (it
 * runs right after the answer, or on the next sweep); only then does this job take over.
 */
export const CALENDAR_OUTBOX_WINDOW_MS = 2 * 60_000;

/** Bookings retried per run: a minute cron with a strict Google timeout stays well inside its budget. */
const BATCH = 20;
/** About a day of minute-cron retries with the provider's own backoff; then an admin must look. */
export const MAX_CALENDAR_ATTEMPTS = 50;

/**
 * Finishes the calendar side of bookings whose event could not be created (or cancelled) at
 * booking time. Shaped as a cron job: `{ name, run }` for worker/cron/jobs.ts.
 */
export const retryCalendarEvents = {
  name: "retry-calendar-events",
  run: async ({ db, env, now }: { db: Database; env: Env; now: number }) => {
    const pending = await pendingCalendarBookings(db, BATCH, now - CALENDAR_OUTBOX_WINDOW_MS);
    if (pending.length === 0) return { retried: 0 };
    const active = await loadActiveConfig(db);
    if (!active) return { retried: 0, skipped: "no active config" };
    const calendars = requestCalendars(env, db, active.config, now);
    const outcomes: Record<string, number> = { synced: 0, pending: 0, failed: 0 };
    for (const booking of pending) {
      const lead = await getLead(db, booking.leadId);
      if (!lead || booking.calendarAttempts >= MAX_CALENDAR_ATTEMPTS) {
        await setCalendarState(db, booking.id, { calendarSyncStatus: "failed" });
        outcomes.failed!++;
        continue;
      }
      // The cron has no request URL: the link uses the configured public origin.
      const link =
        booking.status === "confirmed"
          ? await manageUrl(env, publicBaseUrl(env), booking.id, booking.endAt)
          : undefined;
      outcomes[await syncCalendar(db, calendars, active.config, lead, booking, link)]!++;
    }
    return { retried: pending.length, ...outcomes };
  },
};
