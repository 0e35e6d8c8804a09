/**
 * The Google Calendar provider: free/busy and events through Google's REST API with plain
 * fetch (./google-http.ts). It is built into its own module (worker/lazy/google-calendar.ts)
 * and loaded through `googleCalendar()` (worker/lazy.ts), so deployments without Google never
 * load it.
 */
import type { CalendarConnection } from "../connection-queries";
import type { Database } from "../../db/client";
import type { BusyResult, CalendarProvider } from "../provider";
import { busyOfReps, eventTargetOf, queueBrokenNotifier, retryBudget } from "../vendor-provider";
import { googleConfig } from "./config";
import {
  connectionSource,
  serviceAccountSource,
  type BrokenNotifier,
  type CredentialDeps,
} from "./credentials";
import { deleteEvent, insertEvent, type EventTarget } from "./events";
import { FreeBusyCache } from "../busy-cache";
import { freeBusy, type BusyTarget } from "./freebusy";
import { systemClock, type Clock } from "./retry";

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

/** Builds the Google provider for one request; cheap, the caches live per isolate. */
export function createGoogleProvider(
  env: Env,
  db: Database,
  opts: GoogleProviderOptions = {},
): CalendarProvider {
  const cfg = googleConfig(env);
  const clock = opts.clock ?? systemClock;
  const notifyBroken = opts.notifyBroken ?? queueBrokenNotifier(env, "google");
  const deps: CredentialDeps = { db, cfg, clock, notifyBroken };
  const reps = new Map((opts.reps ?? []).map((r) => [r.id, r]));
  const retry = retryBudget(clock, opts);

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

  const eventTarget = (repId: string): Promise<EventTarget> =>
    eventTargetOf(db, "google", repId, (id, conn) => target(id, conn, true));

  return {
    kind: "google",
    busy(repIds, from, to): Promise<BusyResult> {
      return busyOfReps({
        db,
        vendor: "google",
        repIds,
        target: (repId, conn) => target(repId, conn, false),
        read: (targets) =>
          freeBusy(
            {
              apiRoot: cfg.apiRoot,
              cache: opts.cache ?? sharedCache,
              retry: retry(opts.busyTimeoutMs ?? 3_000),
            },
            targets,
            from,
            to,
          ),
        reasonsTo: "unavailable",
      });
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
