/**
 * The Google Calendar provider: free/busy and events through Google's REST API with plain
 * fetch (./google-http.ts). It is built into its own module (worker/lazy/google-calendar.ts)
 * and loaded through `googleCalendar()` (worker/lazy.ts), so deployments without Google never
 * load it.
 */
import { findConnections, type CalendarConnection } from "../connection-queries";
import type { Database } from "../../db/client";
import type { NotificationMessage } from "../../notify/channel";
import { CalendarError, type BusyResult, type CalendarProvider } from "../provider";
import { googleConfig } from "./config";
import {
  connectionSource,
  serviceAccountSource,
  type BrokenNotifier,
  type CredentialDeps,
} from "./credentials";
import { deleteEvent, insertEvent, type EventTarget } from "./events";
import { FreeBusyCache, freeBusy, type BusyTarget } from "./freebusy";
import { systemClock, type Clock, type RetryContext } from "./retry";

/** What the provider needs to know of a rep; `RoutingConfig["reps"]` fits as is. */
export type GoogleRep = { id: string; email: string; calendar?: { provider: string; calendarId?: string } };

export type GoogleProviderOptions = {
  /** Reps by id, for calendar ids and (service account) the user to act as. */
  reps?: readonly GoogleRep[];
  clock?: Clock;
  random?: () => number;
  /** Whole budget of one busy() call, retries included. A visitor is waiting on it. */
  busyTimeoutMs?: number;
  /** Whole budget of one createEvent/cancelEvent call; the booking retries later anyway. */
  eventTimeoutMs?: number;
  /** Makes the signal that ends a call's budget; tests pass one they abort by hand. */
  deadlineSignal?: (ms: number) => AbortSignal;
  notifyBroken?: BrokenNotifier;
  cache?: FreeBusyCache;
};

const sharedCache = new FreeBusyCache();

/**
 * Tells the admin through the notifications queue: a background busy() call has no admin
 * actor to write an audit entry for, and the connections endpoint shows the state anyway.
 */
function queueNotifier(env: Env): BrokenNotifier {
  return async (notice) => {
    const message: NotificationMessage = {
      id: crypto.randomUUID(),
      channel: "admin",
      eventType: "calendar.broken",
      target: `rep:${notice.repId}`,
      payload: { provider: "google", ...notice },
    };
    await env.NOTIFICATIONS.send(message);
  };
}

/** Builds the Google provider for one request; cheap, the caches live per isolate. */
export function createGoogleProvider(
  env: Env,
  db: Database,
  opts: GoogleProviderOptions = {},
): CalendarProvider {
  const cfg = googleConfig(env);
  const clock = opts.clock ?? systemClock;
  const deps: CredentialDeps = { db, cfg, clock, notifyBroken: opts.notifyBroken ?? queueNotifier(env) };
  const reps = new Map((opts.reps ?? []).map((r) => [r.id, r]));
  const retry = (ms: number): RetryContext => ({
    clock,
    random: opts.random ?? Math.random,
    deadline: clock.now() + ms,
    signal: opts.deadlineSignal ? opts.deadlineSignal(ms) : AbortSignal.timeout(ms),
    maxAttempts: 4,
    baseDelayMs: 250,
  });

  /** The calendar and credential of one rep, or why there is none. */
  function target(
    repId: string,
    conn: CalendarConnection | undefined,
    forEvents: boolean,
  ): BusyTarget | string {
    const rep = reps.get(repId);
    const calendarId = rep?.calendar?.calendarId;
    if (conn) {
      if (conn.status !== "connected") return `google:connection_${conn.status}`;
      return { repId, calendarId: calendarId ?? "primary", source: connectionSource(deps, conn) };
    }
    if (!cfg.serviceAccountKey || !rep) return "google:not_connected";
    // Events are written as the rep (the organiser); free/busy of everyone can be read as one
    // user, which is what lets 50 reps share a request.
    const subject = forEvents ? rep.email : (cfg.serviceAccountSubject ?? rep.email);
    return {
      repId,
      calendarId: calendarId ?? rep.email,
      source: serviceAccountSource(deps, cfg.serviceAccountKey, subject),
    };
  }

  async function eventTarget(repId: string): Promise<EventTarget> {
    const [conn] = await findConnections(db, [repId]);
    const t = target(repId, conn, true);
    if (typeof t === "string")
      throw new CalendarError(`No usable Google calendar for rep ${repId} (${t})`, "auth_broken", false);
    return t;
  }

  return {
    kind: "google",
    async busy(repIds, from, to): Promise<BusyResult> {
      let connections: CalendarConnection[];
      try {
        connections = await findConnections(db, repIds);
      } catch {
        // The contract is "never throws": without D1 no rep's calendar can be read.
        return {
          busy: new Map(),
          unavailable: new Map(repIds.map((id) => [id, "google:connections_unreadable"])),
        };
      }
      const byRep = new Map(connections.map((c) => [c.repId, c]));
      const targets: BusyTarget[] = [];
      const unavailable = new Map<string, string>();
      for (const repId of repIds) {
        const t = target(repId, byRep.get(repId), false);
        if (typeof t === "string") unavailable.set(repId, t);
        else targets.push(t);
      }
      const result = await freeBusy(
        { apiRoot: cfg.apiRoot, cache: opts.cache ?? sharedCache, retry: retry(opts.busyTimeoutMs ?? 3_000) },
        targets,
        from,
        to,
      );
      for (const [repId, reason] of unavailable) result.unavailable.set(repId, reason);
      return result;
    },
    async createEvent(input) {
      const t = await eventTarget(input.repId);
      return insertEvent(cfg.apiRoot, t, input, retry(opts.eventTimeoutMs ?? 10_000));
    },
    async cancelEvent(repId, eventId) {
      await deleteEvent(cfg.apiRoot, await eventTarget(repId), eventId, retry(opts.eventTimeoutMs ?? 10_000));
    },
  };
}
