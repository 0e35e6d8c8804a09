import { env } from "cloudflare:workers";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import type { BookingDeps } from "../../worker/booking/availability";
import { loadLeadContext } from "../../worker/booking/context";
import { requestCalendars } from "../../worker/booking/event";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { loadActiveConfig } from "../../worker/config/store";
import { demoConfig } from "../../scripts/demo/config";
import { database } from "../../worker/db/client";
import { NOW, seedLead } from "./booking-fixtures";
import { fakeClock, uniq } from "./google-fake";
import { BASE, admin, clone } from "./helpers";

/** How one calendar vendor's reps are set up for the fault tests. */
export type FaultVendor = {
  /** Prefix of the reps' ids and of their teams' ids. */
  repPrefix: string;
  teamPrefix: string;
  domain: string;
  calendar: (email: string) => Record<string, unknown>;
  location: Record<string, unknown>;
  /** Connects the rep's calendar with this refresh token ("revoked:…" for a revoked one). */
  connect: (repId: string, refreshToken: string) => Promise<void>;
};

const weekdays = (h: { start: string; end: string }[]) => ({ mon: h, tue: h, wed: h, thu: h, fri: h });

/**
 * One rep per phase (slots, book, http) and case, each alone in its own round-robin team with
 * its own fake calendar, published on fake time (`NOW`) before the file's tests. A case ending
 * in "revoked" connects with a revoked token.
 */
export function calendarFaultFloor(vendor: FaultVendor, cases: readonly string[]) {
  const reps = new Map<string, { id: string; email: string }>();
  for (const phase of ["slots", "book", "http"])
    for (const c of cases)
      reps.set(`${phase}-${c}`, {
        id: `${vendor.repPrefix}-${phase}-${c}`,
        email: `${uniq(c)}@${vendor.domain}`,
      });
  const teamId = (key: string) => `${vendor.teamPrefix}-${key}`;

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
        calendar: vendor.calendar(email),
      });
      config.teams.push({
        id: teamId(key),
        name: `Team ${key}`,
        members: [{ repId: id }],
        distribution: { mode: "round_robin" },
        meetingType: { durationMinutes: 30, location: vendor.location },
      });
      await vendor.connect(id, `${key.endsWith("revoked") ? "revoked" : "rt"}:${email}`);
    }
    const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
    if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  });
  afterAll(() => vi.useRealTimers());

  let controllers: AbortController[] = [];
  afterEach(() => void (controllers = []));

  return {
    reps,
    teamId,
    /**
     * The booking service on fake time for the rep of `key` and a fresh lead of its team: backoff
     * advances a fake clock, and a call's deadline is a signal the test aborts (`abortCalls`)
     * once the hung request has arrived.
     */
    async service(key: string) {
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
      const lead = await seedLead(teamId(key), rep.id);
      const ctx = await loadLeadContext(db, active, lead.leadId);
      return { deps, ctx, rep, notifyBroken };
    },
    /** Runs every call made so far into its deadline. */
    abortCalls() {
      for (const c of controllers) c.abort();
    },
  };
}

/** A booking's status and calendar side. */
export const bookingRow = (id: string) =>
  env.DB.prepare(
    "SELECT status, calendar_sync_status AS sync, calendar_event_id AS eventId FROM bookings WHERE id = ?",
  )
    .bind(id)
    .first<{ status: string; sync: string; eventId: string | null }>();
