/**
 * The Microsoft 365 provider: Outlook free/busy through getSchedule and events through Graph,
 * per rep (the rep's own OAuth connection) or for the whole tenant (app-only, admin consent).
 * It is built into its own module (worker/lazy/microsoft-calendar.ts) and loaded through
 * `microsoftCalendar()` (worker/lazy.ts), so a deployment with no Microsoft rep never loads it.
 */
import { findConnections, type CalendarConnection } from "../connection-queries";
import type { Database } from "../../db/client";
import type { NotificationMessage } from "../../notify/channel";
import type { BrokenNotifier } from "../oauth/credentials";
import { FreeBusyCache } from "../google/freebusy";
import type { GoogleProviderOptions } from "../google/provider";
import { systemClock, type RetryContext } from "../google/retry";
import { CalendarError, type BusyResult, type CalendarProvider } from "../provider";
import { microsoftConfig, type MicrosoftConfig } from "./config";
import { appSource, connectionSource, type CredentialDeps } from "./credentials";
import { cancelGraphEvent, createGraphEvent, updateGraphEvent, type EventTarget } from "./events";
import { scheduleBusy, type ScheduleTarget } from "./schedule";

/** Same knobs as the Google provider: clock, jitter, budgets, cache and the broken-connection notice. */
export type MicrosoftProviderOptions = GoogleProviderOptions;
type MicrosoftRep = { id: string; email: string; calendar?: { provider: string; mailbox?: string } };

const sharedCache = new FreeBusyCache();

/** Tells the admin through the notifications queue, as the Google provider does. */
function queueNotifier(env: Env): BrokenNotifier {
  return async (notice) => {
    const message: NotificationMessage = {
      id: crypto.randomUUID(),
      channel: "admin",
      eventType: "calendar.broken",
      target: `rep:${notice.repId}`,
      payload: { provider: "microsoft", ...notice },
    };
    await env.NOTIFICATIONS.send(message);
  };
}

const canUseApp = (cfg: MicrosoftConfig) =>
  cfg.appOnly && !!cfg.tenantId && !!cfg.clientId && !!cfg.clientSecret;

/** Builds the provider for one request; cheap, the caches live per isolate. */
export function createMicrosoftProvider(
  env: Env,
  db: Database,
  opts: MicrosoftProviderOptions = {},
): CalendarProvider {
  const cfg = microsoftConfig(env);
  const clock = opts.clock ?? systemClock;
  const deps: CredentialDeps = { db, cfg, clock, notifyBroken: opts.notifyBroken ?? queueNotifier(env) };
  const reps = new Map((opts.reps ?? []).map((r) => [r.id, r as MicrosoftRep]));
  const retry = (ms: number): RetryContext => ({
    clock,
    random: opts.random ?? Math.random,
    deadline: clock.now() + ms,
    signal: opts.deadlineSignal ? opts.deadlineSignal(ms) : AbortSignal.timeout(ms),
    maxAttempts: 4,
    baseDelayMs: 250,
  });

  /** The mailbox and credential of one rep, or why there is none. */
  function target(repId: string, conn: CalendarConnection | undefined): ScheduleTarget | string {
    const rep = reps.get(repId);
    const mailbox = rep?.calendar?.mailbox ?? rep?.email;
    if (conn && conn.provider === "microsoft") {
      if (conn.status !== "connected") return `microsoft:connection_${conn.status}`;
      return {
        repId,
        schedule: conn.accountEmail ?? mailbox ?? "",
        via: "me",
        source: connectionSource(deps, conn),
      };
    }
    if (!canUseApp(cfg) || !mailbox) return "microsoft:not_connected";
    return {
      repId,
      schedule: mailbox,
      via: `users/${encodeURIComponent(mailbox)}`,
      source: appSource(deps, cfg.tenantId!),
    };
  }

  async function eventTarget(repId: string): Promise<EventTarget> {
    const [conn] = await findConnections(db, [repId]);
    const t = target(repId, conn);
    if (typeof t === "string")
      throw new CalendarError(`No usable Microsoft calendar for rep ${repId} (${t})`, "auth_broken", false);
    return t;
  }

  return {
    kind: "microsoft",
    async busy(repIds, from, to): Promise<BusyResult> {
      let connections: CalendarConnection[];
      try {
        connections = await findConnections(db, repIds);
      } catch {
        // Never throws: without D1 no rep's calendar can be read.
        return {
          busy: new Map(),
          unavailable: new Map(repIds.map((id) => [id, "microsoft:connections_unreadable"])),
        };
      }
      const byRep = new Map(connections.map((c) => [c.repId, c]));
      const targets: ScheduleTarget[] = [];
      const fallback = new Map<string, string>();
      for (const repId of repIds) {
        const t = target(repId, byRep.get(repId));
        if (typeof t === "string") fallback.set(repId, t);
        else targets.push(t);
      }
      const result = await scheduleBusy(
        { root: cfg.graphRoot, cache: opts.cache ?? sharedCache, retry: retry(opts.busyTimeoutMs ?? 3_000) },
        targets,
        from,
        to,
      );
      for (const [repId, reason] of fallback) result.fallback!.set(repId, reason);
      return result;
    },
    async createEvent(input) {
      return createGraphEvent(
        cfg.graphRoot,
        await eventTarget(input.repId),
        input,
        retry(opts.eventTimeoutMs ?? 10_000),
      );
    },
    async updateEvent(eventId, input) {
      const t = await eventTarget(input.repId);
      return updateGraphEvent(cfg.graphRoot, t, eventId, input, retry(opts.eventTimeoutMs ?? 10_000));
    },
    async cancelEvent(repId, eventId) {
      await cancelGraphEvent(
        cfg.graphRoot,
        await eventTarget(repId),
        eventId,
        retry(opts.eventTimeoutMs ?? 10_000),
      );
    },
  };
}
